// Results: PublishResults (once per contest: rank, award, honour and promotion of every entry, in
// one atomic step with the pending promotions) and CorrectResult (one entry, audited with a
// reason, decided again). Neither asks evaluation: a promotion is recorded PENDING with the
// rule's level as provisional target, and the promotion worker checks the person's level
// (promotion/promotion_worker.h); what a correction does to a promotion: CorrectionKeepsPromotion
// (domain/promotion_outcome.h).

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/request_fields.h"
#include "services/competition/api/competition_handlers.h"
#include "services/competition/api/handler_support.h"
#include "services/competition/api/resource_names.h"
#include "services/competition/domain/competition_rules.h"
#include "services/competition/domain/events.h"
#include "services/competition/domain/promotion_outcome.h"
#include "services/competition/domain/result_rules.h"

namespace skillbridge::competition {

namespace {

constexpr int kWriteAttempts = 3;
constexpr char kReasonAlreadyCertified[] = "PROMOTION_ALREADY_CERTIFIED";
constexpr char kReasonNotPublished[] = "RESULTS_NOT_PUBLISHED";

bool IsConcurrentModification(const absl::Status& status) {
  return status.code() == absl::StatusCode::kAborted && ReasonOf(status) == "CONCURRENT_MODIFICATION";
}

// Whether the decision read the person's yearly slot (a rule promoted the result).
bool ReadYearlySlot(const v1::Promotion& promotion) {
  return promotion.status() == v1::PROMOTION_STATUS_PENDING || promotion.reason() == kReasonPromotionYearlyLimit;
}

}  // namespace

absl::Status CompetitionHandlers::PublishResults(const CallContext& call, const v1::PublishResultsRequest& request,
                                                 v1::PublishResultsResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.contest_id(), "contest_id", "a contest id", violations);
  if (request.results().empty() || request.results_size() > kMaxResultRows) {
    violations.Add("results", Concat("must hold 1 to ", kMaxResultRows, " rows"));
  }
  for (int i = 0; i < request.results_size(); ++i) {
    const v1::ResultRow& row = request.results(i);
    const std::string prefix = Concat("results[", i, "]");
    CheckRecordId(row.entry_id(), Concat(prefix, ".entry_id"), "an entry id", violations);
    CheckResult(row.rank(), row.award(), kMaxResultRows, Concat(prefix, ".rank"), Concat(prefix, ".award"), violations);
  }
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  absl::Status status;
  for (int attempt = 0; attempt < kWriteAttempts; ++attempt) {
    response->Clear();
    status = PublishOnce(call, request, response);
    if (!IsConcurrentModification(status)) {
      break;
    }
  }
  if (status.ok()) {
    worker_->Wake();
  }
  return status;
}

absl::Status CompetitionHandlers::PublishOnce(const CallContext& call, const v1::PublishResultsRequest& request,
                                              v1::PublishResultsResponse* response) {
  PublishPlan plan;
  SB_ASSIGN_OR_RETURN(plan.contest_old, LoadContest(store_, request.contest_id()));
  const v1::Contest& contest = plan.contest_old.record;
  SB_ASSIGN_OR_RETURN(plan.competition_old, LoadCompetition(store_, contest.competition_id()));
  const v1::Competition& competition = plan.competition_old.record;
  SB_RETURN_IF_ERROR(CheckOrganiserScope(call.principal, competition));
  if (contest.results_published()) {
    return FailedPreconditionError(kReasonResultsPublished,
                                   Concat("the results of contest ", contest.id(), " are already published"));
  }
  SB_RETURN_IF_ERROR(CheckPublishable(competition.status()));
  SB_ASSIGN_OR_RETURN(std::vector<Stored<v1::Entry>> entries, store_.ReadContestEntries(contest.id()));
  std::vector<std::string> entry_ids;
  entry_ids.reserve(entries.size());
  for (const auto& entry : entries) {
    entry_ids.push_back(entry.record.id());
  }
  FieldViolations violations;
  const std::map<std::string, EntryResult> results = ReadResults(request.results(), entry_ids, violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  const ContestFacts facts{contest.level(), contest.group(), RankedCount(results)};
  std::vector<std::pair<std::string, int>> persons_years;
  persons_years.reserve(entries.size());
  for (const auto& entry : entries) {
    persons_years.emplace_back(entry.record.person().id_number(), entry.record.year());
  }
  SB_ASSIGN_OR_RETURN(const std::vector<std::string> holders, store_.ReadYearlyHolders(persons_years));
  plan.entries.reserve(entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    ResultWrite& write = plan.entries.emplace_back();
    write.old = std::move(entries[i]);
    const v1::Entry& old = write.old.record;
    const EntryResult& result = results.at(old.id());
    SB_ASSIGN_OR_RETURN(DecidedResult decided,
                        DecideEntryResult(*policy_, facts, result.award, result.rank, old.id(), holders[i], call.now));
    v1::Entry& updated = write.updated;
    updated = old;
    updated.set_rank(result.rank);
    updated.set_award(result.award);
    updated.set_honour(decided.honour);
    *updated.mutable_promotion() = std::move(decided.promotion);
    SetTimestamp(call.now, updated.mutable_result_publish_time());
    SetTimestamp(call.now, updated.mutable_update_time());
    updated.set_version(old.version() + 1);
    write.yearly_holder = holders[i];
    write.yearly_checked = ReadYearlySlot(updated.promotion());
    write.events.push_back(EntryResultPublishedEvent(updated, call.now));
    if (decided.rule_applied) {
      write.events.push_back(PromotionChangedEvent(updated, call.now));
    }
    response->set_promotions_granted(response->promotions_granted() +
                                     (updated.promotion().status() == v1::PROMOTION_STATUS_PENDING ? 1 : 0));
    response->set_honours_awarded(response->honours_awarded() +
                                  (updated.honour() != v1::HONOUR_TITLE_UNSPECIFIED ? 1 : 0));
    response->set_unranked_count(response->unranked_count() + (result.rank == 0 ? 1 : 0));
  }
  plan.contest = contest;
  plan.contest.set_results_published(true);
  SetTimestamp(call.now, plan.contest.mutable_results_publish_time());
  plan.contest.set_ranked_count(facts.ranked_count);
  plan.competition = competition;
  plan.competition.set_published_contest_count(competition.published_contest_count() + 1);
  if (plan.competition.published_contest_count() >= competition.contest_count()) {
    plan.competition.set_status(v1::COMPETITION_STATUS_RESULTS_PUBLISHED);
    plan.competition_event = CompetitionChangedEvent(plan.competition, call.now);
  }
  plan.competition.set_version(competition.version() + 1);
  SetTimestamp(call.now, plan.competition.mutable_update_time());
  plan.contest_event = ContestChangedEvent(plan.contest, call.now);
  plan.due = call.now + worker_->options().first_attempt_delay;
  *response->mutable_contest() = plan.contest;
  plan.meta = MetaFor(call, names::Contest(contest.id()), request.request_id(), *response);
  return FinishMutation(call, store_.PublishResults(plan), response);
}

absl::Status CompetitionHandlers::CorrectResult(const CallContext& call, const v1::CorrectResultRequest& request,
                                                v1::CorrectResultResponse* response) {
  FieldViolations violations;
  CheckRequestId(request.request_id(), violations);
  CheckRecordId(request.entry_id(), "entry_id", "an entry id", violations);
  CheckResult(request.rank(), request.award(), kMaxResultRows, "rank", "award", violations);
  CheckReason(request.reason(), "reason", violations);
  CheckExpectedVersionField(request.expected_version(), violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  SB_ASSIGN_OR_RETURN(const bool replayed, Replay(store_, call, request.request_id(), response));
  if (replayed) {
    return absl::OkStatus();
  }
  absl::Status status;
  for (int attempt = 0; attempt < kWriteAttempts; ++attempt) {
    response->Clear();
    status = CorrectOnce(call, request, response);
    if (!IsConcurrentModification(status)) {
      break;
    }
  }
  if (status.ok() && response->entry().promotion().status() == v1::PROMOTION_STATUS_PENDING) {
    worker_->Wake();
  }
  return status;
}

absl::Status CompetitionHandlers::CorrectOnce(const CallContext& call, const v1::CorrectResultRequest& request,
                                              v1::CorrectResultResponse* response) {
  ResultWrite write;
  SB_ASSIGN_OR_RETURN(write.old, LoadEntry(store_, request.entry_id()));
  const v1::Entry& old = write.old.record;
  SB_ASSIGN_OR_RETURN(const Stored<v1::Competition> competition, LoadCompetition(store_, old.competition_id()));
  SB_RETURN_IF_ERROR(CheckBureauScope(call.principal, competition.record));
  if (!old.has_result_publish_time()) {
    return FailedPreconditionError(kReasonNotPublished,
                                   Concat("the results of contest ", old.contest_id(), " are not published yet"));
  }
  SB_RETURN_IF_ERROR(CheckExpectedVersion(old.version(), request.expected_version(), names::Entry(old.id())));
  SB_ASSIGN_OR_RETURN(const Stored<v1::Contest> contest, LoadContest(store_, old.contest_id()));
  FieldViolations violations;
  CheckResult(request.rank(), request.award(), contest.record.entry_count(), "rank", "award", violations);
  SB_RETURN_IF_ERROR(violations.ToStatus());
  // The field of percentage rules is the published one, with this entry moved in or out of it
  // (corrections of other entries since are not counted: the contest record keeps the published
  // figure), never below the corrected rank.
  const int ranked = contest.record.ranked_count() - (old.rank() > 0 ? 1 : 0) + (request.rank() > 0 ? 1 : 0);
  const ContestFacts facts{old.level(), old.group(), std::max(ranked, request.rank())};
  const v1::Promotion& before = old.promotion();
  const bool certified = before.status() == v1::PROMOTION_STATUS_ISSUED;
  SB_ASSIGN_OR_RETURN(const std::vector<std::string> holders,
                      store_.ReadYearlyHolders({{old.person().id_number(), old.year()}}));
  SB_ASSIGN_OR_RETURN(DecidedResult decided, DecideEntryResult(*policy_, facts, request.award(), request.rank(),
                                                               old.id(), holders[0], call.now));
  const bool kept = CorrectionKeepsPromotion(before, decided.promotion);
  v1::Entry& updated = *response->mutable_entry();
  updated = old;
  updated.set_rank(request.rank());
  updated.set_award(request.award());
  updated.set_honour(decided.honour);
  if (certified && !kept) {
    return FailedPreconditionError(
        kReasonAlreadyCertified,
        Concat("the promotion certificate ", before.certificate_number(),
               " is already issued for this result; a correction that changes the promotion is refused"));
  }
  if (!kept) {
    *updated.mutable_promotion() = decided.promotion;
  }
  updated.set_correction_reason(request.reason());
  SetTimestamp(call.now, updated.mutable_correction_time());
  SetTimestamp(call.now, updated.mutable_update_time());
  updated.set_version(old.version() + 1);
  write.updated = updated;
  write.yearly_holder = holders[0];
  write.yearly_checked = !kept && ReadYearlySlot(updated.promotion());
  if (!kept &&
      (before.status() != updated.promotion().status() || before.target_level() != updated.promotion().target_level() ||
       before.reason() != updated.promotion().reason())) {
    write.events.push_back(PromotionChangedEvent(updated, call.now));
  }
  const MutationMeta meta = MetaFor(call, names::Entry(updated.id()), request.request_id(), *response);
  return FinishMutation(
      call, store_.CorrectResult(write, EntryResultCorrectedEvent(old, updated, request.reason(), call.now), meta),
      response);
}

}  // namespace skillbridge::competition
