// The aggregator with competition (and evaluation) as real sources: the real evaluation and
// competition services and the real aggregator in this process (real gRPC over TCP, each over its
// own real redis-server). One competition is run through its workflow — filed, opened, two
// entrants of two districts, closed, results published, both promotions certified by evaluation —
// and the aggregator, once it has applied both feeds, shows:
//  - per industry chain: the competition's participants, promotions and certified promotions
//    (absent, and competition named as not connected, in an aggregator without it);
//  - per competition level, in the city-wide dashboard: every competition indicator (none in a
//    district's dashboard, none for other indicators);
//  - in the talent profile: the person's competition entries, with the competition's title, result
//    and promotion, scoped by role (ADMIN all; a district officer the entries of its district;
//    the verifier's view with the certificate number cut).

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "services/competition/competition_service_traits.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"
#include "tests/aggregator/aggregator_harness.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace agg = ::skillbridge::aggregator::v1;
namespace cp = ::skillbridge::competition::v1;

constexpr char kTitle[] = "2026年山东省职业技能大赛青岛选拔赛";
constexpr char kWelder[] = "6-18-02-04";
constexpr int kWinner = 41;    // entrant of district A (市南区)
constexpr int kRunnerUp = 42;  // entrant of district B (黄岛区)

std::unique_ptr<grpc::ClientContext> As(const std::string& token) { return ContextWithToken(token); }

#define ASSERT_RPC_OK(call)                                                      \
  do {                                                                           \
    const grpc::Status rpc_status = (call);                                      \
    ASSERT_TRUE(rpc_status.ok()) << #call << ": " << rpc_status.error_message(); \
  } while (0)

// The three services, started once for the suite, and the competition run through them.
struct Services {
  EvaluationHarness evaluation;
  ServiceHarness<competition::CompetitionServiceTraits> competition;
  AggregatorHarness aggregator;
  cp::Entry winner;
  cp::Entry runner_up;
};

class AggregatorCompetitionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_ = new Services();
    ASSERT_TRUE(s_->evaluation.Start().ok());
    competition::CompetitionServiceTraits::Options options;
    options.evaluation.address = s_->evaluation.address();
    options.evaluation.timeout = std::chrono::milliseconds(2000);
    options.worker.poll_interval = absl::Milliseconds(20);
    absl::Status started = s_->competition.Start(
        std::move(options), [](HarnessEnvironment& env, competition::CompetitionServiceTraits::Options& o) {
          o.evaluation.token_file = env.WriteTokenFile("service-token", kServiceToken);
        });
    ASSERT_TRUE(started.ok()) << started;
    started = s_->aggregator.Start([](HarnessEnvironment& env, aggregator::AggregatorServerConfig& config) {
      config.sources["evaluation"] = {s_->evaluation.address(), ""};
      config.sources["competition"] = {s_->competition.address(), ""};
      config.service_token_file = env.WriteTokenFile("service-token", kServiceToken);
    });
    ASSERT_TRUE(started.ok()) << started;
    RunCompetition();
  }

  static void TearDownTestSuite() {
    delete s_;
    s_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(s_, nullptr);
    ASSERT_FALSE(s_->winner.id().empty()) << "the competition did not run";
  }

  // A provincial competition organised in district A with one 焊工 contest; the winner (district A)
  // takes gold, the runner-up (district B) an excellence award: both are promoted, and evaluation
  // issues both certificates. Then waits until the aggregator has applied both feeds.
  static void RunCompetition() {
    cp::CompetitionService::Stub& stub = s_->competition.stub();
    cp::CreateCompetitionRequest create;
    cp::Competition* c = create.mutable_competition();
    c->set_title(kTitle);
    c->set_level(cp::COMPETITION_LEVEL_PROVINCIAL);
    c->set_year(2026);
    c->mutable_organiser()->set_credit_code(CreditCode(1));
    c->mutable_organiser()->set_name("青岛测试主办单位");
    c->mutable_organiser()->set_district_code(kDistrictA);
    cp::CreateCompetitionResponse created;
    ASSERT_RPC_OK(stub.CreateCompetition(As(kAdminToken).get(), create, &created));
    const std::string competition_id = created.competition().id();
    cp::AddContestRequest add;
    add.mutable_contest()->set_competition_id(competition_id);
    add.mutable_contest()->set_title("焊工（职工组）");
    add.mutable_contest()->set_occupation_code(kWelder);
    add.mutable_contest()->set_group(cp::CONTEST_GROUP_EMPLOYEES);
    cp::AddContestResponse added;
    ASSERT_RPC_OK(stub.AddContest(As(kAdminToken).get(), add, &added));
    cp::FileCompetitionRequest file;
    file.set_id(competition_id);
    cp::FileCompetitionResponse filed;
    ASSERT_RPC_OK(stub.FileCompetition(As(kAdminToken).get(), file, &filed));
    cp::OpenCompetitionRequest open;
    open.set_id(competition_id);
    cp::OpenCompetitionResponse opened;
    ASSERT_RPC_OK(stub.OpenCompetition(As(kAdminToken).get(), open, &opened));
    for (const auto& [person, district, out] :
         {std::make_tuple(kWinner, kDistrictA, &s_->winner), std::make_tuple(kRunnerUp, kDistrictB, &s_->runner_up)}) {
      cp::RegisterEntryRequest reg;
      reg.mutable_entry()->set_contest_id(added.contest().id());
      reg.mutable_entry()->mutable_person()->set_id_number(PersonId(person));
      reg.mutable_entry()->mutable_person()->set_name(EvaluationHarness::PersonName(person));
      reg.mutable_entry()->mutable_affiliation()->set_credit_code(CreditCode(500 + person));
      reg.mutable_entry()->mutable_affiliation()->set_name("青岛测试企业");
      reg.mutable_entry()->mutable_affiliation()->set_district_code(district);
      cp::RegisterEntryResponse registered;
      ASSERT_RPC_OK(stub.RegisterEntry(As(kAdminToken).get(), reg, &registered));
      *out = registered.entry();
    }
    cp::CloseCompetitionRequest close;
    close.set_id(competition_id);
    cp::CloseCompetitionResponse closed;
    ASSERT_RPC_OK(stub.CloseCompetition(As(kAdminToken).get(), close, &closed));
    cp::PublishResultsRequest publish;
    publish.set_contest_id(added.contest().id());
    for (const auto& [entry, rank, award] :
         {std::make_tuple(&s_->winner, 1, cp::AWARD_GOLD), std::make_tuple(&s_->runner_up, 2, cp::AWARD_EXCELLENCE)}) {
      cp::ResultRow* row = publish.add_results();
      row->set_entry_id(entry->id());
      row->set_rank(rank);
      row->set_award(award);
    }
    cp::PublishResultsResponse published;
    ASSERT_RPC_OK(stub.PublishResults(As(kAdminToken).get(), publish, &published));
    // The promotion worker asks evaluation for both certificates.
    for (cp::Entry* entry : {&s_->winner, &s_->runner_up}) {
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(15);
      while (std::chrono::steady_clock::now() < until) {
        cp::GetEntryRequest get;
        get.set_id(entry->id());
        cp::GetEntryResponse got;
        ASSERT_RPC_OK(stub.GetEntry(As(kAdminToken).get(), get, &got));
        *entry = got.entry();
        if (entry->promotion().status() == cp::PROMOTION_STATUS_ISSUED) {
          break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      ASSERT_EQ(entry->promotion().status(), cp::PROMOTION_STATUS_ISSUED) << entry->DebugString();
    }
    // The aggregator has applied both feeds when the city counts both promotions as certified.
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    int64_t certified = -1;
    while (std::chrono::steady_clock::now() < until && certified != 2) {
      agg::GetDashboardRequest request;
      request.set_year(2026);
      agg::GetDashboardResponse dashboard;
      ASSERT_RPC_OK(s_->aggregator.stub().GetDashboard(As(kViewerToken).get(), request, &dashboard));
      for (const agg::IndicatorValue& v : dashboard.measures(3).values()) {
        if (v.indicator_id() == "competition_promotion_certified" && v.has_numerator()) {
          certified = static_cast<int64_t>(v.numerator());
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ASSERT_EQ(certified, 2) << "the aggregator did not apply both feeds";
  }

  static agg::GetTalentProfileResponse Profile(const std::string& token, int person) {
    agg::GetTalentProfileRequest request;
    request.set_id_number(PersonId(person));
    agg::GetTalentProfileResponse response;
    const grpc::Status status = s_->aggregator.stub().GetTalentProfile(As(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static agg::GetDashboardResponse Dashboard(const std::string& district) {
    agg::GetDashboardRequest request;
    request.set_year(2026);
    request.set_district_code(district);
    agg::GetDashboardResponse response;
    const grpc::Status status = s_->aggregator.stub().GetDashboard(As(kViewerToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static const agg::IndicatorValue* Value(const agg::GetDashboardResponse& dashboard, const std::string& id) {
    for (const agg::MeasureGroup& g : dashboard.measures()) {
      for (const agg::IndicatorValue& v : g.values()) {
        if (v.indicator_id() == id) {
          return &v;
        }
      }
    }
    return nullptr;
  }

  // Raw pointer: owned between SetUpTestSuite and TearDownTestSuite (no non-trivial statics).
  static Services* s_;
};

Services* AggregatorCompetitionTest::s_ = nullptr;

TEST_F(AggregatorCompetitionTest, TheChainViewShowsTheCompetitionFiguresOfEachChain) {
  const std::string chain = s_->winner.industry_chain_code();
  ASSERT_FALSE(chain.empty()) << "焊工 has a default chain";
  agg::GetIndustryChainViewRequest request;
  request.set_year(2026);
  agg::GetIndustryChainViewResponse view;
  ASSERT_RPC_OK(s_->aggregator.stub().GetIndustryChainView(As(kViewerToken).get(), request, &view));
  EXPECT_EQ(std::count(view.sources_not_connected().begin(), view.sources_not_connected().end(), "competition"), 0);
  bool found = false;
  for (const agg::IndustryChainRow& row : view.rows()) {
    ASSERT_TRUE(row.has_competition_participants()) << row.industry_chain_code();
    ASSERT_TRUE(row.has_competition_promotions()) << row.industry_chain_code();
    ASSERT_TRUE(row.has_competition_promotions_certified()) << row.industry_chain_code();
    const int64_t expected = row.industry_chain_code() == chain ? 2 : 0;
    found = found || row.industry_chain_code() == chain;
    EXPECT_EQ(row.competition_participants(), expected) << row.industry_chain_code();
    EXPECT_EQ(row.competition_promotions(), expected) << row.industry_chain_code();
    EXPECT_EQ(row.competition_promotions_certified(), expected) << row.industry_chain_code();
  }
  EXPECT_TRUE(found) << chain;
  // The same year a year later has nothing.
  request.set_year(2027);
  ASSERT_RPC_OK(s_->aggregator.stub().GetIndustryChainView(As(kViewerToken).get(), request, &view));
  for (const agg::IndustryChainRow& row : view.rows()) {
    EXPECT_EQ(row.competition_participants(), 0) << row.industry_chain_code();
  }
}

TEST(AggregatorWithoutCompetitionTest, TheChainViewLeavesTheCompetitionFiguresOutAndSaysSo) {
  AggregatorHarness harness;
  ASSERT_TRUE(harness.Start().ok());
  agg::GetIndustryChainViewRequest request;
  request.set_year(2026);
  agg::GetIndustryChainViewResponse view;
  ASSERT_RPC_OK(harness.stub().GetIndustryChainView(As(kViewerToken).get(), request, &view));
  EXPECT_EQ(std::count(view.sources_not_connected().begin(), view.sources_not_connected().end(), "competition"), 1);
  ASSERT_GT(view.rows_size(), 0);
  for (const agg::IndustryChainRow& row : view.rows()) {
    EXPECT_FALSE(row.has_competition_participants());
    EXPECT_FALSE(row.has_competition_promotions());
    EXPECT_FALSE(row.has_competition_promotions_certified());
  }
  // And no level breakdown without the source.
  agg::GetDashboardRequest dashboard_request;
  dashboard_request.set_year(2026);
  agg::GetDashboardResponse dashboard;
  ASSERT_RPC_OK(harness.stub().GetDashboard(As(kViewerToken).get(), dashboard_request, &dashboard));
  for (const agg::IndicatorValue& v : dashboard.measures(3).values()) {
    EXPECT_EQ(v.by_competition_level_size(), 0) << v.indicator_id();
  }
}

TEST_F(AggregatorCompetitionTest, TheCityDashboardBreaksTheCompetitionIndicatorsDownByLevel) {
  const agg::GetDashboardResponse city = Dashboard("");
  const std::vector<std::string> levels = {
      "WORLD",    "NATIONAL", "PROVINCIAL", "MUNICIPAL_CLASS_I", "MUNICIPAL_CLASS_II",
      "DISTRICT", "INDUSTRY", "ENTERPRISE"};
  for (const auto& [id, provincial] :
       {std::make_pair("competitions_held", 1.0), std::make_pair("competition_participants", 2.0),
        std::make_pair("competition_promotions", 2.0), std::make_pair("competition_promotion_certified", 100.0)}) {
    const agg::IndicatorValue* v = Value(city, id);
    ASSERT_NE(v, nullptr) << id;
    ASSERT_EQ(v->by_competition_level_size(), static_cast<int>(levels.size())) << id;
    double sum = 0;
    for (int i = 0; i < v->by_competition_level_size(); ++i) {
      const agg::CompetitionLevelValue& part = v->by_competition_level(i);
      EXPECT_EQ(part.level(), levels[i]) << id;
      EXPECT_EQ(part.value(), part.level() == "PROVINCIAL" ? provincial : 0.0) << id << " " << part.level();
      sum += part.value();
    }
    EXPECT_EQ(sum, v->value()) << id << ": one level holds the whole city figure";
  }
  const agg::IndicatorValue* certified = Value(city, "competition_promotion_certified");
  const agg::CompetitionLevelValue& provincial = certified->by_competition_level(2);
  EXPECT_EQ(provincial.numerator(), 2);
  EXPECT_EQ(provincial.denominator(), 2);
  EXPECT_TRUE(certified->by_competition_level(0).has_denominator());
  EXPECT_EQ(certified->by_competition_level(0).denominator(), 0);
  EXPECT_FALSE(Value(city, "competition_participants")->by_competition_level(0).has_numerator());
  // Other indicators, and a district's dashboard, have none.
  EXPECT_EQ(Value(city, "newly_certified_persons")->by_competition_level_size(), 0);
  const agg::GetDashboardResponse district = Dashboard(kDistrictA);
  EXPECT_EQ(Value(district, "competition_participants")->value(), 1);
  EXPECT_EQ(Value(district, "competition_participants")->by_competition_level_size(), 0);
}

TEST_F(AggregatorCompetitionTest, TheProfileListsThePersonsCompetitionEntries) {
  const agg::GetTalentProfileResponse profile = Profile(kAdminToken, kWinner);
  EXPECT_FALSE(profile.partial()) << profile.DebugString();
  bool competition_answered = false;
  for (const agg::SourceAnswer& a : profile.answers()) {
    competition_answered = competition_answered || (a.source() == "competition" && a.code() == "OK");
  }
  EXPECT_TRUE(competition_answered) << profile.DebugString();
  ASSERT_EQ(profile.competition_entries_size(), 1) << profile.DebugString();
  const agg::ProfileCompetitionEntry& e = profile.competition_entries(0);
  const cp::Entry& source = s_->winner;
  EXPECT_EQ(e.entry_id(), source.id());
  EXPECT_EQ(e.contest_id(), source.contest_id());
  EXPECT_EQ(e.competition_id(), source.competition_id());
  EXPECT_EQ(e.competition_title(), kTitle);
  EXPECT_EQ(e.occupation_code(), kWelder);
  EXPECT_EQ(e.year(), 2026);
  EXPECT_EQ(e.level(), "PROVINCIAL");
  EXPECT_EQ(e.group(), "EMPLOYEES");
  EXPECT_EQ(e.rank(), 1);
  EXPECT_EQ(e.award(), "GOLD");
  EXPECT_EQ(e.honour(), source.honour() == cp::HONOUR_TITLE_UNSPECIFIED
                            ? ""
                            : cp::HonourTitle_Name(source.honour()).substr(std::string("HONOUR_TITLE_").size()));
  EXPECT_EQ(e.promotion_status(), "ISSUED");
  EXPECT_EQ(e.target_level(), source.promotion().target_level());
  EXPECT_NE(e.target_level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_EQ(e.certificate_number(), source.promotion().certificate_number());
  EXPECT_EQ(e.certificate_number().size(), 22u);
  EXPECT_EQ(e.district_code(), kDistrictA);
  // The promotion certificate is among evaluation's certificates, and sets the highest level.
  ASSERT_EQ(profile.certificates_size(), 1);
  EXPECT_EQ(profile.certificates(0).number(), e.certificate_number());
  EXPECT_EQ(profile.highest_level(), e.target_level());
  EXPECT_EQ(profile.person().name(), EvaluationHarness::PersonName(kWinner));
  EXPECT_EQ(profile.person().id_number(), PersonId(kWinner));

  // A person with no competition record has none.
  const agg::GetTalentProfileResponse nobody = Profile(kAdminToken, 99);
  EXPECT_FALSE(nobody.partial());
  EXPECT_EQ(nobody.competition_entries_size(), 0);
}

TEST_F(AggregatorCompetitionTest, ADistrictOfficerSeesTheEntriesOfItsOwnDistrictOnly) {
  const agg::GetTalentProfileResponse own = Profile(kDistrictAToken, kWinner);
  ASSERT_EQ(own.competition_entries_size(), 1);
  EXPECT_EQ(own.competition_entries(0).entry_id(), s_->winner.id());
  EXPECT_EQ(own.competition_entries(0).certificate_number(), s_->winner.promotion().certificate_number());
  EXPECT_EQ(own.person().name(), EvaluationHarness::PersonName(kWinner));
  // District B's officer: the winner's entry (and certificate) are district A's: nothing, no name.
  const agg::GetTalentProfileResponse other = Profile(kDistrictBToken, kWinner);
  EXPECT_EQ(other.competition_entries_size(), 0);
  EXPECT_EQ(other.certificates_size(), 0);
  EXPECT_EQ(other.person().name(), "");
  // The runner-up is district B's.
  const agg::GetTalentProfileResponse runner_up = Profile(kDistrictBToken, kRunnerUp);
  ASSERT_EQ(runner_up.competition_entries_size(), 1);
  EXPECT_EQ(runner_up.competition_entries(0).entry_id(), s_->runner_up.id());
  EXPECT_EQ(runner_up.competition_entries(0).award(), "EXCELLENCE");
  EXPECT_EQ(runner_up.competition_entries(0).district_code(), kDistrictB);
  EXPECT_EQ(Profile(kDistrictAToken, kRunnerUp).competition_entries_size(), 0);
}

TEST_F(AggregatorCompetitionTest, TheVerifierSeesTheEntriesWithTheCertificateNumberCut) {
  const agg::GetTalentProfileResponse masked = Profile(kVerifierToken, kWinner);
  EXPECT_TRUE(masked.masked());
  EXPECT_EQ(masked.person().name(), "");
  EXPECT_EQ(masked.person().id_number(), PersonId(kWinner).substr(0, 6) + "********" + PersonId(kWinner).substr(14));
  ASSERT_EQ(masked.competition_entries_size(), 1);
  const agg::ProfileCompetitionEntry& e = masked.competition_entries(0);
  const std::string& number = s_->winner.promotion().certificate_number();
  EXPECT_EQ(e.certificate_number(), number.substr(0, 6) + "****");
  EXPECT_EQ(e.award(), "GOLD");
  EXPECT_EQ(e.promotion_status(), "ISSUED");
  EXPECT_EQ(e.competition_title(), kTitle);
  ASSERT_EQ(masked.certificates_size(), 1);
  EXPECT_EQ(masked.certificates(0).number(), number.substr(0, 6) + "****");
  // No full ID number or certificate number anywhere in the answer.
  const std::string all = masked.SerializeAsString();
  EXPECT_EQ(all.find(PersonId(kWinner)), std::string::npos);
  EXPECT_EQ(all.find(number), std::string::npos);
}

}  // namespace
}  // namespace skillbridge::testing
