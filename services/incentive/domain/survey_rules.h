#pragma once
// The rules of the enterprise wage survey (企业工资分配调查), pure:
//   - ValidateSurveyDraft: one row of SubmitWageSurveys checked field by field (paths such as
//     "surveys[3].levels[1].headcount"), the credit code normalised to upper case, and then the
//     headcounts checked to add up to the workforce (HEADCOUNT_MISMATCH naming
//     "<prefix>.workforce");
//   - SumSurvey: the skilled and high-skilled headcounts and pay totals of a valid row (int64 fen:
//     at most 1,000,000 workers × 500,000,000 fen per row, far inside int64);
//   - RatiosOf / FillRatios: the three wage-survey indicators from totals (0 when a denominator is
//     0);
//   - BuildWageSurvey / WageSurveySubmittedEvent / SurveyRevisionDetail: the record as stored, its
//     change event and its audit note.
// Errors: INVALID_ARGUMENT with field violations (reason INVALID_FIELD, or HEADCOUNT_MISMATCH /
// DUPLICATE_ENTERPRISE with the one field they name). Pure functions; thread-safe.

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/incentive/v1/events.pb.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

inline constexpr int kMinSurveyYear = 2000;
inline constexpr int kMaxSurveyRows = 5000;
inline constexpr int kMaxSurveyLevels = 7;
inline constexpr int64_t kMaxSurveyWorkforce = 1'000'000;
inline constexpr int64_t kMaxSurveyHeadcount = 1'000'000;
inline constexpr int64_t kMinAverageAnnualPayFen = 1'000'000;    // 10,000 yuan
inline constexpr int64_t kMaxAverageAnnualPayFen = 500'000'000;  // 5,000,000 yuan

inline constexpr char kReasonHeadcountMismatch[] = "HEADCOUNT_MISMATCH";
inline constexpr char kReasonDuplicateEnterprise[] = "DUPLICATE_ENTERPRISE";
inline constexpr char kReasonSurveyYearClosed[] = "SURVEY_YEAR_CLOSED";
inline constexpr char kReasonEnterpriseNotRegistered[] = "ENTERPRISE_NOT_REGISTERED";
inline constexpr char kReasonWageSurveyNotFound[] = "WAGE_SURVEY_NOT_FOUND";
inline constexpr char kReasonConcurrentModification[] = "CONCURRENT_MODIFICATION";

// A survey year that may take submissions or be closed: kMinSurveyYear to `current_year`.
void CheckSurveyYear(int year, int current_year, std::string_view field, FieldViolations& violations);
// A survey year to read: kMinSurveyYear to 2100.
void CheckSurveyYearToRead(int year, std::string_view field, FieldViolations& violations);

// INVALID_ARGUMENT with `reason` and one field violation (`field`, `description`).
absl::Status InvalidFieldWithReason(std::string_view reason, std::string_view field, std::string_view description);

// One row checked with field paths under `prefix` (e.g. "surveys[3]"): the normalised row
// (credit code upper-cased), or INVALID_ARGUMENT with every field violation; when the fields are
// valid but uncertified + Σ levels' headcounts differ from the workforce, INVALID_ARGUMENT with
// reason HEADCOUNT_MISMATCH naming "<prefix>.workforce".
absl::StatusOr<v1::WageSurveyDraft> ValidateSurveyDraft(const v1::WageSurveyDraft& draft, std::string_view prefix);

// The sums of a row (validated first).
struct SurveySums {
  int64_t skilled_headcount = 0;
  int64_t high_skilled_headcount = 0;
  int64_t skilled_pay_total_fen = 0;
  int64_t high_skilled_pay_total_fen = 0;
};
SurveySums SumSurvey(const v1::WageSurveyDraft& draft);

// The three indicators of a cell of totals; 0 when a denominator is 0.
struct SurveyRatios {
  double skilled_share_of_workforce = 0;
  double high_skilled_share_of_skilled = 0;
  double skill_wage_premium = 0;
};
SurveyRatios RatiosOf(int64_t workforce, int64_t skilled_headcount, int64_t high_skilled_headcount,
                      int64_t skilled_pay_total_fen, int64_t high_skilled_pay_total_fen);
// Sets `totals`' three ratio fields from its sums.
void FillRatios(v1::SurveyTotals& totals);

// The survey as stored at `revision` (1 for a first submission): the normalised row, the
// enterprise and chain as the register has them, the sums, who submitted it and when;
// `create_time` is the first revision's (now for a first submission).
v1::WageSurvey BuildWageSurvey(int year, const v1::WageSurveyDraft& report, const common::v1::OrgRef& enterprise,
                               std::string_view industry_chain_code, int revision, std::string_view submitted_by,
                               absl::Time create_time, absl::Time now);

// The change event of a stored survey.
v1::IncentiveEvent WageSurveySubmittedEvent(const v1::WageSurvey& survey, absl::Time now);

// The audit note of a stored survey: "revision 1" or "revision N replaces N-1".
std::string SurveyRevisionDetail(int revision);

}  // namespace skillbridge::incentive
