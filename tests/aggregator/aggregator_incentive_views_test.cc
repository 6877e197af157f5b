// The incentive indicators on hand-computed fixtures: incentive feed events translated by the real
// translation, applied through the real Lua script on a real redis-server, and read back through
// the real handlers (GetDashboard, GetTrend, GetDistrictRanking, GetIndustryChainView):
//  - the wage survey's three ratios per city and district, a resubmitted survey replacing the first
//    in every figure, the same survey told again changing nothing;
//  - honours awarded and their amounts by programme year, approvals by the approval's day in China
//    Standard Time, each counted once whatever the feed repeats;
//  - the chain view's workforce and certificates per thousand workers;
//  - a replayed batch refused by the cursor guard and a rebuild from zero giving the same figures.

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/proto_time.h"
#include "gtest/gtest.h"
#include "services/aggregator/api/aggregator_handlers.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/evaluation_commands.h"
#include "services/aggregator/domain/incentive_commands.h"
#include "services/aggregator/store/aggregator_store.h"
#include "tests/aggregator/feed_batch.h"
#include "tests/support/redis_server.h"

namespace skillbridge::aggregator {
namespace {

namespace ic = ::skillbridge::incentive::v1;
namespace ev = ::skillbridge::evaluation::v1;
using ::skillbridge::testing::RedisTest;

constexpr char kHuangdao[] = "370211";
constexpr char kShinan[] = "370202";
constexpr char kShibei[] = "370203";
constexpr int64_t kMillion = 1000000;

ic::IncentiveEvent Survey(const std::string& credit_code, const std::string& district, const std::string& chain,
                          int64_t workforce, int64_t skilled, int64_t high, int64_t skilled_pay, int64_t high_pay,
                          int revision = 1, int year = 2026) {
  ic::IncentiveEvent e;
  ic::WageSurveySubmitted* s = e.mutable_wage_survey_submitted();
  s->set_year(year);
  s->set_credit_code(credit_code);
  s->set_district_code(district);
  s->set_industry_chain_code(chain);
  s->set_workforce(workforce);
  s->set_skilled_headcount(skilled);
  s->set_high_skilled_headcount(high);
  s->set_skilled_pay_total_fen(skilled_pay);
  s->set_high_skilled_pay_total_fen(high_pay);
  s->set_revision(revision);
  return e;
}

ic::IncentiveEvent Nomination(const std::string& id, const std::string& person, const std::string& district,
                              ic::NominationStatus status, int64_t award_fen = 0, int year = 2026) {
  ic::IncentiveEvent e;
  ic::NominationChanged* n = e.mutable_nomination_changed();
  n->set_nomination_id(id);
  n->set_programme_id("HP00000001");
  n->set_year(year);
  n->set_kind(ic::HONOUR_KIND_LEADING_TALENT);
  n->mutable_person()->set_id_number(person);
  n->set_district_code(district);
  n->set_status(status);
  n->set_award_fen(status == ic::NOMINATION_STATUS_AWARDED ? award_fen : 0);
  return e;
}

ic::IncentiveEvent Bridge(const std::string& id, const std::string& person, const std::string& district,
                          ic::BridgeStatus status, absl::Time status_time) {
  ic::IncentiveEvent e;
  ic::BridgeApplicationChanged* a = e.mutable_bridge_application_changed();
  a->set_application_id(id);
  a->mutable_person()->set_id_number(person);
  a->set_district_code(district);
  a->set_series(ic::TITLE_SERIES_ENGINEERING);
  a->set_grade(ic::TITLE_GRADE_ASSISTANT);
  a->set_status(status);
  a->set_year(2025);
  *a->mutable_status_time() = ToTimestamp(status_time);
  return e;
}

ev::EvaluationEvent Certificate(const std::string& number, const std::string& person, const std::string& chain) {
  ev::EvaluationEvent e;
  ev::CertificateIssued* c = e.mutable_certificate_issued();
  c->set_number(number);
  c->set_id_number(person);
  c->set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  c->set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  c->set_occupation_code("6-18-02-04");
  c->set_district_code(kHuangdao);
  c->set_industry_chain_code(chain);
  c->mutable_issue_date()->set_year(2026);
  c->mutable_issue_date()->set_month(4);
  c->mutable_issue_date()->set_day(2);
  return e;
}

// Enterprises A and B in 黄岛区 (chain IC03), C in 市南区 (chain IC01); A's survey corrected.
ic::IncentiveEvent SurveyA1() { return Survey("A", kHuangdao, "IC03", 100, 60, 20, 600 * kMillion, 300 * kMillion); }
ic::IncentiveEvent SurveyB() { return Survey("B", kHuangdao, "IC03", 200, 100, 25, 1200 * kMillion, 500 * kMillion); }
ic::IncentiveEvent SurveyC() { return Survey("C", kShinan, "IC01", 50, 20, 10, 200 * kMillion, 120 * kMillion); }
ic::IncentiveEvent SurveyA2() { return Survey("A", kHuangdao, "IC03", 120, 90, 30, 990 * kMillion, 540 * kMillion, 2); }

// The survey totals {workforce, skilled, high-skilled, skilled pay, high-skilled pay}.
struct Totals {
  double workforce, skilled, high, skilled_pay, high_pay;
  double SkilledShare() const { return 100.0 * skilled / workforce; }
  double HighShare() const { return 100.0 * high / skilled; }
  double Premium() const { return (high_pay / high) / (skilled_pay / skilled); }
};

// After A's correction: A2 + B + C (city), A2 + B (黄岛区), C (市南区).
constexpr Totals kCity = {370, 210, 65, 2390.0 * kMillion, 1160.0 * kMillion};
constexpr Totals kHuangdaoTotals = {320, 190, 55, 2190.0 * kMillion, 1040.0 * kMillion};
constexpr Totals kShinanTotals = {50, 20, 10, 200.0 * kMillion, 120.0 * kMillion};

class AggregatorIncentiveViewsTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    store_ = std::make_unique<AggregatorStore>(redis(), "test-owner");
    ASSERT_TRUE(store_->Initialize().ok());
    auto reference = ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    ASSERT_TRUE(reference.ok()) << reference.status();
    handlers_ = std::make_unique<AggregatorHandlers>(
        *store_, *reference,
        std::make_shared<const Catalogue>(std::set<v1::Source>{v1::SOURCE_EVALUATION, v1::SOURCE_INCENTIVE}),
        std::vector<FeedConsumer*>{}, std::vector<ProfileSource>{}, apply_mu_, HandlerOptions{});
    call_.principal.name = "admin";
    call_.principal.role = common::v1::ROLE_ADMIN;
    call_.now = BureauTime(absl::CivilSecond(2026, 6, 15, 10, 0, 0));
  }

  void Apply(const std::vector<ic::IncentiveEvent>& events) {
    ApplyFeedBatch(*store_, "incentive", events, &CommandsForIncentiveEvent, Cursor("incentive"), batches_);
  }
  void ApplyEvaluation(const std::vector<ev::EvaluationEvent>& events) {
    ApplyFeedBatch(*store_, "evaluation", events, &CommandsForEvaluationEvent, Cursor("evaluation"), batches_);
  }
  std::string& Cursor(const std::string& source) { return cursors_.emplace(source, "0").first->second; }

  // The dashboard's value of `indicator` for `district` ("" = city) in `year`.
  v1::IndicatorValue Value(const std::string& indicator, const std::string& district = "", int year = 2026) {
    v1::GetDashboardRequest request;
    request.set_year(year);
    request.set_district_code(district);
    v1::GetDashboardResponse response;
    const absl::Status st = handlers_->GetDashboard(call_, request, &response);
    EXPECT_TRUE(st.ok()) << st;
    for (const auto& group : response.measures()) {
      for (const auto& value : group.values()) {
        if (value.indicator_id() == indicator) {
          return value;
        }
      }
    }
    ADD_FAILURE() << indicator << " is not on the dashboard";
    return {};
  }

  void ExpectSurveyFigures(const std::string& district, const Totals& t) {
    const v1::IndicatorValue share = Value(ids::kSkilledShare, district);
    ASSERT_TRUE(share.has_value()) << district;
    EXPECT_DOUBLE_EQ(share.value(), t.SkilledShare()) << district;
    EXPECT_EQ(share.numerator(), t.skilled) << district;
    EXPECT_EQ(share.denominator(), t.workforce) << district;
    const v1::IndicatorValue high = Value(ids::kHighSkilledShare, district);
    EXPECT_DOUBLE_EQ(high.value(), t.HighShare()) << district;
    EXPECT_EQ(high.numerator(), t.high) << district;
    EXPECT_EQ(high.denominator(), t.skilled) << district;
    const v1::IndicatorValue premium = Value(ids::kSkillWagePremium, district);
    EXPECT_DOUBLE_EQ(premium.value(), t.Premium()) << district;
    EXPECT_DOUBLE_EQ(premium.numerator(), t.high_pay / t.high) << district;
    EXPECT_DOUBLE_EQ(premium.denominator(), t.skilled_pay / t.skilled) << district;
  }

  // Every incentive figure the views hold, for equality checks.
  std::map<std::string, int64_t> Snapshot() {
    std::map<std::string, int64_t> out;
    for (const char* ind :
         {ids::kSurveyWorkforce, ids::kSurveySkilled, ids::kSurveyHighSkilled, ids::kSurveySkilledPay,
          ids::kSurveyHighSkilledPay, ids::kHonoursAwarded, ids::kAwardAmount, ids::kCareerBridgeApproved}) {
      for (const char* b : {"2026", "2026|d:370202", "2026|d:370203", "2026|d:370211", "2026|c:IC01", "2026|c:IC03",
                            "2026-01", "2026-03"}) {
        auto v = store_->ReadBuckets(ind, {b});
        EXPECT_TRUE(v.ok());
        out[std::string(ind) + "/" + b] = v.ok() ? (*v)[0] : -1;
      }
    }
    out["persons"] = *store_->CountPersons("");
    return out;
  }

  std::unique_ptr<AggregatorStore> store_;
  std::unique_ptr<AggregatorHandlers> handlers_;
  absl::Mutex apply_mu_;
  CallContext call_;
  std::map<std::string, std::string> cursors_;
  int batches_ = 0;
};

TEST_F(AggregatorIncentiveViewsTest, SurveyRatiosPerCityAndDistrictWithAResubmissionReplacingTheFirst) {
  Apply({SurveyA1(), SurveyB()});
  Apply({SurveyC()});
  // Before the correction: A1 + B + C.
  EXPECT_DOUBLE_EQ(Value(ids::kSkilledShare).value(), 100.0 * 180 / 350);
  Apply({SurveyA2()});
  ExpectSurveyFigures("", kCity);
  ExpectSurveyFigures(kHuangdao, kHuangdaoTotals);
  ExpectSurveyFigures(kShinan, kShinanTotals);
  // The current survey told again (a feed re-read after a restart) changes nothing.
  Apply({SurveyA2(), SurveyB()});
  ExpectSurveyFigures("", kCity);
  ExpectSurveyFigures(kHuangdao, kHuangdaoTotals);
  // A district without surveys: ratios of zero totals are 0, with their parts.
  const v1::IndicatorValue none = Value(ids::kSkilledShare, kShibei);
  EXPECT_EQ(none.value(), 0);
  EXPECT_EQ(none.denominator(), 0);
  EXPECT_EQ(Value(ids::kSkillWagePremium, kShibei).value(), 0);
  // Another year has its own surveys.
  EXPECT_EQ(Value(ids::kSkilledShare, "", 2025).value(), 0);
  // The seed's city target (55%) of the stock: on track when reached.
  EXPECT_TRUE(Value(ids::kSkilledShare).on_track());
}

TEST_F(AggregatorIncentiveViewsTest, SurveyRatiosHaveAYearlyTrendAndADistrictRanking) {
  Apply({SurveyA1(), SurveyB(), SurveyC(), SurveyA2(),
         Survey("A", kHuangdao, "IC03", 100, 50, 10, 500 * kMillion, 150 * kMillion, 1, 2025)});
  v1::GetTrendRequest trend;
  trend.set_indicator_id(ids::kSkilledShare);
  trend.set_from_year(2025);
  trend.set_to_year(2026);
  v1::GetTrendResponse years;
  ASSERT_TRUE(handlers_->GetTrend(call_, trend, &years).ok());
  ASSERT_EQ(years.points_size(), 2);
  EXPECT_DOUBLE_EQ(years.points(0).value(), 50.0);
  EXPECT_DOUBLE_EQ(years.points(1).value(), kCity.SkilledShare());
  trend.set_indicator_id(ids::kSkillWagePremium);
  trend.set_district_code(kHuangdao);
  v1::GetTrendResponse premium;
  ASSERT_TRUE(handlers_->GetTrend(call_, trend, &premium).ok());
  ASSERT_EQ(premium.points_size(), 2);
  EXPECT_DOUBLE_EQ(premium.points(0).value(), (150.0 / 10) / (500.0 / 50));
  EXPECT_DOUBLE_EQ(premium.points(1).value(), kHuangdaoTotals.Premium());
  trend.set_monthly(true);
  v1::GetTrendResponse monthly;
  const absl::Status refused = handlers_->GetTrend(call_, trend, &monthly);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);

  v1::GetDistrictRankingRequest ranking;
  ranking.set_year(2026);
  ranking.set_indicator_id(ids::kHighSkilledShare);
  v1::GetDistrictRankingResponse rows;
  ASSERT_TRUE(handlers_->GetDistrictRanking(call_, ranking, &rows).ok());
  ASSERT_GE(rows.rows_size(), 2);
  // 市南区 50% ahead of 黄岛区 28.9%.
  EXPECT_EQ(rows.rows(0).district_code(), kShinan);
  EXPECT_DOUBLE_EQ(rows.rows(0).value(), kShinanTotals.HighShare());
  EXPECT_EQ(rows.rows(1).district_code(), kHuangdao);
  EXPECT_DOUBLE_EQ(rows.rows(1).value(), kHuangdaoTotals.HighShare());
  EXPECT_DOUBLE_EQ(rows.city_value(), kCity.HighShare());
}

TEST_F(AggregatorIncentiveViewsTest, HonoursAndApprovalsCountOnceInTheirLatestStateByYearAndDistrict) {
  const absl::Time march = BureauTime(absl::CivilSecond(2026, 3, 10, 10, 0, 0));
  // 2026-01-01 04:00 in Qingdao, still 2025 in UTC.
  const absl::Time new_year = BureauTime(absl::CivilSecond(2026, 1, 1, 4, 0, 0));
  Apply({Nomination("NM1", "P1", kShinan, ic::NOMINATION_STATUS_NOMINATED),
         Nomination("NM2", "P2", kShibei, ic::NOMINATION_STATUS_NOMINATED),
         Nomination("NM3", "P3", kShibei, ic::NOMINATION_STATUS_NOMINATED),
         Nomination("NM4", "P4", kShinan, ic::NOMINATION_STATUS_AWARDED, 2 * kMillion, 2025),
         Bridge("BA1", "P1", kShibei, ic::BRIDGE_STATUS_APPLIED, march),
         Bridge("BA2", "P5", kHuangdao, ic::BRIDGE_STATUS_APPLIED, march),
         Bridge("BA3", "P6", kHuangdao, ic::BRIDGE_STATUS_APPLIED, march)});
  EXPECT_EQ(Value(ids::kHonoursAwarded).value(), 0);
  Apply({Nomination("NM1", "P1", kShinan, ic::NOMINATION_STATUS_UNDER_REVIEW),
         Nomination("NM1", "P1", kShinan, ic::NOMINATION_STATUS_AWARDED, 5 * kMillion),
         Nomination("NM2", "P2", kShibei, ic::NOMINATION_STATUS_UNDER_REVIEW),
         Nomination("NM2", "P2", kShibei, ic::NOMINATION_STATUS_AWARDED, 3 * kMillion),
         Nomination("NM3", "P3", kShibei, ic::NOMINATION_STATUS_REJECTED),
         Bridge("BA1", "P1", kShibei, ic::BRIDGE_STATUS_APPROVED, march),
         Bridge("BA2", "P5", kHuangdao, ic::BRIDGE_STATUS_APPROVED, new_year),
         Bridge("BA3", "P6", kHuangdao, ic::BRIDGE_STATUS_WITHDRAWN, march)});
  // The awards and approvals told again in later batches count once.
  Apply({Nomination("NM1", "P1", kShinan, ic::NOMINATION_STATUS_AWARDED, 5 * kMillion),
         Bridge("BA1", "P1", kShibei, ic::BRIDGE_STATUS_APPROVED, march)});
  Apply({Nomination("NM2", "P2", kShibei, ic::NOMINATION_STATUS_AWARDED, 3 * kMillion)});
  EXPECT_EQ(Value(ids::kHonoursAwarded).value(), 2);
  EXPECT_EQ(Value(ids::kAwardAmount).value(), 8 * kMillion);
  EXPECT_EQ(Value(ids::kHonoursAwarded, kShinan).value(), 1);
  EXPECT_EQ(Value(ids::kAwardAmount, kShinan).value(), 5 * kMillion);
  EXPECT_EQ(Value(ids::kHonoursAwarded, kShibei).value(), 1);
  EXPECT_EQ(Value(ids::kAwardAmount, kShibei).value(), 3 * kMillion);
  // By the programme's year.
  EXPECT_EQ(Value(ids::kHonoursAwarded, "", 2025).value(), 1);
  EXPECT_EQ(Value(ids::kAwardAmount, "", 2025).value(), 2 * kMillion);
  // Approvals by the approval's day in Qingdao (both in 2026, though applied in 2025).
  EXPECT_EQ(Value(ids::kCareerBridgeApproved).value(), 2);
  EXPECT_EQ(Value(ids::kCareerBridgeApproved, kShibei).value(), 1);
  EXPECT_EQ(Value(ids::kCareerBridgeApproved, kHuangdao).value(), 1);
  EXPECT_EQ(Value(ids::kCareerBridgeApproved, "", 2025).value(), 0);
  v1::GetTrendRequest trend;
  trend.set_indicator_id(ids::kCareerBridgeApproved);
  trend.set_from_year(2026);
  trend.set_to_year(2026);
  trend.set_monthly(true);
  v1::GetTrendResponse months;
  ASSERT_TRUE(handlers_->GetTrend(call_, trend, &months).ok());
  ASSERT_EQ(months.points_size(), 12);
  EXPECT_EQ(months.points(0).value(), 1);  // January (BA2)
  EXPECT_EQ(months.points(1).value(), 0);
  EXPECT_EQ(months.points(2).value(), 1);  // March (BA1)
  // Honours count by the programme's year only.
  trend.set_indicator_id(ids::kHonoursAwarded);
  EXPECT_EQ(handlers_->GetTrend(call_, trend, &months).code(), absl::StatusCode::kFailedPrecondition);
  // Nominees and applicants are in the talent database: P1 ... P6.
  EXPECT_EQ(*store_->CountPersons(""), 6);
  EXPECT_EQ(*store_->CountPersons(kShibei), 3);  // P1 (BA1), P2, P3
}

TEST_F(AggregatorIncentiveViewsTest, ChainViewShowsTheSurveyedWorkforceAndCertificatesPerThousandWorkers) {
  Apply({SurveyA1(), SurveyB(), SurveyC(), SurveyA2()});
  ApplyEvaluation({Certificate("N1", "P1", "IC03"), Certificate("N2", "P2", "IC03"), Certificate("N3", "P3", "IC03"),
                   Certificate("N4", "P4", "IC02")});
  v1::GetIndustryChainViewRequest request;
  request.set_year(2026);
  v1::GetIndustryChainViewResponse response;
  ASSERT_TRUE(handlers_->GetIndustryChainView(call_, request, &response).ok());
  std::map<std::string, v1::IndustryChainRow> rows;
  for (const auto& row : response.rows()) {
    rows[row.industry_chain_code()] = row;
  }
  ASSERT_TRUE(rows.at("IC03").has_workforce());
  EXPECT_EQ(rows.at("IC03").workforce(), 320);  // A's correction (120) + B (200)
  EXPECT_EQ(rows.at("IC03").certificates(), 3);
  EXPECT_DOUBLE_EQ(rows.at("IC03").certificates_per_thousand_workforce(), 3 * 1000.0 / 320);
  EXPECT_EQ(rows.at("IC01").workforce(), 50);
  EXPECT_DOUBLE_EQ(rows.at("IC01").certificates_per_thousand_workforce(), 0);
  // Certificates but no surveyed workforce: workforce 0, no rate.
  EXPECT_EQ(rows.at("IC02").certificates(), 1);
  EXPECT_TRUE(rows.at("IC02").has_workforce());
  EXPECT_EQ(rows.at("IC02").workforce(), 0);
  EXPECT_FALSE(rows.at("IC02").has_certificates_per_thousand_workforce());
  for (const auto& name : response.sources_not_connected()) {
    EXPECT_NE(name, "incentive");
  }
}

TEST_F(AggregatorIncentiveViewsTest, ChainViewWithoutIncentiveHasNoWorkforceAndNamesTheSource) {
  AggregatorHandlers without(*store_,
                             *ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference"),
                             std::make_shared<const Catalogue>(std::set<v1::Source>{v1::SOURCE_EVALUATION}), {}, {},
                             apply_mu_, HandlerOptions{});
  Apply({SurveyA1()});
  v1::GetIndustryChainViewRequest request;
  request.set_year(2026);
  v1::GetIndustryChainViewResponse response;
  ASSERT_TRUE(without.GetIndustryChainView(call_, request, &response).ok());
  for (const auto& row : response.rows()) {
    EXPECT_FALSE(row.has_workforce()) << row.industry_chain_code();
    EXPECT_FALSE(row.has_certificates_per_thousand_workforce()) << row.industry_chain_code();
  }
  EXPECT_NE(std::find(response.sources_not_connected().begin(), response.sources_not_connected().end(), "incentive"),
            response.sources_not_connected().end());
  v1::GetDashboardRequest dashboard;
  dashboard.set_year(2026);
  v1::GetDashboardResponse shown;
  ASSERT_TRUE(without.GetDashboard(call_, dashboard, &shown).ok());
  for (const auto& group : shown.measures()) {
    for (const auto& value : group.values()) {
      if (value.indicator_id() == ids::kSkilledShare || value.indicator_id() == ids::kHonoursAwarded) {
        EXPECT_FALSE(value.source_connected());
        EXPECT_FALSE(value.has_value());
      }
    }
  }
}

TEST_F(AggregatorIncentiveViewsTest, AReplayedBatchIsRefusedAndARebuildFromZeroGivesTheSameFigures) {
  const absl::Time march = BureauTime(absl::CivilSecond(2026, 3, 10, 10, 0, 0));
  const std::vector<std::vector<ic::IncentiveEvent>> batches = {
      {SurveyA1(), SurveyB(), Nomination("NM1", "P1", kShinan, ic::NOMINATION_STATUS_NOMINATED),
       Bridge("BA1", "P1", kShibei, ic::BRIDGE_STATUS_APPLIED, march)},
      {SurveyC(), SurveyA2(), Nomination("NM1", "P1", kShinan, ic::NOMINATION_STATUS_AWARDED, 5 * kMillion),
       Bridge("BA1", "P1", kShibei, ic::BRIDGE_STATUS_APPROVED, march)},
  };
  Apply(batches[0]);
  Apply(batches[1]);
  // A consumer that did not see the reply sends the second batch again from the old cursor.
  std::vector<FeedCommand> commands;
  for (const auto& e : batches[1]) {
    for (auto& c : CommandsForIncentiveEvent(e)) {
      commands.push_back(std::move(c));
    }
  }
  auto replay = store_->ApplyBatch("incentive", "1-0", "3-0", 0, 4, commands);
  ASSERT_TRUE(replay.ok());
  EXPECT_FALSE(replay->applied);
  const auto before = Snapshot();
  EXPECT_EQ(before.at("survey_workforce/2026"), 370);
  EXPECT_EQ(before.at("honours_awarded/2026"), 1);
  EXPECT_EQ(before.at("career_bridge_approved/2026-03"), 1);
  ExpectSurveyFigures("", kCity);

  MutationMeta meta;
  auto removed = store_->RebuildViews(meta);
  ASSERT_TRUE(removed.ok());
  EXPECT_GT(*removed, 0);
  cursors_.clear();
  std::vector<ic::IncentiveEvent> all;
  for (const auto& b : batches) {
    all.insert(all.end(), b.begin(), b.end());
  }
  Apply(all);
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace skillbridge::aggregator
