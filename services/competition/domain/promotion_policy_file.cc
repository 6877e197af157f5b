#include "services/competition/domain/promotion_policy_file.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "google/protobuf/descriptor.h"

namespace skillbridge::competition {
namespace {

constexpr std::string_view kBadData = "BAD_REFERENCE_DATA";
constexpr std::string_view kNone = "-";
constexpr std::string_view kBothGroups = "*";
constexpr size_t kColumnCount = std::size(kPolicyColumns);
constexpr int kMaxPercent = 100;

// Column positions, in file order.
enum Column : size_t { kLevel, kGroup, kMinAward, kMaxRank, kTopPercent, kPromoteTo, kHonour };

// Where a problem is: the source and line, and the column when one field is at fault.
struct Where {
  std::string_view source;
  int line = 0;
};

absl::Status BadLine(const Where& where, std::string_view what) {
  return ErrorWithReason(absl::StatusCode::kInvalidArgument, kBadData,
                         Concat(where.source, ":", where.line, ": ", what));
}

absl::Status BadField(const Where& where, Column column, std::string_view what) {
  return BadLine(where, Concat("column ", static_cast<int>(column) + 1, " (", kPolicyColumns[column], "): ", what));
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
  for (std::string_view name : kPolicyColumns) {
    out += out.empty() ? "" : std::string(separator);
    out += name;
  }
  return out;
}

// The value of enum `descriptor` whose name is `prefix` + `token` (case-sensitive), leaving out
// UNSPECIFIED and `excluded`; nullopt when there is none. `allowed` receives the accepted tokens.
std::optional<int> EnumValueOf(const google::protobuf::EnumDescriptor& descriptor, std::string_view prefix,
                               std::string_view token, std::optional<int> excluded, std::string& allowed) {
  std::optional<int> found;
  for (int i = 0; i < descriptor.value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor& value = *descriptor.value(i);
    if (value.number() == 0 || value.number() == excluded) {
      continue;
    }
    const std::string_view name = std::string_view(value.name()).substr(prefix.size());
    allowed += allowed.empty() ? "" : ", ";
    allowed += name;
    if (name == token) {
      found = value.number();
    }
  }
  return found;
}

// Parses an enum field (`prefix` + token); error names the column and lists the accepted tokens.
template <typename Enum>
absl::StatusOr<Enum> ParseEnumField(const Where& where, Column column, std::string_view token,
                                    const google::protobuf::EnumDescriptor& descriptor, std::string_view prefix,
                                    std::optional<int> excluded = std::nullopt) {
  std::string allowed;
  std::optional<int> number = EnumValueOf(descriptor, prefix, token, excluded, allowed);
  if (!number.has_value()) {
    return BadField(where, column, Concat("unknown value \"", token, "\" (use one of ", allowed, ")"));
  }
  return static_cast<Enum>(*number);
}

// Parses a whole number 1..`max` (digits only: no sign, point or spaces inside).
absl::StatusOr<int> ParseCount(const Where& where, Column column, std::string_view token, int max) {
  const std::string bad = Concat("\"", token, "\" is not a whole number from 1 to ", max);
  if (token.empty() || token.size() > 9 || token.find_first_not_of("0123456789") != std::string_view::npos) {
    return BadField(where, column, bad);
  }
  int value = 0;
  for (char c : token) {
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > max) {
    return BadField(where, column, bad);
  }
  return value;
}

// promote_to: a level digit 5..1 (五级 … 一级).
absl::StatusOr<common::v1::SkillLevel> ParsePromoteTo(const Where& where, std::string_view token) {
  std::optional<common::v1::SkillLevel> level;
  if (token.size() == 1 && token[0] >= '1' && token[0] <= '5') {
    level = LevelFromDigit(token[0] - '0');
  }
  if (!level.has_value()) {
    return BadField(
        where, kPromoteTo,
        Concat("\"", token, "\" is not a level a competition promotes to (use 5, 4, 3, 2 or 1, or - for none)"));
  }
  return *level;
}

// A field that may be "-" (not set); an empty field is an error, so a missing value is never
// taken for "not set" by accident.
absl::StatusOr<bool> IsSet(const Where& where, Column column, std::string_view token) {
  if (token.empty()) {
    return BadField(where, column, "empty (write - for none)");
  }
  return token != kNone;
}

// One data line -> a rule (fields already split; their count checked).
absl::StatusOr<PromotionRule> ParseRule(const Where& where, const std::vector<std::string_view>& fields) {
  PromotionRule rule;
  rule.line = where.line;
  {
    absl::StatusOr<v1::CompetitionLevel> level = ParseEnumField<v1::CompetitionLevel>(
        where, kLevel, fields[kLevel], *v1::CompetitionLevel_descriptor(), "COMPETITION_LEVEL_");
    if (!level.ok()) {
      return level.status();
    }
    rule.level = *level;
  }
  if (fields[kGroup] != kBothGroups) {
    absl::StatusOr<v1::ContestGroup> group = ParseEnumField<v1::ContestGroup>(
        where, kGroup, fields[kGroup], *v1::ContestGroup_descriptor(), "CONTEST_GROUP_");
    if (!group.ok()) {
      return BadField(where, kGroup, Concat("unknown value \"", fields[kGroup], "\" (use EMPLOYEES, STUDENTS or *)"));
    }
    rule.group = *group;
  }
  absl::StatusOr<bool> set = IsSet(where, kMinAward, fields[kMinAward]);
  if (!set.ok()) {
    return set.status();
  }
  if (*set) {
    absl::StatusOr<v1::Award> award = ParseEnumField<v1::Award>(where, kMinAward, fields[kMinAward],
                                                                *v1::Award_descriptor(), "AWARD_", v1::AWARD_NONE);
    if (!award.ok()) {
      return award.status();
    }
    rule.min_award = *award;
  }
  for (auto [column, max, target] :
       {std::tuple{kMaxRank, kMaxRuleRank, &rule.max_rank}, std::tuple{kTopPercent, kMaxPercent, &rule.top_percent}}) {
    set = IsSet(where, column, fields[column]);
    if (!set.ok()) {
      return set.status();
    }
    if (*set) {
      absl::StatusOr<int> count = ParseCount(where, column, fields[column], max);
      if (!count.ok()) {
        return count.status();
      }
      *target = *count;
    }
  }
  set = IsSet(where, kPromoteTo, fields[kPromoteTo]);
  if (!set.ok()) {
    return set.status();
  }
  if (*set) {
    absl::StatusOr<common::v1::SkillLevel> level = ParsePromoteTo(where, fields[kPromoteTo]);
    if (!level.ok()) {
      return level.status();
    }
    rule.promote_to = *level;
  }
  set = IsSet(where, kHonour, fields[kHonour]);
  if (!set.ok()) {
    return set.status();
  }
  if (*set) {
    absl::StatusOr<v1::HonourTitle> honour = ParseEnumField<v1::HonourTitle>(
        where, kHonour, fields[kHonour], *v1::HonourTitle_descriptor(), "HONOUR_TITLE_");
    if (!honour.ok()) {
      return honour.status();
    }
    rule.honour = *honour;
  }
  if (!rule.min_award.has_value() && !rule.max_rank.has_value() && !rule.top_percent.has_value()) {
    return BadLine(where, "the rule sets no condition: give min_award, max_rank or top_percent");
  }
  if (!rule.promote_to.has_value() && !rule.honour.has_value()) {
    return BadLine(where, "the rule grants nothing: give promote_to or honour");
  }
  return rule;
}

}  // namespace

absl::StatusOr<std::vector<PromotionRule>> ParsePromotionPolicy(std::string_view content, std::string_view source) {
  if (content.substr(0, 3) == "\xEF\xBB\xBF") {
    content.remove_prefix(3);
  }
  std::vector<PromotionRule> rules;
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
    std::vector<std::string_view> fields = SplitFields(line);
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
    absl::StatusOr<PromotionRule> rule = ParseRule(where, fields);
    if (!rule.ok()) {
      return rule.status();
    }
    for (const PromotionRule& earlier : rules) {
      if (SameConditions(earlier, *rule)) {
        return BadLine(where, Concat("duplicate rule: line ", earlier.line,
                                     " has the same competition_level, group, min_award, max_rank and top_percent"));
      }
    }
    rules.push_back(*std::move(rule));
  }
  if (!header_seen) {
    return BadLine(Where{source, line_number}, Concat("file has no header line \"", JoinColumns("<TAB>"), "\""));
  }
  if (rules.empty()) {
    return BadLine(Where{source, line_number}, "file has no rules");
  }
  return rules;
}

}  // namespace skillbridge::competition
