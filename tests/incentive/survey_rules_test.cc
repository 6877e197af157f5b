// The wage-survey rules (services/incentive/domain/survey_rules.h): row checks with field paths,
// HEADCOUNT_MISMATCH, the sums, the three ratios, the stored record and its event.

#include "services/incentive/domain/survey_rules.h"

#include <cctype>
#include <cstdint>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "tests/support/test_ids.h"

namespace skillbridge::incentive {
namespace {

using common::v1::SkillLevel;
using testing::CreditCode;

void AddLevel(v1::WageSurveyDraft& draft, SkillLevel level, int64_t headcount, int64_t pay_fen) {
  v1::LevelPay* row = draft.add_levels();
  row->set_level(level);
  row->set_headcount(headcount);
  row->set_average_annual_pay_fen(pay_fen);
}

// 1,000 workers: 400 uncertified, 300 junior, 200 senior, 100 technicians.
v1::WageSurveyDraft ValidDraft() {
  v1::WageSurveyDraft draft;
  draft.set_credit_code(CreditCode(1));
  draft.set_workforce(1000);
  draft.set_uncertified_headcount(400);
  draft.set_uncertified_average_pay_fen(6'000'000);
  AddLevel(draft, common::v1::SKILL_LEVEL_5_JUNIOR, 300, 8'000'000);
  AddLevel(draft, common::v1::SKILL_LEVEL_3_SENIOR, 200, 10'000'000);
  AddLevel(draft, common::v1::SKILL_LEVEL_2_TECHNICIAN, 100, 13'000'000);
  return draft;
}

std::vector<std::string> FieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : FieldViolationsOf(status)) {
    fields.push_back(violation.field);
  }
  return fields;
}

void ExpectRefused(const v1::WageSurveyDraft& draft, const std::string& field) {
  absl::StatusOr<v1::WageSurveyDraft> checked = ValidateSurveyDraft(draft, "surveys[3]");
  ASSERT_FALSE(checked.ok()) << field;
  EXPECT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument) << field;
  EXPECT_EQ(FieldsOf(checked.status()), std::vector<std::string>{field}) << checked.status();
}

TEST(SurveyRulesTest, AcceptsAValidRowAndUpperCasesTheCreditCode) {
  // A code whose check character is a letter, sent in lower case.
  std::string code;
  for (int n = 1; code.empty() || !std::isalpha(static_cast<unsigned char>(code.back())); ++n) {
    code = CreditCode(n);
  }
  v1::WageSurveyDraft draft = ValidDraft();
  std::string lower = code;
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  draft.set_credit_code(lower);
  absl::StatusOr<v1::WageSurveyDraft> checked = ValidateSurveyDraft(draft, "surveys[0]");
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(checked->credit_code(), code);
  EXPECT_EQ(checked->levels_size(), 3);
}

TEST(SurveyRulesTest, NamesEachBadFieldWithItsPath) {
  struct Case {
    std::string name;
    std::function<void(v1::WageSurveyDraft&)> mutate;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"no credit code", [](auto& d) { d.clear_credit_code(); }, "surveys[3].credit_code"},
      {"bad check character", [](auto& d) { d.set_credit_code(CreditCode(1).substr(0, 17) + "!"); },
       "surveys[3].credit_code"},
      {"workforce 0",
       [](auto& d) {
         d.set_workforce(0);
         d.set_uncertified_headcount(0);
         d.set_uncertified_average_pay_fen(0);
         d.clear_levels();
       },
       "surveys[3].workforce"},
      {"workforce above 1,000,000", [](auto& d) { d.set_workforce(1'000'001); }, "surveys[3].workforce"},
      {"negative uncertified", [](auto& d) { d.set_uncertified_headcount(-1); }, "surveys[3].uncertified_headcount"},
      {"uncertified pay below 10,000 yuan", [](auto& d) { d.set_uncertified_average_pay_fen(999'999); },
       "surveys[3].uncertified_average_pay_fen"},
      {"pay for nobody",
       [](auto& d) {
         d.set_uncertified_headcount(0);
         d.set_workforce(600);
         d.set_uncertified_average_pay_fen(100);
       },
       "surveys[3].uncertified_average_pay_fen"},
      {"level unspecified", [](auto& d) { d.mutable_levels(1)->set_level(common::v1::SKILL_LEVEL_UNSPECIFIED); },
       "surveys[3].levels[1].level"},
      {"apprentice is not a certified level",
       [](auto& d) { d.mutable_levels(1)->set_level(common::v1::SKILL_LEVEL_APPRENTICE); },
       "surveys[3].levels[1].level"},
      {"unknown level", [](auto& d) { d.mutable_levels(1)->set_level(static_cast<SkillLevel>(99)); },
       "surveys[3].levels[1].level"},
      {"level twice", [](auto& d) { d.mutable_levels(2)->set_level(common::v1::SKILL_LEVEL_5_JUNIOR); },
       "surveys[3].levels[2].level"},
      {"headcount above 1,000,000", [](auto& d) { d.mutable_levels(1)->set_headcount(1'000'001); },
       "surveys[3].levels[1].headcount"},
      {"negative headcount", [](auto& d) { d.mutable_levels(1)->set_headcount(-200); },
       "surveys[3].levels[1].headcount"},
      {"pay above 5,000,000 yuan", [](auto& d) { d.mutable_levels(1)->set_average_annual_pay_fen(500'000'001); },
       "surveys[3].levels[1].average_annual_pay_fen"},
      {"pay without headcount",
       [](auto& d) {
         d.mutable_levels(0)->set_headcount(0);
         d.set_uncertified_headcount(700);
       },
       "surveys[3].levels[0].average_annual_pay_fen"},
      {"eight level rows",
       [](auto& d) {
         for (int i = 0; i < 5; ++i) {
           AddLevel(d, common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN, 0, 0);
         }
       },
       "surveys[3].levels"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    v1::WageSurveyDraft draft = ValidDraft();
    c.mutate(draft);
    ExpectRefused(draft, c.field);
  }
}

TEST(SurveyRulesTest, ExtremeValuesAreRefusedWithoutOverflow) {
  v1::WageSurveyDraft draft = ValidDraft();
  draft.set_workforce(std::numeric_limits<int64_t>::max());
  draft.set_uncertified_headcount(std::numeric_limits<int64_t>::max());
  draft.mutable_levels(0)->set_headcount(std::numeric_limits<int64_t>::min());
  draft.mutable_levels(0)->set_average_annual_pay_fen(std::numeric_limits<int64_t>::max());
  absl::StatusOr<v1::WageSurveyDraft> checked = ValidateSurveyDraft(draft, "surveys[0]");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(ReasonOf(checked.status()), std::string(kInvalidFieldReason));
  const std::vector<std::string> fields = FieldsOf(checked.status());
  EXPECT_EQ(fields.size(), 4u) << checked.status();
}

TEST(SurveyRulesTest, HeadcountsThatDoNotAddUpAreRefusedNamingTheWorkforce) {
  v1::WageSurveyDraft draft = ValidDraft();
  draft.set_workforce(1001);
  absl::StatusOr<v1::WageSurveyDraft> checked = ValidateSurveyDraft(draft, "surveys[7]");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(checked.status()), kReasonHeadcountMismatch);
  EXPECT_EQ(FieldsOf(checked.status()), std::vector<std::string>{"surveys[7].workforce"});
  EXPECT_NE(checked.status().message().find("1000"), std::string::npos) << checked.status();
}

TEST(SurveyRulesTest, AFieldErrorIsReportedBeforeTheMismatch) {
  v1::WageSurveyDraft draft = ValidDraft();
  draft.set_workforce(5);
  draft.mutable_levels(2)->set_average_annual_pay_fen(1);
  absl::StatusOr<v1::WageSurveyDraft> checked = ValidateSurveyDraft(draft, "surveys[0]");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(ReasonOf(checked.status()), std::string(kInvalidFieldReason));
  EXPECT_EQ(FieldsOf(checked.status()), std::vector<std::string>{"surveys[0].levels[2].average_annual_pay_fen"});
}

TEST(SurveyRulesTest, SumsSkilledAndHighSkilled) {
  const SurveySums sums = SumSurvey(ValidDraft());
  EXPECT_EQ(sums.skilled_headcount, 600);
  EXPECT_EQ(sums.high_skilled_headcount, 300);
  EXPECT_EQ(sums.skilled_pay_total_fen, 300 * 8'000'000LL + 200 * 10'000'000LL + 100 * 13'000'000LL);
  EXPECT_EQ(sums.high_skilled_pay_total_fen, 200 * 10'000'000LL + 100 * 13'000'000LL);
}

TEST(SurveyRulesTest, TheLargestRowSumsWithoutOverflow) {
  v1::WageSurveyDraft draft;
  draft.set_credit_code(CreditCode(9));
  draft.set_workforce(kMaxSurveyWorkforce);
  AddLevel(draft, common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN, kMaxSurveyHeadcount, kMaxAverageAnnualPayFen);
  ASSERT_TRUE(ValidateSurveyDraft(draft, "surveys[0]").ok());
  const SurveySums sums = SumSurvey(draft);
  EXPECT_EQ(sums.skilled_pay_total_fen, 500'000'000'000'000LL);
  EXPECT_EQ(sums.high_skilled_pay_total_fen, 500'000'000'000'000LL);
}

TEST(SurveyRulesTest, RatiosFromTotals) {
  const SurveySums sums = SumSurvey(ValidDraft());
  const SurveyRatios ratios = RatiosOf(1000, sums.skilled_headcount, sums.high_skilled_headcount,
                                       sums.skilled_pay_total_fen, sums.high_skilled_pay_total_fen);
  EXPECT_DOUBLE_EQ(ratios.skilled_share_of_workforce, 0.6);
  EXPECT_DOUBLE_EQ(ratios.high_skilled_share_of_skilled, 0.5);
  // High-skilled average 11,000,000 fen; skilled average 5,700,000,000 / 600 = 9,500,000 fen.
  EXPECT_DOUBLE_EQ(ratios.skill_wage_premium, 11'000'000.0 / 9'500'000.0);
}

TEST(SurveyRulesTest, RatiosAreZeroWithoutDenominators) {
  const SurveyRatios none = RatiosOf(0, 0, 0, 0, 0);
  EXPECT_EQ(none.skilled_share_of_workforce, 0);
  EXPECT_EQ(none.high_skilled_share_of_skilled, 0);
  EXPECT_EQ(none.skill_wage_premium, 0);
  const SurveyRatios no_high = RatiosOf(10, 5, 0, 50'000'000, 0);
  EXPECT_DOUBLE_EQ(no_high.skilled_share_of_workforce, 0.5);
  EXPECT_EQ(no_high.high_skilled_share_of_skilled, 0);
  EXPECT_EQ(no_high.skill_wage_premium, 0);

  v1::SurveyTotals totals;
  totals.set_workforce(4);
  totals.set_skilled_headcount(2);
  totals.set_high_skilled_headcount(1);
  totals.set_skilled_pay_total_fen(30'000'000);
  totals.set_high_skilled_pay_total_fen(20'000'000);
  FillRatios(totals);
  EXPECT_DOUBLE_EQ(totals.skilled_share_of_workforce(), 0.5);
  EXPECT_DOUBLE_EQ(totals.high_skilled_share_of_skilled(), 0.5);
  EXPECT_DOUBLE_EQ(totals.skill_wage_premium(), 20'000'000.0 / 15'000'000.0);
}

TEST(SurveyRulesTest, SurveyYears) {
  FieldViolations violations;
  CheckSurveyYear(2000, 2026, "year", violations);
  CheckSurveyYear(2026, 2026, "year", violations);
  EXPECT_TRUE(violations.empty());
  CheckSurveyYear(1999, 2026, "year", violations);
  CheckSurveyYear(2027, 2026, "year", violations);
  CheckSurveyYearToRead(0, "year", violations);
  EXPECT_EQ(violations.violations().size(), 3u);
}

TEST(SurveyRulesTest, BuildsTheRecordAndItsEvent) {
  absl::StatusOr<v1::WageSurveyDraft> report = ValidateSurveyDraft(ValidDraft(), "surveys[0]");
  ASSERT_TRUE(report.ok());
  common::v1::OrgRef enterprise;
  enterprise.set_credit_code(CreditCode(1));
  enterprise.set_name("青岛某某机械有限公司");
  enterprise.set_district_code("370211");
  const absl::Time created = absl::FromUnixSeconds(1'700'000'000);
  const absl::Time now = created + absl::Hours(5);
  const v1::WageSurvey survey = BuildWageSurvey(2025, *report, enterprise, "C01", 2, "district-officer", created, now);
  EXPECT_EQ(survey.year(), 2025);
  EXPECT_EQ(survey.enterprise().district_code(), "370211");
  EXPECT_EQ(survey.industry_chain_code(), "C01");
  EXPECT_EQ(survey.skilled_headcount(), 600);
  EXPECT_EQ(survey.revision(), 2);
  EXPECT_EQ(survey.create_time().seconds(), 1'700'000'000);
  EXPECT_EQ(survey.update_time().seconds(), 1'700'018'000);

  const v1::IncentiveEvent event = WageSurveySubmittedEvent(survey, now);
  ASSERT_TRUE(event.has_wage_survey_submitted());
  const v1::WageSurveySubmitted& submitted = event.wage_survey_submitted();
  EXPECT_EQ(submitted.credit_code(), CreditCode(1));
  EXPECT_EQ(submitted.district_code(), "370211");
  EXPECT_EQ(submitted.workforce(), 1000);
  EXPECT_EQ(submitted.high_skilled_headcount(), 300);
  EXPECT_EQ(submitted.high_skilled_pay_total_fen(), survey.high_skilled_pay_total_fen());
  EXPECT_EQ(submitted.revision(), 2);
  EXPECT_EQ(SurveyRevisionDetail(1), "revision 1");
  EXPECT_EQ(SurveyRevisionDetail(3), "revision 3 replaces 2");
}

}  // namespace
}  // namespace skillbridge::incentive
