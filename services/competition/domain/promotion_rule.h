#pragma once
// One rule of the competition promotion policy (竞赛晋升, reference/competition_promotion.tsv) and
// whether it applies to a contest result.
//
// A rule names a competition level, optionally a contest group, one or more conditions on the
// result (award at least `min_award`; rank 1..`max_rank`; rank within the best `top_percent` % of
// the ranked entrants) and one or two outcomes (the level it promotes to, the honour title it
// confers). It applies when the level and group match and every condition it sets holds; an
// unranked result (rank 0) meets no rank or percentage condition. The percentage condition is
// exact integer arithmetic: rank × 100 ≤ top_percent × field_size (30 % of 7 ranked entrants is
// ranks 1 and 2).
//
// Inputs are not checked here (PromotionPolicy::Decide checks a result before matching it).
// Pure functions over plain values; thread-safe.

#include <optional>

#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/competition/v1/enums.pb.h"

namespace skillbridge::competition {

// Largest max_rank a rule may set.
inline constexpr int kMaxRuleRank = 100000;

// The result of one entry, as the policy reads it.
struct ContestResult {
  v1::CompetitionLevel level = v1::COMPETITION_LEVEL_UNSPECIFIED;
  v1::ContestGroup group = v1::CONTEST_GROUP_UNSPECIFIED;
  v1::Award award = v1::AWARD_UNSPECIFIED;
  // 1 = first (equal ranks allowed); 0 = not ranked.
  int rank = 0;
  // Entrants ranked (rank 1 or more) in the contest.
  int field_size = 0;
};

struct PromotionRule {
  // Line of the policy file the rule is on (for messages and the entry's `rule`).
  int line = 0;
  v1::CompetitionLevel level = v1::COMPETITION_LEVEL_UNSPECIFIED;
  // nullopt: both groups ("*").
  std::optional<v1::ContestGroup> group;
  // Conditions; nullopt = not set ("-"). At least one is set in a valid rule.
  std::optional<v1::Award> min_award;
  std::optional<int> max_rank;
  std::optional<int> top_percent;
  // Outcomes; nullopt = none ("-"). At least one is set in a valid rule.
  std::optional<common::v1::SkillLevel> promote_to;
  std::optional<v1::HonourTitle> honour;
};

// True when `rule` applies to `result`.
bool RuleApplies(const PromotionRule& rule, const ContestResult& result);

// True when `a` and `b` have the same level, group and conditions: two such rules in one file are
// a duplicate (their outcomes would contradict or repeat each other).
bool SameConditions(const PromotionRule& a, const PromotionRule& b);

}  // namespace skillbridge::competition
