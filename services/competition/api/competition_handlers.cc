// Competitions: CreateCompetition, GetCompetition, ListCompetitions, UpdateCompetition (field
// mask), and the workflow steps FileCompetition, OpenCompetition, CloseCompetition,
// CancelCompetition. Also the handlers' construction (the promotion worker starts here).

#include "services/competition/api/competition_handlers.h"

#include <set>
#include <utility>

#include "common/auth/permissions.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"
#include "services/competition/api/handler_support.h"
#include "services/competition/api/resource_names.h"
#include "services/competition/domain/competition_rules.h"
#include "services/competition/domain/events.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"

namespace skillbridge::competition {

CompetitionHandlers::CompetitionHandlers(CompetitionStore& store, std::shared_ptr<const ReferenceData> reference,
                                         std::shared_ptr<const PromotionPolicy> policy,
                                         std::shared_ptr<PromotionIssuer> issuer, const Clock& clock,
                                         std::unique_ptr<RedisClient> worker_redis,
                                         PromotionWorkerOptions worker_options)
    : store_(store),
      reference_(std::move(reference)),
      policy_(std::move(policy)),
      issuer_(std::move(issuer)),
      worker_redis_(std::move(worker_redis)) {
  worker_store_ = std::make_unique<CompetitionStore>(*worker_redis_, *worker_redis_);
  worker_ = std::make_unique<PromotionWorker>(*worker_store_, *issuer_, clock,
                                              std::string(v1::CompetitionService::service_full_name()),
                                              std::move(worker_options));
  worker_->Start();
}

CompetitionHandlers::~CompetitionHandlers() { worker_->Stop(); }

namespace {

constexpr char kLevel[] = "a competition level";

// The organisations of a list field: each with its credit code, at most kMaxPartners.
void CheckPartners(const ReferenceData& reference, const google::protobuf::RepeatedPtrField<common::v1::OrgRef>& orgs,
                   std::string_view field, FieldViolations& violations) {
  if (orgs.size() > kMaxPartners) {
    violations.Add(std::string(field), Concat("at most ", kMaxPartners, " organisations"));
  }
  for (int i = 0; i < orgs.size(); ++i) {
    CheckOrg(reference, orgs.Get(i), Concat(field, "[", i, "]"), /*district_required=*/false, violations, nullptr);
  }
}

void CheckSponsors(const ReferenceData& reference, const google::protobuf::RepeatedPtrField<v1::Sponsor>& sponsors,
                   std::string_view field, FieldViolations& violations) {
  if (sponsors.size() > kMaxPartners) {
    violations.Add(std::string(field), Concat("at most ", kMaxPartners, " sponsors"));
  }
  for (int i = 0; i < sponsors.size(); ++i) {
    const std::string prefix = Concat(field, "[", i, "]");
    CheckOrg(reference, sponsors.Get(i).org(), Concat(prefix, ".org"), /*district_required=*/false, violations,
             nullptr);
    if (sponsors.Get(i).amount_fen() < 0 || sponsors.Get(i).amount_fen() > kMaxSponsorFen) {
      violations.Add(Concat(prefix, ".amount_fen"), Concat("must be from 0 to ", kMaxSponsorFen, " fen"));
    }
  }
}

// The normalised copies (credit codes upper-cased, only the three fields kept).
void NormalisePartners(v1::Competition& competition) {
  for (common::v1::OrgRef& org : *competition.mutable_co_organisers()) {
    org.set_credit_code(NormalizeCreditCode(org.credit_code(), "").value_or(org.credit_code()));
  }
  int64_t total = 0;
  for (v1::Sponsor& sponsor : *competition.mutable_sponsors()) {
    common::v1::OrgRef* org = sponsor.mutable_org();
    org->set_credit_code(NormalizeCreditCode(org->credit_code(), "").value_or(org->credit_code()));
    total += sponsor.amount_fen();
  }
  competition.set_sponsorship_fen(total);
}

// Optional dates: each real, within `year`, start not after end; named "<prefix>start_date"...
void CheckDates(const v1::Competition& c, int year, std::string_view prefix, FieldViolations& violations) {
  bool start_ok = true;
  bool end_ok = true;
  for (const auto& [date, name] : {std::pair{&c.start_date(), "start_date"}, std::pair{&c.end_date(), "end_date"}}) {
    if (!c.has_start_date() && date == &c.start_date()) {
      continue;
    }
    if (!c.has_end_date() && date == &c.end_date()) {
      continue;
    }
    const std::string field = Concat(prefix, name);
    bool& ok = date == &c.start_date() ? start_ok : end_ok;
    ok = CheckDate(*date, field, violations);
    if (ok && year >= kMinYear && year <= kMaxYear && date->year() != year) {
      violations.Add(field, Concat("must lie within the competition's year ", year));
      ok = false;
    }
  }
  if (c.has_start_date() && c.has_end_date() && start_ok && end_ok && IsDateAfter(c.start_date(), c.end_date())) {
    violations.Add(Concat(prefix, "end_date"), "must not lie before the start date");
  }
}

// The update_mask paths UpdateCompetition accepts.
const std::set<std::string>& UpdatablePaths() {
  static const auto* paths =
      new std::set<std::string>{"title", "level", "year", "start_date", "end_date", "co_organisers", "sponsors"};
  return *paths;
}

}  // namespace

absl::Status CompetitionHandlers::CreateCompetition(const CallContext& call,
                                                    const v1::CreateCompetitionRequest& request,
                                                    v1::CreateCompetitionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::Competition& in = request.competition();
  CheckText(in.title(), "competition.title", /*required=*/true, kMaxTitleChars, violations);
  CheckEnum(in.level(), v1::CompetitionLevel_IsValid, /*required=*/true, "competition.level", kLevel, violations);
  CheckYear(in.year(), "competition.year", violations);
  common::v1::OrgRef organiser;
  CheckOrg(*reference_, in.organiser(), "competition.organiser", LevelNeedsDistrict(in.level()), violations,
           &organiser);
  CheckPartners(*reference_, in.co_organisers(), "competition.co_organisers", violations);
  CheckSponsors(*reference_, in.sponsors(), "competition.sponsors", violations);
  CheckDates(in, in.year(), "competition.", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_RETURN_IF_ERROR(CheckOrganiserRole(call.principal.role, in.level()));
  SB_RETURN_IF_ERROR(CheckOrgScope(call.principal, organiser.credit_code(), organiser.district_code()));
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  const RedisSequence id = CompetitionStore::NewId(CompetitionStore::IdKind::kCompetition);
  v1::Competition& competition = *response->mutable_competition();
  competition.set_id(id.marker);
  competition.set_title(in.title());
  competition.set_level(in.level());
  competition.set_year(in.year());
  *competition.mutable_organiser() = organiser;
  *competition.mutable_co_organisers() = in.co_organisers();
  *competition.mutable_sponsors() = in.sponsors();
  NormalisePartners(competition);
  if (in.has_start_date()) {
    *competition.mutable_start_date() = in.start_date();
  }
  if (in.has_end_date()) {
    *competition.mutable_end_date() = in.end_date();
  }
  competition.set_status(v1::COMPETITION_STATUS_DRAFT);
  SetTimestamp(call.now, competition.mutable_create_time());
  SetTimestamp(call.now, competition.mutable_update_time());
  competition.set_version(1);
  MutationMeta meta = MetaFor(call, names::Competition(competition.id()), request.request_id(), *response);
  meta.id_sequence = id;
  return FinishMutationWithDrawnId(
      call, store_.CreateCompetition(competition, CompetitionChangedEvent(competition, call.now), meta), response,
      [&](const std::string& drawn) { response->mutable_competition()->set_id(drawn); });
}

absl::Status CompetitionHandlers::GetCompetition(const CallContext& /*call*/, const v1::GetCompetitionRequest& request,
                                                 v1::GetCompetitionResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", "a competition id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(Stored<v1::Competition> stored, LoadCompetition(store_, request.id()));
  *response->mutable_competition() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status CompetitionHandlers::ListCompetitions(const CallContext& /*call*/,
                                                   const v1::ListCompetitionsRequest& request,
                                                   v1::ListCompetitionsResponse* response) {
  FieldViolations violations;
  CheckYearFilter(request.year(), "year", violations);
  CheckEnum(request.level(), v1::CompetitionLevel_IsValid, /*required=*/false, "level", kLevel, violations);
  CheckDistrict(*reference_, request.district_code(), "district_code", /*required=*/false, violations);
  CheckEnum(request.status(), v1::CompetitionStatus_IsValid, /*required=*/false, "status", "a competition status",
            violations);
  CheckOptionalCreditCode(request.organiser_credit_code(), "organiser_credit_code", violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  CompetitionFilter filter{request.year(), request.level(), request.district_code(), request.status(),
                           request.organiser_credit_code()};
  const std::string fingerprint =
      Concat("comp|", filter.year, "|", static_cast<int>(filter.level), "|", filter.district_code, "|",
             static_cast<int>(filter.status), "|", filter.organiser_credit_code);
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListCompetitions(filter, cursor, page_size); }, response,
      [response] { return response->add_competitions(); });
}

absl::Status CompetitionHandlers::UpdateCompetition(const CallContext& call,
                                                    const v1::UpdateCompetitionRequest& request,
                                                    v1::UpdateCompetitionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a competition id", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  if (!request.has_competition()) {
    violations.Add("competition", "the new values of the fields update_mask names are required");
  }
  const v1::Competition& in = request.competition();
  std::set<std::string> paths;
  if (request.update_mask().paths().empty()) {
    violations.Add("update_mask", "name at least one field to update");
  }
  for (int i = 0; i < request.update_mask().paths_size(); ++i) {
    const std::string& path = request.update_mask().paths(i);
    const std::string field = Concat("update_mask.paths[", i, "]");
    if (UpdatablePaths().count(path) == 0) {
      violations.Add(field, Concat("\"", path,
                                   "\" cannot be updated; updatable: title, level, year, start_date, "
                                   "end_date, co_organisers, sponsors"));
    } else if (!paths.insert(path).second) {
      violations.Add(field, "named twice");
    }
  }
  const auto has = [&paths](const char* path) { return paths.count(path) > 0; };
  if (has("title")) {
    CheckText(in.title(), "competition.title", /*required=*/true, kMaxTitleChars, violations);
  }
  if (has("level")) {
    CheckEnum(in.level(), v1::CompetitionLevel_IsValid, /*required=*/true, "competition.level", kLevel, violations);
  }
  if (has("year")) {
    CheckYear(in.year(), "competition.year", violations);
  }
  if (has("co_organisers")) {
    CheckPartners(*reference_, in.co_organisers(), "competition.co_organisers", violations);
  }
  if (has("sponsors")) {
    CheckSponsors(*reference_, in.sponsors(), "competition.sponsors", violations);
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const Stored<v1::Competition> stored, LoadCompetition(store_, request.id()));
  const v1::Competition& current = stored.record;
  SB_RETURN_IF_ERROR(CheckOrganiserScope(call.principal, current));
  SB_RETURN_IF_ERROR(
      CheckExpectedVersion(current.version(), request.expected_version(), names::Competition(current.id())));
  SB_RETURN_IF_ERROR(CheckEditable(current.status()));
  // The year and level are copied onto the contests (and their entries): fixed once there is one.
  if (current.contest_count() > 0 &&
      ((has("year") && in.year() != current.year()) || (has("level") && in.level() != current.level()))) {
    return FailedPreconditionError(kReasonHasContests,
                                   "the year and level are copied onto the competition's contests; change them "
                                   "before adding a contest, or cancel and create the competition anew");
  }
  v1::Competition& updated = *response->mutable_competition();
  updated = current;
  if (has("title")) {
    updated.set_title(in.title());
  }
  if (has("level")) {
    updated.set_level(in.level());
  }
  if (has("year")) {
    updated.set_year(in.year());
  }
  if (has("start_date")) {
    in.has_start_date() ? (void)(*updated.mutable_start_date() = in.start_date()) : updated.clear_start_date();
  }
  if (has("end_date")) {
    in.has_end_date() ? (void)(*updated.mutable_end_date() = in.end_date()) : updated.clear_end_date();
  }
  if (has("co_organisers")) {
    *updated.mutable_co_organisers() = in.co_organisers();
  }
  if (has("sponsors")) {
    *updated.mutable_sponsors() = in.sponsors();
  }
  NormalisePartners(updated);
  // What depends on several fields is checked on the result, naming the field the request set.
  FieldViolations merged;
  if (has("start_date") || has("end_date") || has("year")) {
    CheckDates(updated, updated.year(), "competition.", merged);
  }
  if (has("level") && LevelNeedsDistrict(updated.level()) && updated.organiser().district_code().empty()) {
    merged.Add("competition.level", "a district or enterprise competition needs an organiser in a Qingdao district");
  }
  SB_RETURN_IF_ERROR(merged.ToStatus());
  if (has("level")) {
    SB_RETURN_IF_ERROR(CheckOrganiserRole(call.principal.role, updated.level()));
  }
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  const MutationMeta meta = MetaFor(call, names::Competition(updated.id()), request.request_id(), *response);
  return FinishMutation(
      call, store_.UpdateCompetition(stored, updated, CompetitionChangedEvent(updated, call.now), meta), response);
}

struct CompetitionHandlers::Step {
  const std::string& request_id;
  const std::string& id;
  v1::CompetitionStatus target;
  int64_t expected_version = 0;
  std::string reason;
};

absl::Status CompetitionHandlers::ChangeStatus(const CallContext& call, const Step& step,
                                               google::protobuf::Message* response, v1::Competition* updated) {
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, step.request_id, response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const Stored<v1::Competition> stored, LoadCompetition(store_, step.id));
  const v1::Competition& current = stored.record;
  switch (step.target) {
    case v1::COMPETITION_STATUS_FILED:
      SB_RETURN_IF_ERROR(CheckBureauScope(call.principal, current));
      SB_RETURN_IF_ERROR(CheckExpectedVersion(current.version(), step.expected_version, names::Competition(step.id)));
      SB_RETURN_IF_ERROR(CheckFileable(current.status(), current.contest_count()));
      break;
    case v1::COMPETITION_STATUS_CANCELLED:
      // The bureau (ADMIN, the organiser's district officer) or the organiser itself.
      if (!CheckBureauScope(call.principal, current).ok()) {
        SB_RETURN_IF_ERROR(CheckOrganiserScope(call.principal, current));
      }
      SB_RETURN_IF_ERROR(CheckTransition(current.status(), step.target, current.published_contest_count()));
      break;
    default:
      SB_RETURN_IF_ERROR(CheckOrganiserScope(call.principal, current));
      SB_RETURN_IF_ERROR(CheckTransition(current.status(), step.target, current.published_contest_count()));
      break;
  }
  *updated = current;
  updated->set_status(step.target);
  if (step.target == v1::COMPETITION_STATUS_FILED) {
    updated->set_filed_by(call.principal.name);
    SetTimestamp(call.now, updated->mutable_filing_time());
  } else if (step.target == v1::COMPETITION_STATUS_CANCELLED) {
    updated->set_cancel_reason(step.reason);
    SetTimestamp(call.now, updated->mutable_cancel_time());
  }
  updated->set_version(current.version() + 1);
  SetTimestamp(call.now, updated->mutable_update_time());
  const MutationMeta meta = MetaFor(call, names::Competition(updated->id()), step.request_id, *response);
  return FinishMutation(
      call, store_.UpdateCompetition(stored, *updated, CompetitionChangedEvent(*updated, call.now), meta), response);
}

absl::Status CompetitionHandlers::FileCompetition(const CallContext& call, const v1::FileCompetitionRequest& request,
                                                  v1::FileCompetitionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a competition id", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const Step step{request.request_id(), request.id(), v1::COMPETITION_STATUS_FILED, request.expected_version(), ""};
  return ChangeStatus(call, step, response, response->mutable_competition());
}

absl::Status CompetitionHandlers::OpenCompetition(const CallContext& call, const v1::OpenCompetitionRequest& request,
                                                  v1::OpenCompetitionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a competition id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const Step step{request.request_id(), request.id(), v1::COMPETITION_STATUS_OPEN, 0, ""};
  return ChangeStatus(call, step, response, response->mutable_competition());
}

absl::Status CompetitionHandlers::CloseCompetition(const CallContext& call, const v1::CloseCompetitionRequest& request,
                                                   v1::CloseCompetitionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a competition id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const Step step{request.request_id(), request.id(), v1::COMPETITION_STATUS_CLOSED, 0, ""};
  return ChangeStatus(call, step, response, response->mutable_competition());
}

absl::Status CompetitionHandlers::CancelCompetition(const CallContext& call,
                                                    const v1::CancelCompetitionRequest& request,
                                                    v1::CancelCompetitionResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.id(), "id", "a competition id", violations);
  CheckReason(request.reason(), "reason", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const Step step{request.request_id(), request.id(), v1::COMPETITION_STATUS_CANCELLED, 0, request.reason()};
  return ChangeStatus(call, step, response, response->mutable_competition());
}

}  // namespace skillbridge::competition
