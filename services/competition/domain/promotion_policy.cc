#include "services/competition/domain/promotion_policy.h"

#include <utility>

#include "common/reference/skill_level.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/util/files.h"
#include "services/competition/domain/promotion_policy_file.h"

namespace skillbridge::competition {
namespace {

using common::v1::SkillLevel;

// INVALID_ARGUMENT naming `argument` unless `ok`.
absl::Status Require(bool ok, std::string_view argument, std::string_view description) {
  return ok ? absl::OkStatus() : InvalidArgumentError(argument, description);
}

absl::Status CheckResult(const ContestResult& result, SkillLevel current_level) {
  FieldViolations violations;
  violations.AddStatus(
      Require(result.level != v1::COMPETITION_LEVEL_UNSPECIFIED && v1::CompetitionLevel_IsValid(result.level), "level",
              "must be a competition level"),
      "level");
  violations.AddStatus(Require(result.group != v1::CONTEST_GROUP_UNSPECIFIED && v1::ContestGroup_IsValid(result.group),
                               "group", "must be EMPLOYEES or STUDENTS"),
                       "group");
  violations.AddStatus(
      Require(result.award != v1::AWARD_UNSPECIFIED && v1::Award_IsValid(result.award), "award", "must be an award"),
      "award");
  violations.AddStatus(Require(result.rank >= 0, "rank", "must not be negative (0 = not ranked)"), "rank");
  violations.AddStatus(Require(result.field_size >= result.rank && result.field_size >= 0, "field_size",
                               "must not be negative and not below the rank"),
                       "field_size");
  violations.AddStatus(Require(current_level == common::v1::SKILL_LEVEL_UNSPECIFIED || IsKnownLevel(current_level),
                               "current_level", "must be a skill level or UNSPECIFIED"),
                       "current_level");
  return violations.ToStatus();
}

}  // namespace

std::string_view NotPromotedReason(PromotionOutcome outcome) {
  switch (outcome) {
    case PromotionOutcome::kPromoted:
      return "";
    case PromotionOutcome::kNoRule:
      return kReasonNoPromotionRule;
    case PromotionOutcome::kLevelAlreadyHeld:
      return kReasonLevelAlreadyHeld;
    case PromotionOutcome::kAboveTopLevel:
      return kReasonAboveTopLevel;
  }
  return kReasonNoPromotionRule;
}

absl::StatusOr<StepUpDecision> ApplyStepUp(SkillLevel rule_level, SkillLevel current_level) {
  FieldViolations violations;
  violations.AddStatus(Require(rule_level == common::v1::SKILL_LEVEL_UNSPECIFIED || IsKnownLevel(rule_level),
                               "rule_level", "must be a skill level or UNSPECIFIED"),
                       "rule_level");
  violations.AddStatus(Require(current_level == common::v1::SKILL_LEVEL_UNSPECIFIED || IsKnownLevel(current_level),
                               "current_level", "must be a skill level or UNSPECIFIED"),
                       "current_level");
  if (absl::Status s = violations.ToStatus(); !s.ok()) {
    return s;
  }
  StepUpDecision step;
  if (rule_level == common::v1::SKILL_LEVEL_UNSPECIFIED) {
    step.outcome = PromotionOutcome::kNoRule;
  } else if (current_level < rule_level) {
    step.outcome = PromotionOutcome::kPromoted;
    step.target_level = rule_level;
  } else if (rule_level >= kTopPromotionLevel) {
    step.outcome = PromotionOutcome::kAboveTopLevel;
  } else {
    // Levels are declared in rank order, so the next level is the next number.
    const SkillLevel one_up = static_cast<SkillLevel>(rule_level + 1);
    if (current_level < one_up) {
      step.outcome = PromotionOutcome::kPromoted;
      step.target_level = one_up;
      step.stepped_up = true;
    } else {
      step.outcome = PromotionOutcome::kLevelAlreadyHeld;
    }
  }
  return step;
}

absl::Status CheckYearlyPromotionLimit(int granted_this_year) {
  if (granted_this_year < kMaxPromotionsPerYear) {
    return absl::OkStatus();
  }
  return FailedPreconditionError(
      kReasonPromotionYearlyLimit,
      Concat("the person was already granted ", kMaxPromotionsPerYear, " competition promotion(s) this year"));
}

PromotionPolicy::PromotionPolicy(std::string source, std::vector<PromotionRule> rules)
    : source_(std::move(source)), rules_(std::move(rules)) {}

absl::StatusOr<PromotionPolicy> PromotionPolicy::LoadFromFile(const std::string& path) {
  absl::StatusOr<std::string> content = ReadFile(path, "competition promotion policy file");
  if (!content.ok()) {
    return ErrorWithReason(absl::StatusCode::kNotFound, "REFERENCE_FILE_MISSING",
                           std::string(content.status().message()));
  }
  return Parse(*content, path);
}

absl::StatusOr<PromotionPolicy> PromotionPolicy::Parse(std::string_view content, std::string_view source) {
  absl::StatusOr<std::vector<PromotionRule>> rules = ParsePromotionPolicy(content, source);
  if (!rules.ok()) {
    return rules.status();
  }
  return PromotionPolicy(std::string(source), *std::move(rules));
}

absl::StatusOr<PromotionDecision> PromotionPolicy::Decide(v1::CompetitionLevel level, v1::ContestGroup group,
                                                          v1::Award award, int rank, int field_size,
                                                          SkillLevel current_level) const {
  const ContestResult result{level, group, award, rank, field_size};
  if (absl::Status s = CheckResult(result, current_level); !s.ok()) {
    return s;
  }
  PromotionDecision decision;
  for (const PromotionRule& rule : rules_) {
    if (!RuleApplies(rule, result)) {
      continue;
    }
    if (rule.promote_to.has_value() && *rule.promote_to > decision.rule_level) {
      decision.rule_level = *rule.promote_to;
      decision.promotion_rule_line = rule.line;
    }
    if (rule.honour.has_value() && *rule.honour > decision.honour) {
      decision.honour = *rule.honour;
      decision.honour_rule_line = rule.line;
    }
  }
  absl::StatusOr<StepUpDecision> step = ApplyStepUp(decision.rule_level, current_level);
  if (!step.ok()) {
    return step.status();
  }
  decision.outcome = step->outcome;
  decision.target_level = step->target_level;
  decision.stepped_up = step->stepped_up;
  return decision;
}

std::string PromotionPolicy::RuleLocation(int line) const {
  return line == 0 ? std::string() : Concat(source_, ":", line);
}

}  // namespace skillbridge::competition
