#include "services/competition/domain/promotion_outcome.h"

#include <algorithm>
#include <cctype>
#include <optional>

#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/util/proto_time.h"

namespace skillbridge::competition {

absl::StatusOr<DecidedResult> DecideEntryResult(const PromotionPolicy& policy, const ContestFacts& contest,
                                                v1::Award award, int rank, std::string_view entry_id,
                                                std::string_view yearly_holder, absl::Time now) {
  // Without the person's level: the rule's level is the provisional target.
  absl::StatusOr<PromotionDecision> decision = policy.Decide(contest.level, contest.group, award, rank,
                                                             contest.ranked_count, common::v1::SKILL_LEVEL_UNSPECIFIED);
  if (!decision.ok()) {
    return decision.status();
  }
  DecidedResult out;
  out.honour = decision->honour;
  v1::Promotion& promotion = out.promotion;
  SetTimestamp(now, promotion.mutable_decide_time());
  promotion.set_rule(policy.RuleLocation(decision->promotion_rule_line));
  out.rule_applied = decision->outcome != PromotionOutcome::kNoRule;
  if (decision->outcome != PromotionOutcome::kPromoted) {
    promotion.set_status(v1::PROMOTION_STATUS_NOT_ELIGIBLE);
    promotion.set_reason(std::string(NotPromotedReason(decision->outcome)));
    return out;
  }
  const bool slot_taken = !yearly_holder.empty() && yearly_holder != entry_id;
  if (absl::Status limit = CheckYearlyPromotionLimit(slot_taken ? 1 : 0); !limit.ok()) {
    promotion.set_status(v1::PROMOTION_STATUS_NOT_ELIGIBLE);
    promotion.set_reason(ReasonOf(limit));
    return out;
  }
  promotion.set_status(v1::PROMOTION_STATUS_PENDING);
  promotion.set_target_level(decision->rule_level);
  return out;
}

absl::StatusOr<v1::Promotion> CheckedPromotion(const v1::Promotion& provisional, common::v1::SkillLevel current_level,
                                               absl::Time now) {
  if (provisional.status() != v1::PROMOTION_STATUS_PENDING || LevelChecked(provisional)) {
    return InvalidArgumentError("promotion", "must be PENDING with its level not checked yet");
  }
  absl::StatusOr<StepUpDecision> step = ApplyStepUp(provisional.target_level(), current_level);
  if (!step.ok()) {
    return step.status();
  }
  v1::Promotion checked = provisional;
  checked.set_current_level(current_level);
  SetTimestamp(now, checked.mutable_level_check_time());
  checked.clear_last_issue_error();
  if (step->outcome == PromotionOutcome::kPromoted) {
    checked.set_target_level(*step->target_level);
  } else {
    checked.set_status(v1::PROMOTION_STATUS_NOT_ELIGIBLE);
    checked.clear_target_level();
    checked.set_reason(std::string(NotPromotedReason(step->outcome)));
  }
  return checked;
}

bool CorrectionKeepsPromotion(const v1::Promotion& before, const v1::Promotion& decided) {
  if (decided.status() != v1::PROMOTION_STATUS_PENDING) {
    return false;
  }
  const bool checked = LevelChecked(before) || before.status() == v1::PROMOTION_STATUS_ISSUED;
  if (!checked) {
    return before.status() == v1::PROMOTION_STATUS_PENDING && before.target_level() == decided.target_level();
  }
  absl::StatusOr<StepUpDecision> step = ApplyStepUp(decided.target_level(), before.current_level());
  if (!step.ok()) {
    return false;
  }
  if (step->outcome == PromotionOutcome::kPromoted) {
    return HoldsYearlySlot(before.status()) && before.target_level() == *step->target_level;
  }
  return before.status() == v1::PROMOTION_STATUS_NOT_ELIGIBLE && before.reason() == NotPromotedReason(step->outcome);
}

absl::Duration IssueBackoff(int attempts) {
  absl::Duration wait = kFirstIssueBackoff;
  for (int i = 1; i < attempts && wait < kMaxIssueBackoff; ++i) {
    wait *= 2;
  }
  return std::min(wait, kMaxIssueBackoff);
}

std::string IssueErrorText(const absl::Status& status) {
  const std::string reason = ReasonOf(status);
  std::string text = absl::StatusCodeToString(status.code());
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return c == ' ' ? '_' : c; });
  for (char& c : text) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return reason.empty() ? text : Concat(text, " ", reason);
}

std::string PromotionRequestId(std::string_view entry_id, common::v1::SkillLevel target_level) {
  const std::optional<int> digit = LevelDigit(target_level);
  return Concat("cpromo-", entry_id, "-", digit.has_value() ? *digit : static_cast<int>(target_level));
}

}  // namespace skillbridge::competition
