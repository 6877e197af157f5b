// Evaluation organisations: creation (an application), reading, listing, and the filing workflow
// (StartFilingAssessment, ApproveFiling, SuspendFiling, RevokeFiling) with UpdateFilingScope.

#include <string>
#include <string_view>
#include <utility>

#include "common/auth/permissions.h"
#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/validation/request_fields.h"
#include "services/evaluation/api/evaluation_handlers.h"
#include "services/evaluation/api/handler_support.h"
#include "services/evaluation/api/resource_names.h"
#include "services/evaluation/domain/events.h"
#include "services/evaluation/domain/filing.h"

namespace skillbridge::evaluation {

absl::Status EvaluationHandlers::CreateEvaluationOrg(const CallContext& call,
                                                     const v1::CreateEvaluationOrgRequest& request,
                                                     v1::CreateEvaluationOrgResponse* response) {
  SB_ASSIGN_OR_RETURN(v1::EvaluationOrg org, ValidateCreateOrg(request, ContextFor(call, *reference_)));
  SB_RETURN_IF_ERROR(CheckOrgScope(call.principal, org.org().credit_code(), org.org().district_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed,
                      ReplayIdempotent(store_, call, IdempotencyKey(call, request.request_id()), response));
  if (replayed) {
    return absl::OkStatus();
  }
  org.set_state(v1::FILING_STATE_APPLIED);
  SetTimestamp(call.now, org.mutable_create_time());
  SetTimestamp(call.now, org.mutable_update_time());
  org.set_version(1);
  *response->mutable_evaluation_org() = org;
  const MutationMeta meta =
      MetaFor(call, names::EvaluationOrg(org.org().credit_code()), request.request_id(), *response);
  return FinishMutation(call, store_.CreateOrg(org, OrgChangedEvent(org, call.now), meta), response);
}

absl::Status EvaluationHandlers::GetEvaluationOrg(const CallContext& /*call*/,
                                                  const v1::GetEvaluationOrgRequest& request,
                                                  v1::GetEvaluationOrgResponse* response) {
  FieldViolations violations;
  CheckCreditCode(request.credit_code(), "credit_code", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(auto org, LoadOrg(store_, request.credit_code()));
  *response->mutable_evaluation_org() = std::move(org.record);
  return absl::OkStatus();
}

absl::Status EvaluationHandlers::ListEvaluationOrgs(const CallContext& /*call*/,
                                                    const v1::ListEvaluationOrgsRequest& request,
                                                    v1::ListEvaluationOrgsResponse* response) {
  FieldViolations violations;
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckEnum(request.kind(), v1::OrgKind_IsValid, /*required=*/false, "kind", "an organisation kind", violations);
  CheckEnum(request.state(), v1::FilingState_IsValid, /*required=*/false, "state", "a filing state", violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const OrgFilter filter{request.district_code(), request.kind(), request.state()};
  const std::string fingerprint = Concat("orgs|", filter.district_code, "|", filter.kind, "|", filter.state);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListOrgs(filter, cursor, page_size); }, response,
      [response] { return response->add_evaluation_orgs(); });
}

// ---------------------------------------------------------------- filing workflow and scope

// One filing step, or (with `new_scope`) the scope update.
struct EvaluationHandlers::TransitionRequest {
  std::string_view credit_code;
  std::string request_id;
  std::string_view reason;
  bool reason_required = false;
  FilingAction action = FilingAction::kStartAssessment;
  const google::protobuf::RepeatedPtrField<v1::ScopeEntry>* new_scope = nullptr;  // UpdateFilingScope
  int64_t expected_version = 0;                                                   // UpdateFilingScope
  google::protobuf::Message* response = nullptr;
  v1::EvaluationOrg* response_org = nullptr;
};

absl::Status EvaluationHandlers::Transition(const CallContext& call, const TransitionRequest& request) {
  FieldViolations violations;
  CheckCreditCode(request.credit_code, "credit_code", violations);
  CheckRequestId(request.request_id, violations);
  if (request.reason_required) {
    CheckReason(request.reason, "reason", violations);
  }
  if (request.new_scope != nullptr) {
    CheckScope(*request.new_scope, "scope", *reference_, violations);
    CheckExpectedVersionField(request.expected_version, violations);
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed,
                      ReplayIdempotent(store_, call, IdempotencyKey(call, request.request_id), request.response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(auto stored, LoadOrg(store_, request.credit_code));
  const v1::EvaluationOrg& current = stored.record;
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, current.org().district_code()));
  const std::string resource = names::EvaluationOrg(current.org().credit_code());
  SB_RETURN_IF_ERROR(CheckExpectedVersion(current.version(), request.expected_version, resource));

  v1::EvaluationOrg& updated = *request.response_org;
  updated = current;
  if (request.new_scope != nullptr) {
    if (current.state() == v1::FILING_STATE_REVOKED) {
      return FailedPreconditionError("INVALID_FILING_TRANSITION", "the filing is revoked; its scope cannot change");
    }
    *updated.mutable_scope() = *request.new_scope;
  } else {
    SB_ASSIGN_OR_RETURN(const v1::FilingState next, NextFilingState(current.state(), request.action));
    updated.set_state(next);
    updated.set_state_reason(std::string(request.reason));
    if (next == v1::FILING_STATE_FILED && updated.org_code().empty()) {
      SB_ASSIGN_OR_RETURN(std::string code, store_.AllocateOrgCode());
      updated.set_org_code(std::move(code));
    }
  }
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta = MetaFor(call, resource, request.request_id, *request.response);
  return FinishMutation(call, store_.UpdateOrg(stored, updated, OrgChangedEvent(updated, call.now), meta),
                        request.response);
}

absl::Status EvaluationHandlers::StartFilingAssessment(const CallContext& call,
                                                       const v1::StartFilingAssessmentRequest& request,
                                                       v1::StartFilingAssessmentResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.action = FilingAction::kStartAssessment;
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition);
}

absl::Status EvaluationHandlers::ApproveFiling(const CallContext& call, const v1::ApproveFilingRequest& request,
                                               v1::ApproveFilingResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.action = FilingAction::kApprove;
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition);
}

absl::Status EvaluationHandlers::SuspendFiling(const CallContext& call, const v1::SuspendFilingRequest& request,
                                               v1::SuspendFilingResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.reason = request.reason();
  transition.reason_required = true;
  transition.action = FilingAction::kSuspend;
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition);
}

absl::Status EvaluationHandlers::RevokeFiling(const CallContext& call, const v1::RevokeFilingRequest& request,
                                              v1::RevokeFilingResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.reason = request.reason();
  transition.reason_required = true;
  transition.action = FilingAction::kRevoke;
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition);
}

absl::Status EvaluationHandlers::UpdateFilingScope(const CallContext& call, const v1::UpdateFilingScopeRequest& request,
                                                   v1::UpdateFilingScopeResponse* response) {
  TransitionRequest transition;
  transition.credit_code = request.credit_code();
  transition.request_id = request.request_id();
  transition.new_scope = &request.scope();
  transition.expected_version = request.expected_version();
  transition.response = response;
  transition.response_org = response->mutable_evaluation_org();
  return Transition(call, transition);
}

}  // namespace skillbridge::evaluation
