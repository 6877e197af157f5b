#include "services/incentive/domain/survey_rules.h"

#include <set>
#include <string>

#include "absl/strings/cord.h"
#include "absl/strings/string_view.h"
#include "common/reference/skill_level.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"
#include "google/rpc/error_details.pb.h"

namespace skillbridge::incentive {

namespace {

absl::string_view ToAbsl(std::string_view text) { return absl::string_view(text.data(), text.size()); }

// 0 to kMaxSurveyHeadcount.
void CheckHeadcount(int64_t headcount, const std::string& field, FieldViolations& violations) {
  if (headcount < 0 || headcount > kMaxSurveyHeadcount) {
    violations.Add(field, Concat("a headcount from 0 to ", kMaxSurveyHeadcount, " is required"));
  }
}

// 0 when nobody is paid it; otherwise kMinAverageAnnualPayFen to kMaxAverageAnnualPayFen.
void CheckAveragePay(int64_t headcount, int64_t pay_fen, const std::string& field, FieldViolations& violations) {
  if (headcount == 0) {
    if (pay_fen != 0) {
      violations.Add(field, "must be 0 when the headcount is 0");
    }
    return;
  }
  if (pay_fen < kMinAverageAnnualPayFen || pay_fen > kMaxAverageAnnualPayFen) {
    violations.Add(field, Concat("an average annual pay from ", kMinAverageAnnualPayFen, " to ",
                                 kMaxAverageAnnualPayFen, " fen is required"));
  }
}

bool IsSurveyLevel(int level) {
  return level >= common::v1::SKILL_LEVEL_5_JUNIOR && level <= common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN &&
         common::v1::SkillLevel_IsValid(level);
}

}  // namespace

void CheckSurveyYear(int year, int current_year, std::string_view field, FieldViolations& violations) {
  if (year < kMinSurveyYear || year > current_year) {
    violations.Add(std::string(field), Concat("a survey year from ", kMinSurveyYear, " to ", current_year,
                                              " (the current year) is required"));
  }
}

void CheckSurveyYearToRead(int year, std::string_view field, FieldViolations& violations) {
  if (year < kMinSurveyYear || year > kMaxYear) {
    violations.Add(std::string(field), Concat("a survey year from ", kMinSurveyYear, " to ", kMaxYear, " is required"));
  }
}

absl::Status InvalidFieldWithReason(std::string_view reason, std::string_view field, std::string_view description) {
  absl::Status status = InvalidArgumentError(field, description);
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  status.SetPayload(ToAbsl(kErrorInfoTypeUrl), absl::Cord(info.SerializeAsString()));
  return status;
}

absl::StatusOr<v1::WageSurveyDraft> ValidateSurveyDraft(const v1::WageSurveyDraft& draft, std::string_view prefix) {
  FieldViolations violations;
  v1::WageSurveyDraft normalized = draft;
  const std::string code_field = FieldPath(prefix, "credit_code");
  if (draft.credit_code().empty()) {
    violations.Add(code_field, "the enterprise's credit code is required");
  } else {
    absl::StatusOr<std::string> code = NormalizeCreditCode(draft.credit_code(), code_field);
    if (code.ok()) {
      normalized.set_credit_code(*code);
    } else {
      violations.AddStatus(code.status(), code_field);
    }
  }
  if (draft.workforce() < 1 || draft.workforce() > kMaxSurveyWorkforce) {
    violations.Add(FieldPath(prefix, "workforce"),
                   Concat("a workforce from 1 to ", kMaxSurveyWorkforce, " is required"));
  }
  CheckHeadcount(draft.uncertified_headcount(), FieldPath(prefix, "uncertified_headcount"), violations);
  CheckAveragePay(draft.uncertified_headcount(), draft.uncertified_average_pay_fen(),
                  FieldPath(prefix, "uncertified_average_pay_fen"), violations);
  // More rows than levels: one of them repeats a level or is not one; the rows are not checked.
  const int level_rows = draft.levels_size() > kMaxSurveyLevels ? 0 : draft.levels_size();
  if (draft.levels_size() > kMaxSurveyLevels) {
    violations.Add(FieldPath(prefix, "levels"), Concat("at most ", kMaxSurveyLevels, " levels"));
  }
  std::set<int> seen;
  for (int j = 0; j < level_rows; ++j) {
    const v1::LevelPay& level = draft.levels(j);
    const std::string level_prefix = Concat(FieldPath(prefix, "levels"), "[", j, "]");
    if (!IsSurveyLevel(level.level())) {
      violations.Add(FieldPath(level_prefix, "level"),
                     "a certified skill level from SKILL_LEVEL_5_JUNIOR to SKILL_LEVEL_CHIEF_TECHNICIAN is required");
    } else if (!seen.insert(level.level()).second) {
      violations.Add(FieldPath(level_prefix, "level"), "each level at most once per survey");
    }
    CheckHeadcount(level.headcount(), FieldPath(level_prefix, "headcount"), violations);
    CheckAveragePay(level.headcount(), level.average_annual_pay_fen(),
                    FieldPath(level_prefix, "average_annual_pay_fen"), violations);
  }
  if (!violations.empty()) {
    return violations.ToStatus();
  }
  // Every headcount is bounded now: the sum cannot overflow.
  int64_t counted = draft.uncertified_headcount();
  for (const v1::LevelPay& level : draft.levels()) {
    counted += level.headcount();
  }
  if (counted != draft.workforce()) {
    return InvalidFieldWithReason(kReasonHeadcountMismatch, FieldPath(prefix, "workforce"),
                                  Concat("the workforce is ", draft.workforce(),
                                         " but the uncertified and the levels' headcounts add up to ", counted));
  }
  return normalized;
}

SurveySums SumSurvey(const v1::WageSurveyDraft& draft) {
  SurveySums sums;
  for (const v1::LevelPay& level : draft.levels()) {
    const int64_t pay = level.headcount() * level.average_annual_pay_fen();
    sums.skilled_headcount += level.headcount();
    sums.skilled_pay_total_fen += pay;
    if (IsHighSkilled(level.level())) {
      sums.high_skilled_headcount += level.headcount();
      sums.high_skilled_pay_total_fen += pay;
    }
  }
  return sums;
}

SurveyRatios RatiosOf(int64_t workforce, int64_t skilled_headcount, int64_t high_skilled_headcount,
                      int64_t skilled_pay_total_fen, int64_t high_skilled_pay_total_fen) {
  SurveyRatios ratios;
  if (workforce > 0) {
    ratios.skilled_share_of_workforce = static_cast<double>(skilled_headcount) / static_cast<double>(workforce);
  }
  if (skilled_headcount > 0) {
    ratios.high_skilled_share_of_skilled =
        static_cast<double>(high_skilled_headcount) / static_cast<double>(skilled_headcount);
  }
  if (skilled_headcount > 0 && high_skilled_headcount > 0 && skilled_pay_total_fen > 0) {
    const double skilled_average = static_cast<double>(skilled_pay_total_fen) / static_cast<double>(skilled_headcount);
    const double high_average =
        static_cast<double>(high_skilled_pay_total_fen) / static_cast<double>(high_skilled_headcount);
    ratios.skill_wage_premium = high_average / skilled_average;
  }
  return ratios;
}

void FillRatios(v1::SurveyTotals& totals) {
  const SurveyRatios ratios = RatiosOf(totals.workforce(), totals.skilled_headcount(), totals.high_skilled_headcount(),
                                       totals.skilled_pay_total_fen(), totals.high_skilled_pay_total_fen());
  totals.set_skilled_share_of_workforce(ratios.skilled_share_of_workforce);
  totals.set_high_skilled_share_of_skilled(ratios.high_skilled_share_of_skilled);
  totals.set_skill_wage_premium(ratios.skill_wage_premium);
}

v1::WageSurvey BuildWageSurvey(int year, const v1::WageSurveyDraft& report, const common::v1::OrgRef& enterprise,
                               std::string_view industry_chain_code, int revision, std::string_view submitted_by,
                               absl::Time create_time, absl::Time now) {
  v1::WageSurvey survey;
  survey.set_year(year);
  *survey.mutable_report() = report;
  survey.mutable_enterprise()->set_credit_code(report.credit_code());
  survey.mutable_enterprise()->set_name(enterprise.name());
  survey.mutable_enterprise()->set_district_code(enterprise.district_code());
  survey.set_industry_chain_code(std::string(industry_chain_code));
  const SurveySums sums = SumSurvey(report);
  survey.set_skilled_headcount(sums.skilled_headcount);
  survey.set_high_skilled_headcount(sums.high_skilled_headcount);
  survey.set_skilled_pay_total_fen(sums.skilled_pay_total_fen);
  survey.set_high_skilled_pay_total_fen(sums.high_skilled_pay_total_fen);
  survey.set_revision(revision);
  survey.set_submitted_by(std::string(submitted_by));
  SetTimestamp(create_time, survey.mutable_create_time());
  SetTimestamp(now, survey.mutable_update_time());
  return survey;
}

v1::IncentiveEvent WageSurveySubmittedEvent(const v1::WageSurvey& survey, absl::Time now) {
  v1::IncentiveEvent event;
  SetTimestamp(now, event.mutable_time());
  v1::WageSurveySubmitted* submitted = event.mutable_wage_survey_submitted();
  submitted->set_year(survey.year());
  submitted->set_credit_code(survey.report().credit_code());
  submitted->set_district_code(survey.enterprise().district_code());
  submitted->set_industry_chain_code(survey.industry_chain_code());
  submitted->set_workforce(survey.report().workforce());
  submitted->set_skilled_headcount(survey.skilled_headcount());
  submitted->set_high_skilled_headcount(survey.high_skilled_headcount());
  submitted->set_skilled_pay_total_fen(survey.skilled_pay_total_fen());
  submitted->set_high_skilled_pay_total_fen(survey.high_skilled_pay_total_fen());
  submitted->set_revision(survey.revision());
  return event;
}

std::string SurveyRevisionDetail(int revision) {
  return revision <= 1 ? std::string("revision 1") : Concat("revision ", revision, " replaces ", revision - 1);
}

}  // namespace skillbridge::incentive
