// Placeholder: filled in by the part that owns it.
#include "services/incentive/api/incentive_handlers.h"

namespace skillbridge::incentive {

absl::Status IncentiveHandlers::CreateHonourProgramme(const CallContext& /*call*/, const v1::CreateHonourProgrammeRequest& /*request*/,
                                       v1::CreateHonourProgrammeResponse* /*response*/) {
  return absl::UnimplementedError("CreateHonourProgramme");
}

absl::Status IncentiveHandlers::GetHonourProgramme(const CallContext& /*call*/, const v1::GetHonourProgrammeRequest& /*request*/,
                                       v1::GetHonourProgrammeResponse* /*response*/) {
  return absl::UnimplementedError("GetHonourProgramme");
}

absl::Status IncentiveHandlers::ListHonourProgrammes(const CallContext& /*call*/, const v1::ListHonourProgrammesRequest& /*request*/,
                                       v1::ListHonourProgrammesResponse* /*response*/) {
  return absl::UnimplementedError("ListHonourProgrammes");
}

absl::Status IncentiveHandlers::CloseHonourProgramme(const CallContext& /*call*/, const v1::CloseHonourProgrammeRequest& /*request*/,
                                       v1::CloseHonourProgrammeResponse* /*response*/) {
  return absl::UnimplementedError("CloseHonourProgramme");
}

absl::Status IncentiveHandlers::NominateForHonour(const CallContext& /*call*/, const v1::NominateForHonourRequest& /*request*/,
                                       v1::NominateForHonourResponse* /*response*/) {
  return absl::UnimplementedError("NominateForHonour");
}

absl::Status IncentiveHandlers::GetNomination(const CallContext& /*call*/, const v1::GetNominationRequest& /*request*/,
                                       v1::GetNominationResponse* /*response*/) {
  return absl::UnimplementedError("GetNomination");
}

absl::Status IncentiveHandlers::ListNominations(const CallContext& /*call*/, const v1::ListNominationsRequest& /*request*/,
                                       v1::ListNominationsResponse* /*response*/) {
  return absl::UnimplementedError("ListNominations");
}

absl::Status IncentiveHandlers::StartNominationReview(const CallContext& /*call*/, const v1::StartNominationReviewRequest& /*request*/,
                                       v1::StartNominationReviewResponse* /*response*/) {
  return absl::UnimplementedError("StartNominationReview");
}

absl::Status IncentiveHandlers::AwardNomination(const CallContext& /*call*/, const v1::AwardNominationRequest& /*request*/,
                                       v1::AwardNominationResponse* /*response*/) {
  return absl::UnimplementedError("AwardNomination");
}

absl::Status IncentiveHandlers::RejectNomination(const CallContext& /*call*/, const v1::RejectNominationRequest& /*request*/,
                                       v1::RejectNominationResponse* /*response*/) {
  return absl::UnimplementedError("RejectNomination");
}

absl::Status IncentiveHandlers::WithdrawNomination(const CallContext& /*call*/, const v1::WithdrawNominationRequest& /*request*/,
                                       v1::WithdrawNominationResponse* /*response*/) {
  return absl::UnimplementedError("WithdrawNomination");
}

absl::Status IncentiveHandlers::ListLeadingTalents(const CallContext& /*call*/, const v1::ListLeadingTalentsRequest& /*request*/,
                                       v1::ListLeadingTalentsResponse* /*response*/) {
  return absl::UnimplementedError("ListLeadingTalents");
}

}  // namespace skillbridge::incentive
