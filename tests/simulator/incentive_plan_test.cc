// Unit tests of the incentive part of the simulator's plan: deterministic for a seed; every
// enterprise's survey reports at each level at least the certificates (and introductions) the
// evaluation plan gave its workers, recounted here from the certificate rows; rows add up to the
// workforce; the city's skilled share, high-skilled share and wage premium in their ranges; the
// enterprises registered with a district and a chain; nominees and studio leaders holding the
// level asked for; awards within the quota; bridging applicants qualifying by the rule's level and
// years (and the planned refusals not qualifying).

#include "tools/simulator/incentive_plan.h"

#include <array>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "common/validation/citizen_id.h"
#include "common/validation/credit_code.h"
#include "tools/simulator/evaluation_plan.h"

namespace skillbridge::simulator {
namespace {

namespace iv = ::skillbridge::incentive::v1;

const ReferenceData& Reference() {
  static const auto* reference = [] {
    auto loaded = ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const ReferenceData>(*loaded);
  }();
  return **reference;
}

PlanOptions Options(double scale, uint64_t seed = 2021) {
  PlanOptions options;
  options.seed = seed;
  options.scale = scale;
  options.year = 2026;
  options.cutoff = absl::CivilDay(2026, 11, 30);
  return options;
}

struct Planned {
  EvaluationPlan evaluation;
  IncentivePlan incentive;
};

Planned Plan(const PlanOptions& options, int enterprises = kDefaultSurveyEnterprises) {
  Planned planned;
  planned.evaluation = PlanEvaluation(options, Reference());
  planned.incentive = PlanIncentives(options, Reference(), planned.evaluation, enterprises, DefaultBridgeRules());
  return planned;
}

// A scale-0.2 plan, made once for the tests that only read it.
const Planned& Shared() {
  static const auto* planned = new Planned(Plan(Options(0.2)));
  return *planned;
}

std::string Text(const IncentivePlan& plan) {
  std::string out;
  for (const auto& e : plan.enterprises) {
    out += e.credit_code + ";" + e.name + ";" + std::to_string(e.employee_count) + "\n";
  }
  for (const auto& list : {plan.surveys, plan.corrections}) {
    for (const auto& s : list) {
      out += std::to_string(s.enterprise) + ";" + std::to_string(s.workforce) + ";" +
             std::to_string(s.uncertified_average_pay_fen);
      for (const auto& l : s.levels) {
        out += ";" + std::to_string(l.headcount) + "/" + std::to_string(l.average_annual_pay_fen);
      }
      out += "\n";
    }
  }
  for (const auto& n : plan.nominations) {
    out += std::to_string(n.programme) + ";" + std::to_string(n.worker) + ";" + std::to_string(int(n.outcome)) + "\n";
  }
  for (const auto& p : plan.platforms) {
    out += p.name + ";" + std::to_string(p.host) + ";" + std::to_string(p.score) + ";" +
           std::to_string(p.fundings.size()) + "\n";
  }
  for (const auto& b : plan.bridges) {
    out += std::to_string(b.worker) + ";" + std::to_string(int(b.outcome)) + "\n";
  }
  return out;
}

TEST(IncentivePlan, IsDeterministicForASeedAndDiffersForAnother) {
  const std::string first = Text(Plan(Options(0.05), 300).incentive);
  EXPECT_EQ(first, Text(Plan(Options(0.05), 300).incentive));
  EXPECT_NE(first, Text(Plan(Options(0.05, 7), 300).incentive));
}

TEST(IncentivePlan, SurveysTheRequestedEnterprisesRegisteredWithDistrictAndChain) {
  const IncentivePlan& plan = Shared().incentive;
  ASSERT_EQ(plan.enterprises.size(), static_cast<size_t>(kDefaultSurveyEnterprises));
  ASSERT_EQ(plan.surveys.size(), plan.enterprises.size());
  EXPECT_EQ(plan.registered_by_evaluation, static_cast<int>(Shared().evaluation.enterprises.size()));
  for (int i = 0; i < plan.registered_by_evaluation; ++i) {
    EXPECT_EQ(plan.enterprises[static_cast<size_t>(i)].credit_code,
              Shared().evaluation.enterprises[static_cast<size_t>(i)].credit_code);
  }
  std::set<std::string> codes;
  for (const auto& e : plan.enterprises) {
    EXPECT_TRUE(ValidateCreditCode(e.credit_code, "credit_code").ok()) << e.credit_code;
    EXPECT_TRUE(codes.insert(e.credit_code).second) << "credit codes are distinct";
    EXPECT_NE(Reference().FindDistrict(e.district_code), nullptr) << e.district_code;
    EXPECT_NE(Reference().FindIndustryChain(e.industry_chain_code), nullptr) << e.industry_chain_code;
    EXPECT_TRUE(e.above_designated_size);
  }
  // Fewer asked for than the evaluation part registered: its enterprises are all surveyed still.
  const Planned few = Plan(Options(0.05), 5);
  EXPECT_EQ(few.incentive.enterprises.size(), few.evaluation.enterprises.size());
}

TEST(IncentivePlan, EachSurveyCoversTheCertificatesItsWorkersHoldPerLevel) {
  const Planned& planned = Shared();
  const IncentivePlan& plan = planned.incentive;
  // Recount from the certificate rows and introductions with the plan's employers.
  std::vector<std::array<int64_t, 5>> held(plan.enterprises.size());
  int64_t counted = 0;
  for (const auto& row : planned.evaluation.certificates.rows) {
    if (row.kind != RowKind::kValid) {
      continue;
    }
    const int employer = plan.person_employer[static_cast<size_t>(row.person)];
    ASSERT_GE(employer, 0) << "every certified person has an employer";
    const int level = CertifiedLevelIndex(row.level);
    if (level >= 0) {
      ++held[static_cast<size_t>(employer)][static_cast<size_t>(level)];
      ++counted;
    }
  }
  for (const auto& intro : planned.evaluation.introductions) {
    ++held[static_cast<size_t>(intro.employer)][static_cast<size_t>(CertifiedLevelIndex(intro.level))];
    ++counted;
  }
  ASSERT_GT(counted, 10'000);
  int with_certificates = 0;
  for (const std::vector<PlannedSurvey>& rows : {plan.surveys, FinalSurveys(plan)}) {
    for (const PlannedSurvey& s : rows) {
      const auto e = static_cast<size_t>(s.enterprise);
      ASSERT_EQ(s.levels.size(), 5u);
      int64_t sum = s.uncertified_headcount;
      bool any = false;
      for (size_t l = 0; l < 5; ++l) {
        EXPECT_EQ(s.levels[l].level, kCertifiedLevels[l]);
        EXPECT_GE(s.levels[l].headcount, held[e][l])
            << plan.enterprises[e].credit_code << " level " << s.levels[l].level;
        any = any || held[e][l] > 0;
        sum += s.levels[l].headcount;
        if (s.levels[l].headcount > 0) {
          EXPECT_GE(s.levels[l].average_annual_pay_fen, 1'000'000);
          EXPECT_LE(s.levels[l].average_annual_pay_fen, 500'000'000);
        } else {
          EXPECT_EQ(s.levels[l].average_annual_pay_fen, 0);
        }
      }
      with_certificates += any ? 1 : 0;
      EXPECT_EQ(sum, s.workforce) << "rows add up to the workforce";
      EXPECT_GE(s.workforce, 1);
      EXPECT_EQ(s.uncertified_average_pay_fen == 0, s.uncertified_headcount == 0);
    }
  }
  EXPECT_GT(with_certificates, 100);
}

TEST(IncentivePlan, CityRatiosLandInTheirRanges) {
  for (const double scale : {0.05, 0.2, 1.0}) {
    const Planned planned = scale == 0.2 ? Shared() : Plan(Options(scale));
    const PlannedSurveyTotals totals = TotalsOf(FinalSurveys(planned.incentive));
    EXPECT_EQ(totals.enterprises, kDefaultSurveyEnterprises);
    EXPECT_GE(totals.skilled_share(), 0.50) << scale;
    EXPECT_LE(totals.skilled_share(), 0.60) << scale;
    EXPECT_GE(totals.high_skilled_share(), 0.28) << scale;
    EXPECT_LE(totals.high_skilled_share(), 0.35) << scale;
    EXPECT_GE(totals.wage_premium(), 1.2) << scale;
    EXPECT_LE(totals.wage_premium(), 1.5) << scale;
  }
}

TEST(IncentivePlan, CorrectionsReplaceAFewRowsWithChanges) {
  const IncentivePlan& plan = Shared().incentive;
  ASSERT_GE(plan.corrections.size(), 3u);
  std::set<int> corrected;
  for (const PlannedSurvey& c : plan.corrections) {
    EXPECT_TRUE(corrected.insert(c.enterprise).second);
    EXPECT_GT(c.workforce, plan.surveys[static_cast<size_t>(c.enterprise)].workforce);
  }
  const PlannedSurveyTotals before = TotalsOf(plan.surveys);
  const PlannedSurveyTotals after = TotalsOf(FinalSurveys(plan));
  EXPECT_EQ(before.enterprises, after.enterprises);
  EXPECT_GT(after.workforce, before.workforce);
}

TEST(IncentivePlan, NomineesHoldTheRequiredLevelAndAwardsStayWithinQuota) {
  const IncentivePlan& plan = Shared().incentive;
  ASSERT_GE(plan.programmes.size(), 3u);
  const auto& leading = plan.programmes.front();
  EXPECT_EQ(leading.kind, iv::HONOUR_KIND_LEADING_TALENT);
  EXPECT_EQ(leading.quota, 50);
  EXPECT_EQ(leading.required_level, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(leading.title, "2026年度青岛市高技能领军人才");
  std::map<int, int> awarded;
  std::map<int, int> nominated;
  std::set<std::pair<int, std::string>> once;
  int rejected = 0;
  for (const auto& n : plan.nominations) {
    const auto& programme = plan.programmes[static_cast<size_t>(n.programme)];
    const auto& worker = plan.workers[static_cast<size_t>(n.worker)];
    EXPECT_GE(worker.highest(), programme.required_level) << worker.person.id_number;
    EXPECT_TRUE(ParseCitizenId(worker.person.id_number, "id").ok());
    EXPECT_TRUE(once.insert({n.programme, worker.person.id_number}).second) << "one nomination per programme";
    EXPECT_GE(worker.employer, 0);
    awarded[n.programme] += n.outcome == Outcome::kApproved ? 1 : 0;
    rejected += n.outcome == Outcome::kRejected ? 1 : 0;
    ++nominated[n.programme];
    if (n.outcome == Outcome::kRejected || n.outcome == Outcome::kWithdrawn) {
      EXPECT_FALSE(n.reason.empty());
    }
    EXPECT_EQ(n.reviewed, n.outcome == Outcome::kApproved || n.outcome == Outcome::kUnderReview ||
                              (n.outcome == Outcome::kRejected && n.reason == "综合评审未入选"));
  }
  for (const auto& [p, count] : awarded) {
    EXPECT_LE(count, plan.programmes[static_cast<size_t>(p)].quota);
  }
  EXPECT_GT(awarded[0], 10);
  EXPECT_GT(nominated[0], awarded[0]) << "not every nominee is awarded";
  EXPECT_GT(rejected, 0);
}

TEST(IncentivePlan, PlatformsOfEachKindWithLeadersFundingAndOneRevoked) {
  const IncentivePlan& plan = Shared().incentive;
  std::map<int, int> kinds;
  std::set<std::string> names;
  int revoked = 0;
  int cancelled = 0;
  int paid = 0;
  for (const auto& p : plan.platforms) {
    ++kinds[p.kind];
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    ASSERT_GE(p.host, 0);
    EXPECT_LE(p.approved_year, 2026);
    EXPECT_EQ(p.score >= 0, p.approved_year < 2026) << "evaluated when approved before the year";
    if (p.kind == iv::PLATFORM_KIND_MASTER_STUDIO) {
      ASSERT_GE(p.leader, 0);
      const auto& leader = plan.workers[static_cast<size_t>(p.leader)];
      EXPECT_GE(leader.highest(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
      EXPECT_EQ(leader.employer, p.host) << "a studio is hosted by its leader's employer";
    }
    revoked += p.revoke ? 1 : 0;
    if (p.revoke) {
      EXPECT_LT(p.score, 60);
      EXPECT_TRUE(p.fundings.empty());
    }
    for (const auto& f : p.fundings) {
      EXPECT_GT(f.amount_fen, 0);
      cancelled += f.target == iv::FUNDING_STATUS_CANCELLED ? 1 : 0;
      paid += f.target == iv::FUNDING_STATUS_PAID ? 1 : 0;
    }
  }
  EXPECT_EQ(kinds[iv::PLATFORM_KIND_TRAINING_DEMO_BASE], 12);
  EXPECT_EQ(kinds[iv::PLATFORM_KIND_PUBLIC_TRAINING_BASE], 10);
  EXPECT_EQ(kinds[iv::PLATFORM_KIND_MASTER_STUDIO], 24);
  EXPECT_EQ(revoked, 1);
  EXPECT_EQ(cancelled, 1);
  EXPECT_GT(paid, 3);
}

TEST(IncentivePlan, BridgingApplicantsQualifyByTheRuleAndTheRefusalsDoNot) {
  const IncentivePlan& plan = Shared().incentive;
  const absl::CivilDay cutoff(2026, 11, 30);
  int eligible = 0;
  int refused = 0;
  int approved = 0;
  for (const auto& b : plan.bridges) {
    const auto& rule = plan.rules[static_cast<size_t>(b.rule)];
    const auto& worker = plan.workers[static_cast<size_t>(b.worker)];
    bool qualifies = false;
    for (const auto& q : worker.held) {
      qualifies = qualifies || (q.level >= rule.min_level && absl::CivilDay(q.since.year() + rule.min_years_held,
                                                                            q.since.month(), q.since.day()) <= cutoff);
    }
    EXPECT_EQ(qualifies, !b.expect_not_eligible) << worker.person.id_number;
    eligible += qualifies ? 1 : 0;
    refused += b.expect_not_eligible ? 1 : 0;
    approved += b.outcome == Outcome::kApproved && !b.expect_not_eligible ? 1 : 0;
  }
  EXPECT_GT(eligible, 5);
  EXPECT_GT(approved, 2);
  EXPECT_EQ(refused, 2);

  // Another policy: every rule gets its applicants.
  std::vector<PlannedBridgeRule> rules = DefaultBridgeRules();
  rules.push_back(
      {iv::TITLE_SERIES_ENGINEERING, iv::TITLE_GRADE_ASSISTANT, "助理工程师", common::v1::SKILL_LEVEL_3_SENIOR, 0});
  const IncentivePlan other = PlanIncentives(Options(0.2), Reference(), Shared().evaluation, 300, rules);
  int assistant = 0;
  for (const auto& b : other.bridges) {
    assistant += b.rule == 1 ? 1 : 0;
  }
  EXPECT_GT(assistant, 5);
}

}  // namespace
}  // namespace skillbridge::simulator
