#pragma once
// The competition promotion policy (竞赛晋升) as data: which skill level and honour title (技术能手)
// a contest result grants, from the rules of reference/competition_promotion.tsv (format and
// errors: promotion_policy_file.h; matching: promotion_rule.h).
//
// Decide(level, group, award, rank, field_size, current_level):
//   1. Of the rules that apply to the result, the one with the highest promote_to is the
//      promotion rule and the one with the highest honour the honour rule (of equal ones, the
//      earlier line; the outcome does not depend on the order of the file).
//   2. The target is the promotion rule's level L. When the person already holds L or more in the
//      contest's occupation (`current_level`, UNSPECIFIED for none), the target is one level above
//      L instead (技师 → 高级技师), and only while that is above what the person holds:
//        - no rule applies                       -> no promotion, NO_PROMOTION_RULE
//        - current < L                           -> L
//        - current >= L, L = 一级/高级技师        -> no promotion, ABOVE_TOP_LEVEL (nothing above 一级)
//        - current >= L, current < L + 1         -> L + 1 (stepped up)
//        - current >= L + 1                      -> no promotion, LEVEL_ALREADY_HELD
//   3. The honour does not depend on the person's level.
// Inputs: level, group and award must be defined, non-UNSPECIFIED values; rank >= 0 (0 = not
// ranked); field_size >= 0 and >= rank; current_level a defined SkillLevel (UNSPECIFIED allowed).
// Otherwise INVALID_ARGUMENT naming the argument.
//
// At most one competition promotion per person and year: the store enforces it when it writes
// the decision, with CheckYearlyPromotionLimit; Decide knows nothing of other entries.
//
// A PromotionPolicy is immutable once built: safe to share between threads.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/competition/domain/promotion_rule.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/competition/v1/enums.pb.h"

namespace skillbridge::competition {

// The policy file's name in the reference directory (--reference_dir).
inline constexpr char kPromotionPolicyFile[] = "competition_promotion.tsv";

// Competition promotion never grants more than 一级/高级技师: the promotion certificate is a
// skill-level certificate, whose numbers carry level digits 5 to 1.
inline constexpr common::v1::SkillLevel kTopPromotionLevel = common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN;

// At most this many competition promotions per person and calendar year (the competition's year).
inline constexpr int kMaxPromotionsPerYear = 1;

// Reason codes (Promotion.reason) for a result that is not promoted.
inline constexpr char kReasonNoPromotionRule[] = "NO_PROMOTION_RULE";
inline constexpr char kReasonLevelAlreadyHeld[] = "LEVEL_ALREADY_HELD";
inline constexpr char kReasonAboveTopLevel[] = "ABOVE_TOP_LEVEL";
inline constexpr char kReasonPromotionYearlyLimit[] = "PROMOTION_YEARLY_LIMIT_REACHED";

// Why a result is or is not promoted.
enum class PromotionOutcome { kPromoted, kNoRule, kLevelAlreadyHeld, kAboveTopLevel };

struct PromotionDecision {
  PromotionOutcome outcome = PromotionOutcome::kNoRule;
  // The level granted; set exactly when outcome is kPromoted.
  std::optional<common::v1::SkillLevel> target_level;
  // The promotion rule's level (before any step up); UNSPECIFIED when no rule applies.
  common::v1::SkillLevel rule_level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  // True when the target is one above the rule's level because the person already held it.
  bool stepped_up = false;
  // Line of the promotion rule in the policy file; 0 when no rule applies.
  int promotion_rule_line = 0;
  // The honour title granted; UNSPECIFIED for none.
  v1::HonourTitle honour = v1::HONOUR_TITLE_UNSPECIFIED;
  // Line of the honour rule; 0 when none applies.
  int honour_rule_line = 0;
};

// The reason code of a result that is not promoted (kReason*), "" for kPromoted.
std::string_view NotPromotedReason(PromotionOutcome outcome);

// Step 2 of Decide on its own: what a promotion rule granting `rule_level` grants a person who
// holds `current_level` (UNSPECIFIED: none), for the promotion worker once evaluation reported
// the level. kPromoted with target_level (stepped_up when one above the rule's), kAboveTopLevel or
// kLevelAlreadyHeld; kNoRule for a `rule_level` of UNSPECIFIED. INVALID_ARGUMENT naming the
// argument for a level that is not a skill level.
struct StepUpDecision {
  PromotionOutcome outcome = PromotionOutcome::kNoRule;
  std::optional<common::v1::SkillLevel> target_level;
  bool stepped_up = false;
};
absl::StatusOr<StepUpDecision> ApplyStepUp(common::v1::SkillLevel rule_level, common::v1::SkillLevel current_level);

// OK when a person who was granted `granted_this_year` competition promotions (PENDING or
// ISSUED) in the competition's year may be granted one more; FAILED_PRECONDITION
// PROMOTION_YEARLY_LIMIT_REACHED otherwise.
absl::Status CheckYearlyPromotionLimit(int granted_this_year);

class PromotionPolicy final {
 public:
  // Reads and parses the policy file at `path` (errors name it, the line and the column);
  // NOT_FOUND, reason REFERENCE_FILE_MISSING, when it cannot be read.
  static absl::StatusOr<PromotionPolicy> LoadFromFile(const std::string& path);

  // Parses the text of a policy file; `source` names it in errors and in RuleLocation.
  static absl::StatusOr<PromotionPolicy> Parse(std::string_view content, std::string_view source);

  // What a result grants; see the contract above.
  absl::StatusOr<PromotionDecision> Decide(v1::CompetitionLevel level, v1::ContestGroup group, v1::Award award,
                                           int rank, int field_size, common::v1::SkillLevel current_level) const;

  // "<source>:<line>" of a rule (what an entry's Promotion.rule records); "" for line 0.
  std::string RuleLocation(int line) const;

  const std::vector<PromotionRule>& rules() const { return rules_; }
  const std::string& source() const { return source_; }

 private:
  PromotionPolicy(std::string source, std::vector<PromotionRule> rules);

  std::string source_;
  std::vector<PromotionRule> rules_;
};

}  // namespace skillbridge::competition
