#include "tools/simulator/incentive_plan.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "common/util/concat.h"

namespace skillbridge::simulator {

namespace {

namespace iv = ::skillbridge::incentive::v1;
using common::v1::SkillLevel;

// Pay of each level 五级..一级 relative to the enterprise's base pay, and of the uncertified.
constexpr double kLevelPayFactor[5] = {1.0, 1.15, 1.45, 1.8, 2.2};
constexpr double kUncertifiedPayFactor = 0.82;
// How the skilled split between the levels: 五级/四级 of the rest, 三级/二级/一级 of the high-skilled.
constexpr double kLowSplit[2] = {0.45, 0.55};
constexpr double kHighSplit[3] = {0.65, 0.27, 0.08};

absl::CivilDay AddYears(absl::CivilDay day, int years) {
  return absl::CivilDay(day.year() + years, day.month(), day.day());
}

// Adds `total - Σfloors` to `floors` in proportion to how far each is below its share of `total`.
template <size_t N>
std::array<int64_t, N> Allocate(int64_t total, const std::array<int64_t, N>& floors, const double (&weights)[N]) {
  std::array<int64_t, N> out = floors;
  int64_t rest = total;
  for (int64_t f : floors) {
    rest -= f;
  }
  if (rest <= 0) {
    return out;
  }
  std::array<double, N> extra{};
  double extra_sum = 0;
  for (size_t i = 0; i < N; ++i) {
    extra[i] = std::max(0.0, weights[i] * static_cast<double>(total) - static_cast<double>(floors[i]));
    extra_sum += extra[i];
  }
  size_t biggest = 0;
  for (size_t i = 1; i < N; ++i) {
    if ((extra_sum > 0 ? extra[i] > extra[biggest] : weights[i] > weights[biggest])) {
      biggest = i;
    }
  }
  int64_t given = 0;
  if (extra_sum > 0) {
    for (size_t i = 0; i < N; ++i) {
      const auto add = static_cast<int64_t>(std::floor(extra[i] / extra_sum * static_cast<double>(rest)));
      out[i] += add;
      given += add;
    }
  }
  out[biggest] += rest - given;
  return out;
}

int64_t PayFen(double yuan) { return static_cast<int64_t>(std::llround(yuan)) * 100; }

class Planner final {
 public:
  Planner(const PlanOptions& options, const ReferenceData& reference, const EvaluationPlan& evaluation,
          int survey_enterprises, const std::vector<PlannedBridgeRule>& rules)
      : options_(options), reference_(reference), evaluation_(evaluation), survey_enterprises_(survey_enterprises) {
    plan_.rules = rules;
  }

  IncentivePlan Run() && {
    PlanEnterprises();
    if (plan_.enterprises.empty()) {
      return std::move(plan_);
    }
    PlanWorkers();
    PlanSurveys();
    PlanCorrections();
    PlanHonours();
    PlanPlatforms();
    PlanBridges();
    return std::move(plan_);
  }

 private:
  // ---- enterprises

  void PlanEnterprises() {
    plan_.enterprises = evaluation_.enterprises;
    plan_.registered_by_evaluation = static_cast<int>(plan_.enterprises.size());
    std::set<std::string> codes;
    std::set<std::string> names;
    for (const PlannedEnterprise& e : plan_.enterprises) {
      codes.insert(e.credit_code);
      names.insert(e.name);
    }
    const auto& districts = reference_.districts();
    if (districts.empty()) {
      return;
    }
    std::vector<double> weights;
    for (const District& district : districts) {
      weights.push_back(DistrictWeight(district.code));
    }
    Stream stream(options_.seed, "incentive-enterprises");
    while (static_cast<int>(plan_.enterprises.size()) < survey_enterprises_) {
      PlannedEnterprise e;
      e.district_code = districts[static_cast<size_t>(stream.Weighted(weights))].code;
      e.industry_chain_code = ChainFor(stream, reference_);
      const std::string brand = PickBrand(stream);
      e.name = Concat("青岛", brand, ChainSuffix(e.industry_chain_code));
      for (int n = 2; !names.insert(e.name).second; ++n) {
        e.name = n <= 4 ? Concat("青岛", brand, PickBrand(stream), ChainSuffix(e.industry_chain_code))
                        : Concat("青岛", brand, ChainSuffix(e.industry_chain_code), "第", n, "分公司");
      }
      e.employee_count = 30 + static_cast<int>(std::pow(stream.Uniform(), 2.5) * 2500);
      do {
        e.credit_code = MakeCreditCode("91", e.district_code, stream.Next());
      } while (!codes.insert(e.credit_code).second);
      plan_.enterprises.push_back(std::move(e));
    }
    for (size_t i = 0; i < plan_.enterprises.size(); ++i) {
      by_code_[plan_.enterprises[i].credit_code] = static_cast<int>(i);
      by_district_[plan_.enterprises[i].district_code].push_back(static_cast<int>(i));
    }
  }

  // An enterprise of `district` (any when it has none), drawn by size.
  int EnterpriseIn(Stream& stream, const std::string& district) {
    auto found = by_district_.find(district);
    std::vector<int> all;
    if (found == by_district_.end()) {
      for (size_t i = 0; i < plan_.enterprises.size(); ++i) {
        all.push_back(static_cast<int>(i));
      }
    }
    const std::vector<int>& pool = found == by_district_.end() ? all : found->second;
    std::vector<double> weights;
    weights.reserve(pool.size());
    for (int i : pool) {
      weights.push_back(std::max(1, plan_.enterprises[static_cast<size_t>(i)].employee_count));
    }
    return pool[static_cast<size_t>(stream.Weighted(weights))];
  }

  // ---- workers: employers, levels held, the survey floors

  void PlanWorkers() {
    Stream stream(options_.seed, "incentive-employers");
    const CertificatePlan& certificates = evaluation_.certificates;
    plan_.person_employer.assign(certificates.persons.size(), -1);
    plan_.certified_floor.assign(plan_.enterprises.size(), {});
    std::vector<std::map<int, PlannedQualification>> held(certificates.persons.size());  // level → earliest
    std::vector<std::string> district_codes;
    std::vector<double> district_weights;
    for (const District& district : reference_.districts()) {
      district_codes.push_back(district.code);
      district_weights.push_back(DistrictWeight(district.code));
    }
    for (const PlannedCertificate& row : certificates.rows) {
      if (row.kind != RowKind::kValid || row.person < 0 || row.org < 0) {
        continue;
      }
      const auto p = static_cast<size_t>(row.person);
      int& employer = plan_.person_employer[p];
      if (employer < 0) {
        const PlannedOrg& org = evaluation_.orgs[static_cast<size_t>(row.org)];
        auto own = by_code_.find(org.credit_code);
        if (own != by_code_.end() && stream.Chance(0.65)) {
          employer = own->second;  // a self-evaluating enterprise certifies its own workers
        } else {
          const std::string district = stream.Chance(0.75)
                                           ? org.district_code
                                           : district_codes[static_cast<size_t>(stream.Weighted(district_weights))];
          employer = EnterpriseIn(stream, district);
        }
      }
      const int level = CertifiedLevelIndex(row.level);
      if (level < 0) {
        continue;
      }
      ++plan_.certified_floor[static_cast<size_t>(employer)][static_cast<size_t>(level)];
      if (row.revoke) {
        continue;
      }
      auto [it, inserted] =
          held[p].try_emplace(level, PlannedQualification{row.level, row.issue_date, row.occupation_code});
      if (!inserted && row.issue_date < it->second.since) {
        it->second.since = row.issue_date;
        it->second.occupation_code = row.occupation_code;
      }
    }
    for (size_t p = 0; p < certificates.persons.size(); ++p) {
      if (plan_.person_employer[p] < 0 || held[p].empty()) {
        continue;
      }
      PlannedWorker worker;
      worker.person = certificates.persons[p];
      worker.employer = plan_.person_employer[p];
      for (auto it = held[p].rbegin(); it != held[p].rend(); ++it) {
        worker.held.push_back(it->second);
      }
      plan_.workers.push_back(std::move(worker));
    }
    for (const PlannedIntroduction& intro : evaluation_.introductions) {
      const int level = CertifiedLevelIndex(intro.level);
      if (intro.employer < 0 || level < 0) {
        continue;
      }
      ++plan_.certified_floor[static_cast<size_t>(intro.employer)][static_cast<size_t>(level)];
      PlannedWorker worker;
      worker.person = intro.person;
      worker.employer = intro.employer;
      worker.held.push_back({intro.level, intro.outside_issue_date, intro.occupation_code});
      plan_.workers.push_back(std::move(worker));
    }
  }

  // ---- wage survey

  void PlanSurveys() {
    Stream stream(options_.seed, "incentive-surveys");
    for (size_t e = 0; e < plan_.enterprises.size(); ++e) {
      const std::array<int64_t, 5>& floor = plan_.certified_floor[e];
      const std::array<int64_t, 2> low_floor = {floor[0], floor[1]};
      const std::array<int64_t, 3> high_floor = {floor[2], floor[3], floor[4]};
      const int64_t low_min = low_floor[0] + low_floor[1];
      const int64_t high_min = high_floor[0] + high_floor[1] + high_floor[2];
      const double skilled_share = 0.44 + 0.22 * stream.Uniform();
      const double high_share = 0.25 + 0.12 * stream.Uniform();
      int64_t workforce = std::max(1, plan_.enterprises[e].employee_count);
      int64_t skilled =
          std::max<int64_t>(low_min + high_min, std::llround(skilled_share * static_cast<double>(workforce)));
      int64_t high = std::max<int64_t>(high_min, std::llround(high_share * static_cast<double>(skilled)));
      skilled = std::max(skilled, high + low_min);
      if (skilled > workforce) {
        workforce = static_cast<int64_t>(std::ceil(static_cast<double>(skilled) / skilled_share));
      }
      const std::array<int64_t, 2> low = Allocate(skilled - high, low_floor, kLowSplit);
      const std::array<int64_t, 3> highs = Allocate(high, high_floor, kHighSplit);
      const double base = 52'000 + 30'000 * stream.Uniform();  // yuan a year at 五级
      PlannedSurvey survey;
      survey.enterprise = static_cast<int>(e);
      survey.workforce = workforce;
      survey.uncertified_headcount = workforce - skilled;
      const double uncertified_pay = base * kUncertifiedPayFactor * (0.96 + 0.08 * stream.Uniform());
      survey.uncertified_average_pay_fen = survey.uncertified_headcount > 0 ? PayFen(uncertified_pay) : 0;
      for (size_t i = 0; i < 5; ++i) {
        PlannedLevelPay row;
        row.level = kCertifiedLevels[i];
        row.headcount = i < 2 ? low[i] : highs[i - 2];
        const double pay = base * kLevelPayFactor[i] * (0.96 + 0.08 * stream.Uniform());
        row.average_annual_pay_fen = row.headcount > 0 ? PayFen(pay) : 0;
        survey.levels.push_back(row);
      }
      plan_.surveys.push_back(std::move(survey));
    }
  }

  // A few rows resubmitted: more workers without a certificate, and 五级 pay corrected.
  void PlanCorrections() {
    Stream stream(options_.seed, "incentive-corrections");
    const int n = static_cast<int>(plan_.surveys.size());
    const int count = std::min(n, std::max(3, n / 250));
    std::set<int> chosen;
    while (static_cast<int>(chosen.size()) < count) {
      chosen.insert(stream.Below(n));
    }
    for (int e : chosen) {
      PlannedSurvey survey = plan_.surveys[static_cast<size_t>(e)];
      const int more = stream.Between(1, 20);
      survey.workforce += more;
      survey.uncertified_headcount += more;
      if (survey.uncertified_average_pay_fen == 0) {
        survey.uncertified_average_pay_fen = plan_.surveys[static_cast<size_t>(e)].levels[0].average_annual_pay_fen;
        if (survey.uncertified_average_pay_fen == 0) {
          survey.uncertified_average_pay_fen = 4'500'000;
        }
      }
      PlannedLevelPay& junior = survey.levels[0];
      if (junior.headcount > 0) {
        junior.average_annual_pay_fen = junior.average_annual_pay_fen / 100 * 102;
      }
      plan_.corrections.push_back(std::move(survey));
    }
  }

  // ---- honours

  // Workers holding `level` or above, in worker order.
  std::vector<int> WorkersAtOrAbove(SkillLevel level) const {
    std::vector<int> out;
    for (size_t w = 0; w < plan_.workers.size(); ++w) {
      if (plan_.workers[w].highest() >= level) {
        out.push_back(static_cast<int>(w));
      }
    }
    return out;
  }

  // Up to `count` distinct items of `pool` in a random order.
  static std::vector<int> Sample(Stream& stream, std::vector<int> pool, int count) {
    const int n = std::min(count, static_cast<int>(pool.size()));
    for (int i = 0; i < n; ++i) {
      std::swap(pool[static_cast<size_t>(i)],
                pool[static_cast<size_t>(i + stream.Below(static_cast<int>(pool.size()) - i))]);
    }
    pool.resize(static_cast<size_t>(std::max(0, n)));
    return pool;
  }

  std::string OccupationName(const std::string& code) const {
    const Occupation* occupation = reference_.FindOccupation(code);
    return occupation == nullptr ? code : occupation->name;
  }

  void PlanHonours() {
    struct Shape {
      iv::HonourKind kind;
      const char* title;
      int quota;
      int64_t award_fen;
      SkillLevel level;
    };
    const Shape kShapes[] = {
        {iv::HONOUR_KIND_LEADING_TALENT, "年度青岛市高技能领军人才", 50, 5'000'000,
         common::v1::SKILL_LEVEL_2_TECHNICIAN},
        {iv::HONOUR_KIND_QINGDAO_CRAFTSMAN, "年度“青岛工匠”", 20, 3'000'000, common::v1::SKILL_LEVEL_3_SENIOR},
        {iv::HONOUR_KIND_ZHENCHAO_AWARD, "年度振超技能大奖", 10, 10'000'000, common::v1::SKILL_LEVEL_2_TECHNICIAN},
        {iv::HONOUR_KIND_TOP_TALENT, "年度青岛市拔尖人才（技能类）", 15, 0,
         common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN},
    };
    Stream stream(options_.seed, "incentive-honours");
    for (const Shape& shape : kShapes) {
      const int p = static_cast<int>(plan_.programmes.size());
      plan_.programmes.push_back(
          {shape.kind, Concat(options_.year, shape.title), shape.quota, shape.award_fen, shape.level});
      const std::vector<int> nominees =
          Sample(stream, WorkersAtOrAbove(shape.level), shape.quota + (shape.quota + 1) / 2);
      std::vector<size_t> reviewed;
      for (int w : nominees) {
        PlannedNomination nomination;
        nomination.programme = p;
        nomination.worker = w;
        const PlannedWorker& worker = plan_.workers[static_cast<size_t>(w)];
        nomination.citation = Concat("长期从事", OccupationName(worker.held.front().occupation_code),
                                     "工作，技艺精湛，攻克多项生产技术难题，带徒传技成效显著。");
        const double r = stream.Uniform();
        if (r < 0.08) {
          nomination.outcome = Outcome::kRejected;
          nomination.reason = "推荐材料不完整，未通过资格审查";
        } else if (r < 0.13) {
          nomination.outcome = Outcome::kWithdrawn;
          nomination.reason = "本人申请撤回推荐";
        } else if (r < 0.18) {
          nomination.outcome = Outcome::kOpen;
        } else {
          nomination.outcome = Outcome::kUnderReview;
          nomination.reviewed = true;
          reviewed.push_back(plan_.nominations.size());
        }
        plan_.nominations.push_back(std::move(nomination));
      }
      // Most of the reviewed are awarded, never more than the quota; of the others, half are
      // rejected and half are still under review.
      const size_t awarded = std::min(static_cast<size_t>(shape.quota), (reviewed.size() * 4 + 4) / 5);
      for (size_t i = 0; i < reviewed.size(); ++i) {
        PlannedNomination& nomination = plan_.nominations[reviewed[i]];
        if (i < awarded) {
          nomination.outcome = Outcome::kApproved;
        } else if ((i - awarded) % 2 == 0) {
          nomination.outcome = Outcome::kRejected;
          nomination.reason = "综合评审未入选";
        }
      }
    }
  }

  // ---- platforms

  void PlanPlatforms() {
    Stream stream(options_.seed, "incentive-platforms");
    std::vector<double> host_weights;
    for (const PlannedEnterprise& e : plan_.enterprises) {
      host_weights.push_back(std::sqrt(static_cast<double>(std::max(1, e.employee_count))));
    }
    std::vector<const Occupation*> production;
    for (const Occupation& occupation : reference_.occupations()) {
      if (IsProduction(occupation)) {
        production.push_back(&occupation);
      }
    }
    std::set<std::string> names;
    const std::vector<int> leaders = Sample(stream, WorkersAtOrAbove(common::v1::SKILL_LEVEL_2_TECHNICIAN), 24);
    struct Kind {
      iv::PlatformKind kind;
      int count;
      int64_t grant_yuan[3];  // national, provincial, municipal
    };
    const Kind kKinds[] = {
        {iv::PLATFORM_KIND_TRAINING_DEMO_BASE, 12, {1'000'000, 500'000, 300'000}},
        {iv::PLATFORM_KIND_PUBLIC_TRAINING_BASE, 10, {2'000'000, 1'000'000, 500'000}},
        {iv::PLATFORM_KIND_MASTER_STUDIO, static_cast<int>(leaders.size()), {200'000, 100'000, 50'000}},
    };
    for (const Kind& kind : kKinds) {
      for (int i = 0; i < kind.count; ++i) {
        PlannedPlatform platform;
        platform.kind = kind.kind;
        const double r = stream.Uniform();
        platform.level = r < 0.1   ? iv::PLATFORM_LEVEL_NATIONAL
                         : r < 0.4 ? iv::PLATFORM_LEVEL_PROVINCIAL
                                   : iv::PLATFORM_LEVEL_MUNICIPAL;
        platform.approved_year = options_.year - stream.Below(6);
        if (kind.kind == iv::PLATFORM_KIND_MASTER_STUDIO) {
          platform.leader = leaders[static_cast<size_t>(i)];
          const PlannedWorker& leader = plan_.workers[static_cast<size_t>(platform.leader)];
          platform.host = leader.employer;
          platform.occupation_codes.push_back(leader.held.front().occupation_code);
          platform.name = Concat("青岛市", leader.person.name, "技能大师工作室");
        } else {
          platform.host = stream.Weighted(host_weights);
          for (const Occupation* occupation : PickOccupations(stream, production, stream.Between(2, 4))) {
            platform.occupation_codes.push_back(occupation->code);
          }
          const PlannedEnterprise& host = plan_.enterprises[static_cast<size_t>(platform.host)];
          platform.name = Concat(host.name, kind.kind == iv::PLATFORM_KIND_TRAINING_DEMO_BASE ? "高技能人才培训示范基地"
                                                                                              : "专项公共实训基地");
        }
        const PlannedEnterprise& host = plan_.enterprises[static_cast<size_t>(platform.host)];
        if (!names.insert(platform.name).second) {
          platform.name = Concat(platform.name, "（", host.name, "）");
          for (int n = 2; !names.insert(platform.name).second; ++n) {
            platform.name = Concat(platform.name, n);
          }
        }
        platform.industry_chain_code = host.industry_chain_code;
        const auto level_index = static_cast<size_t>(platform.level - iv::PLATFORM_LEVEL_NATIONAL);
        const int64_t grant_fen = kind.grant_yuan[level_index] * 100;
        if (platform.approved_year < options_.year) {
          platform.score = stream.Between(62, 98);
        } else {
          platform.fundings.push_back({grant_fen, Concat(options_.year, "年度建设补助"),
                                       stream.Chance(0.85) ? iv::FUNDING_STATUS_PAID : iv::FUNDING_STATUS_GRANTED, ""});
        }
        if (platform.score >= 90) {
          platform.fundings.push_back({grant_fen * 3 / 10, Concat(options_.year, "年度绩效奖补"),
                                       stream.Chance(0.85) ? iv::FUNDING_STATUS_PAID : iv::FUNDING_STATUS_GRANTED, ""});
        }
        plan_.platforms.push_back(std::move(platform));
      }
    }
    // One evaluated platform fails and is revoked; one grant is cancelled.
    for (PlannedPlatform& platform : plan_.platforms) {
      if (platform.score >= 0 && platform.fundings.empty()) {
        platform.score = stream.Between(45, 58);
        platform.revoke = true;
        platform.revoke_reason = "年度绩效评估不合格，予以撤销";
        break;
      }
    }
    for (auto it = plan_.platforms.rbegin(); it != plan_.platforms.rend(); ++it) {
      if (!it->fundings.empty()) {
        it->fundings.back().target = iv::FUNDING_STATUS_CANCELLED;
        it->fundings.back().cancel_reason = "项目建设内容调整，取消本年度补助";
        break;
      }
    }
  }

  // ---- career bridging

  // Whether `worker` qualifies for `rule` on `day`.
  static bool Qualifies(const PlannedWorker& worker, const PlannedBridgeRule& rule, absl::CivilDay day) {
    for (const PlannedQualification& q : worker.held) {
      if (q.level >= rule.min_level && AddYears(q.since, rule.min_years_held) <= day) {
        return true;
      }
    }
    return false;
  }

  void PlanBridges() {
    Stream stream(options_.seed, "incentive-bridges");
    const int cap = std::max(3, Scaled(200, options_.scale, 3));
    for (size_t r = 0; r < plan_.rules.size(); ++r) {
      const PlannedBridgeRule& rule = plan_.rules[r];
      std::vector<int> eligible;
      std::vector<int> too_recent;  // hold the level, but not long enough
      for (size_t w = 0; w < plan_.workers.size(); ++w) {
        const PlannedWorker& worker = plan_.workers[w];
        if (Qualifies(worker, rule, options_.cutoff)) {
          eligible.push_back(static_cast<int>(w));
        } else if (worker.highest() >= rule.min_level && rule.min_years_held > 0 &&
                   worker.held.front().since.year() == options_.year) {
          too_recent.push_back(static_cast<int>(w));
        }
      }
      for (int w : Sample(stream, eligible, cap)) {
        PlannedBridge bridge;
        bridge.worker = w;
        bridge.rule = static_cast<int>(r);
        const double u = stream.Uniform();
        if (u < 0.7) {
          bridge.outcome = Outcome::kApproved;
        } else if (u < 0.8) {
          bridge.outcome = Outcome::kRejected;
          bridge.reason = "专业技术工作业绩不符合申报条件";
        } else if (u < 0.85) {
          bridge.outcome = Outcome::kWithdrawn;
          bridge.reason = "本人申请撤回";
        }
        plan_.bridges.push_back(bridge);
      }
      for (int w : Sample(stream, too_recent, 2)) {
        PlannedBridge bridge;
        bridge.worker = w;
        bridge.rule = static_cast<int>(r);
        bridge.expect_not_eligible = true;
        plan_.bridges.push_back(bridge);
      }
    }
  }

  const PlanOptions& options_;
  const ReferenceData& reference_;
  const EvaluationPlan& evaluation_;
  const int survey_enterprises_;
  std::map<std::string, int> by_code_;
  std::map<std::string, std::vector<int>> by_district_;
  IncentivePlan plan_;
};

}  // namespace

int CertifiedLevelIndex(SkillLevel level) {
  for (size_t i = 0; i < std::size(kCertifiedLevels); ++i) {
    if (kCertifiedLevels[i] == level) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::vector<PlannedBridgeRule> DefaultBridgeRules() {
  return {
      {iv::TITLE_SERIES_ENGINEERING, iv::TITLE_GRADE_INTERMEDIATE, "工程师", common::v1::SKILL_LEVEL_2_TECHNICIAN, 3}};
}

double PlannedSurveyTotals::skilled_share() const {
  return workforce == 0 ? 0.0 : static_cast<double>(skilled) / static_cast<double>(workforce);
}

double PlannedSurveyTotals::high_skilled_share() const {
  return skilled == 0 ? 0.0 : static_cast<double>(high_skilled) / static_cast<double>(skilled);
}

double PlannedSurveyTotals::wage_premium() const {
  if (skilled == 0 || high_skilled == 0 || skilled_pay_total_fen == 0) {
    return 0.0;
  }
  const double high = static_cast<double>(high_skilled_pay_total_fen) / static_cast<double>(high_skilled);
  const double all = static_cast<double>(skilled_pay_total_fen) / static_cast<double>(skilled);
  return high / all;
}

std::vector<PlannedSurvey> FinalSurveys(const IncentivePlan& plan) {
  std::vector<PlannedSurvey> out = plan.surveys;
  for (const PlannedSurvey& correction : plan.corrections) {
    out[static_cast<size_t>(correction.enterprise)] = correction;
  }
  return out;
}

PlannedSurveyTotals TotalsOf(const std::vector<PlannedSurvey>& surveys) {
  PlannedSurveyTotals totals;
  for (const PlannedSurvey& survey : surveys) {
    ++totals.enterprises;
    totals.workforce += survey.workforce;
    for (const PlannedLevelPay& row : survey.levels) {
      const int64_t pay = row.headcount * row.average_annual_pay_fen;
      totals.skilled += row.headcount;
      totals.skilled_pay_total_fen += pay;
      if (row.level >= common::v1::SKILL_LEVEL_3_SENIOR) {
        totals.high_skilled += row.headcount;
        totals.high_skilled_pay_total_fen += pay;
      }
    }
  }
  return totals;
}

IncentivePlan PlanIncentives(const PlanOptions& options, const ReferenceData& reference,
                             const EvaluationPlan& evaluation, int survey_enterprises,
                             const std::vector<PlannedBridgeRule>& rules) {
  return Planner(options, reference, evaluation, survey_enterprises, rules).Run();
}

}  // namespace skillbridge::simulator
