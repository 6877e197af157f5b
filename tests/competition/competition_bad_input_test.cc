// The bad-input corpus of the competition service, over real gRPC and a real redis-server (with
// the real evaluation service behind it). Every RPC family is fed a table of malformed requests,
// each made from a valid request by changing one field (wrong check characters in citizen ID
// numbers and credit codes, impossible dates, enum values out of range, oversized texts, control
// and invisible characters, blank required fields, bad update masks, bad request ids, negative
// numbers, malformed page tokens and stream ids). Each one must be answered INVALID_ARGUMENT,
// reason INVALID_FIELD, with BadRequest field violations naming only the changed field by its path
// in the request ("results[0].entry_id"), must leave the store as it was (number of keys and
// length of the change feed; the audit stream, where refusals are recorded, is left out), and
// must leave the service answering normal calls.

#include <climits>
#include <iostream>
#include <string>
#include <vector>

#include "common/validation/request_fields.h"
#include "gtest/gtest.h"
#include "services/competition/api/handler_support.h"
#include "services/competition/store/keys.h"
#include "tests/competition/competition_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using competition::kMaxTitleChars;

// A record id (competition, contest, entry): required, at most 64 of [A-Za-z0-9_-].
template <typename R>
void AddRecordIdCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required = true) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
  }
  add("65 characters", Repeat("C", 65));
  add("space", "CP 0000000001");
  add("slash", "CP0000000001/..");
  add("colon", "competition:comp:CP0000000001");
  add("U+202E",
      "CP00\xe2\x80\xae"
      "0001");
  add("ideographs", "\xe7\xab\x9e\xe8\xb5\x9b");
}

class CompetitionBadInputTest : public SuiteHarnessTest<CompetitionHarness> {
 protected:
  // An OPEN provincial competition with one contest (with entry of person 1), and a DRAFT one.
  static void SetUpTestSuite() {
    SuiteHarnessTest::SetUpTestSuite();
    ASSERT_NE(harness_, nullptr);
    const cp::Contest contest = harness_->OpenCompetition(cp::COMPETITION_LEVEL_PROVINCIAL);
    contest_ = new std::string(contest.id());
    competition_ = new std::string(contest.competition_id());
    cp::Entry entry;
    ASSERT_TRUE(harness_->Register(contest.id(), 1, &entry).ok());
    entry_ = new std::string(entry.id());
    draft_ = new std::string(harness_->CreateCompetition(cp::COMPETITION_LEVEL_NATIONAL, 2, "").id());
  }
  static void TearDownTestSuite() {
    std::cout << "[ corpus   ] " << total_cases_ << " malformed competition requests" << std::endl;
    for (std::string** s : {&contest_, &competition_, &entry_, &draft_}) {
      delete *s;
      *s = nullptr;
    }
    SuiteHarnessTest::TearDownTestSuite();
  }

  cp::CompetitionService::Stub& stub() { return harness_->stub(); }

  StoreSize Size() { return MeasureStore(*harness_, competition::keys::kAudit, competition::keys::kEvents); }

  void ExpectAlive() {
    cp::GetCompetitionRequest get;
    get.set_id(*competition_);
    cp::GetCompetitionResponse got;
    const grpc::Status status = stub().GetCompetition(CompetitionHarness::Context(kAdminToken).get(), get, &got);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Request, typename Response>
  using Method = grpc::Status (cp::CompetitionService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases,
           const std::string& token = kAdminToken) {
    RunBadCases<Response>(
        valid, cases,
        [&](const Request& request, Response* response) {
          return (stub().*method)(CompetitionHarness::Context(token).get(), request, response);
        },
        [this] { return Size(); }, [this] { ExpectAlive(); });
    total_cases_ += static_cast<int>(cases.size());
  }

  template <typename Request, typename Response>
  void ExpectAccepted(Method<Request, Response> method, const Request& valid) {
    Response response;
    const grpc::Status status = (stub().*method)(CompetitionHarness::Context(kAdminToken).get(), valid, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  static inline std::string* contest_ = nullptr;
  static inline std::string* competition_ = nullptr;
  static inline std::string* entry_ = nullptr;
  static inline std::string* draft_ = nullptr;
  static inline int total_cases_ = 0;
};

cp::CreateCompetitionRequest ValidCreate() {
  cp::CreateCompetitionRequest request;
  request.set_request_id("create-1");
  cp::Competition* c = request.mutable_competition();
  c->set_title("2026年山东省职业技能大赛青岛选拔赛");
  c->set_level(cp::COMPETITION_LEVEL_PROVINCIAL);
  c->set_year(2026);
  c->mutable_organiser()->set_credit_code(CreditCode(9));
  c->mutable_organiser()->set_name("青岛市人力资源和社会保障局");
  c->mutable_organiser()->set_district_code("370202");
  c->add_co_organisers()->set_credit_code(CreditCode(10));
  c->mutable_co_organisers(0)->set_name("青岛技师学院");
  cp::Sponsor* sponsor = c->add_sponsors();
  sponsor->mutable_org()->set_credit_code(CreditCode(11));
  sponsor->mutable_org()->set_name("青岛测试赞助企业");
  sponsor->set_amount_fen(100000);
  c->mutable_start_date()->set_year(2026);
  c->mutable_start_date()->set_month(9);
  c->mutable_start_date()->set_day(1);
  c->mutable_end_date()->set_year(2026);
  c->mutable_end_date()->set_month(9);
  c->mutable_end_date()->set_day(3);
  return request;
}

TEST_F(CompetitionBadInputTest, CreateCompetition) {
  using R = cp::CreateCompetitionRequest;
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddTextCases<R>(
      cases, "competition.title", [](R& r, const std::string& v) { r.mutable_competition()->set_title(v); }, true,
      kMaxTitleChars);
  AddEnumCases<R>(
      cases, "competition.level",
      [](R& r, int v) { r.mutable_competition()->set_level(static_cast<cp::CompetitionLevel>(v)); }, true);
  for (int year : {0, 1949, 2101, -2026}) {
    cases.push_back({"year " + std::to_string(year), [year](R& r) { r.mutable_competition()->set_year(year); },
                     "competition.year"});
  }
  AddCreditCodeCases<R>(
      cases, "competition.organiser.credit_code",
      [](R& r, const std::string& v) { r.mutable_competition()->mutable_organiser()->set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "competition.organiser.name",
      [](R& r, const std::string& v) { r.mutable_competition()->mutable_organiser()->set_name(v); }, true,
      kMaxOrgNameChars);
  AddDistrictCases<R>(
      cases, "competition.organiser.district_code",
      [](R& r, const std::string& v) { r.mutable_competition()->mutable_organiser()->set_district_code(v); }, false);
  AddCreditCodeCases<R>(
      cases, "competition.co_organisers[0].credit_code",
      [](R& r, const std::string& v) { r.mutable_competition()->mutable_co_organisers(0)->set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "competition.sponsors[0].org.name",
      [](R& r, const std::string& v) { r.mutable_competition()->mutable_sponsors(0)->mutable_org()->set_name(v); },
      true, kMaxOrgNameChars);
  cases.push_back({"negative funding", [](R& r) { r.mutable_competition()->mutable_sponsors(0)->set_amount_fen(-1); },
                   "competition.sponsors[0].amount_fen"});
  cases.push_back({"51 co-organisers",
                   [](R& r) {
                     for (int i = 0; i < 50; ++i) {
                       *r.mutable_competition()->add_co_organisers() = r.competition().co_organisers(0);
                     }
                   },
                   "competition.co_organisers"});
  AddDateCases<R>(
      cases, "competition.start_date", [](R& r) { return r.mutable_competition()->mutable_start_date(); }, false,
      false);
  cases.push_back({"end before start",
                   [](R& r) {
                     r.mutable_competition()->mutable_end_date()->set_day(1);
                     r.mutable_competition()->mutable_start_date()->set_day(2);
                   },
                   "competition.end_date"});
  cases.push_back({"district competition without a district",
                   [](R& r) {
                     r.mutable_competition()->set_level(cp::COMPETITION_LEVEL_DISTRICT);
                     r.mutable_competition()->mutable_organiser()->clear_district_code();
                   },
                   "competition.organiser.district_code"});
  Run(&cp::CompetitionService::Stub::CreateCompetition, ValidCreate(), cases);
  ExpectAccepted(&cp::CompetitionService::Stub::CreateCompetition, ValidCreate());
}

TEST_F(CompetitionBadInputTest, UpdateAndWorkflowSteps) {
  using U = cp::UpdateCompetitionRequest;
  U update;
  update.set_id(*draft_);
  update.mutable_competition()->set_title("新的名称");
  update.mutable_update_mask()->add_paths("title");
  Cases<U> cases;
  AddRecordIdCases<U>(cases, "id", [](U& r, const std::string& v) { r.set_id(v); });
  AddRequestIdCases<U>(cases, [](U& r, const std::string& v) { r.set_request_id(v); });
  for (const std::string& path :
       {std::string("organiser"), std::string("status"), std::string("id"), std::string("nonsense"), std::string("")}) {
    cases.push_back({"mask path '" + path + "'", [path](U& r) { r.mutable_update_mask()->set_paths(0, path); },
                     "update_mask.paths[0]"});
  }
  cases.push_back({"empty mask", [](U& r) { r.mutable_update_mask()->clear_paths(); }, "update_mask"});
  cases.push_back({"expected_version -1", [](U& r) { r.set_expected_version(-1); }, "expected_version"});
  AddTextCases<U>(
      cases, "competition.title", [](U& r, const std::string& v) { r.mutable_competition()->set_title(v); }, true,
      kMaxTitleChars);
  Run(&cp::CompetitionService::Stub::UpdateCompetition, update, cases);
  ExpectAccepted(&cp::CompetitionService::Stub::UpdateCompetition, update);

  using C = cp::CancelCompetitionRequest;
  C cancel;
  cancel.set_id(*draft_);
  cancel.set_reason("经费未落实");
  Cases<C> cancels;
  AddRecordIdCases<C>(cancels, "id", [](C& r, const std::string& v) { r.set_id(v); });
  AddTextCases<C>(
      cancels, "reason", [](C& r, const std::string& v) { r.set_reason(v); }, true, kMaxReasonChars);
  Run(&cp::CompetitionService::Stub::CancelCompetition, cancel, cancels);

  using F = cp::FileCompetitionRequest;
  F file;
  file.set_id(*draft_);
  Cases<F> files;
  AddRecordIdCases<F>(files, "id", [](F& r, const std::string& v) { r.set_id(v); });
  files.push_back({"expected_version -1", [](F& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&cp::CompetitionService::Stub::FileCompetition, file, files);
}

TEST_F(CompetitionBadInputTest, AddContest) {
  using R = cp::AddContestRequest;
  R valid;
  valid.mutable_contest()->set_competition_id(*draft_);
  valid.mutable_contest()->set_title("电工（职工组）");
  valid.mutable_contest()->set_occupation_code(kWelderOccupation);
  valid.mutable_contest()->set_group(cp::CONTEST_GROUP_EMPLOYEES);
  Cases<R> cases;
  AddRecordIdCases<R>(cases, "contest.competition_id",
                      [](R& r, const std::string& v) { r.mutable_contest()->set_competition_id(v); });
  AddTextCases<R>(
      cases, "contest.title", [](R& r, const std::string& v) { r.mutable_contest()->set_title(v); }, false,
      kMaxTitleChars);
  AddOccupationCases<R>(cases, "contest.occupation_code",
                        [](R& r, const std::string& v) { r.mutable_contest()->set_occupation_code(v); });
  AddEnumCases<R>(
      cases, "contest.group", [](R& r, int v) { r.mutable_contest()->set_group(static_cast<cp::ContestGroup>(v)); },
      true);
  for (int max : {-1, 5001, INT_MAX}) {
    cases.push_back({"max_entries " + std::to_string(max), [max](R& r) { r.mutable_contest()->set_max_entries(max); },
                     "contest.max_entries"});
  }
  cases.push_back({"unknown chain", [](R& r) { r.mutable_contest()->set_industry_chain_code("NO_SUCH_CHAIN"); },
                   "contest.industry_chain_code"});
  Run(&cp::CompetitionService::Stub::AddContest, valid, cases);
}

TEST_F(CompetitionBadInputTest, RegisterEntry) {
  using R = cp::RegisterEntryRequest;
  R valid;
  *valid.mutable_entry() = harness_->Draft(*contest_, 2);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<R>(cases, "entry.contest_id",
                      [](R& r, const std::string& v) { r.mutable_entry()->set_contest_id(v); });
  AddIdNumberCases<R>(cases, "entry.person.id_number",
                      [](R& r, const std::string& v) { r.mutable_entry()->mutable_person()->set_id_number(v); });
  AddTextCases<R>(
      cases, "entry.person.name", [](R& r, const std::string& v) { r.mutable_entry()->mutable_person()->set_name(v); },
      true, kMaxPersonNameChars);
  AddCreditCodeCases<R>(
      cases, "entry.affiliation.credit_code",
      [](R& r, const std::string& v) { r.mutable_entry()->mutable_affiliation()->set_credit_code(v); }, false);
  AddDistrictCases<R>(
      cases, "entry.affiliation.district_code",
      [](R& r, const std::string& v) { r.mutable_entry()->mutable_affiliation()->set_district_code(v); }, true);
  Run(&cp::CompetitionService::Stub::RegisterEntry, valid, cases);
  ExpectAccepted(&cp::CompetitionService::Stub::RegisterEntry, valid);

  using B = cp::BatchRegisterEntriesRequest;
  B batch;
  *batch.add_entries() = harness_->Draft(*contest_, 3);
  Cases<B> batches;
  batches.push_back({"no drafts", [](B& r) { r.clear_entries(); }, "entries"});
  batches.push_back({"5,001 drafts",
                     [](B& r) {
                       for (int i = 0; i < 5000; ++i) {
                         *r.add_entries() = r.entries(0);
                       }
                     },
                     "entries"});
  AddRequestIdCases<B>(batches, [](B& r, const std::string& v) { r.set_request_id(v); });
  Run(&cp::CompetitionService::Stub::BatchRegisterEntries, batch, batches);
}

TEST_F(CompetitionBadInputTest, PublishAndCorrectResults) {
  using R = cp::PublishResultsRequest;
  R valid;
  valid.set_contest_id(*contest_);
  cp::ResultRow* row = valid.add_results();
  row->set_entry_id(*entry_);
  row->set_rank(1);
  row->set_award(cp::AWARD_GOLD);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<R>(cases, "contest_id", [](R& r, const std::string& v) { r.set_contest_id(v); });
  AddRecordIdCases<R>(cases, "results[0].entry_id",
                      [](R& r, const std::string& v) { r.mutable_results(0)->set_entry_id(v); });
  AddEnumCases<R>(
      cases, "results[0].award", [](R& r, int v) { r.mutable_results(0)->set_award(static_cast<cp::Award>(v)); }, true);
  cases.push_back({"rank -1", [](R& r) { r.mutable_results(0)->set_rank(-1); }, "results[0].rank"});
  cases.push_back({"rank 5001", [](R& r) { r.mutable_results(0)->set_rank(5001); }, "results[0].rank"});
  cases.push_back({"unranked gold", [](R& r) { r.mutable_results(0)->set_rank(0); }, "results[0].award"});
  cases.push_back({"no rows", [](R& r) { r.clear_results(); }, "results"});
  Run(&cp::CompetitionService::Stub::PublishResults, valid, cases);

  using C = cp::CorrectResultRequest;
  C correct;
  correct.set_entry_id(*entry_);
  correct.set_rank(1);
  correct.set_award(cp::AWARD_GOLD);
  correct.set_reason("录入错误");
  Cases<C> corrections;
  AddRecordIdCases<C>(corrections, "entry_id", [](C& r, const std::string& v) { r.set_entry_id(v); });
  AddTextCases<C>(
      corrections, "reason", [](C& r, const std::string& v) { r.set_reason(v); }, true, kMaxReasonChars);
  AddEnumCases<C>(
      corrections, "award", [](C& r, int v) { r.set_award(static_cast<cp::Award>(v)); }, true);
  corrections.push_back({"rank -3", [](C& r) { r.set_rank(-3); }, "rank"});
  corrections.push_back({"expected_version -1", [](C& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&cp::CompetitionService::Stub::CorrectResult, correct, corrections);
}

TEST_F(CompetitionBadInputTest, ReadsListsStatsAndFeed) {
  using L = cp::ListCompetitionsRequest;
  Cases<L> lists;
  AddPageCases<L>(
      lists, [](L& r, int v) { r.set_page_size(v); }, [](L& r, const std::string& v) { r.set_page_token(v); });
  AddEnumCases<L>(
      lists, "level", [](L& r, int v) { r.set_level(static_cast<cp::CompetitionLevel>(v)); }, false);
  AddEnumCases<L>(
      lists, "status", [](L& r, int v) { r.set_status(static_cast<cp::CompetitionStatus>(v)); }, false);
  AddDistrictCases<L>(
      lists, "district_code", [](L& r, const std::string& v) { r.set_district_code(v); }, false);
  AddCreditCodeCases<L>(
      lists, "organiser_credit_code", [](L& r, const std::string& v) { r.set_organiser_credit_code(v); }, true, false);
  lists.push_back({"year 1800", [](L& r) { r.set_year(1800); }, "year"});
  Run(&cp::CompetitionService::Stub::ListCompetitions, L(), lists);

  using E = cp::ListEntriesRequest;
  Cases<E> entries;
  AddPageCases<E>(
      entries, [](E& r, int v) { r.set_page_size(v); }, [](E& r, const std::string& v) { r.set_page_token(v); });
  AddIdNumberCases<E>(
      entries, "id_number", [](E& r, const std::string& v) { r.set_id_number(v); }, false);
  AddEnumCases<E>(
      entries, "award", [](E& r, int v) { r.set_award(static_cast<cp::Award>(v)); }, false);
  AddEnumCases<E>(
      entries, "promotion_status", [](E& r, int v) { r.set_promotion_status(static_cast<cp::PromotionStatus>(v)); },
      false);
  Run(&cp::CompetitionService::Stub::ListEntries, E(), entries);

  using T = cp::ListContestsRequest;
  Cases<T> contests;
  AddOccupationCases<T>(
      contests, "occupation_code", [](T& r, const std::string& v) { r.set_occupation_code(v); }, false);
  AddEnumCases<T>(
      contests, "group", [](T& r, int v) { r.set_group(static_cast<cp::ContestGroup>(v)); }, false);
  Run(&cp::CompetitionService::Stub::ListContests, T(), contests);

  using G = cp::GetEntryRequest;
  Cases<G> gets;
  AddRecordIdCases<G>(gets, "id", [](G& r, const std::string& v) { r.set_id(v); });
  G get;
  get.set_id(*entry_);
  Run(&cp::CompetitionService::Stub::GetEntry, get, gets);

  using S = cp::GetCompetitionStatsRequest;
  S stats;
  stats.set_year(2026);
  Cases<S> stat_cases;
  for (int year : {0, 1949, 2101}) {
    stat_cases.push_back({"year " + std::to_string(year), [year](S& r) { r.set_year(year); }, "year"});
  }
  AddDistrictCases<S>(
      stat_cases, "district_code", [](S& r, const std::string& v) { r.set_district_code(v); }, false);
  Run(&cp::CompetitionService::Stub::GetCompetitionStats, stats, stat_cases);

  using V = cp::ListEventsRequest;
  Cases<V> feed;
  for (const std::string& id : {std::string("abc"), std::string("1-2-3"), std::string("-1"), Repeat("9", 100)}) {
    feed.push_back({"after_id " + id.substr(0, 10), [id](V& r) { r.set_after_id(id); }, "after_id"});
  }
  feed.push_back({"max_events -1", [](V& r) { r.set_max_events(-1); }, "max_events"});
  feed.push_back({"wait_ms -1", [](V& r) { r.set_wait_ms(-1); }, "wait_ms"});
  Run(&cp::CompetitionService::Stub::ListEvents, V(), feed);
}

}  // namespace
}  // namespace skillbridge::testing
