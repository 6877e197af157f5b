#pragma once
// What one published (or corrected) result grants, as it is stored on the entry: the honour
// title and the promotion (竞赛晋升) decided by the policy (promotion_policy.h) and the yearly
// limit, the promotion worker's level check, and how a promotion is retried with evaluation:
//   DecideEntryResult: the decision at publication or correction, without the person's level
//     (evaluation is not asked then): PENDING with the promotion rule's level as provisional
//     target (current_level UNSPECIFIED, no level_check_time) when the policy promotes and the
//     person's yearly slot (at most one competition promotion per person and year) is free or
//     already this entry's; NOT_ELIGIBLE with NO_PROMOTION_RULE, or PROMOTION_YEARLY_LIMIT_REACHED
//     when another entry holds the slot.
//   LevelChecked: true once the level check decided the final target (level_check_time set).
//   CheckedPromotion: a provisional PENDING promotion once evaluation reported the person's level:
//     current_level and level_check_time recorded, and by the step-up rule (ApplyStepUp of the
//     provisional target, the rule's level) PENDING with the final target, or NOT_ELIGIBLE
//     (LEVEL_ALREADY_HELD, ABOVE_TOP_LEVEL) without one. INVALID_ARGUMENT for a level that is not
//     a skill level, or a promotion that is not PENDING and unchecked.
//   CorrectionKeepsPromotion: whether a correction leaves the stored promotion as it is, given
//     the corrected result's DecideEntryResult (see the function).
//   IssueBackoff: the wait before the next attempt after `attempts` failed ones (1 s doubling to
//     5 min).
//   IssueErrorText: "<CODE>[ <REASON>]" of a failed attempt (Promotion.last_issue_error).
//   PromotionRequestId: the idempotency key evaluation is asked with, stable per entry and
//     final target level, so a retry after any failure returns the first certificate.
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
  // status PENDING or NOT_ELIGIBLE, target_level (PENDING: provisional), reason, rule, decide_time.
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

// `yearly_holder`: the entry that holds the person's competition promotion of the year ("" none).
absl::StatusOr<DecidedResult> DecideEntryResult(const PromotionPolicy& policy, const ContestFacts& contest,
                                                v1::Award award, int rank, std::string_view entry_id,
                                                std::string_view yearly_holder, absl::Time now);

inline bool LevelChecked(const v1::Promotion& promotion) { return promotion.has_level_check_time(); }

// `provisional` as the level check leaves it (see above); issue_attempts are kept and
// last_issue_error cleared.
absl::StatusOr<v1::Promotion> CheckedPromotion(const v1::Promotion& provisional, common::v1::SkillLevel current_level,
                                               absl::Time now);

// Whether a correction keeps `before` (the stored promotion) rather than replacing it with
// `decided` (the corrected result's DecideEntryResult promotion). Only when `decided` is PENDING
// (a rule promotes, the yearly slot is free or this entry's):
//   - `before` not checked yet (PENDING): kept when the provisional target (the rule's level) is
//     the same; its attempts go on.
//   - `before` checked (PENDING, ISSUED, or NOT_ELIGIBLE after the check): kept when the new
//     rule's level, stepped up from the recorded current_level, gives the same outcome: the same
//     target while it holds the slot (PENDING, ISSUED), or the same NOT_ELIGIBLE reason.
// Otherwise it is replaced: a new grant is always checked afresh by the worker (the level may
// have changed since), a REFUSED promotion is decided again. ISSUED and not kept: the caller
// refuses the correction.
bool CorrectionKeepsPromotion(const v1::Promotion& before, const v1::Promotion& decided);

absl::Duration IssueBackoff(int attempts);

std::string IssueErrorText(const absl::Status& status);

std::string PromotionRequestId(std::string_view entry_id, common::v1::SkillLevel target_level);

// True when `status` holds the person's yearly slot (PENDING or ISSUED).
inline bool HoldsYearlySlot(v1::PromotionStatus status) {
  return status == v1::PROMOTION_STATUS_PENDING || status == v1::PROMOTION_STATUS_ISSUED;
}

}  // namespace skillbridge::competition
