#pragma once
// What one published (or corrected) result grants, as it is stored on the entry: the honour
// title and the promotion (竞赛晋升) decided by the policy (promotion_policy.h) and the yearly
// limit, and how a promotion is retried with evaluation:
//   DecideEntryResult: PENDING with the target level when the policy promotes and the person's
//     yearly slot (at most one competition promotion per person and year) is free or already
//     this entry's; NOT_ELIGIBLE with the policy's reason, or PROMOTION_YEARLY_LIMIT_REACHED when
//     another entry holds the slot.
//   IssueBackoff: the wait before the next attempt after `attempts` failed ones (1 s doubling to
//     5 min).
//   IssueErrorText: "<CODE>[ <REASON>]" of a failed attempt (Promotion.last_issue_error).
//   PromotionRequestId: the idempotency key evaluation is asked with, stable per entry and
//     target level, so a retry after any failure returns the first certificate.
// Pure functions; thread-safe.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/competition/domain/promotion_policy.h"
#include "skillbridge/competition/v1/competition.pb.h"

namespace skillbridge::competition {

inline constexpr absl::Duration kFirstIssueBackoff = absl::Seconds(1);
inline constexpr absl::Duration kMaxIssueBackoff = absl::Minutes(5);

struct DecidedResult {
  v1::HonourTitle honour = v1::HONOUR_TITLE_UNSPECIFIED;
  // status PENDING or NOT_ELIGIBLE, current_level, target_level (PENDING), reason, rule, decide_time.
  v1::Promotion promotion;
  // True when a promotion rule applied (PENDING, or NOT_ELIGIBLE for a reason other than
  // NO_PROMOTION_RULE): the decision is worth a PromotionChanged event.
  bool rule_applied = false;
};

// The contest a result belongs to, as the policy reads it.
struct ContestFacts {
  v1::CompetitionLevel level = v1::COMPETITION_LEVEL_UNSPECIFIED;
  v1::ContestGroup group = v1::CONTEST_GROUP_UNSPECIFIED;
  int ranked_count = 0;
};

// True when the result could be promoted by a rule, so that the person's current level must be
// asked of evaluation before deciding (a result no rule promotes needs no question).
absl::StatusOr<bool> NeedsCurrentLevel(const PromotionPolicy& policy, const ContestFacts& contest, v1::Award award,
                                       int rank);

// `yearly_holder`: the entry that holds the person's competition promotion of the year ("" none).
absl::StatusOr<DecidedResult> DecideEntryResult(const PromotionPolicy& policy, const ContestFacts& contest,
                                                v1::Award award, int rank, common::v1::SkillLevel current_level,
                                                std::string_view entry_id, std::string_view yearly_holder,
                                                absl::Time now);

absl::Duration IssueBackoff(int attempts);

std::string IssueErrorText(const absl::Status& status);

std::string PromotionRequestId(std::string_view entry_id, common::v1::SkillLevel target_level);

// True when `status` holds the person's yearly slot (PENDING or ISSUED).
inline bool HoldsYearlySlot(v1::PromotionStatus status) {
  return status == v1::PROMOTION_STATUS_PENDING || status == v1::PROMOTION_STATUS_ISSUED;
}

}  // namespace skillbridge::competition
