// Placeholder: filled in by the part that owns it.
#include "services/incentive/api/incentive_handlers.h"

namespace skillbridge::incentive {

absl::Status IncentiveHandlers::ApplyCareerBridge(const CallContext& /*call*/, const v1::ApplyCareerBridgeRequest& /*request*/,
                                       v1::ApplyCareerBridgeResponse* /*response*/) {
  return absl::UnimplementedError("ApplyCareerBridge");
}

absl::Status IncentiveHandlers::GetBridgeApplication(const CallContext& /*call*/, const v1::GetBridgeApplicationRequest& /*request*/,
                                       v1::GetBridgeApplicationResponse* /*response*/) {
  return absl::UnimplementedError("GetBridgeApplication");
}

absl::Status IncentiveHandlers::ListBridgeApplications(const CallContext& /*call*/, const v1::ListBridgeApplicationsRequest& /*request*/,
                                       v1::ListBridgeApplicationsResponse* /*response*/) {
  return absl::UnimplementedError("ListBridgeApplications");
}

absl::Status IncentiveHandlers::ApproveBridgeApplication(const CallContext& /*call*/, const v1::ApproveBridgeApplicationRequest& /*request*/,
                                       v1::ApproveBridgeApplicationResponse* /*response*/) {
  return absl::UnimplementedError("ApproveBridgeApplication");
}

absl::Status IncentiveHandlers::RejectBridgeApplication(const CallContext& /*call*/, const v1::RejectBridgeApplicationRequest& /*request*/,
                                       v1::RejectBridgeApplicationResponse* /*response*/) {
  return absl::UnimplementedError("RejectBridgeApplication");
}

absl::Status IncentiveHandlers::WithdrawBridgeApplication(const CallContext& /*call*/, const v1::WithdrawBridgeApplicationRequest& /*request*/,
                                       v1::WithdrawBridgeApplicationResponse* /*response*/) {
  return absl::UnimplementedError("WithdrawBridgeApplication");
}

absl::Status IncentiveHandlers::ListBridgePolicies(const CallContext& /*call*/, const v1::ListBridgePoliciesRequest& /*request*/,
                                       v1::ListBridgePoliciesResponse* /*response*/) {
  return absl::UnimplementedError("ListBridgePolicies");
}

}  // namespace skillbridge::incentive
