// The competition's pure rules: the workflow and who may organise which level
// (domain/competition_rules.h), the rules of published results (domain/result_rules.h), and what a
// result grants with the yearly limit and how promotions are retried (domain/promotion_outcome.h,
// over the shipped policy reference/competition_promotion.tsv).

#include "services/competition/domain/competition_rules.h"

#include <string>
#include <vector>

#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/competition/domain/promotion_outcome.h"
#include "services/competition/domain/result_rules.h"

namespace skillbridge::competition {
namespace {

using common::v1::SkillLevel;

// ---------------------------------------------------------------- workflow

TEST(CompetitionRulesTest, TheWorkflowGoesForwardOneStepAtATime) {
  EXPECT_TRUE(CheckTransition(v1::COMPETITION_STATUS_DRAFT, v1::COMPETITION_STATUS_FILED, 0).ok());
  EXPECT_TRUE(CheckTransition(v1::COMPETITION_STATUS_FILED, v1::COMPETITION_STATUS_OPEN, 0).ok());
  EXPECT_TRUE(CheckTransition(v1::COMPETITION_STATUS_OPEN, v1::COMPETITION_STATUS_CLOSED, 0).ok());
  const std::vector<std::pair<v1::CompetitionStatus, v1::CompetitionStatus>> refused = {
      {v1::COMPETITION_STATUS_DRAFT, v1::COMPETITION_STATUS_OPEN},
      {v1::COMPETITION_STATUS_FILED, v1::COMPETITION_STATUS_CLOSED},
      {v1::COMPETITION_STATUS_OPEN, v1::COMPETITION_STATUS_FILED},
      {v1::COMPETITION_STATUS_CLOSED, v1::COMPETITION_STATUS_OPEN},
      {v1::COMPETITION_STATUS_CANCELLED, v1::COMPETITION_STATUS_OPEN},
      {v1::COMPETITION_STATUS_RESULTS_PUBLISHED, v1::COMPETITION_STATUS_CLOSED},
      {v1::COMPETITION_STATUS_CLOSED, v1::COMPETITION_STATUS_RESULTS_PUBLISHED},
  };
  for (const auto& [from, to] : refused) {
    const absl::Status status = CheckTransition(from, to, 0);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << from << " -> " << to;
    EXPECT_EQ(ReasonOf(status), kReasonInvalidTransition);
  }
}

TEST(CompetitionRulesTest, CancellingIsAllowedUntilAResultIsPublished) {
  for (const auto from : {v1::COMPETITION_STATUS_DRAFT, v1::COMPETITION_STATUS_FILED, v1::COMPETITION_STATUS_OPEN,
                          v1::COMPETITION_STATUS_CLOSED}) {
    EXPECT_TRUE(CheckTransition(from, v1::COMPETITION_STATUS_CANCELLED, 0).ok()) << from;
  }
  EXPECT_EQ(ReasonOf(CheckTransition(v1::COMPETITION_STATUS_CLOSED, v1::COMPETITION_STATUS_CANCELLED, 1)),
            kReasonResultsPublished);
  EXPECT_EQ(ReasonOf(CheckTransition(v1::COMPETITION_STATUS_RESULTS_PUBLISHED, v1::COMPETITION_STATUS_CANCELLED, 2)),
            kReasonInvalidTransition);
  EXPECT_EQ(ReasonOf(CheckTransition(v1::COMPETITION_STATUS_CANCELLED, v1::COMPETITION_STATUS_CANCELLED, 0)),
            kReasonInvalidTransition);
}

TEST(CompetitionRulesTest, FilingNeedsADraftWithAContest) {
  EXPECT_TRUE(CheckFileable(v1::COMPETITION_STATUS_DRAFT, 1).ok());
  EXPECT_EQ(ReasonOf(CheckFileable(v1::COMPETITION_STATUS_DRAFT, 0)), kReasonNoContest);
  EXPECT_EQ(ReasonOf(CheckFileable(v1::COMPETITION_STATUS_FILED, 3)), kReasonInvalidTransition);
}

TEST(CompetitionRulesTest, EachStepChecksTheStateItNeeds) {
  EXPECT_TRUE(CheckEditable(v1::COMPETITION_STATUS_DRAFT).ok());
  EXPECT_EQ(ReasonOf(CheckEditable(v1::COMPETITION_STATUS_FILED)), kReasonNotDraft);
  EXPECT_TRUE(CheckTakesEntries(v1::COMPETITION_STATUS_OPEN).ok());
  EXPECT_EQ(ReasonOf(CheckTakesEntries(v1::COMPETITION_STATUS_CLOSED)), kReasonNotOpen);
  EXPECT_EQ(ReasonOf(CheckTakesEntries(v1::COMPETITION_STATUS_FILED)), kReasonNotOpen);
  EXPECT_TRUE(CheckPublishable(v1::COMPETITION_STATUS_CLOSED).ok());
  EXPECT_EQ(ReasonOf(CheckPublishable(v1::COMPETITION_STATUS_OPEN)), kReasonNotClosed);
}

TEST(CompetitionRulesTest, WhoMayOrganiseWhichLevel) {
  for (int level = v1::COMPETITION_LEVEL_WORLD; level <= v1::COMPETITION_LEVEL_ENTERPRISE; ++level) {
    const auto l = static_cast<v1::CompetitionLevel>(level);
    EXPECT_TRUE(CheckOrganiserRole(common::v1::ROLE_ADMIN, l).ok()) << level;
    const bool district = l == v1::COMPETITION_LEVEL_DISTRICT || l == v1::COMPETITION_LEVEL_INDUSTRY ||
                          l == v1::COMPETITION_LEVEL_ENTERPRISE;
    EXPECT_EQ(CheckOrganiserRole(common::v1::ROLE_DISTRICT_OFFICER, l).ok(), district) << level;
    EXPECT_EQ(CheckOrganiserRole(common::v1::ROLE_INSTITUTION, l).ok(), l == v1::COMPETITION_LEVEL_ENTERPRISE) << level;
    for (const auto role : {common::v1::ROLE_VIEWER, common::v1::ROLE_VERIFIER, common::v1::ROLE_SERVICE}) {
      const absl::Status status = CheckOrganiserRole(role, l);
      EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
      EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
    }
  }
  EXPECT_TRUE(LevelNeedsDistrict(v1::COMPETITION_LEVEL_DISTRICT));
  EXPECT_TRUE(LevelNeedsDistrict(v1::COMPETITION_LEVEL_ENTERPRISE));
  EXPECT_FALSE(LevelNeedsDistrict(v1::COMPETITION_LEVEL_NATIONAL));
  EXPECT_FALSE(LevelNeedsDistrict(v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I));
}

// ---------------------------------------------------------------- results

google::protobuf::RepeatedPtrField<v1::ResultRow> Rows(const std::vector<std::tuple<std::string, int, v1::Award>>& in) {
  google::protobuf::RepeatedPtrField<v1::ResultRow> rows;
  for (const auto& [id, rank, award] : in) {
    v1::ResultRow* row = rows.Add();
    row->set_entry_id(id);
    row->set_rank(rank);
    row->set_award(award);
  }
  return rows;
}

std::vector<std::string> Fields(const FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations.violations()) {
    fields.push_back(v.field);
  }
  return fields;
}

TEST(ResultRulesTest, RowsBecomeOneResultPerEntryAndUnlistedEntriesAreNotRanked) {
  FieldViolations violations;
  const auto results = ReadResults(Rows({{"E1", 1, v1::AWARD_GOLD},
                                         {"E2", 2, v1::AWARD_SILVER},
                                         {"E3", 2, v1::AWARD_SILVER},
                                         {"E4", 0, v1::AWARD_NONE}}),
                                   {"E1", "E2", "E3", "E4", "E5"}, violations);
  ASSERT_TRUE(violations.empty()) << violations.ToStatus();
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results.at("E1").rank, 1);
  EXPECT_EQ(results.at("E3").award, v1::AWARD_SILVER);
  EXPECT_EQ(results.at("E5").rank, 0);
  EXPECT_EQ(results.at("E5").award, v1::AWARD_NONE);
  EXPECT_EQ(RankedCount(results), 3);
}

TEST(ResultRulesTest, BadRowsAreNamedByTheirPath) {
  FieldViolations violations;
  ReadResults(Rows({{"E1", 1, v1::AWARD_GOLD},
                    {"E9", 2, v1::AWARD_SILVER},
                    {"E1", 3, v1::AWARD_BRONZE},
                    {"E2", -1, v1::AWARD_NONE},
                    {"E3", 0, v1::AWARD_GOLD},
                    {"E4", 9, v1::AWARD_NONE},
                    {"E5", 1, v1::AWARD_UNSPECIFIED}}),
              {"E1", "E2", "E3", "E4", "E5"}, violations);
  EXPECT_EQ(Fields(violations),
            (std::vector<std::string>{"results[1].entry_id", "results[2].entry_id", "results[3].rank",
                                      "results[4].award", "results[5].rank", "results[6].award"}));
  FieldViolations empty;
  ReadResults(Rows({}), {"E1"}, empty);
  EXPECT_EQ(Fields(empty), std::vector<std::string>{"results"});
}

// ---------------------------------------------------------------- promotion outcome

const PromotionPolicy& Policy() {
  static const auto* policy = [] {
    auto loaded = PromotionPolicy::LoadFromFile(std::string(SKILLBRIDGE_REFERENCE_DIR) + "/competition_promotion.tsv");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new PromotionPolicy(*std::move(loaded));
  }();
  return *policy;
}

const absl::Time kNow = absl::FromUnixSeconds(1781488800);

TEST(PromotionOutcomeTest, APromotedResultIsPendingWithTheRulesLevelUncheckedWhenTheYearlySlotIsFreeOrItsOwn) {
  const ContestFacts national{v1::COMPETITION_LEVEL_NATIONAL, v1::CONTEST_GROUP_EMPLOYEES, 20};
  auto decided = DecideEntryResult(Policy(), national, v1::AWARD_GOLD, 1, "EN1", "", kNow);
  ASSERT_TRUE(decided.ok()) << decided.status();
  EXPECT_EQ(decided->promotion.status(), v1::PROMOTION_STATUS_PENDING);
  EXPECT_EQ(decided->promotion.target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);  // provisional: the rule's
  EXPECT_EQ(decided->promotion.current_level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_FALSE(LevelChecked(decided->promotion));
  EXPECT_EQ(decided->honour, v1::HONOUR_TITLE_NATIONAL_TECHNICAL_EXPERT);
  EXPECT_TRUE(decided->rule_applied);
  EXPECT_NE(decided->promotion.rule().find("competition_promotion.tsv:"), std::string::npos);
  auto own = DecideEntryResult(Policy(), national, v1::AWARD_GOLD, 1, "EN1", "EN1", kNow);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(own->promotion.status(), v1::PROMOTION_STATUS_PENDING);
}

TEST(PromotionOutcomeTest, AnotherEntryHoldingTheYearlySlotMakesItNotEligible) {
  const ContestFacts provincial{v1::COMPETITION_LEVEL_PROVINCIAL, v1::CONTEST_GROUP_EMPLOYEES, 20};
  auto decided = DecideEntryResult(Policy(), provincial, v1::AWARD_SILVER, 2, "EN2", "EN1", kNow);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->promotion.status(), v1::PROMOTION_STATUS_NOT_ELIGIBLE);
  EXPECT_EQ(decided->promotion.reason(), kReasonPromotionYearlyLimit);
  EXPECT_FALSE(decided->promotion.has_issue_time());
  EXPECT_TRUE(decided->rule_applied);
}

TEST(PromotionOutcomeTest, ResultsNoRulePromotesCarryThePolicyReason) {
  const ContestFacts municipal{v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, v1::CONTEST_GROUP_EMPLOYEES, 30};
  auto decided = DecideEntryResult(Policy(), municipal, v1::AWARD_NONE, 11, "EN3", "", kNow);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->promotion.status(), v1::PROMOTION_STATUS_NOT_ELIGIBLE);
  EXPECT_EQ(decided->promotion.reason(), kReasonNoPromotionRule);
  EXPECT_FALSE(decided->rule_applied);
  auto ranked = DecideEntryResult(Policy(), municipal, v1::AWARD_NONE, 10, "EN3", "", kNow);
  ASSERT_TRUE(ranked.ok());
  EXPECT_EQ(ranked->promotion.status(), v1::PROMOTION_STATUS_PENDING);
}

v1::Promotion Provisional(common::v1::SkillLevel rule_level) {
  v1::Promotion promotion;
  promotion.set_status(v1::PROMOTION_STATUS_PENDING);
  promotion.set_target_level(rule_level);
  promotion.set_issue_attempts(2);
  promotion.set_last_issue_error("UNAVAILABLE EVALUATION_UNAVAILABLE");
  return promotion;
}

TEST(PromotionOutcomeTest, TheLevelCheckStepsUpOrEndsNotEligible) {
  using common::v1::SkillLevel;
  const v1::Promotion provisional = Provisional(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  auto below = CheckedPromotion(provisional, common::v1::SKILL_LEVEL_3_SENIOR, kNow);
  ASSERT_TRUE(below.ok()) << below.status();
  EXPECT_EQ(below->status(), v1::PROMOTION_STATUS_PENDING);
  EXPECT_EQ(below->target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(below->current_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_TRUE(LevelChecked(*below));
  EXPECT_EQ(below->issue_attempts(), 2);
  EXPECT_TRUE(below->last_issue_error().empty());
  auto at = CheckedPromotion(provisional, common::v1::SKILL_LEVEL_2_TECHNICIAN, kNow);
  ASSERT_TRUE(at.ok());
  EXPECT_EQ(at->status(), v1::PROMOTION_STATUS_PENDING);
  EXPECT_EQ(at->target_level(), common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
  auto above = CheckedPromotion(provisional, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, kNow);
  ASSERT_TRUE(above.ok());
  EXPECT_EQ(above->status(), v1::PROMOTION_STATUS_NOT_ELIGIBLE);
  EXPECT_EQ(above->reason(), kReasonLevelAlreadyHeld);
  EXPECT_EQ(above->target_level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
  auto top = CheckedPromotion(Provisional(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN),
                              common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, kNow);
  ASSERT_TRUE(top.ok());
  EXPECT_EQ(top->reason(), kReasonAboveTopLevel);
  // Checked once only; levels must be skill levels.
  EXPECT_EQ(CheckedPromotion(*below, common::v1::SKILL_LEVEL_3_SENIOR, kNow).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckedPromotion(provisional, static_cast<SkillLevel>(99), kNow).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(PromotionOutcomeTest, ACorrectionKeepsThePromotionOnlyWhenItWouldGrantTheSame) {
  const v1::Promotion unchecked = Provisional(common::v1::SKILL_LEVEL_3_SENIOR);
  // Unchecked: the same rule level is kept, another one replaces it.
  EXPECT_TRUE(CorrectionKeepsPromotion(unchecked, Provisional(common::v1::SKILL_LEVEL_3_SENIOR)));
  EXPECT_FALSE(CorrectionKeepsPromotion(unchecked, Provisional(common::v1::SKILL_LEVEL_2_TECHNICIAN)));
  v1::Promotion none;
  none.set_status(v1::PROMOTION_STATUS_NOT_ELIGIBLE);
  none.set_reason(kReasonNoPromotionRule);
  EXPECT_FALSE(CorrectionKeepsPromotion(unchecked, none));
  // Checked and stepped up (holds 三级, rule 三级 → 二级): a rule of 三级 or 二级 grants the same.
  auto stepped = CheckedPromotion(unchecked, common::v1::SKILL_LEVEL_3_SENIOR, kNow);
  ASSERT_TRUE(stepped.ok());
  ASSERT_EQ(stepped->target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_TRUE(CorrectionKeepsPromotion(*stepped, Provisional(common::v1::SKILL_LEVEL_3_SENIOR)));
  EXPECT_TRUE(CorrectionKeepsPromotion(*stepped, Provisional(common::v1::SKILL_LEVEL_2_TECHNICIAN)));
  EXPECT_FALSE(CorrectionKeepsPromotion(*stepped, Provisional(common::v1::SKILL_LEVEL_4_INTERMEDIATE)));
  v1::Promotion issued = *stepped;
  issued.set_status(v1::PROMOTION_STATUS_ISSUED);
  EXPECT_TRUE(CorrectionKeepsPromotion(issued, Provisional(common::v1::SKILL_LEVEL_2_TECHNICIAN)));
  EXPECT_FALSE(CorrectionKeepsPromotion(issued, Provisional(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN)));
  // Checked and not eligible (holds 二级, rule 三级): kept while the new rule is not above it either.
  auto held = CheckedPromotion(unchecked, common::v1::SKILL_LEVEL_2_TECHNICIAN, kNow);
  ASSERT_TRUE(held.ok());
  ASSERT_EQ(held->reason(), kReasonLevelAlreadyHeld);
  EXPECT_TRUE(CorrectionKeepsPromotion(*held, Provisional(common::v1::SKILL_LEVEL_4_INTERMEDIATE)));
  EXPECT_FALSE(CorrectionKeepsPromotion(*held, Provisional(common::v1::SKILL_LEVEL_2_TECHNICIAN)));
}

TEST(PromotionOutcomeTest, RetriesBackOffFromOneSecondDoublingToFiveMinutes) {
  EXPECT_EQ(IssueBackoff(1), absl::Seconds(1));
  EXPECT_EQ(IssueBackoff(2), absl::Seconds(2));
  EXPECT_EQ(IssueBackoff(5), absl::Seconds(16));
  EXPECT_EQ(IssueBackoff(9), absl::Seconds(256));
  EXPECT_EQ(IssueBackoff(10), absl::Minutes(5));
  EXPECT_EQ(IssueBackoff(100), absl::Minutes(5));
}

TEST(PromotionOutcomeTest, ErrorTextAndRequestIdAreStable) {
  EXPECT_EQ(IssueErrorText(absl::UnavailableError("down")), "UNAVAILABLE");
  EXPECT_EQ(IssueErrorText(ErrorWithReason(absl::StatusCode::kDeadlineExceeded, "EVALUATION_UNAVAILABLE", "late")),
            "DEADLINE_EXCEEDED EVALUATION_UNAVAILABLE");
  EXPECT_EQ(PromotionRequestId("EN000000000042", common::v1::SKILL_LEVEL_2_TECHNICIAN), "cpromo-EN000000000042-2");
  EXPECT_EQ(PromotionRequestId("EN000000000042", common::v1::SKILL_LEVEL_2_TECHNICIAN),
            PromotionRequestId("EN000000000042", common::v1::SKILL_LEVEL_2_TECHNICIAN));
  EXPECT_TRUE(HoldsYearlySlot(v1::PROMOTION_STATUS_PENDING));
  EXPECT_TRUE(HoldsYearlySlot(v1::PROMOTION_STATUS_ISSUED));
  EXPECT_FALSE(HoldsYearlySlot(v1::PROMOTION_STATUS_REFUSED));
  EXPECT_FALSE(HoldsYearlySlot(v1::PROMOTION_STATUS_NOT_ELIGIBLE));
}

}  // namespace
}  // namespace skillbridge::competition
