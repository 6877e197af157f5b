#include "tools/simulator/competition_driver.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>
#include <utility>

#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "tools/simulator/competition_plan.h"
#include "tools/simulator/progress.h"

namespace skillbridge::simulator {

namespace cp = ::skillbridge::competition::v1;

namespace {

void SetOrg(const PlannedOrgRef& planned, common::v1::OrgRef* org) {
  org->set_credit_code(planned.credit_code);
  org->set_name(planned.name);
  org->set_district_code(planned.district_code);
}

int StageRank(CompetitionStage stage) {
  switch (stage) {
    case CompetitionStage::kDraft:
      return 0;
    case CompetitionStage::kFiled:
    case CompetitionStage::kCancelled:
      return 1;
    case CompetitionStage::kOpen:
      return 2;
    case CompetitionStage::kClosed:
      return 3;
    case CompetitionStage::kPublished:
      return 4;
  }
  return 0;
}

int StatusRank(cp::CompetitionStatus status) {
  switch (status) {
    case cp::COMPETITION_STATUS_FILED:
    case cp::COMPETITION_STATUS_CANCELLED:
      return 1;
    case cp::COMPETITION_STATUS_OPEN:
      return 2;
    case cp::COMPETITION_STATUS_CLOSED:
      return 3;
    case cp::COMPETITION_STATUS_RESULTS_PUBLISHED:
      return 4;
    default:
      return 0;
  }
}

// One competition of the plan taken as far as its stage: the steps still missing.
class CompetitionRun final {
 public:
  CompetitionRun(cp::CompetitionService::Stub& stub, const CompetitionRunOptions& options, const CompetitionPlan& plan,
                 int index, std::vector<const PlannedEntry*> entries)
      : stub_(stub), options_(options), plan_(plan), index_(index), entries_(std::move(entries)) {}

  // `existing`: the competition already on record with the planned title, if any.
  absl::Status Run(const cp::Competition* existing, CompetitionReport& totals, std::mutex& mu, Progress& progress) {
    const PlannedCompetition& planned = plan_.competitions[static_cast<size_t>(index_)];
    if (existing != nullptr) {
      competition_ = *existing;
    } else {
      SB_RETURN_IF_ERROR(Create(planned));
    }
    SB_RETURN_IF_ERROR(AddContests(planned));
    const int target = StageRank(planned.stage);
    if (StatusRank(competition_.status()) < 1 && target >= 1) {
      SB_RETURN_IF_ERROR(
          Transition("file", &cp::CompetitionService::Stub::FileCompetition, cp::FileCompetitionRequest()));
    }
    if (planned.stage == CompetitionStage::kCancelled) {
      if (competition_.status() != cp::COMPETITION_STATUS_CANCELLED) {
        cp::CancelCompetitionRequest cancel;
        cancel.set_reason("承办场地调整，本届比武取消");
        SB_RETURN_IF_ERROR(Transition("cancel", &cp::CompetitionService::Stub::CancelCompetition, cancel));
      }
    } else {
      if (StatusRank(competition_.status()) < 2 && target >= 2) {
        SB_RETURN_IF_ERROR(
            Transition("open", &cp::CompetitionService::Stub::OpenCompetition, cp::OpenCompetitionRequest()));
      }
      if (competition_.status() == cp::COMPETITION_STATUS_OPEN) {
        SB_RETURN_IF_ERROR(Register());
      } else if (StatusRank(competition_.status()) > 2) {
        registered_ = static_cast<int64_t>(entries_.size());  // registered by an earlier run
      }
      if (StatusRank(competition_.status()) < 3 && target >= 3) {
        SB_RETURN_IF_ERROR(
            Transition("close", &cp::CompetitionService::Stub::CloseCompetition, cp::CloseCompetitionRequest()));
      }
      if (target >= 4) {
        SB_RETURN_IF_ERROR(Publish());
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    ++totals.competitions;
    totals.contests += static_cast<int>(contests_.size());
    totals.entries += registered_;
    totals.entries_refused += refused_;
    totals.contests_published += published_;
    progress.Add(1);
    return absl::OkStatus();
  }

 private:
  std::string Rid(const std::string& key) const {
    return RequestId(options_.seed, options_.year, Concat("cp-", index_, "-", key));
  }

  absl::Status Create(const PlannedCompetition& planned) {
    cp::CreateCompetitionRequest request;
    request.set_request_id(Rid("create"));
    cp::Competition* c = request.mutable_competition();
    c->set_title(planned.title);
    c->set_level(planned.level);
    c->set_year(options_.year);
    SetOrg(planned.organiser, c->mutable_organiser());
    for (const PlannedOrgRef& co : planned.co_organisers) {
      SetOrg(co, c->add_co_organisers());
    }
    for (const PlannedSponsor& sponsor : planned.sponsors) {
      cp::Sponsor* s = c->add_sponsors();
      SetOrg(sponsor.org, s->mutable_org());
      s->set_amount_fen(sponsor.amount_fen);
    }
    *c->mutable_start_date() = ToDate(planned.start_date);
    *c->mutable_end_date() = ToDate(planned.end_date);
    cp::CreateCompetitionResponse response;
    const grpc::Status status =
        CallStub(stub_, options_.rpc, &cp::CompetitionService::Stub::CreateCompetition, request, &response);
    if (!status.ok()) {
      return TransportError(Concat("CreateCompetition ", planned.title), status);
    }
    competition_ = response.competition();
    return absl::OkStatus();
  }

  absl::Status AddContests(const PlannedCompetition& planned) {
    std::map<std::string, cp::Contest> on_record;
    cp::ListContestsRequest list;
    list.set_competition_id(competition_.id());
    list.set_page_size(1000);
    do {
      cp::ListContestsResponse page;
      const grpc::Status status =
          CallStub(stub_, options_.rpc, &cp::CompetitionService::Stub::ListContests, list, &page);
      if (!status.ok()) {
        return TransportError(Concat("ListContests ", competition_.id()), status);
      }
      for (const cp::Contest& contest : page.contests()) {
        on_record[contest.title()] = contest;
      }
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());
    for (size_t k = 0; k < planned.contests.size(); ++k) {
      const PlannedContest& contest = planned.contests[k];
      auto found = on_record.find(contest.title);
      if (found != on_record.end()) {
        contests_.push_back(found->second);
        continue;
      }
      if (competition_.status() != cp::COMPETITION_STATUS_DRAFT) {
        return absl::FailedPreconditionError(
            Concat("competition ", competition_.id(), " is past DRAFT without its contest ", contest.title));
      }
      cp::AddContestRequest request;
      request.set_request_id(Rid(Concat("contest-", k)));
      cp::Contest* c = request.mutable_contest();
      c->set_competition_id(competition_.id());
      c->set_title(contest.title);
      c->set_occupation_code(contest.occupation_code);
      c->set_industry_chain_code(contest.industry_chain_code);
      c->set_group(contest.group);
      c->set_max_entries(contest.max_entries);
      cp::AddContestResponse response;
      const grpc::Status status =
          CallStub(stub_, options_.rpc, &cp::CompetitionService::Stub::AddContest, request, &response);
      if (!status.ok()) {
        return TransportError(Concat("AddContest ", contest.title), status);
      }
      contests_.push_back(response.contest());
    }
    return absl::OkStatus();
  }

  // File, open, close or cancel: the request's id and request_id are set here.
  template <typename Request, typename Response>
  absl::Status Transition(const std::string& step,
                          grpc::Status (cp::CompetitionService::Stub::*method)(grpc::ClientContext*, const Request&,
                                                                               Response*),
                          Request request) {
    request.set_request_id(Rid(step));
    request.set_id(competition_.id());
    Response response;
    const grpc::Status status = CallStub(stub_, options_.rpc, method, request, &response);
    if (!status.ok()) {
      return TransportError(Concat(step, " ", competition_.id()), status);
    }
    competition_ = response.competition();
    return absl::OkStatus();
  }

  // The entrants of each contest in batches; a person already registered counts as done.
  absl::Status Register() {
    std::map<int, std::vector<const PlannedEntry*>> by_contest;
    for (const PlannedEntry* entry : entries_) {
      by_contest[entry->contest].push_back(entry);
    }
    for (const auto& [k, rows] : by_contest) {
      for (size_t first = 0; first < rows.size(); first += kEntryBatchSize) {
        const size_t last = std::min(rows.size(), first + kEntryBatchSize);
        cp::BatchRegisterEntriesRequest request;
        std::string content;
        for (size_t r = first; r < last; ++r) {
          cp::EntryDraft* draft = request.add_entries();
          draft->set_contest_id(contests_[static_cast<size_t>(k)].id());
          draft->mutable_person()->set_id_number(rows[r]->person.id_number);
          draft->mutable_person()->set_name(rows[r]->person.name);
          SetOrg(rows[r]->affiliation, draft->mutable_affiliation());
          content += rows[r]->person.id_number;
        }
        request.set_request_id(Rid(Concat("entries-", k, "-", first, "-", ContentHash(content))));
        RpcOptions batch = options_.rpc;
        batch.deadline = std::max(batch.deadline, absl::Seconds(120));
        cp::BatchRegisterEntriesResponse response;
        const grpc::Status status =
            CallStub(stub_, batch, &cp::CompetitionService::Stub::BatchRegisterEntries, request, &response);
        if (!status.ok()) {
          return TransportError(Concat("BatchRegisterEntries ", request.request_id()), status);
        }
        for (const cp::BatchRegisterResult& result : response.results()) {
          if (result.status().code() == 0 || ReasonOf(result.status()) == "ALREADY_REGISTERED") {
            ++registered_;
          } else {
            ++refused_;
          }
        }
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::map<std::string, std::string>> EntryIds(const std::string& contest_id) {
    std::map<std::string, std::string> ids;  // id number → entry id
    cp::ListEntriesRequest list;
    list.set_contest_id(contest_id);
    list.set_page_size(1000);
    do {
      cp::ListEntriesResponse page;
      const grpc::Status status =
          CallStub(stub_, options_.rpc, &cp::CompetitionService::Stub::ListEntries, list, &page);
      if (!status.ok()) {
        return TransportError(Concat("ListEntries ", contest_id), status);
      }
      for (const cp::Entry& entry : page.entries()) {
        ids[entry.person().id_number()] = entry.id();
      }
      list.set_page_token(page.next_page_token());
    } while (!list.page_token().empty());
    return ids;
  }

  // The results of each contest not yet published: the ranked entrants (the others are recorded
  // as not ranked).
  absl::Status Publish() {
    for (size_t k = 0; k < contests_.size(); ++k) {
      if (contests_[k].results_published()) {
        ++published_;
        continue;
      }
      auto ids = EntryIds(contests_[k].id());
      if (!ids.ok()) {
        return ids.status();
      }
      cp::PublishResultsRequest request;
      request.set_request_id(Rid(Concat("results-", k)));
      request.set_contest_id(contests_[k].id());
      for (const PlannedEntry* entry : entries_) {
        auto id = ids->find(entry->person.id_number);
        if (entry->contest != static_cast<int>(k) || entry->rank == 0 || id == ids->end()) {
          continue;
        }
        cp::ResultRow* row = request.add_results();
        row->set_entry_id(id->second);
        row->set_rank(entry->rank);
        row->set_award(entry->award);
      }
      RpcOptions publish = options_.rpc;
      publish.deadline = std::max(publish.deadline, absl::Seconds(120));
      cp::PublishResultsResponse response;
      const grpc::Status status =
          CallStub(stub_, publish, &cp::CompetitionService::Stub::PublishResults, request, &response);
      if (!status.ok() && ReasonOf(status) != "RESULTS_ALREADY_PUBLISHED") {
        return TransportError(Concat("PublishResults ", contests_[k].id()), status);
      }
      ++published_;
    }
    return absl::OkStatus();
  }

  cp::CompetitionService::Stub& stub_;
  const CompetitionRunOptions& options_;
  const CompetitionPlan& plan_;
  const int index_;
  const std::vector<const PlannedEntry*> entries_;
  cp::Competition competition_;
  std::vector<cp::Contest> contests_;  // in plan order
  int64_t registered_ = 0;
  int64_t refused_ = 0;
  int published_ = 0;
};

}  // namespace

CompetitionDriver::CompetitionDriver(std::shared_ptr<grpc::Channel> channel,
                                     std::shared_ptr<const ReferenceData> reference, CompetitionRunOptions options)
    : stub_(cp::CompetitionService::NewStub(channel)), reference_(std::move(reference)), options_(std::move(options)) {}

absl::StatusOr<CompetitionReport> CompetitionDriver::Run(const EvaluationReport& evaluation) {
  CompetitionReport report;
  report.ran = true;
  PlanOptions plan_options;
  plan_options.seed = options_.seed;
  plan_options.scale = options_.scale;
  plan_options.year = options_.year;
  plan_options.cutoff = evaluation.cutoff;
  const CompetitionPlan plan = PlanCompetitions(plan_options, *reference_, evaluation.plan.certificates);

  // What is already on record, by title (a rerun skips the steps already taken).
  std::map<std::string, cp::Competition> on_record;
  cp::ListCompetitionsRequest list;
  list.set_year(options_.year);
  list.set_page_size(1000);
  do {
    cp::ListCompetitionsResponse page;
    const grpc::Status status =
        CallStub(*stub_, options_.rpc, &cp::CompetitionService::Stub::ListCompetitions, list, &page);
    if (!status.ok()) {
      return TransportError("ListCompetitions", status);
    }
    for (const cp::Competition& competition : page.competitions()) {
      on_record[competition.title()] = competition;
    }
    list.set_page_token(page.next_page_token());
  } while (!list.page_token().empty());

  std::vector<std::vector<const PlannedEntry*>> entries(plan.competitions.size());
  for (const PlannedEntry& entry : plan.entries) {
    entries[static_cast<size_t>(entry.competition)].push_back(&entry);
  }
  {
    Progress progress(options_.progress, "competitions", static_cast<int64_t>(plan.competitions.size()));
    std::mutex mu;
    const absl::Status done = ParallelFor(static_cast<int>(plan.competitions.size()), options_.concurrency, [&](int c) {
      const auto found = on_record.find(plan.competitions[static_cast<size_t>(c)].title);
      CompetitionRun run(*stub_, options_, plan, c, entries[static_cast<size_t>(c)]);
      return run.Run(found == on_record.end() ? nullptr : &found->second, report, mu, progress);
    });
    if (!done.ok()) {
      return done;
    }
    progress.Finish(Concat(report.entries, " entries, ", report.contests_published, " contests published"));
  }

  // Promotions are issued by evaluation in the background: wait for the pending ones.
  const absl::Time give_up = absl::Now() + options_.promotion_wait;
  while (true) {
    cp::ListEntriesRequest pending;
    pending.set_year(options_.year);
    pending.set_promotion_status(cp::PROMOTION_STATUS_PENDING);
    pending.set_page_size(1000);
    report.promotions_pending = 0;
    do {
      cp::ListEntriesResponse page;
      const grpc::Status status =
          CallStub(*stub_, options_.rpc, &cp::CompetitionService::Stub::ListEntries, pending, &page);
      if (!status.ok()) {
        return TransportError("ListEntries (pending promotions)", status);
      }
      report.promotions_pending += page.entries_size();
      pending.set_page_token(page.next_page_token());
    } while (!pending.page_token().empty());
    if (report.promotions_pending == 0 || absl::Now() >= give_up) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }

  cp::GetCompetitionStatsRequest stats_request;
  stats_request.set_year(options_.year);
  cp::GetCompetitionStatsResponse stats;
  const grpc::Status status =
      CallStub(*stub_, options_.rpc, &cp::CompetitionService::Stub::GetCompetitionStats, stats_request, &stats);
  if (!status.ok()) {
    return TransportError("GetCompetitionStats", status);
  }
  report.competitions_held = stats.total_competitions_held();
  report.participants = stats.total_participants();
  report.promotions = stats.total_promotions();
  report.promotions_certified = stats.total_promotions_certified();
  report.honours = stats.total_honours();
  return report;
}

}  // namespace skillbridge::simulator
