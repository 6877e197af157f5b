#include "services/competition/domain/promotion_rule.h"

#include <cstdint>

namespace skillbridge::competition {

bool RuleApplies(const PromotionRule& rule, const ContestResult& result) {
  if (rule.level != result.level) {
    return false;
  }
  if (rule.group.has_value() && *rule.group != result.group) {
    return false;
  }
  // Awards are declared in rank order: NONE < EXCELLENCE < BRONZE < SILVER < GOLD.
  if (rule.min_award.has_value() && result.award < *rule.min_award) {
    return false;
  }
  const bool ranked = result.rank >= 1;
  if (rule.max_rank.has_value() && (!ranked || result.rank > *rule.max_rank)) {
    return false;
  }
  if (rule.top_percent.has_value()) {
    const int64_t scaled_rank = static_cast<int64_t>(result.rank) * 100;
    const int64_t scaled_field = static_cast<int64_t>(*rule.top_percent) * result.field_size;
    if (!ranked || scaled_rank > scaled_field) {
      return false;
    }
  }
  return true;
}

bool SameConditions(const PromotionRule& a, const PromotionRule& b) {
  return a.level == b.level && a.group == b.group && a.min_award == b.min_award && a.max_rank == b.max_rank &&
         a.top_percent == b.top_percent;
}

}  // namespace skillbridge::competition
