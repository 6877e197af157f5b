#include "services/education/domain/specialty_rules.h"

#include <algorithm>
#include <set>
#include <string>

#include "common/util/concat.h"
#include "common/util/proto_time.h"
#include "common/validation/credit_code.h"
#include "common/validation/request_fields.h"
#include "services/education/domain/school_rules.h"

namespace skillbridge::education {

namespace {

bool IsCodeChar(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-'; }

}  // namespace

void CheckCatalogueCode(std::string_view code, std::string_view field, FieldViolations& violations) {
  if (code.empty()) {
    violations.Add(std::string(field), "a specialty code is required");
    return;
  }
  if (code.size() < static_cast<size_t>(kMinSpecialtyCodeChars) ||
      code.size() > static_cast<size_t>(kMaxSpecialtyCodeChars) || !std::all_of(code.begin(), code.end(), IsCodeChar)) {
    violations.Add(std::string(field), Concat(kMinSpecialtyCodeChars, " to ", kMaxSpecialtyCodeChars,
                                              " characters of digits, upper-case letters and '-' (e.g. 0103-4)"));
  }
}

void CheckLevels(const Levels& levels, std::string_view field, FieldViolations& violations) {
  if (levels.empty()) {
    violations.Add(std::string(field), "at least one training level is required");
    return;
  }
  if (levels.size() > kMaxSpecialtyLevels) {
    violations.Add(std::string(field), Concat("at most ", kMaxSpecialtyLevels, " training levels"));
    return;
  }
  std::set<int> seen;
  for (int i = 0; i < levels.size(); ++i) {
    const std::string path = Concat(field, "[", i, "]");
    CheckEnum(levels.Get(i), v1::TrainingLevel_IsValid, /*required=*/true, path, "a training level", violations);
    if (levels.Get(i) != 0 && !seen.insert(levels.Get(i)).second) {
      violations.Add(path, "named twice");
    }
  }
}

void CheckSpecialtyDraft(const ReferenceData& reference, const v1::Specialty& draft, int current_year,
                         FieldViolations& violations, v1::Specialty* normalized) {
  const absl::StatusOr<std::string> school =
      NormalizeCreditCode(draft.school_credit_code(), "specialty.school_credit_code");
  if (!school.ok()) {
    violations.AddStatus(school.status(), "specialty.school_credit_code");
  }
  CheckCatalogueCode(draft.code(), "specialty.code", violations);
  CheckText(draft.name(), "specialty.name", /*required=*/true, kMaxSpecialtyNameChars, violations);
  CheckIndustryChain(reference, draft.industry_chain_code(), "specialty.industry_chain_code", violations);
  CheckLevels(draft.levels(), "specialty.levels", violations);
  if (draft.opened_year() < kMinOpenedYear || draft.opened_year() > current_year) {
    violations.Add("specialty.opened_year",
                   Concat("a year from ", kMinOpenedYear, " to ", current_year, " (the current year) is required"));
  }
  if (normalized == nullptr || !school.ok()) {
    return;
  }
  normalized->Clear();
  normalized->set_school_credit_code(*school);
  normalized->set_code(draft.code());
  normalized->set_name(draft.name());
  normalized->set_industry_chain_code(draft.industry_chain_code());
  *normalized->mutable_levels() = draft.levels();
  normalized->set_opened_year(draft.opened_year());
}

void CheckSpecialtyUpdate(const ReferenceData& reference, const v1::UpdateSpecialtyRequest& request,
                          FieldViolations& violations) {
  CheckText(request.name(), "name", /*required=*/true, kMaxSpecialtyNameChars, violations);
  CheckIndustryChain(reference, request.industry_chain_code(), "industry_chain_code", violations);
  CheckLevels(request.levels(), "levels", violations);
}

absl::Status CheckLevelsTrained(v1::SchoolKind kind, const Levels& levels, std::string_view field) {
  for (int i = 0; i < levels.size(); ++i) {
    const auto level = static_cast<v1::TrainingLevel>(levels.Get(i));
    if (!KindTrains(kind, level)) {
      return FailedPreconditionError(kReasonLevelNotTrained, Concat(field, "[", i, "]: a ", v1::SchoolKind_Name(kind),
                                                                    " does not train ", v1::TrainingLevel_Name(level)));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckSpecialtyActive(const v1::Specialty& specialty) {
  if (specialty.status() != v1::SPECIALTY_STATUS_ACTIVE) {
    return FailedPreconditionError(
        kReasonSpecialtyClosed,
        Concat("the specialty ", specialty.code(), " of ", specialty.school_credit_code(), " is closed (专业已停办)"));
  }
  return absl::OkStatus();
}

std::vector<v1::TrainingLevel> RemovedLevels(const Levels& before, const Levels& after) {
  std::vector<v1::TrainingLevel> removed;
  for (const int level : before) {
    if (std::find(after.begin(), after.end(), level) == after.end()) {
      removed.push_back(static_cast<v1::TrainingLevel>(level));
    }
  }
  return removed;
}

SpecialtyCounts CountsOf(const v1::Specialty& specialty) {
  SpecialtyCounts counts;
  if (specialty.status() != v1::SPECIALTY_STATUS_ACTIVE) {
    return counts;
  }
  counts.active = 1;
  counts.featured = specialty.featured() ? 1 : 0;
  counts.chain = specialty.industry_chain_code().empty() ? 0 : 1;
  return counts;
}

v1::EducationEvent SpecialtyChangedEvent(const v1::Specialty& specialty, absl::Time now) {
  v1::EducationEvent event;
  SetTimestamp(now, event.mutable_time());
  v1::SpecialtyChanged* changed = event.mutable_specialty_changed();
  changed->set_school_credit_code(specialty.school_credit_code());
  changed->set_code(specialty.code());
  changed->set_name(specialty.name());
  changed->set_district_code(specialty.district_code());
  changed->set_industry_chain_code(specialty.industry_chain_code());
  changed->set_featured(specialty.featured());
  changed->set_status(specialty.status());
  changed->set_opened_year(specialty.opened_year());
  changed->set_closed_year(specialty.closed_year());
  return event;
}

}  // namespace skillbridge::education
