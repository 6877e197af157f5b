#include "services/incentive/domain/bridge_policy.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>

#include "absl/strings/str_format.h"
#include "common/reference/bureau_calendar.h"
#include "common/reference/policy_file.h"
#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/util/files.h"
#include "common/validation/request_fields.h"

namespace skillbridge::incentive {

namespace {

constexpr std::string_view kColumns[] = {"series", "grade", "title_name", "min_level", "min_years_held"};
constexpr int kMaxTitleNameChars = 50;
constexpr int kMaxYearsHeld = 30;

enum Column : size_t { kSeries, kGrade, kTitleName, kMinLevel, kMinYearsHeld };

// 5, 4, 3, 2, 1 (五级 … 一级), P (特级技师), C (首席技师).
absl::StatusOr<common::v1::SkillLevel> ParseLevel(const PolicyFileFormat& format, int line, std::string_view token) {
  if (token == "P") {
    return common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN;
  }
  if (token == "C") {
    return common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN;
  }
  if (token.size() == 1 && token[0] >= '1' && token[0] <= '5') {
    if (std::optional<common::v1::SkillLevel> level = LevelFromDigit(token[0] - '0'); level.has_value()) {
      return *level;
    }
  }
  return format.FieldError(line, kMinLevel, Concat("\"", token, "\" is not a skill level (use 5, 4, 3, 2, 1, P or C)"));
}

absl::StatusOr<BridgeRule> ParseRule(const PolicyFileFormat& format, const PolicyLine& line) {
  const std::vector<std::string_view>& fields = line.fields;
  BridgeRule rule;
  rule.line = line.line;
  SB_ASSIGN_OR_RETURN(const int series, format.EnumField(line.line, kSeries, fields[kSeries],
                                                         *v1::TitleSeries_descriptor(), "TITLE_SERIES_"));
  rule.series = static_cast<v1::TitleSeries>(series);
  SB_ASSIGN_OR_RETURN(const int grade, format.EnumField(line.line, kGrade, fields[kGrade], *v1::TitleGrade_descriptor(),
                                                        "TITLE_GRADE_"));
  rule.grade = static_cast<v1::TitleGrade>(grade);
  FieldViolations title;
  CheckText(fields[kTitleName], kColumns[kTitleName], /*required=*/true, kMaxTitleNameChars, title);
  if (!title.empty()) {
    return format.FieldError(line.line, kTitleName, title.violations().front().description);
  }
  rule.title_name = std::string(fields[kTitleName]);
  SB_ASSIGN_OR_RETURN(rule.min_level, ParseLevel(format, line.line, fields[kMinLevel]));
  SB_ASSIGN_OR_RETURN(rule.min_years_held,
                      format.WholeNumberField(line.line, kMinYearsHeld, fields[kMinYearsHeld], 0, kMaxYearsHeld));
  return rule;
}

// Whole years from `since` to `today` (negative when `since` lies after `today`).
int WholeYears(const common::v1::Date& since, const common::v1::Date& today) {
  int years = today.year() - since.year();
  if (std::pair(today.month(), today.day()) < std::pair(since.month(), since.day())) {
    --years;
  }
  return years;
}

std::string DateText(const common::v1::Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string Needs(const BridgeRule& rule) {
  return Concat(rule.title_name, " needs ", common::v1::SkillLevel_Name(rule.min_level), " (",
                LevelChineseName(rule.min_level), ") or above held for ", rule.min_years_held, " whole year(s)");
}

}  // namespace

absl::StatusOr<BridgePolicy> BridgePolicy::Parse(std::string_view content, std::string_view source) {
  const PolicyFileFormat format(source, kColumns);
  SB_ASSIGN_OR_RETURN(const std::vector<PolicyLine> lines, format.DataLines(content));
  BridgePolicy policy;
  for (const PolicyLine& line : lines) {
    SB_ASSIGN_OR_RETURN(BridgeRule rule, ParseRule(format, line));
    if (const BridgeRule* earlier = policy.Find(rule.series, rule.grade); earlier != nullptr) {
      return format.LineError(line.line,
                              Concat("duplicate rule: line ", earlier->line, " has the same series and grade"));
    }
    policy.rules_.push_back(std::move(rule));
  }
  return policy;
}

absl::StatusOr<BridgePolicy> BridgePolicy::LoadFromFile(const std::string& path) {
  absl::StatusOr<std::string> content = ReadFile(path, "career-bridging policy file");
  if (!content.ok()) {
    return ErrorWithReason(absl::StatusCode::kNotFound, "REFERENCE_FILE_MISSING",
                           std::string(content.status().message()));
  }
  return Parse(*content, path);
}

const BridgeRule* BridgePolicy::Find(v1::TitleSeries series, v1::TitleGrade grade) const {
  for (const BridgeRule& rule : rules_) {
    if (rule.series == series && rule.grade == grade) {
      return &rule;
    }
  }
  return nullptr;
}

std::vector<v1::BridgePolicy> BridgePolicy::ToProtos() const {
  std::vector<v1::BridgePolicy> out;
  out.reserve(rules_.size());
  for (const BridgeRule& rule : rules_) {
    v1::BridgePolicy& policy = out.emplace_back();
    policy.set_series(rule.series);
    policy.set_grade(rule.grade);
    policy.set_title_name(rule.title_name);
    policy.set_min_level(rule.min_level);
    policy.set_min_years_held(rule.min_years_held);
  }
  return out;
}

BridgeDecision BridgePolicy::Decide(const BridgeRule& rule, const std::vector<HeldQualification>& held,
                                    const common::v1::Date& today) {
  BridgeDecision decision;
  // The qualifying level held longest: the earliest `since` among levels at or above min_level
  // (an unknown date counts as held from today); ties go to the higher level (held is highest first).
  const HeldQualification* longest = nullptr;
  for (const HeldQualification& q : held) {
    if (q.level < rule.min_level) {
      continue;
    }
    const bool dated = IsDateSet(q.since);
    if (longest == nullptr || (dated && (!IsDateSet(longest->since) || IsDateAfter(longest->since, q.since)))) {
      longest = &q;
    }
  }
  if (longest == nullptr) {
    if (!held.empty()) {
      decision.basis = held.front();
    }
    decision.shortfall = held.empty() ? Concat(Needs(rule), "; the person holds no skill level")
                                      : Concat(Needs(rule), "; the person's highest level is ",
                                               common::v1::SkillLevel_Name(held.front().level), " (",
                                               LevelChineseName(held.front().level), ")");
    return decision;
  }
  decision.basis = *longest;
  const int years = IsDateSet(longest->since) ? WholeYears(longest->since, today) : 0;
  if (years >= rule.min_years_held) {
    decision.eligible = true;
    return decision;
  }
  decision.shortfall = IsDateSet(longest->since)
                           ? Concat(Needs(rule), "; the person holds ", common::v1::SkillLevel_Name(longest->level),
                                    " since ", DateText(longest->since), " (", std::max(years, 0), " whole year(s))")
                           : Concat(Needs(rule), "; the date since which the person holds ",
                                    common::v1::SkillLevel_Name(longest->level), " is not known");
  return decision;
}

}  // namespace skillbridge::incentive
