// Contests (赛项) of a competition: AddContest, GetContest, ListContests.

#include <utility>

#include "common/status/macros.h"
#include "common/store/paging.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/request_fields.h"
#include "services/competition/api/competition_handlers.h"
#include "services/competition/api/handler_support.h"
#include "services/competition/api/resource_names.h"
#include "services/competition/domain/competition_rules.h"
#include "services/competition/domain/events.h"

namespace skillbridge::competition {

namespace {
constexpr char kGroup[] = "a contest group";
}  // namespace

absl::Status CompetitionHandlers::AddContest(const CallContext& call, const v1::AddContestRequest& request,
                                             v1::AddContestResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  const v1::Contest& in = request.contest();
  CheckRecordId(in.competition_id(), "contest.competition_id", "a competition id", violations);
  CheckText(in.title(), "contest.title", /*required=*/false, kMaxTitleChars, violations);
  const Occupation* occupation =
      CheckOccupation(*reference_, in.occupation_code(), "contest.occupation_code", violations);
  CheckIndustryChain(*reference_, in.industry_chain_code(), "contest.industry_chain_code", violations);
  CheckEnum(in.group(), v1::ContestGroup_IsValid, /*required=*/true, "contest.group", kGroup, violations);
  if (in.max_entries() < 0 || in.max_entries() > kMaxEntriesPerContest) {
    violations.Add("contest.max_entries",
                   Concat("must be from 1 to ", kMaxEntriesPerContest, " (0 = ", kMaxEntriesPerContest, ")"));
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const Stored<v1::Competition> stored, LoadCompetition(store_, in.competition_id()));
  const v1::Competition& current = stored.record;
  SB_RETURN_IF_ERROR(CheckOrganiserScope(call.principal, current));
  SB_RETURN_IF_ERROR(CheckEditable(current.status()));
  const RedisSequence id = CompetitionStore::NewId(CompetitionStore::IdKind::kContest);
  v1::Contest& contest = *response->mutable_contest();
  contest.set_id(id.marker);
  contest.set_competition_id(current.id());
  contest.set_title(in.title());
  contest.set_occupation_code(in.occupation_code());
  contest.set_occupation_name(occupation->name);
  contest.set_industry_chain_code(in.industry_chain_code().empty() ? occupation->default_chain
                                                                   : in.industry_chain_code());
  contest.set_group(in.group());
  contest.set_max_entries(in.max_entries() == 0 ? kMaxEntriesPerContest : in.max_entries());
  contest.set_year(current.year());
  contest.set_level(current.level());
  contest.set_district_code(current.organiser().district_code());
  SetTimestamp(call.now, contest.mutable_create_time());
  v1::Competition updated = current;
  updated.set_contest_count(current.contest_count() + 1);
  updated.set_version(current.version() + 1);
  SetTimestamp(call.now, updated.mutable_update_time());
  MutationMeta meta = MetaFor(call, names::Contest(contest.id()), request.request_id(), *response);
  meta.id_sequence = id;
  return FinishMutationWithDrawnId(
      call, store_.AddContest(stored, updated, contest, ContestChangedEvent(contest, call.now), meta), response,
      [&](const std::string& drawn) { response->mutable_contest()->set_id(drawn); });
}

absl::Status CompetitionHandlers::GetContest(const CallContext& /*call*/, const v1::GetContestRequest& request,
                                             v1::GetContestResponse* response) {
  FieldViolations violations;
  CheckRecordId(request.id(), "id", "a contest id", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(Stored<v1::Contest> stored, LoadContest(store_, request.id()));
  *response->mutable_contest() = std::move(stored.record);
  return absl::OkStatus();
}

absl::Status CompetitionHandlers::ListContests(const CallContext& /*call*/, const v1::ListContestsRequest& request,
                                               v1::ListContestsResponse* response) {
  FieldViolations violations;
  if (!request.competition_id().empty()) {
    CheckRecordId(request.competition_id(), "competition_id", "a competition id", violations);
  }
  CheckYearFilter(request.year(), "year", violations);
  if (!request.occupation_code().empty()) {
    CheckOccupation(*reference_, request.occupation_code(), "occupation_code", violations);
  }
  CheckIndustryChain(*reference_, request.industry_chain_code(), "industry_chain_code", violations);
  CheckEnum(request.group(), v1::ContestGroup_IsValid, /*required=*/false, "group", kGroup, violations);
  SB_ASSIGN_OR_RETURN(const int page_size, ResolvePageSize(request.page_size()));
  SB_RETURN_IF_ERROR(violations.ToStatus());
  ContestFilter filter{request.competition_id(), request.year(), request.occupation_code(),
                       request.industry_chain_code(), request.group()};
  const std::string fingerprint =
      Concat("contest|", filter.competition_id, "|", filter.year, "|", filter.occupation_code, "|",
             filter.industry_chain_code, "|", static_cast<int>(filter.group));
  return ServePage(
      request.page_token(), fingerprint,
      [&](const std::string& cursor) { return store_.ListContests(filter, cursor, page_size); }, response,
      [response] { return response->add_contests(); });
}

}  // namespace skillbridge::competition
