// Talent platforms (高技能人才平台): CreatePlatform, GetPlatform, ListPlatforms, RevokePlatform,
// RecordPlatformEvaluation, and their funding: GrantPlatformFunding, MarkFundingPaid,
// CancelFunding, ListPlatformFundings. Rules: domain/platform_rules.h; writes:
// store/platform_store.h. Scope: a platform belongs to its host's district (the district officer
// registers and evaluates platforms of hosts in its district; the host institution reads its own);
// funding is the bureau's (ADMIN). The leader's ID number is masked for callers not entitled.

#include <string>
#include <utility>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/store/record_io.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/request_fields.h"
#include "services/incentive/api/handler_support.h"
#include "services/incentive/api/incentive_handlers.h"
#include "services/incentive/api/resource_names.h"
#include "services/incentive/domain/platform_rules.h"
#include "services/incentive/store/platform_store.h"

namespace skillbridge::incentive {

namespace {

constexpr char kPlatformId[] = "a platform id";
constexpr char kFundingId[] = "a funding id";

absl::StatusOr<Stored<v1::TalentPlatform>> LoadPlatform(PlatformStore& store, std::string_view id) {
  return RequireRecord(store.GetPlatform(id), NotFoundError("PLATFORM_NOT_FOUND", Concat("no platform ", id)));
}

absl::StatusOr<Stored<v1::PlatformFunding>> LoadFunding(PlatformStore& store, std::string_view id) {
  return RequireRecord(store.GetFunding(id), NotFoundError("FUNDING_NOT_FOUND", Concat("no funding grant ", id)));
}

// May `principal` read this platform? ADMIN, SERVICE, VERIFIER, VIEWER; the officer of the host's
// district; the host itself.
absl::Status CheckPlatformReadScope(const Principal& principal, const v1::TalentPlatform& platform) {
  return CheckOrgReadScope(principal, platform.host().credit_code(), platform.host().district_code());
}

void MaskPlatformFor(const Principal& principal, v1::TalentPlatform& platform) {
  if (platform.has_leader()) {
    MaskPersonFor(principal, *platform.mutable_leader());
  }
}

// The funding change of a grant in `stored` to `target` (MarkFundingPaid, CancelFunding).
struct FundingStep {
  const std::string& request_id;
  const std::string& id;
  v1::FundingStatus target;
  std::string reason;
};

}  // namespace

absl::Status IncentiveHandlers::CreatePlatform(const CallContext& call, const v1::CreatePlatformRequest& request,
                                               v1::CreatePlatformResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  v1::TalentPlatform platform;
  CheckPlatformDraft(*reference_, request.platform(), BureauYear(call.now), violations, &platform);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, platform.host().district_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  const RedisSequence id = IncentiveStore::NewId(IncentiveStore::IdKind::kPlatform);
  platform.set_id(id.marker);
  platform.set_status(v1::PLATFORM_STATUS_ACTIVE);
  SetTimestamp(call.now, platform.mutable_create_time());
  SetTimestamp(call.now, platform.mutable_update_time());
  platform.set_version(1);
  *response->mutable_platform() = platform;
  MaskPlatformFor(call.principal, *response->mutable_platform());
  MutationMeta meta = MetaFor(call, names::Platform(platform.id()), request.request_id(), *response);
  meta.id_sequence = id;
  PlatformStore platforms(store_.redis());
  return FinishMutationWithDrawnId(
      call, platforms.CreatePlatform(platform, PlatformChangedEvent(platform, call.now), meta), response,
      [&](const std::string& drawn) { response->mutable_platform()->set_id(drawn); });
}

absl::Status IncentiveHandlers::GetPlatform(const CallContext& call, const v1::GetPlatformRequest& request,
                                            v1::GetPlatformResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", kPlatformId, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  PlatformStore platforms(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::TalentPlatform> stored, LoadPlatform(platforms, request.id()));
  SB_RETURN_IF_ERROR(CheckPlatformReadScope(call.principal, stored.record));
  SB_ASSIGN_OR_RETURN(std::vector<v1::PlatformEvaluation> evaluations, platforms.ReadEvaluations(request.id()));
  MaskPlatformFor(call.principal, stored.record);
  *response->mutable_platform() = std::move(stored.record);
  for (v1::PlatformEvaluation& evaluation : evaluations) {
    *response->add_evaluations() = std::move(evaluation);
  }
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::ListPlatforms(const CallContext& call, const v1::ListPlatformsRequest& request,
                                              v1::ListPlatformsResponse* response) {
  FieldViolations violations;
  CheckEnum(request.kind(), v1::PlatformKind_IsValid, /*required=*/false, "kind", "a platform kind", violations);
  CheckEnum(request.level(), v1::PlatformLevel_IsValid, /*required=*/false, "level", "a platform level", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckEnum(request.status(), v1::PlatformStatus_IsValid, /*required=*/false, "status", "a platform status",
            violations);
  CheckOptionalCreditCode(request.host_credit_code(), "host_credit_code", violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  PlatformFilter filter{request.kind(), request.level(), request.district_code(), request.status(),
                        request.host_credit_code()};
  // An officer lists its district's platforms, an institution those it hosts.
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  SB_RETURN_IF_ERROR(ScopeInstitutionFilter(call.principal, &filter.host_credit_code));
  const std::string fingerprint =
      Concat("platform|", static_cast<int>(filter.kind), "|", static_cast<int>(filter.level), "|", filter.district_code,
             "|", static_cast<int>(filter.status), "|", filter.host_credit_code);
  PlatformStore platforms(store_.redis());
  SB_RETURN_IF_ERROR(ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return platforms.ListPlatforms(filter, cursor, page_size); }, response,
      [response] { return response->add_platforms(); }));
  for (v1::TalentPlatform& platform : *response->mutable_platforms()) {
    MaskPlatformFor(call.principal, platform);
  }
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::RevokePlatform(const CallContext& call, const v1::RevokePlatformRequest& request,
                                               v1::RevokePlatformResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", kPlatformId, violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  PlatformStore platforms(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::TalentPlatform> stored, LoadPlatform(platforms, request.id()));
  const v1::TalentPlatform& current = stored.record;
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, current.host().district_code()));
  SB_RETURN_IF_ERROR(
      CheckExpectedVersion(current.version(), request.expected_version(), names::Platform(current.id())));
  SB_RETURN_IF_ERROR(CheckPlatformActive(current.status()));
  v1::TalentPlatform updated = current;
  updated.set_status(v1::PLATFORM_STATUS_REVOKED);
  updated.set_revoke_reason(request.reason());
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  *response->mutable_platform() = updated;
  MaskPlatformFor(call.principal, *response->mutable_platform());
  const MutationMeta meta = MetaFor(call, names::Platform(updated.id()), request.request_id(), *response);
  return FinishMutation(call, platforms.UpdatePlatform(stored, updated, PlatformChangedEvent(updated, call.now), meta),
                        response);
}

absl::Status IncentiveHandlers::RecordPlatformEvaluation(const CallContext& call,
                                                         const v1::RecordPlatformEvaluationRequest& request,
                                                         v1::RecordPlatformEvaluationResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.platform_id(), "platform_id", kPlatformId, violations);
  const int current_year = BureauYear(call.now);
  // The year's lower bound is the platform's; what needs no record is checked first.
  CheckEvaluationDraft(request.evaluation(), kMinApprovedYear, current_year, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  PlatformStore platforms(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::TalentPlatform> stored, LoadPlatform(platforms, request.platform_id()));
  const v1::TalentPlatform& current = stored.record;
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, current.host().district_code()));
  CheckEvaluationDraft(request.evaluation(), current.approved_year(), current_year, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  v1::PlatformEvaluation evaluation;
  evaluation.set_year(request.evaluation().year());
  evaluation.set_score(request.evaluation().score());
  evaluation.set_grade(GradeOf(evaluation.score()));
  evaluation.set_remarks(request.evaluation().remarks());
  evaluation.set_evaluated_by(call.principal.name);
  SetTimestamp(call.now, evaluation.mutable_evaluate_time());
  v1::TalentPlatform updated = current;
  ApplyEvaluation(evaluation, updated);
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  *response->mutable_platform() = updated;
  MaskPlatformFor(call.principal, *response->mutable_platform());
  *response->mutable_evaluation() = evaluation;
  const MutationMeta meta = MetaFor(call, names::Platform(updated.id()), request.request_id(), *response);
  return FinishMutation(
      call, platforms.RecordEvaluation(stored, updated, evaluation, PlatformChangedEvent(updated, call.now), meta),
      response);
}

absl::Status IncentiveHandlers::GrantPlatformFunding(const CallContext& call,
                                                     const v1::GrantPlatformFundingRequest& request,
                                                     v1::GrantPlatformFundingResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckFundingDraft(request.funding(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  PlatformStore platforms(store_.redis());
  FundingChange change;
  SB_ASSIGN_OR_RETURN(change.platform_old, LoadPlatform(platforms, request.funding().platform_id()));
  const v1::TalentPlatform& current = change.platform_old.record;
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, current.host().district_code()));
  SB_RETURN_IF_ERROR(CheckPlatformActive(current.status()));
  const RedisSequence id = IncentiveStore::NewId(IncentiveStore::IdKind::kFunding);
  v1::PlatformFunding& funding = change.updated;
  funding.set_id(id.marker);
  funding.set_platform_id(current.id());
  funding.set_year(request.funding().year());
  funding.set_amount_fen(request.funding().amount_fen());
  funding.set_purpose(request.funding().purpose());
  funding.set_status(v1::FUNDING_STATUS_GRANTED);
  funding.set_district_code(current.host().district_code());
  SetTimestamp(call.now, funding.mutable_grant_time());
  funding.set_version(1);
  change.platform = current;
  ApplyFundingChange(v1::FUNDING_STATUS_UNSPECIFIED, funding.status(), funding.amount_fen(), change.platform);
  change.platform.set_version(current.version() + 1);
  SetTimestamp(call.now, change.platform.mutable_update_time());
  change.funding_event = FundingChangedEvent(funding, call.now);
  change.platform_event = PlatformChangedEvent(change.platform, call.now);
  *response->mutable_funding() = funding;
  change.meta = MetaFor(call, names::Funding(funding.id()), request.request_id(), *response);
  change.meta.id_sequence = id;
  return FinishMutationWithDrawnId(call, platforms.ChangeFunding(change), response,
                                   [&](const std::string& drawn) { response->mutable_funding()->set_id(drawn); });
}

namespace {

// Pays or cancels a grant (ADMIN): the grant and its platform's totals in one step.
absl::Status ChangeFundingStatus(IncentiveStore& store, const CallContext& call, const FundingStep& step,
                                 google::protobuf::Message* response, v1::PlatformFunding* answer) {
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store, call, step.request_id, response));
  if (replayed) {
    return absl::OkStatus();
  }
  PlatformStore platforms(store.redis());
  FundingChange change;
  SB_ASSIGN_OR_RETURN(change.old, LoadFunding(platforms, step.id));
  const v1::PlatformFunding& current = change.old->record;
  SB_RETURN_IF_ERROR(CheckDistrictScope(call.principal, current.district_code()));
  SB_RETURN_IF_ERROR(CheckFundingTransition(current.status(), step.target));
  SB_ASSIGN_OR_RETURN(change.platform_old, LoadPlatform(platforms, current.platform_id()));
  v1::PlatformFunding& funding = change.updated;
  funding = current;
  funding.set_status(step.target);
  if (step.target == v1::FUNDING_STATUS_PAID) {
    SetTimestamp(call.now, funding.mutable_pay_time());
  } else {
    funding.set_cancel_reason(step.reason);
  }
  funding.set_version(current.version() + 1);
  change.platform = change.platform_old.record;
  ApplyFundingChange(current.status(), funding.status(), funding.amount_fen(), change.platform);
  change.platform.set_version(change.platform_old.record.version() + 1);
  SetTimestamp(call.now, change.platform.mutable_update_time());
  change.funding_event = FundingChangedEvent(funding, call.now);
  change.platform_event = PlatformChangedEvent(change.platform, call.now);
  *answer = funding;
  change.meta = MetaFor(call, names::Funding(funding.id()), step.request_id, *response);
  return FinishMutation(call, platforms.ChangeFunding(change), response);
}

}  // namespace

absl::Status IncentiveHandlers::MarkFundingPaid(const CallContext& call, const v1::MarkFundingPaidRequest& request,
                                                v1::MarkFundingPaidResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", kFundingId, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const FundingStep step{request.request_id(), request.id(), v1::FUNDING_STATUS_PAID, ""};
  return ChangeFundingStatus(store_, call, step, response, response->mutable_funding());
}

absl::Status IncentiveHandlers::CancelFunding(const CallContext& call, const v1::CancelFundingRequest& request,
                                              v1::CancelFundingResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", kFundingId, violations);
  CheckReason(request.reason(), "reason", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const FundingStep step{request.request_id(), request.id(), v1::FUNDING_STATUS_CANCELLED, request.reason()};
  return ChangeFundingStatus(store_, call, step, response, response->mutable_funding());
}

absl::Status IncentiveHandlers::ListPlatformFundings(const CallContext& call,
                                                     const v1::ListPlatformFundingsRequest& request,
                                                     v1::ListPlatformFundingsResponse* response) {
  FieldViolations violations;
  if (!request.platform_id().empty()) {
    CheckRecordId(request.platform_id(), "platform_id", kPlatformId, violations);
  }
  CheckYearFilter(request.year(), "year", violations);
  CheckEnum(request.status(), v1::FundingStatus_IsValid, /*required=*/false, "status", "a funding status", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  FundingFilter filter{request.platform_id(), request.year(), request.status(), request.district_code()};
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  PlatformStore platforms(store_.redis());
  // An institution reads the grants of a platform it hosts (named by platform_id).
  if (call.principal.role == common::v1::ROLE_INSTITUTION) {
    if (filter.platform_id.empty()) {
      return PermissionDeniedError("OUT_OF_SCOPE",
                                   "an institution lists the funding of one platform it hosts: "
                                   "give platform_id");
    }
    SB_ASSIGN_OR_RETURN(const Stored<v1::TalentPlatform> platform, LoadPlatform(platforms, filter.platform_id));
    SB_RETURN_IF_ERROR(
        CheckOrgScope(call.principal, platform.record.host().credit_code(), platform.record.host().district_code()));
  }
  const std::string fingerprint = Concat("funding|", filter.platform_id, "|", filter.year, "|",
                                         static_cast<int>(filter.status), "|", filter.district_code);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return platforms.ListFundings(filter, cursor, page_size); }, response,
      [response] { return response->add_fundings(); });
}

}  // namespace skillbridge::incentive
