// The aggregator with incentive (and evaluation) as real sources: the real evaluation and incentive
// services and the real aggregator in this process (real gRPC over TCP, each over its own real
// redis-server). Two enterprises of the register report their wage survey and one corrects it; a
// nomination is awarded and another rejected; a bridging application is approved. Once the
// aggregator has applied both feeds it shows:
//  - on the dashboard: the three wage-survey ratios (the correction replacing the first report),
//    honours awarded, their amount and approvals, for the city and per district;
//  - per industry chain: the surveyed workforce and certificates per thousand workers;
//  - in the talent profile: the person's nominations and bridging applications, scoped by role;
//  - the recount from incentive's own records (tools/reconcile) equal to the dashboard;
//  - the same figures after RebuildViews, incentive's whole feed consumed again from zero.

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/incentive/incentive_service_traits.h"
#include "skillbridge/incentive/v1/incentive.grpc.pb.h"
#include "tests/aggregator/aggregator_harness.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"
#include "tools/reconcile/compare.h"
#include "tools/reconcile/recount.h"

namespace skillbridge::testing {
namespace {

namespace agg = ::skillbridge::aggregator::v1;
namespace ids = ::skillbridge::aggregator::ids;
namespace ic = ::skillbridge::incentive::v1;
namespace ev = ::skillbridge::evaluation::v1;

constexpr int kBridged = 61;   // bridging applicant, employed in district A
constexpr int kAwarded = 62;   // awarded, employed in district A
constexpr int kRejected = 63;  // rejected, employed in district B
constexpr int kEnterpriseA = 71;
constexpr int kEnterpriseB = 72;
constexpr char kChain[] = "IC06";  // 焊工's chain

std::unique_ptr<grpc::ClientContext> As(const std::string& token) { return ContextWithToken(token); }

#define ASSERT_RPC_OK(call)                                                      \
  do {                                                                           \
    const grpc::Status rpc_status = (call);                                      \
    ASSERT_TRUE(rpc_status.ok()) << #call << ": " << rpc_status.error_message(); \
  } while (0)

common::v1::OrgRef Employer(int n, const std::string& district) {
  common::v1::OrgRef org;
  org.set_credit_code(CreditCode(n));
  org.set_name("青岛测试企业" + std::to_string(n));
  org.set_district_code(district);
  return org;
}

// A survey row: `workforce` workers, `skilled` of them at 四级 and `high` at 二级.
ic::WageSurveyDraft Row(int n, int64_t workforce, int64_t skilled, int64_t high, int64_t pay, int64_t high_pay) {
  ic::WageSurveyDraft row;
  row.set_credit_code(CreditCode(n));
  row.set_workforce(workforce);
  row.set_uncertified_headcount(workforce - skilled - high);
  row.set_uncertified_average_pay_fen(5'000'000);
  ic::LevelPay* level = row.add_levels();
  level->set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  level->set_headcount(skilled);
  level->set_average_annual_pay_fen(pay);
  level = row.add_levels();
  level->set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  level->set_headcount(high);
  level->set_average_annual_pay_fen(high_pay);
  return row;
}

struct Services {
  EvaluationHarness evaluation;
  ServiceHarness<incentive::IncentiveServiceTraits> incentive;
  AggregatorHarness aggregator;
  // The surveys as stored after the correction, the awarded nomination, the approved application.
  std::vector<ic::WageSurvey> surveys;
  ic::Nomination awarded;
  ic::BridgeApplication approved;
  std::string certificate;
};

class AggregatorIncentiveTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    s_ = new Services();
    ASSERT_TRUE(s_->evaluation.Start().ok());
    incentive::IncentiveServiceTraits::Options options;
    options.evaluation.address = s_->evaluation.address();
    options.evaluation.timeout = std::chrono::milliseconds(2000);
    absl::Status started = s_->incentive.Start(
        std::move(options), [](HarnessEnvironment& env, incentive::IncentiveServiceTraits::Options& o) {
          o.evaluation.token_file = env.WriteTokenFile("service-token", kServiceToken);
        });
    ASSERT_TRUE(started.ok()) << started;
    started = s_->aggregator.Start([](HarnessEnvironment& env, aggregator::AggregatorServerConfig& config) {
      config.sources["evaluation"] = {s_->evaluation.address(), ""};
      config.sources["incentive"] = {s_->incentive.address(), ""};
      config.service_token_file = env.WriteTokenFile("service-token", kServiceToken);
    });
    ASSERT_TRUE(started.ok()) << started;
    RunYear();
  }

  static void TearDownTestSuite() {
    delete s_;
    s_ = nullptr;
  }

  void SetUp() override {
    ASSERT_NE(s_, nullptr);
    ASSERT_FALSE(s_->approved.id().empty()) << "the year did not run";
  }

  static void RunYear() {
    ev::EvaluationService::Stub& evaluation = s_->evaluation.stub();
    ic::IncentiveService::Stub& stub = s_->incentive.stub();
    // The register: two enterprises of chain IC06, in districts A and B.
    for (const auto& [n, district] :
         {std::make_pair(kEnterpriseA, kDistrictA), std::make_pair(kEnterpriseB, kDistrictB)}) {
      ev::UpsertEnterpriseRequest request;
      *request.mutable_enterprise()->mutable_org() = Employer(n, district);
      request.mutable_enterprise()->set_above_designated_size(true);
      request.mutable_enterprise()->set_industry_chain_code(kChain);
      request.mutable_enterprise()->set_employee_count(500);
      ev::UpsertEnterpriseResponse response;
      ASSERT_RPC_OK(evaluation.UpsertEnterprise(As(kAdminToken).get(), request, &response));
    }
    // The applicant's 二级/技师 certificate, held since 2022 (a certificate of chain IC06 this year
    // too: its issue date is what the chain counts, so a second one is issued in 2026).
    s_->evaluation.CreateFiledOrg(CreditCode(900), kDistrictA);
    for (int year : {2022, 2026}) {
      ev::IssueCertificateRequest request;
      *request.mutable_certificate() = EvaluationHarness::Draft(year == 2022 ? kBridged : kAwarded, CreditCode(900),
                                                                common::v1::SKILL_LEVEL_2_TECHNICIAN);
      request.mutable_certificate()->mutable_issue_date()->set_year(year);
      ev::IssueCertificateResponse response;
      ASSERT_RPC_OK(evaluation.IssueCertificate(As(kAdminToken).get(), request, &response));
      if (year == 2026) {
        s_->certificate = response.certificate().number();
      }
    }

    // The wage survey of 2026; enterprise A corrects its report.
    ic::SubmitWageSurveysRequest submit;
    submit.set_year(2026);
    *submit.add_surveys() = Row(kEnterpriseA, 400, 200, 40, 8'000'000, 12'000'000);
    *submit.add_surveys() = Row(kEnterpriseB, 300, 90, 30, 7'000'000, 14'000'000);
    ic::SubmitWageSurveysResponse submitted;
    ASSERT_RPC_OK(stub.SubmitWageSurveys(As(kAdminToken).get(), submit, &submitted));
    ASSERT_EQ(submitted.accepted_count(), 2);
    ic::SubmitWageSurveysRequest correct;
    correct.set_year(2026);
    *correct.add_surveys() = Row(kEnterpriseA, 500, 250, 60, 8'500'000, 13'000'000);
    ic::SubmitWageSurveysResponse corrected;
    ASSERT_RPC_OK(stub.SubmitWageSurveys(As(kAdminToken).get(), correct, &corrected));
    ASSERT_EQ(corrected.replaced_count(), 1);
    s_->surveys = {corrected.results(0).survey(), submitted.results(1).survey()};
    ASSERT_EQ(s_->surveys[0].revision(), 2);

    // Honours: one awarded (district A), one rejected (district B).
    ic::CreateHonourProgrammeRequest create;
    create.mutable_programme()->set_year(2026);
    create.mutable_programme()->set_kind(ic::HONOUR_KIND_LEADING_TALENT);
    create.mutable_programme()->set_title("2026年度青岛市高技能领军人才");
    create.mutable_programme()->set_quota(5);
    create.mutable_programme()->set_award_fen(2'000'000);
    ic::CreateHonourProgrammeResponse programme;
    ASSERT_RPC_OK(stub.CreateHonourProgramme(As(kAdminToken).get(), create, &programme));
    for (const auto& [person, district] :
         {std::make_pair(kAwarded, kDistrictA), std::make_pair(kRejected, kDistrictB)}) {
      ic::NominateForHonourRequest nominate;
      ic::Nomination* n = nominate.mutable_nomination();
      n->set_programme_id(programme.programme().id());
      n->mutable_person()->set_id_number(PersonId(person));
      n->mutable_person()->set_name(EvaluationHarness::PersonName(person));
      *n->mutable_employer() = Employer(person == kAwarded ? kEnterpriseA : kEnterpriseB, district);
      n->set_occupation_code("6-18-02-04");
      n->set_citation("长期扎根生产一线，攻克焊接工艺难题");
      ic::NominateForHonourResponse nominated;
      ASSERT_RPC_OK(stub.NominateForHonour(As(kAdminToken).get(), nominate, &nominated));
      ic::StartNominationReviewRequest review;
      review.set_id(nominated.nomination().id());
      ic::StartNominationReviewResponse reviewed;
      ASSERT_RPC_OK(stub.StartNominationReview(As(kAdminToken).get(), review, &reviewed));
      if (person == kAwarded) {
        ic::AwardNominationRequest award;
        award.set_id(nominated.nomination().id());
        ic::AwardNominationResponse awarded;
        ASSERT_RPC_OK(stub.AwardNomination(As(kAdminToken).get(), award, &awarded));
        s_->awarded = awarded.nomination();
      } else {
        ic::RejectNominationRequest reject;
        reject.set_id(nominated.nomination().id());
        reject.set_reason("事迹材料与实际不符");
        ic::RejectNominationResponse rejected;
        ASSERT_RPC_OK(stub.RejectNomination(As(kAdminToken).get(), reject, &rejected));
      }
    }

    // Career bridging: applied and approved (district A).
    ic::ApplyCareerBridgeRequest apply;
    ic::BridgeApplication* a = apply.mutable_application();
    a->mutable_person()->set_id_number(PersonId(kBridged));
    a->mutable_person()->set_name(EvaluationHarness::PersonName(kBridged));
    *a->mutable_employer() = Employer(kEnterpriseA, kDistrictA);
    a->set_series(ic::TITLE_SERIES_ENGINEERING);
    a->set_grade(ic::TITLE_GRADE_INTERMEDIATE);
    a->set_occupation_code("6-18-02-04");
    ic::ApplyCareerBridgeResponse applied;
    ASSERT_RPC_OK(stub.ApplyCareerBridge(As(kAdminToken).get(), apply, &applied));
    ic::ApproveBridgeApplicationRequest approve;
    approve.set_id(applied.application().id());
    ic::ApproveBridgeApplicationResponse approved;
    ASSERT_RPC_OK(stub.ApproveBridgeApplication(As(kAdminToken).get(), approve, &approved));
    s_->approved = approved.application();
    WaitCaughtUp();
  }

  // Until the aggregator has applied every event of both feeds.
  static void WaitCaughtUp() {
    ic::ListEventsRequest request;
    request.set_max_events(1000);
    ic::ListEventsResponse events;
    ASSERT_RPC_OK(s_->incentive.stub().ListEvents(As(kServiceToken).get(), request, &events));
    const std::string last = events.last_id();
    const absl::Time give_up = absl::Now() + absl::Seconds(30);
    while (absl::Now() < give_up) {
      agg::GetSourceStatusResponse status;
      ASSERT_RPC_OK(s_->aggregator.stub().GetSourceStatus(As(kAdminToken).get(), {}, &status));
      bool caught_up = true;
      for (const auto& source : status.sources()) {
        if (source.source() == "incentive") {
          caught_up = caught_up && source.cursor() == last;
        } else if (source.connected()) {
          caught_up = caught_up && source.healthy() && source.lag_seconds() == 0 && source.cursor() != "0";
        }
      }
      if (caught_up) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    FAIL() << "the aggregator did not catch up with incentive's feed (last id " << last << ")";
  }

  static agg::GetDashboardResponse Dashboard(const std::string& district) {
    agg::GetDashboardRequest request;
    request.set_year(2026);
    request.set_district_code(district);
    agg::GetDashboardResponse response;
    const grpc::Status status = s_->aggregator.stub().GetDashboard(As(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static agg::IndicatorValue ValueOf(const agg::GetDashboardResponse& dashboard, const std::string& id) {
    for (const auto& group : dashboard.measures()) {
      for (const auto& value : group.values()) {
        if (value.indicator_id() == id) {
          return value;
        }
      }
    }
    ADD_FAILURE() << id << " is not on the dashboard";
    return {};
  }

  static agg::GetTalentProfileResponse Profile(int person, const std::string& token) {
    agg::GetTalentProfileRequest request;
    request.set_id_number(PersonId(person));
    agg::GetTalentProfileResponse response;
    const grpc::Status status = s_->aggregator.stub().GetTalentProfile(As(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static Services* s_;
};

Services* AggregatorIncentiveTest::s_ = nullptr;

TEST_F(AggregatorIncentiveTest, DashboardShowsTheSurveyRatiosWithTheCorrectionReplacingTheFirstReport) {
  const ic::WageSurvey& a = s_->surveys[0];
  const ic::WageSurvey& b = s_->surveys[1];
  // The corrected report: 500 workers, 250 at 四级, 60 at 二级.
  ASSERT_EQ(a.report().workforce(), 500);
  ASSERT_EQ(a.skilled_headcount(), 310);
  ASSERT_EQ(a.high_skilled_headcount(), 60);
  const double workforce = 500 + 300;
  const double skilled = static_cast<double>(a.skilled_headcount() + b.skilled_headcount());
  const double high = static_cast<double>(a.high_skilled_headcount() + b.high_skilled_headcount());
  const double skilled_pay = static_cast<double>(a.skilled_pay_total_fen() + b.skilled_pay_total_fen());
  const double high_pay = static_cast<double>(a.high_skilled_pay_total_fen() + b.high_skilled_pay_total_fen());
  const agg::GetDashboardResponse city = Dashboard("");
  const agg::IndicatorValue share = ValueOf(city, ids::kSkilledShare);
  ASSERT_TRUE(share.source_connected());
  ASSERT_TRUE(share.has_value());
  EXPECT_DOUBLE_EQ(share.value(), 100.0 * skilled / workforce);
  EXPECT_EQ(share.numerator(), skilled);
  EXPECT_EQ(share.denominator(), workforce);
  EXPECT_DOUBLE_EQ(ValueOf(city, ids::kHighSkilledShare).value(), 100.0 * high / skilled);
  EXPECT_DOUBLE_EQ(ValueOf(city, ids::kSkillWagePremium).value(), (high_pay / high) / (skilled_pay / skilled));
  // District A: the corrected report alone.
  const agg::GetDashboardResponse district_a = Dashboard(kDistrictA);
  EXPECT_DOUBLE_EQ(ValueOf(district_a, ids::kSkilledShare).value(), 100.0 * 310 / 500);
  EXPECT_DOUBLE_EQ(ValueOf(district_a, ids::kSkillWagePremium).value(),
                   (static_cast<double>(a.high_skilled_pay_total_fen()) / 60) /
                       (static_cast<double>(a.skilled_pay_total_fen()) / 310));
  EXPECT_DOUBLE_EQ(
      ValueOf(Dashboard(kDistrictB), ids::kHighSkilledShare).value(),
      100.0 * static_cast<double>(b.high_skilled_headcount()) / static_cast<double>(b.skilled_headcount()));
}

TEST_F(AggregatorIncentiveTest, DashboardCountsTheAwardAndTheApprovalInTheirDistrict) {
  const agg::GetDashboardResponse city = Dashboard("");
  EXPECT_EQ(ValueOf(city, ids::kHonoursAwarded).value(), 1);
  EXPECT_EQ(ValueOf(city, ids::kAwardAmount).value(), 2'000'000);
  EXPECT_EQ(ValueOf(city, ids::kCareerBridgeApproved).value(), 1);
  const agg::GetDashboardResponse district_a = Dashboard(kDistrictA);
  EXPECT_EQ(ValueOf(district_a, ids::kHonoursAwarded).value(), 1);
  EXPECT_EQ(ValueOf(district_a, ids::kCareerBridgeApproved).value(), 1);
  const agg::GetDashboardResponse district_b = Dashboard(kDistrictB);
  EXPECT_EQ(ValueOf(district_b, ids::kHonoursAwarded).value(), 0);
  EXPECT_EQ(ValueOf(district_b, ids::kAwardAmount).value(), 0);
  // The source status shows incentive consumed.
  agg::GetSourceStatusResponse status;
  ASSERT_RPC_OK(s_->aggregator.stub().GetSourceStatus(As(kAdminToken).get(), {}, &status));
  const auto it = std::find_if(status.sources().begin(), status.sources().end(),
                               [](const agg::SourceStatus& s) { return s.source() == "incentive"; });
  ASSERT_NE(it, status.sources().end());
  EXPECT_TRUE(it->connected());
  EXPECT_TRUE(it->healthy());
  EXPECT_GT(it->events_applied(), 0);
}

TEST_F(AggregatorIncentiveTest, ChainViewShowsTheSurveyedWorkforceAndCertificatesPerThousand) {
  agg::GetIndustryChainViewRequest request;
  request.set_year(2026);
  agg::GetIndustryChainViewResponse response;
  ASSERT_RPC_OK(s_->aggregator.stub().GetIndustryChainView(As(kViewerToken).get(), request, &response));
  const auto row = std::find_if(response.rows().begin(), response.rows().end(),
                                [](const agg::IndustryChainRow& r) { return r.industry_chain_code() == kChain; });
  ASSERT_NE(row, response.rows().end());
  ASSERT_TRUE(row->has_workforce());
  EXPECT_EQ(row->workforce(), 800);
  EXPECT_GE(row->certificates(), 1);
  EXPECT_DOUBLE_EQ(row->certificates_per_thousand_workforce(), static_cast<double>(row->certificates()) * 1000 / 800);
  EXPECT_EQ(std::count(response.sources_not_connected().begin(), response.sources_not_connected().end(), "incentive"),
            0);
}

TEST_F(AggregatorIncentiveTest, ProfileShowsNominationsAndApplicationsScopedByRole) {
  const agg::GetTalentProfileResponse awarded = Profile(kAwarded, kAdminToken);
  EXPECT_FALSE(awarded.partial());
  ASSERT_EQ(awarded.nominations_size(), 1);
  EXPECT_EQ(awarded.nominations(0).nomination_id(), s_->awarded.id());
  EXPECT_EQ(awarded.nominations(0).status(), "AWARDED");
  EXPECT_EQ(awarded.nominations(0).kind(), "LEADING_TALENT");
  EXPECT_EQ(awarded.nominations(0).year(), 2026);
  EXPECT_EQ(awarded.nominations(0).award_fen(), 2'000'000);
  EXPECT_EQ(awarded.nominations(0).district_code(), kDistrictA);
  EXPECT_EQ(awarded.nominations(0).programme_title(), "2026年度青岛市高技能领军人才");
  const auto answer = std::find_if(awarded.answers().begin(), awarded.answers().end(),
                                   [](const agg::SourceAnswer& a) { return a.source() == "incentive"; });
  ASSERT_NE(answer, awarded.answers().end());
  EXPECT_EQ(answer->code(), "OK");

  const agg::GetTalentProfileResponse bridged = Profile(kBridged, kAdminToken);
  ASSERT_EQ(bridged.bridge_applications_size(), 1);
  EXPECT_EQ(bridged.bridge_applications(0).application_id(), s_->approved.id());
  EXPECT_EQ(bridged.bridge_applications(0).status(), "APPROVED");
  EXPECT_EQ(bridged.bridge_applications(0).series(), "ENGINEERING");
  EXPECT_EQ(bridged.bridge_applications(0).grade(), "INTERMEDIATE");
  EXPECT_EQ(bridged.bridge_applications(0).qualifying_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  // The verifier: the awarded honour stays, the bridging application and the rejected nomination go.
  const agg::GetTalentProfileResponse verified = Profile(kBridged, kVerifierToken);
  EXPECT_TRUE(verified.masked());
  EXPECT_EQ(verified.bridge_applications_size(), 0);
  EXPECT_EQ(Profile(kAwarded, kVerifierToken).nominations_size(), 1);
  EXPECT_EQ(Profile(kRejected, kVerifierToken).nominations_size(), 0);
  EXPECT_EQ(Profile(kRejected, kAdminToken).nominations_size(), 1);
  // A district officer sees its own district's records only.
  EXPECT_EQ(Profile(kRejected, kDistrictAToken).nominations_size(), 0);
  EXPECT_EQ(Profile(kRejected, kDistrictBToken).nominations_size(), 1);
  EXPECT_EQ(Profile(kBridged, kDistrictAToken).bridge_applications_size(), 1);
}

TEST_F(AggregatorIncentiveTest, TheRecountFromIncentivesRecordsMatchesTheDashboard) {
  auto evaluation = ev::EvaluationService::NewStub(s_->evaluation.channel());
  auto incentive = ic::IncentiveService::NewStub(s_->incentive.channel());
  reconcile::RecountSources sources;
  sources.evaluation = evaluation.get();
  sources.incentive = incentive.get();
  sources.token = kAdminToken;
  auto recount = reconcile::RecountFromSources(sources, 2026);
  ASSERT_TRUE(recount.ok()) << recount.status();
  const std::vector<agg::GetDashboardResponse> dashboards = {Dashboard(""), Dashboard(kDistrictA),
                                                             Dashboard(kDistrictB)};
  int compared = 0;
  for (const auto& row : reconcile::Compare(*recount, dashboards)) {
    EXPECT_TRUE(row.equal) << row.indicator << " " << row.district << ": aggregator " << row.aggregator << ", recount "
                           << row.recount;
    ++compared;
  }
  // Six incentive indicators and the evaluation ones, for the city and two districts.
  EXPECT_GE(compared, 3 * 6);
  EXPECT_DOUBLE_EQ(reconcile::FigureOf(*recount, ids::kHonoursAwarded, ""), 1);
  EXPECT_DOUBLE_EQ(reconcile::FigureOf(*recount, ids::kCareerBridgeApproved, kDistrictA), 1);
}

TEST_F(AggregatorIncentiveTest, AFeedConsumedAgainFromZeroGivesTheSameFigures) {
  const std::vector<std::string> incentive_ids = {
      ids::kSkilledShare, ids::kHighSkilledShare,     ids::kSkillWagePremium, ids::kHonoursAwarded,
      ids::kAwardAmount,  ids::kCareerBridgeApproved, ids::kTalentDatabase};
  const auto figures = [&incentive_ids] {
    std::vector<double> out;
    for (const std::string& district : {std::string(), std::string(kDistrictA), std::string(kDistrictB)}) {
      const agg::GetDashboardResponse dashboard = Dashboard(district);
      for (const std::string& id : incentive_ids) {
        out.push_back(ValueOf(dashboard, id).value());
      }
    }
    return out;
  };
  const std::vector<double> before = figures();
  EXPECT_EQ(before[3], 1);  // honours_awarded, city
  agg::RebuildViewsRequest rebuild;
  rebuild.set_request_id("rebuild-incentive-1");
  agg::RebuildViewsResponse rebuilt;
  ASSERT_RPC_OK(s_->aggregator.stub().RebuildViews(As(kAdminToken).get(), rebuild, &rebuilt));
  EXPECT_GT(rebuilt.keys_removed(), 0);
  WaitCaughtUp();
  EXPECT_EQ(figures(), before);
}

}  // namespace
}  // namespace skillbridge::testing
