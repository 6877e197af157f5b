// The competition promotion policy: every rule of the shipped reference/competition_promotion.tsv
// (national, provincial, municipal class I and II, district, enterprise; the 全国/山东省/青岛市技术能手 honours),
// the step-up rule (one level above the rule's level when the person holds it, nothing above
// 一级/高级技师, nothing when the person already holds the stepped-up level), which rule wins when
// several apply, Decide's argument checks, the yearly limit, and the file format: what it
// tolerates and each way a bad file is refused with its line and column.

#include "services/competition/domain/promotion_policy.h"

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/competition/domain/promotion_policy_file.h"

namespace skillbridge::competition {
namespace {

using Level = common::v1::SkillLevel;
constexpr Level kNoLevel = common::v1::SKILL_LEVEL_UNSPECIFIED;
constexpr Level kApprentice = common::v1::SKILL_LEVEL_APPRENTICE;
constexpr Level kJunior = common::v1::SKILL_LEVEL_5_JUNIOR;
constexpr Level kIntermediate = common::v1::SKILL_LEVEL_4_INTERMEDIATE;
constexpr Level kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr Level kTechnician = common::v1::SKILL_LEVEL_2_TECHNICIAN;
constexpr Level kSeniorTechnician = common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN;
constexpr Level kPrincipal = common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN;

constexpr v1::ContestGroup kEmployees = v1::CONTEST_GROUP_EMPLOYEES;
constexpr v1::ContestGroup kStudents = v1::CONTEST_GROUP_STUDENTS;

constexpr char kHeader[] = "competition_level\tgroup\tmin_award\tmax_rank\ttop_percent\tpromote_to\thonour\n";

const std::string& DefaultPath() {
  static const std::string* path = new std::string(std::string(SKILLBRIDGE_REFERENCE_DIR) + "/" + kPromotionPolicyFile);
  return *path;
}

const PromotionPolicy& Default() {
  static const PromotionPolicy* policy = [] {
    absl::StatusOr<PromotionPolicy> loaded = PromotionPolicy::LoadFromFile(DefaultPath());
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return loaded.ok() ? new PromotionPolicy(*std::move(loaded)) : nullptr;
  }();
  return *policy;
}

// Decide that must succeed.
PromotionDecision Decide(const PromotionPolicy& policy, v1::CompetitionLevel level, v1::ContestGroup group,
                         v1::Award award, int rank, int field_size, Level current = kNoLevel) {
  absl::StatusOr<PromotionDecision> decision = policy.Decide(level, group, award, rank, field_size, current);
  EXPECT_TRUE(decision.ok()) << decision.status();
  return decision.ok() ? *decision : PromotionDecision{};
}

// The level granted, or UNSPECIFIED when none.
Level Target(const PromotionDecision& decision) { return decision.target_level.value_or(kNoLevel); }

// The rule of the default file that decided the promotion.
const PromotionRule* PromotionRuleOf(const PromotionDecision& decision) {
  for (const PromotionRule& rule : Default().rules()) {
    if (rule.line == decision.promotion_rule_line) {
      return &rule;
    }
  }
  return nullptr;
}

absl::StatusOr<PromotionPolicy> ParseRows(std::string_view rows) {
  return PromotionPolicy::Parse(std::string(kHeader) + std::string(rows), "policy.tsv");
}

// A parse that must fail: its code, reason and message.
std::string ParseError(std::string_view text) {
  absl::StatusOr<PromotionPolicy> parsed = PromotionPolicy::Parse(text, "policy.tsv");
  EXPECT_FALSE(parsed.ok()) << "parsed: " << text;
  if (parsed.ok()) {
    return "";
  }
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReasonOf(parsed.status()), "BAD_REFERENCE_DATA");
  return std::string(parsed.status().message());
}

std::string RowError(std::string_view rows) { return ParseError(std::string(kHeader) + std::string(rows)); }

// ---------------------------------------------------------------- the shipped file

TEST(DefaultPolicyTest, LoadsEveryRuleOfTheShippedFile) {
  const PromotionPolicy& policy = Default();
  EXPECT_EQ(policy.rules().size(), 13u);
  EXPECT_EQ(policy.source(), DefaultPath());
  for (const PromotionRule& rule : policy.rules()) {
    EXPECT_GT(rule.line, 16) << "rules come after the comments and the header";
  }
}

TEST(DefaultPolicyTest, NationalExcellenceOrBetterPromotesToTechnician) {
  for (v1::Award award : {v1::AWARD_EXCELLENCE, v1::AWARD_BRONZE, v1::AWARD_SILVER, v1::AWARD_GOLD}) {
    for (v1::ContestGroup group : {kEmployees, kStudents}) {
      PromotionDecision d = Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, group, award, 30, 60);
      EXPECT_EQ(d.outcome, PromotionOutcome::kPromoted) << v1::Award_Name(award);
      EXPECT_EQ(Target(d), kTechnician);
      EXPECT_EQ(d.rule_level, kTechnician);
      EXPECT_FALSE(d.stepped_up);
      ASSERT_NE(PromotionRuleOf(d), nullptr);
      EXPECT_EQ(PromotionRuleOf(d)->min_award, v1::AWARD_EXCELLENCE);
      EXPECT_EQ(Default().RuleLocation(d.promotion_rule_line),
                DefaultPath() + ":" + std::to_string(d.promotion_rule_line));
    }
  }
  PromotionDecision none = Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, kEmployees, v1::AWARD_NONE, 30, 60);
  EXPECT_EQ(none.outcome, PromotionOutcome::kNoRule);
  EXPECT_FALSE(none.target_level.has_value());
  EXPECT_EQ(none.promotion_rule_line, 0);
  EXPECT_EQ(Default().RuleLocation(none.promotion_rule_line), "");
}

TEST(DefaultPolicyTest, NationalTechnicianStepsUpToSeniorTechnician) {
  PromotionDecision d =
      Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, kEmployees, v1::AWARD_EXCELLENCE, 30, 60, kTechnician);
  EXPECT_EQ(d.outcome, PromotionOutcome::kPromoted);
  EXPECT_EQ(Target(d), kSeniorTechnician);
  EXPECT_EQ(d.rule_level, kTechnician);
  EXPECT_TRUE(d.stepped_up);
  // Below the rule's level: the rule's level, whatever was held.
  for (Level current : {kNoLevel, kApprentice, kJunior, kIntermediate, kSenior}) {
    EXPECT_EQ(Target(Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, kEmployees, v1::AWARD_GOLD, 1, 60, current)),
              kTechnician)
        << common::v1::SkillLevel_Name(current);
  }
  // Already 高级技师 (or more): the stepped-up level is held already.
  for (Level current : {kSeniorTechnician, kPrincipal, common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN}) {
    PromotionDecision held =
        Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, kEmployees, v1::AWARD_GOLD, 1, 60, current);
    EXPECT_EQ(held.outcome, PromotionOutcome::kLevelAlreadyHeld) << common::v1::SkillLevel_Name(current);
    EXPECT_FALSE(held.target_level.has_value());
    EXPECT_EQ(held.rule_level, kTechnician);
    EXPECT_EQ(NotPromotedReason(held.outcome), "LEVEL_ALREADY_HELD");
  }
}

TEST(DefaultPolicyTest, NationalTopFiveAreNationalTechnicalExperts) {
  for (int rank = 1; rank <= 5; ++rank) {
    PromotionDecision d = Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, kEmployees, v1::AWARD_GOLD, rank, 60);
    EXPECT_EQ(d.honour, v1::HONOUR_TITLE_NATIONAL_TECHNICAL_EXPERT) << rank;
    EXPECT_NE(d.honour_rule_line, 0);
    EXPECT_NE(d.honour_rule_line, d.promotion_rule_line);
  }
  PromotionDecision sixth = Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, kEmployees, v1::AWARD_SILVER, 6, 60);
  EXPECT_EQ(sixth.honour, v1::HONOUR_TITLE_UNSPECIFIED);
  EXPECT_EQ(sixth.honour_rule_line, 0);
  EXPECT_EQ(Target(sixth), kTechnician);
  // The honour does not depend on the person's level: 高级技师 gets no promotion, still the title.
  PromotionDecision held =
      Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, kStudents, v1::AWARD_GOLD, 1, 60, kSeniorTechnician);
  EXPECT_EQ(held.outcome, PromotionOutcome::kLevelAlreadyHeld);
  EXPECT_EQ(held.honour, v1::HONOUR_TITLE_NATIONAL_TECHNICAL_EXPERT);
  // Unranked: no title.
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_NATIONAL, kEmployees, v1::AWARD_NONE, 0, 60).honour,
            v1::HONOUR_TITLE_UNSPECIFIED);
}

TEST(DefaultPolicyTest, ProvincialGoldAndMunicipalTopThreeAreProvincialAndMunicipalTechnicalExperts) {
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, v1::AWARD_GOLD, 1, 60).honour,
            v1::HONOUR_TITLE_PROVINCIAL_TECHNICAL_EXPERT);
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, v1::AWARD_SILVER, 2, 60).honour,
            v1::HONOUR_TITLE_UNSPECIFIED);
  for (int rank = 1; rank <= 3; ++rank) {
    for (v1::ContestGroup group : {kEmployees, kStudents}) {
      EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, group, v1::AWARD_NONE, rank, 60).honour,
                v1::HONOUR_TITLE_MUNICIPAL_TECHNICAL_EXPERT)
          << rank;
    }
  }
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, kEmployees, v1::AWARD_NONE, 4, 60).honour,
            v1::HONOUR_TITLE_UNSPECIFIED);
  // Class II and district contests confer no title in the shipped file.
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_II, kEmployees, v1::AWARD_GOLD, 1, 60).honour,
            v1::HONOUR_TITLE_UNSPECIFIED);
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_DISTRICT, kEmployees, v1::AWARD_GOLD, 1, 60).honour,
            v1::HONOUR_TITLE_UNSPECIFIED);
}

TEST(DefaultPolicyTest, ProvincialMedalsPromoteToTechnician) {
  for (v1::Award award : {v1::AWARD_BRONZE, v1::AWARD_SILVER, v1::AWARD_GOLD}) {
    EXPECT_EQ(Target(Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, award, 9, 40)), kTechnician);
    EXPECT_EQ(Target(Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kStudents, award, 9, 40)), kTechnician);
    PromotionDecision up = Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, award, 9, 40, kTechnician);
    EXPECT_EQ(Target(up), kSeniorTechnician);
    EXPECT_TRUE(up.stepped_up);
    EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, award, 9, 40, kSeniorTechnician).outcome,
              PromotionOutcome::kLevelAlreadyHeld);
  }
}

TEST(DefaultPolicyTest, ProvincialExcellencePromotesToSenior) {
  PromotionDecision d = Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, v1::AWARD_EXCELLENCE, 20, 40);
  EXPECT_EQ(Target(d), kSenior);
  ASSERT_NE(PromotionRuleOf(d), nullptr);
  EXPECT_EQ(PromotionRuleOf(d)->min_award, v1::AWARD_EXCELLENCE);
  PromotionDecision up =
      Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, v1::AWARD_EXCELLENCE, 20, 40, kSenior);
  EXPECT_EQ(Target(up), kTechnician);
  EXPECT_TRUE(up.stepped_up);
  // 二级 already: 优胜奖 (→ 二级) grants nothing more.
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, v1::AWARD_EXCELLENCE, 20, 40, kTechnician)
                .outcome,
            PromotionOutcome::kLevelAlreadyHeld);
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, v1::AWARD_NONE, 21, 40).outcome,
            PromotionOutcome::kNoRule);
}

TEST(DefaultPolicyTest, MunicipalClassOneTopTen) {
  for (int rank = 1; rank <= 10; ++rank) {
    EXPECT_EQ(Target(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, kEmployees, v1::AWARD_NONE, rank, 80)),
              kTechnician)
        << rank;
    EXPECT_EQ(Target(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, kStudents, v1::AWARD_NONE, rank, 80)),
              kSenior)
        << rank;
  }
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, kEmployees, v1::AWARD_GOLD, 11, 80).outcome,
            PromotionOutcome::kNoRule);
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, kStudents, v1::AWARD_GOLD, 11, 80).outcome,
            PromotionOutcome::kNoRule);
  // Unranked entrants meet no rank condition.
  EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, kEmployees, v1::AWARD_NONE, 0, 80).outcome,
            PromotionOutcome::kNoRule);
  // Employees: 技师 → 高级技师; students: 高级工 → 技师.
  EXPECT_EQ(Target(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, kEmployees, v1::AWARD_GOLD, 1, 80,
                          kTechnician)),
            kSeniorTechnician);
  EXPECT_EQ(
      Target(Decide(Default(), v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, kStudents, v1::AWARD_GOLD, 1, 80, kSenior)),
      kTechnician);
}

TEST(DefaultPolicyTest, MunicipalClassTwoAndDistrictTopSix) {
  for (v1::CompetitionLevel level : {v1::COMPETITION_LEVEL_MUNICIPAL_CLASS_II, v1::COMPETITION_LEVEL_DISTRICT}) {
    SCOPED_TRACE(v1::CompetitionLevel_Name(level));
    for (int rank = 1; rank <= 6; ++rank) {
      EXPECT_EQ(Target(Decide(Default(), level, kEmployees, v1::AWARD_NONE, rank, 30)), kSenior) << rank;
      EXPECT_EQ(Target(Decide(Default(), level, kStudents, v1::AWARD_NONE, rank, 30)), kIntermediate) << rank;
    }
    EXPECT_EQ(Decide(Default(), level, kEmployees, v1::AWARD_GOLD, 7, 30).outcome, PromotionOutcome::kNoRule);
    EXPECT_EQ(Decide(Default(), level, kStudents, v1::AWARD_GOLD, 7, 30).outcome, PromotionOutcome::kNoRule);
    PromotionDecision up = Decide(Default(), level, kEmployees, v1::AWARD_GOLD, 1, 30, kSenior);
    EXPECT_EQ(Target(up), kTechnician);
    EXPECT_TRUE(up.stepped_up);
    EXPECT_EQ(Target(Decide(Default(), level, kStudents, v1::AWARD_GOLD, 1, 30, kIntermediate)), kSenior);
    EXPECT_EQ(Decide(Default(), level, kEmployees, v1::AWARD_GOLD, 1, 30, kTechnician).outcome,
              PromotionOutcome::kLevelAlreadyHeld);
  }
}

TEST(DefaultPolicyTest, EnterpriseTopThirtyPercent) {
  for (v1::ContestGroup group : {kEmployees, kStudents}) {
    // 30 % of 10 ranked entrants: ranks 1 to 3.
    for (int rank = 1; rank <= 3; ++rank) {
      EXPECT_EQ(Target(Decide(Default(), v1::COMPETITION_LEVEL_ENTERPRISE, group, v1::AWARD_NONE, rank, 10)),
                kIntermediate)
          << rank;
    }
    EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_ENTERPRISE, group, v1::AWARD_GOLD, 4, 10).outcome,
              PromotionOutcome::kNoRule);
    // 30 % of 7 is 2.1: ranks 1 and 2.
    EXPECT_TRUE(Decide(Default(), v1::COMPETITION_LEVEL_ENTERPRISE, group, v1::AWARD_NONE, 2, 7).target_level);
    EXPECT_FALSE(Decide(Default(), v1::COMPETITION_LEVEL_ENTERPRISE, group, v1::AWARD_NONE, 3, 7).target_level);
    // 30 % of 3 is 0.9: nobody.
    EXPECT_FALSE(Decide(Default(), v1::COMPETITION_LEVEL_ENTERPRISE, group, v1::AWARD_GOLD, 1, 3).target_level);
    // 中级工 → 高级工.
    EXPECT_EQ(Target(Decide(Default(), v1::COMPETITION_LEVEL_ENTERPRISE, group, v1::AWARD_NONE, 1, 10, kIntermediate)),
              kSenior);
    EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_ENTERPRISE, group, v1::AWARD_NONE, 1, 10, kSenior).outcome,
              PromotionOutcome::kLevelAlreadyHeld);
    EXPECT_EQ(Decide(Default(), v1::COMPETITION_LEVEL_ENTERPRISE, group, v1::AWARD_NONE, 0, 10).outcome,
              PromotionOutcome::kNoRule);
  }
}

TEST(DefaultPolicyTest, WorldAndIndustryContestsHaveNoRuleYet) {
  for (v1::CompetitionLevel level : {v1::COMPETITION_LEVEL_WORLD, v1::COMPETITION_LEVEL_INDUSTRY}) {
    PromotionDecision d = Decide(Default(), level, kEmployees, v1::AWARD_GOLD, 1, 10);
    EXPECT_EQ(d.outcome, PromotionOutcome::kNoRule);
    EXPECT_EQ(NotPromotedReason(d.outcome), "NO_PROMOTION_RULE");
    EXPECT_EQ(d.honour, v1::HONOUR_TITLE_UNSPECIFIED);
  }
}

// ---------------------------------------------------------------- step up and rule choice

TEST(StepUpTest, NothingAboveTheTopLevel) {
  absl::StatusOr<PromotionPolicy> policy = ParseRows("WORLD\t*\tEXCELLENCE\t-\t-\t1\t-\n");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(Target(Decide(*policy, v1::COMPETITION_LEVEL_WORLD, kEmployees, v1::AWARD_GOLD, 1, 10, kTechnician)),
            kSeniorTechnician);
  for (Level current : {kSeniorTechnician, kPrincipal}) {
    PromotionDecision d = Decide(*policy, v1::COMPETITION_LEVEL_WORLD, kEmployees, v1::AWARD_GOLD, 1, 10, current);
    EXPECT_EQ(d.outcome, PromotionOutcome::kAboveTopLevel);
    EXPECT_FALSE(d.target_level.has_value());
    EXPECT_FALSE(d.stepped_up);
    EXPECT_EQ(NotPromotedReason(d.outcome), "ABOVE_TOP_LEVEL");
  }
  EXPECT_EQ(kTopPromotionLevel, kSeniorTechnician);
}

TEST(StepUpTest, OneLevelAboveTheRuleFromEveryLevel) {
  absl::StatusOr<PromotionPolicy> policy = ParseRows(
      "ENTERPRISE\tEMPLOYEES\t-\t1\t-\t5\t-\n"
      "ENTERPRISE\tSTUDENTS\t-\t1\t-\t4\t-\n");
  ASSERT_TRUE(policy.ok()) << policy.status();
  // Rule 五级: none → 五级, 五级 → 四级, 四级 and above → held.
  EXPECT_EQ(Target(Decide(*policy, v1::COMPETITION_LEVEL_ENTERPRISE, kEmployees, v1::AWARD_NONE, 1, 5)), kJunior);
  EXPECT_EQ(Target(Decide(*policy, v1::COMPETITION_LEVEL_ENTERPRISE, kEmployees, v1::AWARD_NONE, 1, 5, kApprentice)),
            kJunior);
  EXPECT_EQ(Target(Decide(*policy, v1::COMPETITION_LEVEL_ENTERPRISE, kEmployees, v1::AWARD_NONE, 1, 5, kJunior)),
            kIntermediate);
  EXPECT_EQ(Decide(*policy, v1::COMPETITION_LEVEL_ENTERPRISE, kEmployees, v1::AWARD_NONE, 1, 5, kIntermediate).outcome,
            PromotionOutcome::kLevelAlreadyHeld);
  EXPECT_EQ(Target(Decide(*policy, v1::COMPETITION_LEVEL_ENTERPRISE, kStudents, v1::AWARD_NONE, 1, 5, kIntermediate)),
            kSenior);
}

TEST(RuleChoiceTest, HighestLevelAndHighestHonourWinWhateverTheOrder) {
  const std::string rows[] = {
      "PROVINCIAL\t*\tEXCELLENCE\t-\t-\t3\t-\n",
      "PROVINCIAL\t*\tBRONZE\t-\t-\t2\t-\n",
      "PROVINCIAL\tEMPLOYEES\t-\t10\t-\t-\tMUNICIPAL_TECHNICAL_EXPERT\n",
      "PROVINCIAL\tEMPLOYEES\t-\t3\t-\t-\tPROVINCIAL_TECHNICAL_EXPERT\n",
  };
  for (bool reversed : {false, true}) {
    std::string text;
    for (int i = 0; i < 4; ++i) {
      text += rows[reversed ? 3 - i : i];
    }
    absl::StatusOr<PromotionPolicy> policy = ParseRows(text);
    ASSERT_TRUE(policy.ok()) << policy.status();
    PromotionDecision gold = Decide(*policy, v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, v1::AWARD_GOLD, 2, 40);
    EXPECT_EQ(Target(gold), kTechnician);
    EXPECT_EQ(gold.honour, v1::HONOUR_TITLE_PROVINCIAL_TECHNICAL_EXPERT);
    EXPECT_EQ(gold.promotion_rule_line, reversed ? 4 : 3);
    EXPECT_EQ(gold.honour_rule_line, reversed ? 2 : 5);
    PromotionDecision fifth =
        Decide(*policy, v1::COMPETITION_LEVEL_PROVINCIAL, kEmployees, v1::AWARD_EXCELLENCE, 5, 40);
    EXPECT_EQ(Target(fifth), kSenior);
    EXPECT_EQ(fifth.honour, v1::HONOUR_TITLE_MUNICIPAL_TECHNICAL_EXPERT);
    // The honour rules are for employees only.
    EXPECT_EQ(Decide(*policy, v1::COMPETITION_LEVEL_PROVINCIAL, kStudents, v1::AWARD_GOLD, 1, 40).honour,
              v1::HONOUR_TITLE_UNSPECIFIED);
  }
}

TEST(RuleChoiceTest, AllConditionsOfARuleMustHold) {
  absl::StatusOr<PromotionPolicy> policy = ParseRows("DISTRICT\t*\tSILVER\t3\t50\t3\t-\n");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_TRUE(Decide(*policy, v1::COMPETITION_LEVEL_DISTRICT, kEmployees, v1::AWARD_SILVER, 3, 6).target_level);
  EXPECT_FALSE(Decide(*policy, v1::COMPETITION_LEVEL_DISTRICT, kEmployees, v1::AWARD_BRONZE, 3, 6).target_level);
  EXPECT_FALSE(Decide(*policy, v1::COMPETITION_LEVEL_DISTRICT, kEmployees, v1::AWARD_GOLD, 4, 8).target_level);
  EXPECT_FALSE(Decide(*policy, v1::COMPETITION_LEVEL_DISTRICT, kEmployees, v1::AWARD_GOLD, 3, 5).target_level);
}

// ---------------------------------------------------------------- Decide's arguments and the yearly limit

TEST(DecideArgumentsTest, InvalidArgumentsAreRefusedNamingThem) {
  const PromotionPolicy& p = Default();
  struct Case {
    absl::StatusOr<PromotionDecision> decision;
    std::string field;
  };
  const v1::CompetitionLevel kNational = v1::COMPETITION_LEVEL_NATIONAL;
  Case cases[] = {
      {p.Decide(v1::COMPETITION_LEVEL_UNSPECIFIED, kEmployees, v1::AWARD_GOLD, 1, 5, kNoLevel), "level"},
      {p.Decide(static_cast<v1::CompetitionLevel>(42), kEmployees, v1::AWARD_GOLD, 1, 5, kNoLevel), "level"},
      {p.Decide(kNational, v1::CONTEST_GROUP_UNSPECIFIED, v1::AWARD_GOLD, 1, 5, kNoLevel), "group"},
      {p.Decide(kNational, kEmployees, v1::AWARD_UNSPECIFIED, 1, 5, kNoLevel), "award"},
      {p.Decide(kNational, kEmployees, static_cast<v1::Award>(9), 1, 5, kNoLevel), "award"},
      {p.Decide(kNational, kEmployees, v1::AWARD_GOLD, -1, 5, kNoLevel), "rank"},
      {p.Decide(kNational, kEmployees, v1::AWARD_GOLD, 6, 5, kNoLevel), "field_size"},
      {p.Decide(kNational, kEmployees, v1::AWARD_GOLD, 0, -1, kNoLevel), "field_size"},
      {p.Decide(kNational, kEmployees, v1::AWARD_GOLD, 1, 5, static_cast<Level>(99)), "current_level"},
  };
  for (const Case& c : cases) {
    ASSERT_FALSE(c.decision.ok()) << c.field;
    EXPECT_EQ(c.decision.status().code(), absl::StatusCode::kInvalidArgument);
    std::vector<FieldViolation> violations = FieldViolationsOf(c.decision.status());
    ASSERT_EQ(violations.size(), 1u) << c.decision.status();
    EXPECT_EQ(violations[0].field, c.field);
  }
}

TEST(YearlyLimitTest, OnePromotionPerPersonAndYear) {
  EXPECT_EQ(kMaxPromotionsPerYear, 1);
  EXPECT_TRUE(CheckYearlyPromotionLimit(0).ok());
  for (int granted : {1, 2}) {
    absl::Status refused = CheckYearlyPromotionLimit(granted);
    EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ReasonOf(refused), "PROMOTION_YEARLY_LIMIT_REACHED");
  }
  EXPECT_EQ(NotPromotedReason(PromotionOutcome::kPromoted), "");
}

// ---------------------------------------------------------------- the file format

TEST(PolicyFileTest, ToleratesCommentsBlankLinesCrlfBomAndSpaces) {
  absl::StatusOr<PromotionPolicy> policy = PromotionPolicy::Parse(
      "\xEF\xBB\xBF# comment\r\n\r\n"
      "competition_level\tgroup\tmin_award\tmax_rank\ttop_percent\tpromote_to\thonour\r\n"
      "   # indented comment\r\n"
      " NATIONAL \t * \t EXCELLENCE \t - \t - \t 2 \t - \r\n"
      "\n",
      "policy.tsv");
  ASSERT_TRUE(policy.ok()) << policy.status();
  ASSERT_EQ(policy->rules().size(), 1u);
  const PromotionRule& rule = policy->rules()[0];
  EXPECT_EQ(rule.line, 5);
  EXPECT_EQ(rule.level, v1::COMPETITION_LEVEL_NATIONAL);
  EXPECT_FALSE(rule.group.has_value());
  EXPECT_EQ(rule.min_award, v1::AWARD_EXCELLENCE);
  EXPECT_FALSE(rule.max_rank.has_value());
  EXPECT_FALSE(rule.top_percent.has_value());
  EXPECT_EQ(rule.promote_to, kTechnician);
  EXPECT_FALSE(rule.honour.has_value());
  EXPECT_EQ(policy->RuleLocation(5), "policy.tsv:5");
}

TEST(PolicyFileTest, WrongColumnCountNamesTheLine) {
  EXPECT_EQ(RowError("NATIONAL\t*\tEXCELLENCE\t-\t-\t2\n"),
            "policy.tsv:2: expected 7 tab-separated columns (competition_level, group, min_award, max_rank, "
            "top_percent, promote_to, honour), got 6");
  EXPECT_NE(RowError("# c\nNATIONAL\t*\tEXCELLENCE\t-\t-\t2\t-\t-\n").find("policy.tsv:3: expected 7"),
            std::string::npos);
  // Spaces instead of tabs make one column.
  EXPECT_NE(RowError("NATIONAL * EXCELLENCE - - 2 -\n").find("got 1"), std::string::npos);
}

TEST(PolicyFileTest, UnknownLevelGroupAwardAndHonourNameTheColumn) {
  EXPECT_EQ(RowError("NATIONWIDE\t*\tEXCELLENCE\t-\t-\t2\t-\n"),
            "policy.tsv:2: column 1 (competition_level): unknown value \"NATIONWIDE\" (use one of WORLD, NATIONAL, "
            "PROVINCIAL, MUNICIPAL_CLASS_I, MUNICIPAL_CLASS_II, DISTRICT, INDUSTRY, ENTERPRISE)");
  EXPECT_NE(RowError("national\t*\tEXCELLENCE\t-\t-\t2\t-\n").find("column 1 (competition_level)"), std::string::npos);
  EXPECT_NE(RowError("UNSPECIFIED\t*\tEXCELLENCE\t-\t-\t2\t-\n").find("column 1 (competition_level)"),
            std::string::npos);
  EXPECT_EQ(RowError("NATIONAL\tWORKERS\tEXCELLENCE\t-\t-\t2\t-\n"),
            "policy.tsv:2: column 2 (group): unknown value \"WORKERS\" (use EMPLOYEES, STUDENTS or *)");
  EXPECT_EQ(RowError("NATIONAL\t*\tPLATINUM\t-\t-\t2\t-\n"),
            "policy.tsv:2: column 3 (min_award): unknown value \"PLATINUM\" (use one of EXCELLENCE, BRONZE, SILVER, "
            "GOLD)");
  // NONE is no condition: "-" says that.
  EXPECT_NE(RowError("NATIONAL\t*\tNONE\t-\t-\t2\t-\n").find("column 3 (min_award): unknown value \"NONE\""),
            std::string::npos);
  EXPECT_EQ(RowError("NATIONAL\t*\t-\t5\t-\t-\tCRAFTSMAN\n"),
            "policy.tsv:2: column 7 (honour): unknown value \"CRAFTSMAN\" (use one of MUNICIPAL_TECHNICAL_EXPERT, "
            "PROVINCIAL_TECHNICAL_EXPERT, NATIONAL_TECHNICAL_EXPERT)");
}

TEST(PolicyFileTest, BadNumbersNameTheColumn) {
  for (std::string_view bad : {"ten", "0", "-5", "+5", "1.5", "5x", "100001", "99999999999"}) {
    EXPECT_EQ(RowError(std::string("NATIONAL\t*\t-\t") + std::string(bad) + "\t-\t2\t-\n"),
              "policy.tsv:2: column 4 (max_rank): \"" + std::string(bad) + "\" is not a whole number from 1 to 100000");
  }
  for (std::string_view bad : {"0", "101", "30%", "thirty"}) {
    EXPECT_EQ(RowError(std::string("ENTERPRISE\t*\t-\t-\t") + std::string(bad) + "\t4\t-\n"),
              "policy.tsv:2: column 5 (top_percent): \"" + std::string(bad) + "\" is not a whole number from 1 to 100");
  }
  for (std::string_view bad : {"6", "0", "A", "P", "C", "22", "二级"}) {
    EXPECT_NE(RowError(std::string("NATIONAL\t*\tGOLD\t-\t-\t") + std::string(bad) + "\t-\n")
                  .find("policy.tsv:2: column 6 (promote_to): \"" + std::string(bad) + "\" is not a level"),
              std::string::npos)
        << bad;
  }
  EXPECT_EQ(RowError("NATIONAL\t*\tGOLD\t\t-\t2\t-\n"), "policy.tsv:2: column 4 (max_rank): empty (write - for none)");
}

TEST(PolicyFileTest, DuplicateRuleNamesBothLines) {
  EXPECT_EQ(RowError("NATIONAL\t*\tEXCELLENCE\t-\t-\t2\t-\n"
                     "# the same conditions again, with another outcome\n"
                     "NATIONAL\t*\tEXCELLENCE\t-\t-\t1\t-\n"),
            "policy.tsv:4: duplicate rule: line 2 has the same competition_level, group, min_award, max_rank and "
            "top_percent");
  // Another group, award or limit is another rule.
  EXPECT_TRUE(ParseRows("NATIONAL\t*\tEXCELLENCE\t-\t-\t2\t-\n"
                        "NATIONAL\tSTUDENTS\tEXCELLENCE\t-\t-\t2\t-\n"
                        "NATIONAL\t*\tGOLD\t-\t-\t2\t-\n"
                        "NATIONAL\t*\tEXCELLENCE\t5\t-\t-\tNATIONAL_TECHNICAL_EXPERT\n")
                  .ok());
}

TEST(PolicyFileTest, RulesNeedAConditionAndAnOutcome) {
  EXPECT_EQ(RowError("NATIONAL\t*\t-\t-\t-\t2\t-\n"),
            "policy.tsv:2: the rule sets no condition: give min_award, max_rank or top_percent");
  EXPECT_EQ(RowError("NATIONAL\t*\tGOLD\t-\t-\t-\t-\n"),
            "policy.tsv:2: the rule grants nothing: give promote_to or honour");
}

TEST(PolicyFileTest, HeaderAndEmptyFiles) {
  EXPECT_EQ(ParseError("level\tgroup\tmin_award\tmax_rank\ttop_percent\tpromote_to\thonour\n"),
            "policy.tsv:1: header must be \"competition_level<TAB>group<TAB>min_award<TAB>max_rank<TAB>top_percent"
            "<TAB>promote_to<TAB>honour\", got \"level<TAB>group<TAB>min_award<TAB>max_rank<TAB>top_percent<TAB>"
            "promote_to<TAB>honour\"");
  EXPECT_NE(ParseError("# only comments\n\n").find("file has no header line"), std::string::npos);
  EXPECT_NE(ParseError("").find("policy.tsv:1: file has no header line"), std::string::npos);
  EXPECT_NE(ParseError(std::string(kHeader) + "# no rules\n").find("file has no rules"), std::string::npos);
}

TEST(PolicyFileTest, LoadNamesTheFile) {
  const std::string path = ::testing::TempDir() + "/competition_promotion_bad.tsv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << kHeader << "NATIONAL\t*\tEXCELLENCE\t-\t-\t2\t-\n"
        << "PROVINCIAL\t*\tBRONZE\t-\t-\t2\n";
  }
  absl::StatusOr<PromotionPolicy> bad = PromotionPolicy::LoadFromFile(path);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(bad.status().message()).rfind(path + ":3: expected 7 tab-separated columns", 0), 0u)
      << bad.status();
  std::remove(path.c_str());

  absl::StatusOr<PromotionPolicy> missing = PromotionPolicy::LoadFromFile(path);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReasonOf(missing.status()), "REFERENCE_FILE_MISSING");
  EXPECT_NE(std::string(missing.status().message()).find(path), std::string::npos) << missing.status();
}

TEST(PolicyFileTest, ParseReturnsTheRulesInFileOrder) {
  absl::StatusOr<std::vector<PromotionRule>> rules = ParsePromotionPolicy(
      std::string(kHeader) + "MUNICIPAL_CLASS_I\tEMPLOYEES\t-\t10\t-\t2\t-\nENTERPRISE\t*\t-\t-\t30\t4\t-\n", "p");
  ASSERT_TRUE(rules.ok()) << rules.status();
  ASSERT_EQ(rules->size(), 2u);
  EXPECT_EQ((*rules)[0].line, 2);
  EXPECT_EQ((*rules)[0].group, kEmployees);
  EXPECT_EQ((*rules)[0].max_rank, 10);
  EXPECT_EQ((*rules)[1].line, 3);
  EXPECT_EQ((*rules)[1].top_percent, 30);
  EXPECT_EQ((*rules)[1].promote_to, kIntermediate);
}

}  // namespace
}  // namespace skillbridge::competition
