// The incentive recount on hand-built records: the wage survey's three ratios per city and
// district (the current revision listed once per enterprise), 0 without surveys; honours awarded
// and their amounts by programme year; approvals by the year of decide_time in China Standard
// Time; every nominee and applicant in the talent database.

#include "tools/reconcile/incentive_tally.h"

#include "absl/time/time.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/proto_time.h"
#include "gtest/gtest.h"

namespace skillbridge::reconcile {
namespace {

namespace ic = ::skillbridge::incentive::v1;

constexpr double kMillion = 1000000;

ic::WageSurvey MakeSurvey(int year, const std::string& credit_code, const std::string& district, int64_t workforce,
                          int64_t skilled, int64_t high, int64_t skilled_pay, int64_t high_pay) {
  ic::WageSurvey s;
  s.set_year(year);
  s.mutable_report()->set_credit_code(credit_code);
  s.mutable_report()->set_workforce(workforce);
  s.mutable_enterprise()->set_credit_code(credit_code);
  s.mutable_enterprise()->set_district_code(district);
  s.set_skilled_headcount(skilled);
  s.set_high_skilled_headcount(high);
  s.set_skilled_pay_total_fen(skilled_pay);
  s.set_high_skilled_pay_total_fen(high_pay);
  return s;
}

ic::Nomination MakeNomination(const std::string& id, const std::string& person, int year, const std::string& district,
                              ic::NominationStatus status, int64_t award_fen = 0) {
  ic::Nomination n;
  n.set_id(id);
  n.mutable_person()->set_id_number(person);
  n.set_year(year);
  n.mutable_employer()->set_district_code(district);
  n.set_status(status);
  n.set_award_fen(award_fen);
  return n;
}

ic::BridgeApplication MakeApplication(const std::string& id, const std::string& person, const std::string& district,
                                      ic::BridgeStatus status, absl::Time decided) {
  ic::BridgeApplication a;
  a.set_id(id);
  a.mutable_person()->set_id_number(person);
  a.mutable_employer()->set_district_code(district);
  a.set_status(status);
  a.set_year(2025);
  if (status != ic::BRIDGE_STATUS_APPLIED) {
    *a.mutable_decide_time() = ToTimestamp(decided);
  }
  return a;
}

TEST(ReconcileIncentiveTallyTest, SurveyRatiosPerCityAndDistrict) {
  const std::vector<ic::WageSurvey> surveys = {
      MakeSurvey(2026, "A", "370211", 120, 90, 30, 990 * kMillion, 540 * kMillion),
      MakeSurvey(2026, "B", "370211", 200, 100, 25, 1200 * kMillion, 500 * kMillion),
      MakeSurvey(2026, "C", "370202", 50, 20, 10, 200 * kMillion, 120 * kMillion),
      MakeSurvey(2025, "A", "370211", 100, 50, 10, 500 * kMillion, 150 * kMillion),  // another year
  };
  Figures f;
  PersonsByDistrict talent;
  TallyIncentives(surveys, {}, {}, 2026, f, talent);
  EXPECT_DOUBLE_EQ(FigureOf(f, "skilled_share_of_workforce", ""), 100.0 * 210 / 370);
  EXPECT_DOUBLE_EQ(FigureOf(f, "skilled_share_of_workforce", "370211"), 100.0 * 190 / 320);
  EXPECT_DOUBLE_EQ(FigureOf(f, "skilled_share_of_workforce", "370202"), 100.0 * 20 / 50);
  EXPECT_DOUBLE_EQ(FigureOf(f, "high_skilled_share_of_skilled", ""), 100.0 * 65 / 210);
  EXPECT_DOUBLE_EQ(FigureOf(f, "high_skilled_share_of_skilled", "370202"), 50.0);
  EXPECT_DOUBLE_EQ(FigureOf(f, "skill_wage_premium", ""), (1160 * kMillion / 65) / (2390 * kMillion / 210));
  EXPECT_DOUBLE_EQ(FigureOf(f, "skill_wage_premium", "370211"), (1040 * kMillion / 55) / (2190 * kMillion / 190));
  EXPECT_DOUBLE_EQ(FigureOf(f, "skill_wage_premium", "370202"), (120.0 / 10) / (200.0 / 20));
  // A district without surveys reads 0.
  EXPECT_EQ(FigureOf(f, "skilled_share_of_workforce", "370203"), 0);
  // No survey at all: the city's ratios are there, 0.
  Figures none;
  TallyIncentives({}, {}, {}, 2026, none, talent);
  ASSERT_EQ(none.count("skill_wage_premium"), 1u);
  EXPECT_EQ(none.at("skill_wage_premium").at(""), 0);
  EXPECT_EQ(none.at("skilled_share_of_workforce").at(""), 0);
}

TEST(ReconcileIncentiveTallyTest, AwardsByProgrammeYearAndApprovalsByTheYearOfTheirDecision) {
  const std::vector<ic::Nomination> nominations = {
      MakeNomination("NM1", "P1", 2026, "370202", ic::NOMINATION_STATUS_AWARDED, 5000000),
      MakeNomination("NM2", "P2", 2026, "370203", ic::NOMINATION_STATUS_AWARDED, 3000000),
      MakeNomination("NM3", "P3", 2026, "370203", ic::NOMINATION_STATUS_REJECTED),
      MakeNomination("NM4", "P4", 2026, "370203", ic::NOMINATION_STATUS_UNDER_REVIEW),
      MakeNomination("NM5", "P5", 2025, "370202", ic::NOMINATION_STATUS_AWARDED, 2000000),
  };
  const std::vector<ic::BridgeApplication> applications = {
      MakeApplication("BA1", "P1", "370203", ic::BRIDGE_STATUS_APPROVED,
                      BureauTime(absl::CivilSecond(2026, 3, 10, 10, 0, 0))),
      // 2026-01-01 04:00 in Qingdao is still 2025 in UTC: counts in 2026.
      MakeApplication("BA2", "P6", "370211", ic::BRIDGE_STATUS_APPROVED,
                      BureauTime(absl::CivilSecond(2026, 1, 1, 4, 0, 0))),
      // 2025-12-31 23:00 in Qingdao: 2025.
      MakeApplication("BA3", "P7", "370211", ic::BRIDGE_STATUS_APPROVED,
                      BureauTime(absl::CivilSecond(2025, 12, 31, 23, 0, 0))),
      MakeApplication("BA4", "P8", "370211", ic::BRIDGE_STATUS_WITHDRAWN,
                      BureauTime(absl::CivilSecond(2026, 3, 10, 10, 0, 0))),
      MakeApplication("BA5", "P9", "", ic::BRIDGE_STATUS_APPLIED, absl::InfinitePast()),
  };
  Figures f;
  PersonsByDistrict talent;
  TallyIncentives({}, nominations, applications, 2026, f, talent);
  EXPECT_EQ(FigureOf(f, "honours_awarded", ""), 2);
  EXPECT_EQ(FigureOf(f, "honours_awarded", "370202"), 1);
  EXPECT_EQ(FigureOf(f, "honours_awarded", "370203"), 1);
  EXPECT_EQ(FigureOf(f, "award_amount", ""), 8000000);
  EXPECT_EQ(FigureOf(f, "award_amount", "370202"), 5000000);
  EXPECT_EQ(FigureOf(f, "career_bridge_approved", ""), 2);
  EXPECT_EQ(FigureOf(f, "career_bridge_approved", "370203"), 1);
  EXPECT_EQ(FigureOf(f, "career_bridge_approved", "370211"), 1);
  // Every nominee and applicant, of any year and state; P1 once.
  EXPECT_EQ(talent[""].size(), 9u);
  EXPECT_EQ(talent["370203"].size(), 4u);  // P1 (BA1), P2, P3, P4
  EXPECT_EQ(talent["370202"].size(), 2u);  // P1 (NM1), P5

  Figures earlier;
  TallyIncentives({}, nominations, applications, 2025, earlier, talent);
  EXPECT_EQ(FigureOf(earlier, "honours_awarded", ""), 1);
  EXPECT_EQ(FigureOf(earlier, "award_amount", ""), 2000000);
  EXPECT_EQ(FigureOf(earlier, "career_bridge_approved", ""), 1);
}

}  // namespace
}  // namespace skillbridge::reconcile
