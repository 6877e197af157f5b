// Career bridging (技能人才与专业技术人才职业发展贯通): ApplyCareerBridge, GetBridgeApplication,
// ListBridgeApplications, ApproveBridgeApplication, RejectBridgeApplication,
// WithdrawBridgeApplication, ListBridgePolicies. The policy is domain/bridge_policy.h (from
// reference/career_bridging.tsv); the person's levels are asked of evaluation, live, before
// anything is written; writes: store/bridge_store.h. Workflow: APPLIED -> APPROVED | REJECTED
// (the bureau: ADMIN, the officer of the employer's district); APPLIED -> WITHDRAWN (whoever may
// apply for the person). Anything else: FAILED_PRECONDITION INVALID_BRIDGE_TRANSITION.

#include <string>
#include <utility>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/citizen_id.h"
#include "common/validation/request_fields.h"
#include "services/incentive/api/handler_support.h"
#include "services/incentive/api/incentive_handlers.h"
#include "services/incentive/api/resource_names.h"
#include "services/incentive/domain/bridge_rules.h"
#include "services/incentive/store/bridge_store.h"

namespace skillbridge::incentive {

namespace {

constexpr char kApplicationId[] = "a bridging application id";

absl::StatusOr<Stored<v1::BridgeApplication>> LoadApplication(BridgeStore& store, std::string_view id) {
  return RequireRecord(store.Get(id),
                       NotFoundError("BRIDGE_APPLICATION_NOT_FOUND", Concat("no bridging application ", id)));
}

void MaskApplicationFor(const Principal& principal, v1::BridgeApplication& application) {
  MaskPersonFor(principal, *application.mutable_person());
}

// One decision step on an application (approve, reject, withdraw).
struct BridgeStep {
  const std::string& request_id;
  const std::string& id;
  v1::BridgeStatus target;
  int64_t expected_version = 0;
  std::string reason;
};

absl::Status DecideApplication(IncentiveStore& store, const CallContext& call, const BridgeStep& step,
                               google::protobuf::Message* response, v1::BridgeApplication* answer) {
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store, call, step.request_id, response));
  if (replayed) {
    return absl::OkStatus();
  }
  BridgeStore applications(store.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::BridgeApplication> stored, LoadApplication(applications, step.id));
  const v1::BridgeApplication& current = stored.record;
  if (step.target == v1::BRIDGE_STATUS_WITHDRAWN) {
    SB_RETURN_IF_ERROR(CheckEmployerScope(call.principal, current.employer()));
  } else {
    SB_RETURN_IF_ERROR(CheckDecisionScope(call.principal, current.employer().district_code()));
  }
  SB_RETURN_IF_ERROR(
      CheckExpectedVersion(current.version(), step.expected_version, names::BridgeApplication(current.id())));
  SB_ASSIGN_OR_RETURN(const v1::BridgeApplication updated,
                      DecideBridgeApplication(current, step.target, step.reason, call.now));
  *answer = updated;
  MaskApplicationFor(call.principal, *answer);
  const MutationMeta meta = MetaFor(call, names::BridgeApplication(updated.id()), step.request_id, *response);
  return FinishMutation(
      call, applications.Decide(stored, updated, BureauYear(call.now), BridgeChangedEvent(updated, call.now), meta),
      response);
}

}  // namespace

absl::Status IncentiveHandlers::ApplyCareerBridge(const CallContext& call, const v1::ApplyCareerBridgeRequest& request,
                                                  v1::ApplyCareerBridgeResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::BridgeApplication& in = request.application();
  common::v1::PersonRef person;
  CheckPerson(in.person(), "application.person", violations, &person);
  common::v1::OrgRef employer;
  CheckOrgRef(in.employer(), "application.employer", *reference_, violations, &employer);
  CheckEnum(in.series(), v1::TitleSeries_IsValid, /*required=*/true, "application.series", "a title series",
            violations);
  CheckEnum(in.grade(), v1::TitleGrade_IsValid, /*required=*/true, "application.grade", "a title grade", violations);
  if (!in.occupation_code().empty()) {
    CheckOccupation(*reference_, in.occupation_code(), "application.occupation_code", violations);
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_RETURN_IF_ERROR(CheckEmployerScope(call.principal, employer));
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  const BridgeRule* rule = bridge_policy_->Find(in.series(), in.grade());
  if (rule == nullptr) {
    return FailedPreconditionError(
        "NO_BRIDGE_POLICY", Concat("the bridging policy has no row for ", v1::TitleSeries_Name(in.series()), " / ",
                                   v1::TitleGrade_Name(in.grade())));
  }
  // Asked live, before anything is written: when evaluation cannot answer, nothing is stored.
  SB_ASSIGN_OR_RETURN(const std::vector<HeldQualification> held,
                      evaluation_->Qualifications(person.id_number(), in.occupation_code(), call.deadline));
  const BridgeDecision decision = BridgePolicy::Decide(*rule, held, TodayOf(call));
  if (!decision.eligible) {
    return FailedPreconditionError("NOT_ELIGIBLE", decision.shortfall);
  }
  const RedisSequence id = IncentiveStore::NewId(IncentiveStore::IdKind::kBridge);
  v1::BridgeApplication application;
  application.set_id(id.marker);
  *application.mutable_person() = person;
  *application.mutable_employer() = employer;
  application.set_series(in.series());
  application.set_grade(in.grade());
  application.set_occupation_code(in.occupation_code());
  application.set_status(v1::BRIDGE_STATUS_APPLIED);
  application.set_year(BureauYear(call.now));
  application.set_qualifying_level(decision.basis.level);
  *application.mutable_qualifying_since() = decision.basis.since;
  application.set_qualifying_certificate_number(decision.basis.certificate_number);
  application.set_applied_by(call.principal.name);
  SetTimestamp(call.now, application.mutable_create_time());
  SetTimestamp(call.now, application.mutable_update_time());
  application.set_version(1);
  *response->mutable_application() = application;
  MaskApplicationFor(call.principal, *response->mutable_application());
  MutationMeta meta = MetaFor(call, names::BridgeApplication(application.id()), request.request_id(), *response);
  meta.id_sequence = id;
  BridgeStore applications(store_.redis());
  return FinishMutationWithDrawnId(
      call, applications.Apply(application, BridgeChangedEvent(application, call.now), meta), response,
      [&](const std::string& drawn) { response->mutable_application()->set_id(drawn); });
}

absl::Status IncentiveHandlers::GetBridgeApplication(const CallContext& call,
                                                     const v1::GetBridgeApplicationRequest& request,
                                                     v1::GetBridgeApplicationResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", kApplicationId, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  BridgeStore applications(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::BridgeApplication> stored, LoadApplication(applications, request.id()));
  SB_RETURN_IF_ERROR(CheckPersonReadScope(call.principal, stored.record.employer()));
  MaskApplicationFor(call.principal, stored.record);
  *response->mutable_application() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::ListBridgeApplications(const CallContext& call,
                                                       const v1::ListBridgeApplicationsRequest& request,
                                                       v1::ListBridgeApplicationsResponse* response) {
  FieldViolations violations;
  BridgeFilter filter;
  CheckYearFilter(request.year(), "year", violations);
  CheckEnum(request.status(), v1::BridgeStatus_IsValid, /*required=*/false, "status", "a bridging status", violations);
  CheckEnum(request.series(), v1::TitleSeries_IsValid, /*required=*/false, "series", "a title series", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  if (!request.id_number().empty()) {
    absl::StatusOr<CitizenId> id = ParseCitizenId(request.id_number(), "id_number");
    if (id.ok()) {
      filter.id_number = id->number;
    } else {
      violations.AddStatus(id.status(), "id_number");
    }
  }
  CheckOptionalCreditCode(request.employer_credit_code(), "employer_credit_code", violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  if (!filter.id_number.empty() && !MaySeePersonalData(call.principal)) {
    return PermissionDeniedError("OUT_OF_SCOPE", "searching by ID number needs a role that may see ID numbers");
  }
  filter.year = request.year();
  filter.status = request.status();
  filter.series = request.series();
  filter.district_code = request.district_code();
  filter.employer_credit_code = request.employer_credit_code();
  // An officer lists its district's applications, an institution its own employees'.
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  SB_RETURN_IF_ERROR(ScopeInstitutionFilter(call.principal, &filter.employer_credit_code));
  const std::string fingerprint =
      Concat("bridge|", filter.year, "|", static_cast<int>(filter.status), "|", static_cast<int>(filter.series), "|",
             filter.district_code, "|", filter.id_number, "|", filter.employer_credit_code);
  BridgeStore applications(store_.redis());
  SB_RETURN_IF_ERROR(ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return applications.List(filter, cursor, page_size); }, response,
      [response] { return response->add_applications(); }));
  for (v1::BridgeApplication& application : *response->mutable_applications()) {
    MaskApplicationFor(call.principal, application);
  }
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::ApproveBridgeApplication(const CallContext& call,
                                                         const v1::ApproveBridgeApplicationRequest& request,
                                                         v1::ApproveBridgeApplicationResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", kApplicationId, violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const BridgeStep step{request.request_id(), request.id(), v1::BRIDGE_STATUS_APPROVED, request.expected_version(), ""};
  return DecideApplication(store_, call, step, response, response->mutable_application());
}

absl::Status IncentiveHandlers::RejectBridgeApplication(const CallContext& call,
                                                        const v1::RejectBridgeApplicationRequest& request,
                                                        v1::RejectBridgeApplicationResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", kApplicationId, violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const BridgeStep step{request.request_id(), request.id(), v1::BRIDGE_STATUS_REJECTED, request.expected_version(),
                        request.reason()};
  return DecideApplication(store_, call, step, response, response->mutable_application());
}

absl::Status IncentiveHandlers::WithdrawBridgeApplication(const CallContext& call,
                                                          const v1::WithdrawBridgeApplicationRequest& request,
                                                          v1::WithdrawBridgeApplicationResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", kApplicationId, violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const BridgeStep step{request.request_id(), request.id(), v1::BRIDGE_STATUS_WITHDRAWN, request.expected_version(),
                        request.reason()};
  return DecideApplication(store_, call, step, response, response->mutable_application());
}

absl::Status IncentiveHandlers::ListBridgePolicies(const CallContext& /*call*/,
                                                   const v1::ListBridgePoliciesRequest& /*request*/,
                                                   v1::ListBridgePoliciesResponse* response) {
  for (v1::BridgePolicy& policy : bridge_policy_->ToProtos()) {
    *response->add_policies() = std::move(policy);
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::incentive
