#include "services/incentive/domain/bridge_policy.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <utility>

#include "absl/strings/str_format.h"
#include "common/reference/bureau_calendar.h"
#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/util/files.h"
#include "common/validation/request_fields.h"

namespace skillbridge::incentive {

namespace {

constexpr std::string_view kBadData = "BAD_REFERENCE_DATA";
constexpr std::string_view kColumns[] = {"series", "grade", "title_name", "min_level", "min_years_held"};
constexpr size_t kColumnCount = std::size(kColumns);
constexpr int kMaxTitleNameChars = 50;
constexpr int kMaxYearsHeld = 30;

enum Column : size_t { kSeries, kGrade, kTitleName, kMinLevel, kMinYearsHeld };

struct Where {
  std::string_view source;
  int line = 0;
};

absl::Status BadLine(const Where& where, std::string_view what) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, kBadData,
                         Concat(where.source, ":", where.line, ": ", what));
}

absl::Status BadField(const Where& where, Column column, std::string_view what) {
  return BadLine(where, Concat("column ", static_cast<int>(column) + 1, " (", kColumns[column], "): ", what));
}

std::string_view Trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const size_t first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return {};
  }
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t tab = line.find('\t', start);
    fields.push_back(Trim(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start)));
    if (tab == std::string_view::npos) {
      return fields;
    }
    start = tab + 1;
  }
}

std::string JoinColumns(std::string_view separator) {
  std::string out;
  for (std::string_view name : kColumns) {
    out += out.empty() ? "" : std::string(separator);
    out += name;
  }
  return out;
}

// The value of `descriptor` named `prefix` + `token` (UNSPECIFIED left out); the error lists the
// accepted tokens.
template <typename Enum>
absl::StatusOr<Enum> ParseEnumField(const Where& where, Column column, std::string_view token,
                                    const google::protobuf::EnumDescriptor& descriptor, std::string_view prefix) {
  std::string allowed;
  for (int i = 0; i < descriptor.value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor& value = *descriptor.value(i);
    if (value.number() == 0) {
      continue;
    }
    const std::string_view name = std::string_view(value.name()).substr(prefix.size());
    if (name == token) {
      return static_cast<Enum>(value.number());
    }
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
  }
  return BadField(where, column, Concat("unknown value \"", token, "\" (use one of ", allowed, ")"));
}

// 5, 4, 3, 2, 1 (五级 … 一级), P (特级技师), C (首席技师).
absl::StatusOr<common::v1::SkillLevel> ParseLevel(const Where& where, std::string_view token) {
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
  return BadField(where, kMinLevel, Concat("\"", token, "\" is not a skill level (use 5, 4, 3, 2, 1, P or C)"));
}

absl::StatusOr<int> ParseYears(const Where& where, std::string_view token) {
  const std::string bad = Concat("\"", token, "\" is not a whole number from 0 to ", kMaxYearsHeld);
  if (token.empty() || token.size() > 2 || token.find_first_not_of("0123456789") != std::string_view::npos) {
    return BadField(where, kMinYearsHeld, bad);
  }
  int value = 0;
  for (char c : token) {
    value = value * 10 + (c - '0');
  }
  if (value > kMaxYearsHeld) {
    return BadField(where, kMinYearsHeld, bad);
  }
  return value;
}

absl::StatusOr<BridgeRule> ParseRule(const Where& where, const std::vector<std::string_view>& fields) {
  BridgeRule rule;
  rule.line = where.line;
  absl::StatusOr<v1::TitleSeries> series =
      ParseEnumField<v1::TitleSeries>(where, kSeries, fields[kSeries], *v1::TitleSeries_descriptor(), "TITLE_SERIES_");
  if (!series.ok()) {
    return series.status();
  }
  rule.series = *series;
  absl::StatusOr<v1::TitleGrade> grade =
      ParseEnumField<v1::TitleGrade>(where, kGrade, fields[kGrade], *v1::TitleGrade_descriptor(), "TITLE_GRADE_");
  if (!grade.ok()) {
    return grade.status();
  }
  rule.grade = *grade;
  FieldViolations title;
  CheckText(fields[kTitleName], kColumns[kTitleName], /*required=*/true, kMaxTitleNameChars, title);
  if (!title.empty()) {
    return BadField(where, kTitleName, title.violations().front().description);
  }
  rule.title_name = std::string(fields[kTitleName]);
  absl::StatusOr<common::v1::SkillLevel> level = ParseLevel(where, fields[kMinLevel]);
  if (!level.ok()) {
    return level.status();
  }
  rule.min_level = *level;
  absl::StatusOr<int> years = ParseYears(where, fields[kMinYearsHeld]);
  if (!years.ok()) {
    return years.status();
  }
  rule.min_years_held = *years;
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
  if (content.substr(0, 3) == "\xEF\xBB\xBF") {
    content.remove_prefix(3);
  }
  BridgePolicy policy;
  bool header_seen = false;
  int line_number = 0;
  size_t start = 0;
  while (start <= content.size()) {
    const size_t end = std::min(content.find('\n', start), content.size());
    const std::string_view line = content.substr(start, end - start);
    start = end + 1;
    ++line_number;
    const Where where{source, line_number};
    const std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') {
      continue;
    }
    const std::vector<std::string_view> fields = SplitFields(line);
    if (!header_seen) {
      std::string got;
      for (std::string_view f : fields) {
        got += got.empty() ? "" : "<TAB>";
        got += f;
      }
      if (got != JoinColumns("<TAB>")) {
        return BadLine(where, Concat("header must be \"", JoinColumns("<TAB>"), "\", got \"", got, "\""));
      }
      header_seen = true;
      continue;
    }
    if (fields.size() != kColumnCount) {
      return BadLine(where, Concat("expected ", static_cast<int>(kColumnCount), " tab-separated columns (",
                                   JoinColumns(", "), "), got ", static_cast<int>(fields.size())));
    }
    absl::StatusOr<BridgeRule> rule = ParseRule(where, fields);
    if (!rule.ok()) {
      return rule.status();
    }
    if (const BridgeRule* earlier = policy.Find(rule->series, rule->grade); earlier != nullptr) {
      return BadLine(where, Concat("duplicate rule: line ", earlier->line, " has the same series and grade"));
    }
    policy.rules_.push_back(*std::move(rule));
  }
  if (!header_seen) {
    return BadLine(Where{source, line_number}, Concat("file has no header line \"", JoinColumns("<TAB>"), "\""));
  }
  if (policy.rules_.empty()) {
    return BadLine(Where{source, line_number}, "file has no rules");
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
