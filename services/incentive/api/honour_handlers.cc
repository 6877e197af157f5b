// Honours: CreateHonourProgramme, GetHonourProgramme, ListHonourProgrammes, CloseHonourProgramme;
// nominations NominateForHonour, GetNomination, ListNominations and the workflow steps
// StartNominationReview, AwardNomination, RejectNomination, WithdrawNomination; the published
// leading-talent directory ListLeadingTalents. Rules: domain/honour_rules.h; the guards that hold
// under concurrent calls (programme OPEN, one nomination per person, the quota): store/honour_store.h.

#include <string>
#include <utility>
#include <vector>

#include "common/auth/permissions.h"
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
#include "services/incentive/domain/honour_rules.h"
#include "services/incentive/store/honour_store.h"

namespace skillbridge::incentive {

namespace {

// How often a write decided on an awarded count that another award changed meanwhile is decided
// again (each round, at least one competing award was written, so a quota of places settles in
// at most that many rounds).
constexpr int kMaxCountAttempts = 64;

absl::StatusOr<Stored<v1::HonourProgramme>> LoadProgramme(HonourStore& honours, std::string_view id) {
  return RequireRecord(honours.GetProgramme(id),
                       NotFoundError(kReasonProgrammeNotFound, Concat("no honour programme ", id)));
}

absl::StatusOr<Stored<v1::Nomination>> LoadNomination(HonourStore& honours, std::string_view id) {
  return RequireRecord(honours.GetNomination(id),
                       NotFoundError(kReasonNominationNotFound, Concat("no nomination ", id)));
}

bool CountChanged(const absl::StatusOr<WriteOutcome>& outcome) {
  return !outcome.ok() && ReasonOf(outcome.status()) == kReasonAwardedCountChanged;
}

// The person's levels as evaluation reports them now (any occupation), against `required`.
absl::StatusOr<VerifiedLevel> VerifyLevel(EvaluationLookup& evaluation, const CallContext& call,
                                          std::string_view id_number, common::v1::SkillLevel required) {
  SB_ASSIGN_OR_RETURN(const std::vector<HeldQualification> held,
                      evaluation.Qualifications(id_number, /*occupation_code=*/"", call.deadline));
  return CheckEligibility(required, held);
}

// The directory shows ID numbers in full to VERIFIER, SERVICE and ADMIN only.
bool MaySeeDirectoryIdNumbers(const Principal& principal) {
  return principal.role == common::v1::ROLE_ADMIN || principal.role == common::v1::ROLE_SERVICE ||
         principal.role == common::v1::ROLE_VERIFIER;
}

void CheckOptionalRecordId(std::string_view id, std::string_view field, std::string_view what,
                           FieldViolations& violations) {
  if (!id.empty()) {
    CheckRecordId(id, field, what, violations);
  }
}

// An optional ID number filter, normalised into `out`.
void CheckIdNumberFilter(std::string_view text, std::string_view field, FieldViolations& violations, std::string* out) {
  if (text.empty()) {
    return;
  }
  absl::StatusOr<CitizenId> id = ParseCitizenId(text, field);
  if (id.ok()) {
    *out = id->number;
  } else {
    violations.AddStatus(id.status(), field);
  }
}

// One step of the nomination workflow other than the award.
struct Step {
  const std::string& request_id;
  const std::string& id;
  int64_t expected_version;
  v1::NominationStatus to;
  std::string_view reason;
};

template <typename Response>
absl::Status ChangeNominationStatus(IncentiveStore& store, const CallContext& call, const Step& step,
                                    Response* response, v1::Nomination* out) {
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store, call, step.request_id, response));
  if (replayed) {
    return absl::OkStatus();
  }
  HonourStore honours(store.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::Nomination> stored, LoadNomination(honours, step.id));
  const v1::Nomination& current = stored.record;
  SB_RETURN_IF_ERROR(step.to == v1::NOMINATION_STATUS_WITHDRAWN
                         ? CheckEmployerScope(call.principal, current.employer())
                         : CheckDecisionScope(call.principal, current.employer().district_code()));
  SB_RETURN_IF_ERROR(CheckExpectedVersion(current.version(), step.expected_version, names::Nomination(current.id())));
  SB_RETURN_IF_ERROR(CheckNominationTransition(current.status(), step.to));
  *out = current;
  ApplyNominationStep(*out, step.to, step.reason, call.now);
  NominationChange change;
  change.old = stored;
  change.updated = *out;
  change.event = NominationChangedEvent(*out, call.now);
  change.meta = MetaFor(call, names::Nomination(out->id()), step.request_id, *response);
  change.meta.audit.set_detail(NominationAuditDetail(*out));
  return FinishMutation(call, honours.ChangeNomination(change), response);
}

}  // namespace

// ---------------------------------------------------------------- programmes

absl::Status IncentiveHandlers::CreateHonourProgramme(const CallContext& call,
                                                      const v1::CreateHonourProgrammeRequest& request,
                                                      v1::CreateHonourProgrammeResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::HonourProgramme& in = request.programme();
  CheckProgrammeDraft(in, "programme.", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  const RedisSequence id = IncentiveStore::NewId(IncentiveStore::IdKind::kProgramme);
  v1::HonourProgramme& programme = *response->mutable_programme();
  programme.set_id(id.marker);
  programme.set_year(in.year());
  programme.set_kind(in.kind());
  programme.set_title(in.title());
  programme.set_quota(in.quota());
  programme.set_award_fen(in.award_fen());
  programme.set_required_level(in.required_level());
  programme.set_status(v1::PROGRAMME_STATUS_OPEN);
  programme.set_awarded_count(0);
  SetTimestamp(call.now, programme.mutable_create_time());
  SetTimestamp(call.now, programme.mutable_update_time());
  programme.set_version(1);
  MutationMeta meta = MetaFor(call, names::Programme(programme.id()), request.request_id(), *response);
  meta.id_sequence = id;
  HonourStore honours(store_.redis());
  return FinishMutationWithDrawnId(
      call, honours.CreateProgramme(programme, HonourProgrammeChangedEvent(programme, call.now), meta), response,
      [&](const std::string& drawn) { response->mutable_programme()->set_id(drawn); });
}

absl::Status IncentiveHandlers::GetHonourProgramme(const CallContext& /*call*/,
                                                   const v1::GetHonourProgrammeRequest& request,
                                                   v1::GetHonourProgrammeResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", "a programme id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  HonourStore honours(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::HonourProgramme> stored, LoadProgramme(honours, request.id()));
  *response->mutable_programme() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::ListHonourProgrammes(const CallContext& /*call*/,
                                                     const v1::ListHonourProgrammesRequest& request,
                                                     v1::ListHonourProgrammesResponse* response) {
  FieldViolations violations;
  CheckYearFilter(request.year(), "year", violations);
  CheckEnum(request.kind(), v1::HonourKind_IsValid, /*required=*/false, "kind", "an honour kind", violations);
  CheckEnum(request.status(), v1::ProgrammeStatus_IsValid, /*required=*/false, "status", "a programme status",
            violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const ProgrammeFilter filter{request.year(), request.kind(), request.status()};
  const std::string fingerprint =
      Concat("programme|", filter.year, "|", static_cast<int>(filter.kind), "|", static_cast<int>(filter.status));
  HonourStore honours(store_.redis());
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return honours.ListProgrammes(filter, cursor, page_size); }, response,
      [response] { return response->add_programmes(); });
}

absl::Status IncentiveHandlers::CloseHonourProgramme(const CallContext& call,
                                                     const v1::CloseHonourProgrammeRequest& request,
                                                     v1::CloseHonourProgrammeResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a programme id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  HonourStore honours(store_.redis());
  absl::StatusOr<WriteOutcome> outcome;
  for (int attempt = 0; attempt < kMaxCountAttempts; ++attempt) {
    SB_ASSIGN_OR_RETURN(const Stored<v1::HonourProgramme> stored, LoadProgramme(honours, request.id()));
    SB_RETURN_IF_ERROR(CheckProgrammeOpen(stored.record.status()));
    v1::HonourProgramme& closed = *response->mutable_programme();
    closed = stored.record;
    closed.set_status(v1::PROGRAMME_STATUS_CLOSED);
    closed.set_version(stored.record.version() + 1);
    SetTimestamp(call.now, closed.mutable_update_time());
    const MutationMeta meta = MetaFor(call, names::Programme(closed.id()), request.request_id(), *response);
    outcome = honours.CloseProgramme(stored, closed, HonourProgrammeChangedEvent(closed, call.now), meta);
    if (!CountChanged(outcome)) {
      break;
    }
  }
  return FinishMutation(call, outcome, response);
}

// ---------------------------------------------------------------- nominations

absl::Status IncentiveHandlers::NominateForHonour(const CallContext& call, const v1::NominateForHonourRequest& request,
                                                  v1::NominateForHonourResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::Nomination& in = request.nomination();
  CheckRecordId(in.programme_id(), "nomination.programme_id", "a programme id", violations);
  common::v1::PersonRef person;
  CheckPerson(in.person(), "nomination.person", violations, &person);
  common::v1::OrgRef employer;
  CheckOrgRef(in.employer(), "nomination.employer", *reference_, violations, &employer);
  if (!in.occupation_code().empty()) {
    CheckOccupation(*reference_, in.occupation_code(), "nomination.occupation_code", violations);
  }
  CheckCitation(in.citation(), "nomination.citation", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_RETURN_IF_ERROR(CheckEmployerScope(call.principal, employer));
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  HonourStore honours(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::HonourProgramme> programme, LoadProgramme(honours, in.programme_id()));
  SB_RETURN_IF_ERROR(CheckProgrammeOpen(programme.record.status()));
  // Refused before evaluation is asked; the write's guard decides when two race.
  SB_ASSIGN_OR_RETURN(const std::string existing, honours.NominationOf(programme.record.id(), person.id_number()));
  if (!existing.empty()) {
    return AlreadyExistsError(kReasonAlreadyNominated, Concat("the person is already nominated for programme ",
                                                              programme.record.id(), " (", existing, ")"));
  }
  VerifiedLevel verified;
  if (programme.record.required_level() != common::v1::SKILL_LEVEL_UNSPECIFIED) {
    SB_ASSIGN_OR_RETURN(verified,
                        VerifyLevel(*evaluation_, call, person.id_number(), programme.record.required_level()));
  }
  const RedisSequence id = IncentiveStore::NewId(IncentiveStore::IdKind::kNomination);
  v1::Nomination& nomination = *response->mutable_nomination();
  nomination.set_id(id.marker);
  nomination.set_programme_id(programme.record.id());
  *nomination.mutable_person() = person;
  *nomination.mutable_employer() = employer;
  nomination.set_occupation_code(in.occupation_code());
  nomination.set_citation(in.citation());
  nomination.set_year(programme.record.year());
  nomination.set_kind(programme.record.kind());
  nomination.set_programme_title(programme.record.title());
  nomination.set_status(v1::NOMINATION_STATUS_NOMINATED);
  nomination.set_verified_level(verified.level);
  nomination.set_verified_certificate_number(verified.certificate_number);
  nomination.set_nominated_by(call.principal.name);
  SetTimestamp(call.now, nomination.mutable_create_time());
  SetTimestamp(call.now, nomination.mutable_update_time());
  nomination.set_version(1);
  MutationMeta meta = MetaFor(call, names::Nomination(nomination.id()), request.request_id(), *response);
  meta.id_sequence = id;
  meta.audit.set_detail(NominationAuditDetail(nomination));
  return FinishMutationWithDrawnId(
      call, honours.Nominate(nomination, NominationChangedEvent(nomination, call.now), meta), response,
      [&](const std::string& drawn) { response->mutable_nomination()->set_id(drawn); });
}

absl::Status IncentiveHandlers::GetNomination(const CallContext& call, const v1::GetNominationRequest& request,
                                              v1::GetNominationResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", "a nomination id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  HonourStore honours(store_.redis());
  SB_ASSIGN_OR_RETURN(Stored<v1::Nomination> stored, LoadNomination(honours, request.id()));
  SB_RETURN_IF_ERROR(CheckPersonReadScope(call.principal, stored.record.employer()));
  MaskPersonFor(call.principal, *stored.record.mutable_person());
  *response->mutable_nomination() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::ListNominations(const CallContext& call, const v1::ListNominationsRequest& request,
                                                v1::ListNominationsResponse* response) {
  FieldViolations violations;
  NominationFilter filter;
  CheckOptionalRecordId(request.programme_id(), "programme_id", "a programme id", violations);
  CheckYearFilter(request.year(), "year", violations);
  CheckEnum(request.status(), v1::NominationStatus_IsValid, /*required=*/false, "status", "a nomination status",
            violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckIdNumberFilter(request.id_number(), "id_number", violations, &filter.id_number);
  CheckOptionalCreditCode(request.employer_credit_code(), "employer_credit_code", violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  filter.programme_id = request.programme_id();
  filter.year = request.year();
  filter.status = request.status();
  filter.district_code = request.district_code();
  filter.employer_credit_code = request.employer_credit_code();
  // Looking a person up by ID number is for callers who may see personal data.
  if (!filter.id_number.empty() && !MaySeePersonalData(call.principal)) {
    return PermissionDeniedError("OUT_OF_SCOPE", "this caller may not look persons up by ID number");
  }
  SB_RETURN_IF_ERROR(ScopeDistrictFilter(call.principal, &filter.district_code));
  SB_RETURN_IF_ERROR(ScopeInstitutionFilter(call.principal, &filter.employer_credit_code));
  if (call.principal.role == common::v1::ROLE_INSTITUTION && filter.employer_credit_code.empty()) {
    return PermissionDeniedError("OUT_OF_SCOPE", "an institution without a credit code may read no nominations");
  }
  const std::string fingerprint =
      Concat("nomination|", filter.programme_id, "|", filter.year, "|", static_cast<int>(filter.status), "|",
             filter.district_code, "|", filter.id_number, "|", filter.employer_credit_code);
  HonourStore honours(store_.redis());
  SB_RETURN_IF_ERROR(ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return honours.ListNominations(filter, cursor, page_size); }, response,
      [response] { return response->add_nominations(); }));
  for (v1::Nomination& nomination : *response->mutable_nominations()) {
    MaskPersonFor(call.principal, *nomination.mutable_person());
  }
  return absl::OkStatus();
}

absl::Status IncentiveHandlers::StartNominationReview(const CallContext& call,
                                                      const v1::StartNominationReviewRequest& request,
                                                      v1::StartNominationReviewResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a nomination id", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const Step step{request.request_id(), request.id(), request.expected_version(), v1::NOMINATION_STATUS_UNDER_REVIEW,
                  ""};
  return ChangeNominationStatus(store_, call, step, response, response->mutable_nomination());
}

absl::Status IncentiveHandlers::RejectNomination(const CallContext& call, const v1::RejectNominationRequest& request,
                                                 v1::RejectNominationResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a nomination id", violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const Step step{request.request_id(), request.id(), request.expected_version(), v1::NOMINATION_STATUS_REJECTED,
                  request.reason()};
  return ChangeNominationStatus(store_, call, step, response, response->mutable_nomination());
}

absl::Status IncentiveHandlers::WithdrawNomination(const CallContext& call,
                                                   const v1::WithdrawNominationRequest& request,
                                                   v1::WithdrawNominationResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a nomination id", violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const Step step{request.request_id(), request.id(), request.expected_version(), v1::NOMINATION_STATUS_WITHDRAWN,
                  request.reason()};
  return ChangeNominationStatus(store_, call, step, response, response->mutable_nomination());
}

absl::Status IncentiveHandlers::AwardNomination(const CallContext& call, const v1::AwardNominationRequest& request,
                                                v1::AwardNominationResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a nomination id", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  HonourStore honours(store_.redis());
  SB_ASSIGN_OR_RETURN(const Stored<v1::Nomination> stored, LoadNomination(honours, request.id()));
  const v1::Nomination& current = stored.record;
  SB_RETURN_IF_ERROR(CheckDecisionScope(call.principal, current.employer().district_code()));
  SB_RETURN_IF_ERROR(
      CheckExpectedVersion(current.version(), request.expected_version(), names::Nomination(current.id())));
  SB_RETURN_IF_ERROR(CheckNominationTransition(current.status(), v1::NOMINATION_STATUS_AWARDED));
  SB_ASSIGN_OR_RETURN(Stored<v1::HonourProgramme> programme, LoadProgramme(honours, current.programme_id()));
  SB_RETURN_IF_ERROR(CheckProgrammeOpen(programme.record.status()));
  SB_RETURN_IF_ERROR(CheckQuotaLeft(programme.record));
  VerifiedLevel verified{current.verified_level(), current.verified_certificate_number()};
  if (programme.record.required_level() != common::v1::SKILL_LEVEL_UNSPECIFIED) {
    SB_ASSIGN_OR_RETURN(
        verified, VerifyLevel(*evaluation_, call, current.person().id_number(), programme.record.required_level()));
  }
  absl::StatusOr<WriteOutcome> outcome;
  for (int attempt = 0; attempt < kMaxCountAttempts; ++attempt) {
    if (attempt > 0) {
      // Another award of the programme was written meanwhile: decide again on the new count.
      SB_ASSIGN_OR_RETURN(programme, LoadProgramme(honours, current.programme_id()));
      SB_RETURN_IF_ERROR(CheckProgrammeOpen(programme.record.status()));
      SB_RETURN_IF_ERROR(CheckQuotaLeft(programme.record));
    }
    AwardPlan plan;
    v1::Nomination& awarded = *response->mutable_nomination();
    awarded = current;
    awarded.set_verified_level(verified.level);
    awarded.set_verified_certificate_number(verified.certificate_number);
    awarded.set_award_fen(programme.record.award_fen());
    ApplyNominationStep(awarded, v1::NOMINATION_STATUS_AWARDED, "", call.now);
    v1::HonourProgramme& after = *response->mutable_programme();
    after = programme.record;
    after.set_awarded_count(programme.record.awarded_count() + 1);
    plan.nomination.old = stored;
    plan.nomination.updated = awarded;
    plan.nomination.event = NominationChangedEvent(awarded, call.now);
    plan.nomination.meta = MetaFor(call, names::Nomination(awarded.id()), request.request_id(), *response);
    plan.nomination.meta.audit.set_detail(NominationAuditDetail(awarded));
    plan.programme = programme.record;
    plan.programme_event = HonourProgrammeChangedEvent(after, call.now);
    outcome = honours.Award(plan);
    if (!CountChanged(outcome)) {
      break;
    }
  }
  return FinishMutation(call, outcome, response);
}

// ---------------------------------------------------------------- directory

absl::Status IncentiveHandlers::ListLeadingTalents(const CallContext& call,
                                                   const v1::ListLeadingTalentsRequest& request,
                                                   v1::ListLeadingTalentsResponse* response) {
  FieldViolations violations;
  LeadingTalentFilter filter;
  CheckYearFilter(request.year(), "year", violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  if (!request.occupation_code().empty()) {
    CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  }
  CheckIdNumberFilter(request.id_number(), "id_number", violations, &filter.id_number);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  if (!filter.id_number.empty() && !MaySeeDirectoryIdNumbers(call.principal)) {
    return PermissionDeniedError("OUT_OF_SCOPE", "only VERIFIER, SERVICE and ADMIN look persons up by ID number");
  }
  filter.year = request.year();
  filter.district_code = request.district_code();
  filter.occupation_code = request.occupation_code();
  const std::string fingerprint =
      Concat("leading|", filter.year, "|", filter.district_code, "|", filter.occupation_code, "|", filter.id_number);
  HonourStore honours(store_.redis());
  SB_RETURN_IF_ERROR(ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) -> absl::StatusOr<ScanPage<v1::LeadingTalent>> {
        SB_ASSIGN_OR_RETURN(ScanPage<v1::Nomination> page, honours.ListLeadingTalents(filter, cursor, page_size));
        ScanPage<v1::LeadingTalent> talents;
        talents.next_cursor = std::move(page.next_cursor);
        talents.records.reserve(page.records.size());
        for (const v1::Nomination& nomination : page.records) {
          talents.records.push_back(LeadingTalentOf(nomination));
        }
        return talents;
      },
      response, [response] { return response->add_talents(); }));
  if (!MaySeeDirectoryIdNumbers(call.principal)) {
    for (v1::LeadingTalent& talent : *response->mutable_talents()) {
      talent.mutable_person()->set_id_number(MaskCitizenId(talent.person().id_number()));
    }
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::incentive
