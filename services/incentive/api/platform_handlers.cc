// Placeholder: filled in by the part that owns it.
#include "services/incentive/api/incentive_handlers.h"

namespace skillbridge::incentive {

absl::Status IncentiveHandlers::CreatePlatform(const CallContext& /*call*/, const v1::CreatePlatformRequest& /*request*/,
                                       v1::CreatePlatformResponse* /*response*/) {
  return absl::UnimplementedError("CreatePlatform");
}

absl::Status IncentiveHandlers::GetPlatform(const CallContext& /*call*/, const v1::GetPlatformRequest& /*request*/,
                                       v1::GetPlatformResponse* /*response*/) {
  return absl::UnimplementedError("GetPlatform");
}

absl::Status IncentiveHandlers::ListPlatforms(const CallContext& /*call*/, const v1::ListPlatformsRequest& /*request*/,
                                       v1::ListPlatformsResponse* /*response*/) {
  return absl::UnimplementedError("ListPlatforms");
}

absl::Status IncentiveHandlers::RevokePlatform(const CallContext& /*call*/, const v1::RevokePlatformRequest& /*request*/,
                                       v1::RevokePlatformResponse* /*response*/) {
  return absl::UnimplementedError("RevokePlatform");
}

absl::Status IncentiveHandlers::RecordPlatformEvaluation(const CallContext& /*call*/, const v1::RecordPlatformEvaluationRequest& /*request*/,
                                       v1::RecordPlatformEvaluationResponse* /*response*/) {
  return absl::UnimplementedError("RecordPlatformEvaluation");
}

absl::Status IncentiveHandlers::GrantPlatformFunding(const CallContext& /*call*/, const v1::GrantPlatformFundingRequest& /*request*/,
                                       v1::GrantPlatformFundingResponse* /*response*/) {
  return absl::UnimplementedError("GrantPlatformFunding");
}

absl::Status IncentiveHandlers::MarkFundingPaid(const CallContext& /*call*/, const v1::MarkFundingPaidRequest& /*request*/,
                                       v1::MarkFundingPaidResponse* /*response*/) {
  return absl::UnimplementedError("MarkFundingPaid");
}

absl::Status IncentiveHandlers::CancelFunding(const CallContext& /*call*/, const v1::CancelFundingRequest& /*request*/,
                                       v1::CancelFundingResponse* /*response*/) {
  return absl::UnimplementedError("CancelFunding");
}

absl::Status IncentiveHandlers::ListPlatformFundings(const CallContext& /*call*/, const v1::ListPlatformFundingsRequest& /*request*/,
                                       v1::ListPlatformFundingsResponse* /*response*/) {
  return absl::UnimplementedError("ListPlatformFundings");
}

}  // namespace skillbridge::incentive
