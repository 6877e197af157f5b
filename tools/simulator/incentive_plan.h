#pragma once
// The incentive part of the city-year plan (measures 1 and 5): the year's enterprise wage survey,
// honour programmes with their nominations, talent platforms with evaluations and funding, and
// career-bridging applications — all of them consistent with what the evaluation part certified.
//
//   - Employers: every person the evaluation part certified (a valid, unrevoked certificate) or
//     introduced gets an employer in the register of above-designated-size enterprises: the
//     evaluation part's enterprises (kept first, in their order; introduced persons keep theirs)
//     and new ones this part registers up to `survey_enterprises`, each with a district and an
//     industry chain. A self-evaluating enterprise mostly certifies its own workers; other
//     certificates go to an enterprise of the issuer's district (sometimes another), by size.
//   - Wage survey: one row per enterprise. Its headcount at each level 五级..一级 is at least the
//     number of certificates (and introductions) at that level held by its workers; the rest of
//     the workforce is drawn so that the city's skilled share is about 55%, the high-skilled
//     share of the skilled about 31%, and pay rises with the level (skill wage premium about 1.3).
//     A few rows are resubmitted (corrections) with small changes, equally consistent.
//   - Honours: 高技能领军人才, 青岛工匠, 振超技能大奖, 拔尖人才 of the year, each with a quota, an
//     award and a required level; nominees are workers holding that level in the plan; some are
//     rejected or withdrawn, and awards never exceed the quota.
//   - Platforms: dozens of training demonstration bases, public training bases and master studios
//     (each studio led by a worker at 技师 or above, at their employer), evaluated for the year
//     when approved earlier (a failing one is revoked), funded (construction grants for the new
//     ones, performance grants for the best), mostly paid, one grant cancelled.
//   - Career bridging: for every rule of the policy, workers whose levels qualify at the cutoff
//     (introduced workers certified elsewhere years ago), most approved; plus a couple of
//     applications the service must refuse (NOT_ELIGIBLE: held since this year only).
//
// Generated from the seed, the evaluation plan and the bridging rules without any I/O; the same
// inputs always give the same plan, each kind of record from its own named stream. Pure
// functions; the plan is a plain value, safe to share read-only between threads.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/reference/reference_data.h"
#include "skillbridge/common/v1/common.pb.h"
#include "skillbridge/incentive/v1/enums.pb.h"
#include "tools/simulator/competition_plan.h"
#include "tools/simulator/evaluation_plan.h"
#include "tools/simulator/plan_random.h"

namespace skillbridge::simulator {

inline constexpr int kDefaultSurveyEnterprises = 2000;
inline constexpr int kSurveyBatchSize = 1000;  // rows per SubmitWageSurveys call (the API takes 5,000)

// The index of a level among kCertifiedLevels (五级 = 0 .. 一级 = 4); -1 for any other level.
int CertifiedLevelIndex(common::v1::SkillLevel level);

// One rule of the career-bridging policy (ListBridgePolicies, reference/career_bridging.tsv).
struct PlannedBridgeRule {
  incentive::v1::TitleSeries series = incentive::v1::TITLE_SERIES_UNSPECIFIED;
  incentive::v1::TitleGrade grade = incentive::v1::TITLE_GRADE_UNSPECIFIED;
  std::string title_name;
  common::v1::SkillLevel min_level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  int min_years_held = 0;
};

// The rule assumed when the service names none: 工程系列 工程师, 二级/技师 held for 3 years.
std::vector<PlannedBridgeRule> DefaultBridgeRules();

// A level a worker holds, since its earliest certificate (or outside certificate) at it.
struct PlannedQualification {
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  absl::CivilDay since;
  std::string occupation_code;
};

// A certified or introduced person with an employer.
struct PlannedWorker {
  PlannedPerson person;
  int employer = -1;                        // index into IncentivePlan::enterprises
  std::vector<PlannedQualification> held;   // highest level first, one per level
  common::v1::SkillLevel highest() const {  // UNSPECIFIED when none
    return held.empty() ? common::v1::SKILL_LEVEL_UNSPECIFIED : held.front().level;
  }
};

struct PlannedLevelPay {
  common::v1::SkillLevel level = common::v1::SKILL_LEVEL_UNSPECIFIED;
  int64_t headcount = 0;
  int64_t average_annual_pay_fen = 0;  // 0 when headcount is 0
};

// One row of the wage survey.
struct PlannedSurvey {
  int enterprise = -1;  // index into IncentivePlan::enterprises
  int64_t workforce = 0;
  int64_t uncertified_headcount = 0;
  int64_t uncertified_average_pay_fen = 0;
  std::vector<PlannedLevelPay> levels;  // 五级..一级, one row each
};

// Totals of survey rows as the service computes them (SurveyTotals).
struct PlannedSurveyTotals {
  int64_t enterprises = 0;
  int64_t workforce = 0;
  int64_t skilled = 0;
  int64_t high_skilled = 0;
  int64_t skilled_pay_total_fen = 0;
  int64_t high_skilled_pay_total_fen = 0;
  double skilled_share() const;
  double high_skilled_share() const;
  double wage_premium() const;
};

struct PlannedProgramme {
  incentive::v1::HonourKind kind = incentive::v1::HONOUR_KIND_UNSPECIFIED;
  std::string title;  // unique within the year; how a rerun finds the programme again
  int quota = 0;
  int64_t award_fen = 0;
  common::v1::SkillLevel required_level = common::v1::SKILL_LEVEL_UNSPECIFIED;
};

// How far a nomination (or a bridging application) is taken.
enum class Outcome { kOpen, kUnderReview, kApproved, kRejected, kWithdrawn };

struct PlannedNomination {
  int programme = -1;  // index into IncentivePlan::programmes
  int worker = -1;     // index into IncentivePlan::workers
  std::string citation;
  Outcome outcome = Outcome::kOpen;  // kApproved = awarded; kOpen = left NOMINATED
  bool reviewed = false;             // taken UNDER_REVIEW first (awarded, or rejected after review)
  std::string reason;                // for rejections and withdrawals
};

struct PlannedFunding {
  int64_t amount_fen = 0;
  std::string purpose;  // unique per platform and year; how a rerun finds the grant again
  incentive::v1::FundingStatus target = incentive::v1::FUNDING_STATUS_PAID;
  std::string cancel_reason;
};

struct PlannedPlatform {
  incentive::v1::PlatformKind kind = incentive::v1::PLATFORM_KIND_UNSPECIFIED;
  incentive::v1::PlatformLevel level = incentive::v1::PLATFORM_LEVEL_UNSPECIFIED;
  std::string name;  // unique; with the host, how a rerun finds the platform again
  int host = -1;     // index into IncentivePlan::enterprises
  std::string industry_chain_code;
  std::vector<std::string> occupation_codes;
  int approved_year = 0;
  int leader = -1;  // index into IncentivePlan::workers; master studios only
  int score = -1;   // the year's evaluation; -1 = not evaluated (approved this year)
  bool revoke = false;
  std::string revoke_reason;
  std::vector<PlannedFunding> fundings;
};

struct PlannedBridge {
  int worker = -1;
  int rule = -1;  // index into the rules the plan was made with
  Outcome outcome = Outcome::kOpen;
  std::string reason;
  bool expect_not_eligible = false;  // the service must refuse it (NOT_ELIGIBLE)
};

struct IncentivePlan {
  // The surveyed enterprises: the evaluation part's first (already registered by it), then the
  // ones this part registers.
  std::vector<PlannedEnterprise> enterprises;
  int registered_by_evaluation = 0;
  // Per person of the evaluation plan's CertificatePlan::persons: the employer (index into
  // enterprises), -1 for persons without a valid certificate.
  std::vector<int> person_employer;
  std::vector<PlannedWorker> workers;
  // Per enterprise, per level 五级..一级: certificates and introductions at the level held by its
  // workers — the least headcount its survey may report.
  std::vector<std::array<int64_t, 5>> certified_floor;
  std::vector<PlannedSurvey> surveys;      // one per enterprise, in enterprise order
  std::vector<PlannedSurvey> corrections;  // resubmissions, replacing those enterprises' rows
  std::vector<PlannedProgramme> programmes;
  std::vector<PlannedNomination> nominations;
  std::vector<PlannedPlatform> platforms;
  std::vector<PlannedBridgeRule> rules;
  std::vector<PlannedBridge> bridges;
};

// The survey rows in force once the corrections replace the rows they correct.
std::vector<PlannedSurvey> FinalSurveys(const IncentivePlan& plan);
PlannedSurveyTotals TotalsOf(const std::vector<PlannedSurvey>& surveys);

// `survey_enterprises`: how many enterprises the survey covers (at least the evaluation part's).
// `rules`: the bridging policy (DefaultBridgeRules() when the service names none).
IncentivePlan PlanIncentives(const PlanOptions& options, const ReferenceData& reference,
                             const EvaluationPlan& evaluation, int survey_enterprises,
                             const std::vector<PlannedBridgeRule>& rules);

}  // namespace skillbridge::simulator
