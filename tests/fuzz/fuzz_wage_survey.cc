// Fuzzes one wage-survey row as the incentive service checks it (services/incentive/domain/
// survey_rules.h): the input is a serialized skillbridge.incentive.v1.WageSurveyDraft as it
// arrives on the wire (bytes that do not parse are skipped, as gRPC refuses them before any
// handler runs), then ValidateSurveyDraft, SumSurvey and RatiosOf.
//
// Invariants:
//  - ValidateSurveyDraft answers OK or INVALID_ARGUMENT; a refusal names at least one field under
//    the row's prefix.
//  - An accepted row: workforce 1..1,000,000; uncertified + Σ levels' headcounts == workforce;
//    each level certified (五级..首席技师) and at most once; every headcount 0..1,000,000; a zero
//    headcount has zero pay and any other a pay within the documented bounds; the credit code is
//    upper-case and 18 characters.
//  - Its sums: 0 <= high-skilled <= skilled <= workforce; pay totals non-negative, high-skilled
//    <= skilled, and each equal to Σ headcount × pay (no overflow).
//  - Its ratios lie in [0, 1] for the two shares and are finite and non-negative for the premium.
//  - Validating the normalised row again accepts it unchanged (idempotent).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "common/status/errors.h"
#include "services/incentive/domain/survey_rules.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace skillbridge;  // NOLINT(build/namespaces): one function, all names from here
  namespace iv = ::skillbridge::incentive::v1;
  iv::WageSurveyDraft draft;
  if (!draft.ParseFromArray(data, static_cast<int>(size))) {
    return 0;
  }
  const auto valid = incentive::ValidateSurveyDraft(draft, "surveys[0]");
  if (!valid.ok()) {
    FUZZ_CHECK(valid.status().code() == absl::StatusCode::kInvalidArgument, valid.status().ToString());
    FUZZ_CHECK(valid.status().ToString().find("surveys[0]") != std::string::npos, valid.status().ToString());
    return 0;
  }
  const iv::WageSurveyDraft& row = *valid;
  FUZZ_CHECK(row.credit_code().size() == 18, row.credit_code());
  FUZZ_CHECK(row.workforce() >= 1 && row.workforce() <= incentive::kMaxSurveyWorkforce, row.DebugString());
  int64_t headcount = row.uncertified_headcount();
  int64_t skilled_pay = 0;
  int64_t high_pay = 0;
  int64_t skilled = 0;
  int64_t high = 0;
  uint32_t seen = 0;
  auto check_pay = [&](int64_t count, int64_t pay) {
    FUZZ_CHECK(count >= 0 && count <= incentive::kMaxSurveyHeadcount, row.DebugString());
    FUZZ_CHECK(
        count == 0 ? pay == 0 : pay >= incentive::kMinAverageAnnualPayFen && pay <= incentive::kMaxAverageAnnualPayFen,
        row.DebugString());
  };
  check_pay(row.uncertified_headcount(), row.uncertified_average_pay_fen());
  for (const iv::LevelPay& level : row.levels()) {
    FUZZ_CHECK(
        level.level() >= common::v1::SKILL_LEVEL_5_JUNIOR && level.level() <= common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN,
        row.DebugString());
    FUZZ_CHECK((seen & (1u << level.level())) == 0, "a level twice");
    seen |= 1u << level.level();
    check_pay(level.headcount(), level.average_annual_pay_fen());
    headcount += level.headcount();
    skilled += level.headcount();
    skilled_pay += level.headcount() * level.average_annual_pay_fen();
    if (level.level() >= common::v1::SKILL_LEVEL_3_SENIOR) {
      high += level.headcount();
      high_pay += level.headcount() * level.average_annual_pay_fen();
    }
  }
  FUZZ_CHECK(headcount == row.workforce(), row.DebugString());
  const incentive::SurveySums sums = incentive::SumSurvey(row);
  FUZZ_CHECK(sums.skilled_headcount == skilled && sums.high_skilled_headcount == high, row.DebugString());
  FUZZ_CHECK(sums.skilled_pay_total_fen == skilled_pay && sums.high_skilled_pay_total_fen == high_pay,
             row.DebugString());
  FUZZ_CHECK(0 <= high && high <= skilled && skilled <= row.workforce(), row.DebugString());
  FUZZ_CHECK(0 <= high_pay && high_pay <= skilled_pay, row.DebugString());
  const incentive::SurveyRatios ratios =
      incentive::RatiosOf(row.workforce(), sums.skilled_headcount, sums.high_skilled_headcount,
                          sums.skilled_pay_total_fen, sums.high_skilled_pay_total_fen);
  FUZZ_CHECK(ratios.skilled_share_of_workforce >= 0 && ratios.skilled_share_of_workforce <= 1, row.DebugString());
  FUZZ_CHECK(ratios.high_skilled_share_of_skilled >= 0 && ratios.high_skilled_share_of_skilled <= 1, row.DebugString());
  FUZZ_CHECK(std::isfinite(ratios.skill_wage_premium) && ratios.skill_wage_premium >= 0, row.DebugString());
  const auto again = incentive::ValidateSurveyDraft(row, "surveys[0]");
  FUZZ_CHECK(again.ok(), again.status().ToString());
  FUZZ_CHECK(again->SerializeAsString() == row.SerializeAsString(), "validating the normalised row changed it");
  return 0;
}
