#include "services/competition/domain/promotion_policy_file.h"

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "common/reference/policy_file.h"
#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "google/protobuf/descriptor.h"

namespace skillbridge::competition {
namespace {

constexpr std::string_view kNone = "-";
constexpr std::string_view kBothGroups = "*";
constexpr int kMaxPercent = 100;

// Column positions, in file order.
enum Column : size_t { kLevel, kGroup, kMinAward, kMaxRank, kTopPercent, kPromoteTo, kHonour };

// promote_to: a level digit 5..1 (五级 … 一级).
absl::StatusOr<common::v1::SkillLevel> ParsePromoteTo(const PolicyFileFormat& format, int line,
                                                      std::string_view token) {
  std::optional<common::v1::SkillLevel> level;
  if (token.size() == 1 && token[0] >= '1' && token[0] <= '5') {
    level = LevelFromDigit(token[0] - '0');
  }
  if (!level.has_value()) {
    return format.FieldError(
        line, kPromoteTo,
        Concat("\"", token, "\" is not a level a competition promotes to (use 5, 4, 3, 2 or 1, or - for none)"));
  }
  return *level;
}

// A field that may be "-" (not set); an empty field is an error, so a missing value is never
// taken for "not set" by accident.
absl::StatusOr<bool> IsSet(const PolicyFileFormat& format, int line, Column column, std::string_view token) {
  if (token.empty()) {
    return format.FieldError(line, column, "empty (write - for none)");
  }
  return token != kNone;
}

// One data line -> a rule (its field count checked).
absl::StatusOr<PromotionRule> ParseRule(const PolicyFileFormat& format, const PolicyLine& data) {
  const std::vector<std::string_view>& fields = data.fields;
  const int line = data.line;
  PromotionRule rule;
  rule.line = line;
  SB_ASSIGN_OR_RETURN(const int level, format.EnumField(line, kLevel, fields[kLevel],
                                                        *v1::CompetitionLevel_descriptor(), "COMPETITION_LEVEL_"));
  rule.level = static_cast<v1::CompetitionLevel>(level);
  if (fields[kGroup] != kBothGroups) {
    absl::StatusOr<int> group =
        format.EnumField(line, kGroup, fields[kGroup], *v1::ContestGroup_descriptor(), "CONTEST_GROUP_");
    if (!group.ok()) {
      return format.FieldError(line, kGroup,
                               Concat("unknown value \"", fields[kGroup], "\" (use EMPLOYEES, STUDENTS or *)"));
    }
    rule.group = static_cast<v1::ContestGroup>(*group);
  }
  SB_ASSIGN_OR_RETURN(bool set, IsSet(format, line, kMinAward, fields[kMinAward]));
  if (set) {
    SB_ASSIGN_OR_RETURN(const int award, format.EnumField(line, kMinAward, fields[kMinAward], *v1::Award_descriptor(),
                                                          "AWARD_", v1::AWARD_NONE));
    rule.min_award = static_cast<v1::Award>(award);
  }
  for (auto [column, max, target] :
       {std::tuple{kMaxRank, kMaxRuleRank, &rule.max_rank}, std::tuple{kTopPercent, kMaxPercent, &rule.top_percent}}) {
    SB_ASSIGN_OR_RETURN(set, IsSet(format, line, column, fields[column]));
    if (set) {
      SB_ASSIGN_OR_RETURN(*target, format.WholeNumberField(line, column, fields[column], 1, max));
    }
  }
  SB_ASSIGN_OR_RETURN(set, IsSet(format, line, kPromoteTo, fields[kPromoteTo]));
  if (set) {
    SB_ASSIGN_OR_RETURN(rule.promote_to, ParsePromoteTo(format, line, fields[kPromoteTo]));
  }
  SB_ASSIGN_OR_RETURN(set, IsSet(format, line, kHonour, fields[kHonour]));
  if (set) {
    SB_ASSIGN_OR_RETURN(const int honour, format.EnumField(line, kHonour, fields[kHonour],
                                                           *v1::HonourTitle_descriptor(), "HONOUR_TITLE_"));
    rule.honour = static_cast<v1::HonourTitle>(honour);
  }
  if (!rule.min_award.has_value() && !rule.max_rank.has_value() && !rule.top_percent.has_value()) {
    return format.LineError(line, "the rule sets no condition: give min_award, max_rank or top_percent");
  }
  if (!rule.promote_to.has_value() && !rule.honour.has_value()) {
    return format.LineError(line, "the rule grants nothing: give promote_to or honour");
  }
  return rule;
}

}  // namespace

absl::StatusOr<std::vector<PromotionRule>> ParsePromotionPolicy(std::string_view content, std::string_view source) {
  const PolicyFileFormat format(source, kPolicyColumns);
  SB_ASSIGN_OR_RETURN(const std::vector<PolicyLine> lines, format.DataLines(content));
  std::vector<PromotionRule> rules;
  for (const PolicyLine& line : lines) {
    SB_ASSIGN_OR_RETURN(PromotionRule rule, ParseRule(format, line));
    for (const PromotionRule& earlier : rules) {
      if (SameConditions(earlier, rule)) {
        return format.LineError(line.line, Concat("duplicate rule: line ", earlier.line,
                                                  " has the same competition_level, group, min_award, max_rank and "
                                                  "top_percent"));
      }
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

}  // namespace skillbridge::competition
