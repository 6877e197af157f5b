#include "tools/simulator/competition_plan.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "common/util/concat.h"

namespace skillbridge::simulator {

namespace {

namespace cp = ::skillbridge::competition::v1;

// How competitions of one level look in a full-scale year.
struct LevelShape {
  cp::CompetitionLevel level;
  int full_scale;
  int contests_lo;
  int contests_hi;
  int entries_lo;  // per contest: the city's entrants
  int entries_hi;
  double student_share;  // contests in the students' group
  const char* title;     // 竞赛名称 stem
};

constexpr LevelShape kShapes[] = {
    {cp::COMPETITION_LEVEL_NATIONAL, 2, 2, 3, 4, 12, 0.2, "全国行业职业技能竞赛"},
    {cp::COMPETITION_LEVEL_PROVINCIAL, 4, 2, 4, 8, 20, 0.25, "山东省职业技能大赛"},
    {cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, 5, 3, 6, 40, 120, 0.3, "青岛市职业技能大赛（一类）"},
    {cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_II, 8, 2, 4, 30, 80, 0.3, "青岛市职业技能竞赛（二类）"},
    {cp::COMPETITION_LEVEL_DISTRICT, 10, 2, 3, 20, 60, 0.25, "职工职业技能竞赛"},
    {cp::COMPETITION_LEVEL_INDUSTRY, 4, 1, 3, 20, 50, 0.0, "行业职业技能竞赛"},
    {cp::COMPETITION_LEVEL_ENTERPRISE, 15, 1, 2, 15, 60, 0.0, "企业职工技能比武"},
};

const LevelShape& ShapeOf(cp::CompetitionLevel level) {
  for (const LevelShape& shape : kShapes) {
    if (shape.level == level) {
      return shape;
    }
  }
  return kShapes[0];
}

class Planner final {
 public:
  Planner(const PlanOptions& options, const ReferenceData& reference, const CertificatePlan& certificates)
      : options_(options),
        reference_(reference),
        certificates_(certificates),
        stream_(options.seed, "competition"),
        entrants_(options.seed, "competition-entrants"),
        results_(options.seed, "competition-results") {}

  CompetitionPlan Run() {
    IndexCertifiedPersons();
    PlanAffiliations();
    for (const LevelShape& shape : kShapes) {
      const int count = Scaled(shape.full_scale, options_.scale, 1);
      for (int i = 0; i < count; ++i) {
        PlanCompetition(shape, i);
      }
    }
    MarkDraftAndCancelled();
    for (size_t c = 0; c < plan_.competitions.size(); ++c) {
      PlanEntries(static_cast<int>(c));
    }
    return std::move(plan_);
  }

 private:
  // Persons with a valid certificate, overall and per occupation (the entrants' pools).
  void IndexCertifiedPersons() {
    std::set<int> all;
    for (const PlannedCertificate& row : certificates_.rows) {
      if (row.kind != RowKind::kValid || row.revoke || row.person < 0) {
        continue;
      }
      all.insert(row.person);
      auto& pool = by_occupation_[row.occupation_code];
      if (pool.empty() || pool.back() != row.person) {
        pool.push_back(row.person);
      }
      occupations_.push_back(row.occupation_code);
    }
    persons_.assign(all.begin(), all.end());
  }

  std::string DistrictCode() {
    const auto& districts = reference_.districts();
    std::vector<double> weights;
    weights.reserve(districts.size());
    for (const District& district : districts) {
      weights.push_back(DistrictWeight(district.code));
    }
    return districts[static_cast<size_t>(stream_.Weighted(weights))].code;
  }

  std::string DistrictName(const std::string& code) const {
    for (const District& district : reference_.districts()) {
      if (district.code == code) {
        return district.name;
      }
    }
    return code;
  }

  // Three employers and one technical school per district: the entrants' affiliations.
  void PlanAffiliations() {
    for (const District& district : reference_.districts()) {
      for (int i = 0; i < 3; ++i) {
        const std::string chain = ChainFor(stream_, reference_);
        employers_[district.code].push_back({MakeCreditCode("91", district.code, stream_.Next()),
                                             Concat("青岛", PickBrand(stream_), ChainSuffix(chain)), district.code});
      }
      schools_[district.code] = {MakeCreditCode("52", district.code, stream_.Next()),
                                 Concat("青岛市", district.name, "技工学校"), district.code};
    }
  }

  PlannedOrgRef Organiser(cp::CompetitionLevel level) {
    switch (level) {
      case cp::COMPETITION_LEVEL_NATIONAL:
        return {MakeCreditCode("11", "110000", stream_.Next()), "中华全国总工会", ""};
      case cp::COMPETITION_LEVEL_PROVINCIAL:
        return {MakeCreditCode("11", "370000", stream_.Next()), "山东省人力资源和社会保障厅", ""};
      case cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I:
      case cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_II:
        return {MakeCreditCode("11", "370200", stream_.Next()), "青岛市人力资源和社会保障局", ""};
      case cp::COMPETITION_LEVEL_DISTRICT: {
        const std::string district = DistrictCode();
        return {MakeCreditCode("11", district, stream_.Next()), Concat(DistrictName(district), "人力资源和社会保障局"),
                district};
      }
      case cp::COMPETITION_LEVEL_INDUSTRY: {
        const std::string district = DistrictCode();
        return {MakeCreditCode("51", district, stream_.Next()), Concat("青岛市", PickBrand(stream_), "行业协会"),
                district};
      }
      default: {
        const std::string district = DistrictCode();
        const std::vector<PlannedOrgRef>& employers = employers_[district];
        return employers[static_cast<size_t>(stream_.Below(static_cast<int>(employers.size())))];
      }
    }
  }

  void PlanCompetition(const LevelShape& shape, int index) {
    PlannedCompetition competition;
    competition.level = shape.level;
    competition.organiser = Organiser(shape.level);
    const std::string where = shape.level == cp::COMPETITION_LEVEL_DISTRICT
                                  ? DistrictName(competition.organiser.district_code)
                              : shape.level == cp::COMPETITION_LEVEL_ENTERPRISE ? competition.organiser.name
                                                                                : "";
    competition.title = Concat(options_.year, "年", where, shape.title, "（第", index + 1, "场）");
    // Held between March and mid-November, over one to three days.
    const absl::CivilDay first(options_.year, 3, 1);
    competition.start_date = first + stream_.Between(0, 255);
    competition.end_date = competition.start_date + stream_.Between(0, 2);
    if (competition.end_date + 7 <= options_.cutoff) {
      competition.stage = CompetitionStage::kPublished;
    } else if (competition.start_date <= options_.cutoff) {
      competition.stage = CompetitionStage::kOpen;
    } else {
      competition.stage = CompetitionStage::kFiled;
    }
    const int co_organisers = stream_.Between(0, 2);
    for (int i = 0; i < co_organisers; ++i) {
      const std::string district = DistrictCode();
      competition.co_organisers.push_back({MakeCreditCode("52", district, stream_.Next()),
                                           Concat("青岛", PickBrand(stream_), "职业技术学院"), district});
    }
    const int sponsors = stream_.Between(0, 3);
    for (int i = 0; i < sponsors; ++i) {
      const std::string district = DistrictCode();
      PlannedSponsor sponsor;
      sponsor.org = {MakeCreditCode("91", district, stream_.Next()),
                     Concat("青岛", PickBrand(stream_), ChainSuffix(ChainFor(stream_, reference_))), district};
      sponsor.amount_fen = static_cast<int64_t>(stream_.Between(0, 50)) * 10'000 * 100;  // 0 = in kind
      competition.sponsors.push_back(std::move(sponsor));
    }
    const int contests = stream_.Between(shape.contests_lo, shape.contests_hi);
    std::set<std::string> taken;
    for (int i = 0; i < contests && !occupations_.empty(); ++i) {
      const std::string& occupation = stream_.Pick(occupations_);
      const bool students = stream_.Chance(shape.student_share);
      const std::string title = Concat(OccupationName(occupation), students ? "（学生组）" : "（职工组）");
      if (!taken.insert(title).second) {
        continue;
      }
      PlannedContest contest;
      contest.title = title;
      contest.occupation_code = occupation;
      contest.group = students ? cp::CONTEST_GROUP_STUDENTS : cp::CONTEST_GROUP_EMPLOYEES;
      contest.max_entries = stream_.Between(shape.entries_lo, shape.entries_hi);  // entrants planned below
      competition.contests.push_back(std::move(contest));
    }
    plan_.competitions.push_back(std::move(competition));
  }

  std::string OccupationName(const std::string& code) const {
    const Occupation* occupation = reference_.FindOccupation(code);
    return occupation == nullptr ? code : occupation->name;
  }

  // With three enterprise competitions or more, the last stays a draft and the one before is
  // cancelled after filing.
  void MarkDraftAndCancelled() {
    std::vector<size_t> enterprise;
    for (size_t i = 0; i < plan_.competitions.size(); ++i) {
      if (plan_.competitions[i].level == cp::COMPETITION_LEVEL_ENTERPRISE) {
        enterprise.push_back(i);
      }
    }
    if (enterprise.size() >= 3) {
      plan_.competitions[enterprise.back()].stage = CompetitionStage::kDraft;
      plan_.competitions[enterprise[enterprise.size() - 2]].stage = CompetitionStage::kCancelled;
    }
  }

  PlannedOrgRef Affiliation(bool students) {
    const std::string district = DistrictCode();
    if (students) {
      return schools_[district];
    }
    const std::vector<PlannedOrgRef>& employers = employers_[district];
    return employers[static_cast<size_t>(entrants_.Below(static_cast<int>(employers.size())))];
  }

  // The entrants of every contest: 60% certified in the contest's occupation when there are
  // such persons, the others from every certified person; distinct within a contest.
  void PlanEntries(int c) {
    PlannedCompetition& competition = plan_.competitions[static_cast<size_t>(c)];
    if (competition.stage == CompetitionStage::kDraft || competition.stage == CompetitionStage::kFiled ||
        competition.stage == CompetitionStage::kCancelled || persons_.empty()) {
      return;
    }
    for (size_t k = 0; k < competition.contests.size(); ++k) {
      PlannedContest& contest = competition.contests[k];
      const std::vector<int>& own = by_occupation_[contest.occupation_code];
      const int wanted = std::min(contest.max_entries, static_cast<int>(persons_.size()));
      std::set<int> chosen;
      std::vector<int> order;
      for (int attempt = 0; static_cast<int>(order.size()) < wanted && attempt < wanted * 20; ++attempt) {
        const bool in_occupation = !own.empty() && entrants_.Chance(0.6);
        const int person = in_occupation ? entrants_.Pick(own) : entrants_.Pick(persons_);
        if (chosen.insert(person).second) {
          order.push_back(person);
        }
      }
      contest.max_entries = static_cast<int>(order.size()) + entrants_.Between(5, 30);
      const size_t first = plan_.entries.size();
      for (const int person : order) {
        PlannedEntry entry;
        entry.competition = c;
        entry.contest = static_cast<int>(k);
        entry.person = certificates_.persons[static_cast<size_t>(person)];
        entry.affiliation = Affiliation(contest.group == cp::CONTEST_GROUP_STUDENTS);
        plan_.entries.push_back(std::move(entry));
      }
      if (competition.stage == CompetitionStage::kPublished) {
        PlanResults(first, plan_.entries.size());
      }
    }
  }

  // Ranks in a random order, about 3% absent (not ranked); awards by rank: gold 5%, silver 10%,
  // bronze 15%, 优胜奖 20% of the ranked field (at least one gold), the rest none.
  void PlanResults(size_t begin, size_t end) {
    std::vector<size_t> order;
    for (size_t i = begin; i < end; ++i) {
      if (!results_.Chance(0.03)) {
        order.push_back(i);
      }
    }
    for (size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1], order[static_cast<size_t>(results_.Below(static_cast<int>(i)))]);
    }
    const int field = static_cast<int>(order.size());
    const int gold = std::max(1, field * 5 / 100);
    const int silver = gold + field * 10 / 100;
    const int bronze = silver + field * 15 / 100;
    const int excellence = bronze + field * 20 / 100;
    for (int r = 0; r < field; ++r) {
      PlannedEntry& entry = plan_.entries[order[static_cast<size_t>(r)]];
      entry.rank = r + 1;
      entry.award = r < gold         ? cp::AWARD_GOLD
                    : r < silver     ? cp::AWARD_SILVER
                    : r < bronze     ? cp::AWARD_BRONZE
                    : r < excellence ? cp::AWARD_EXCELLENCE
                                     : cp::AWARD_NONE;
    }
  }

  const PlanOptions& options_;
  const ReferenceData& reference_;
  const CertificatePlan& certificates_;
  Stream stream_;
  Stream entrants_;
  Stream results_;
  std::vector<int> persons_;
  std::vector<std::string> occupations_;  // one per valid certificate: drawn by frequency
  std::map<std::string, std::vector<int>> by_occupation_;
  std::map<std::string, std::vector<PlannedOrgRef>> employers_;
  std::map<std::string, PlannedOrgRef> schools_;
  CompetitionPlan plan_;
};

}  // namespace

int FullScaleCompetitions(competition::v1::CompetitionLevel level) { return ShapeOf(level).full_scale; }

CompetitionPlan PlanCompetitions(const PlanOptions& options, const ReferenceData& reference,
                                 const CertificatePlan& certificates) {
  return Planner(options, reference, certificates).Run();
}

}  // namespace skillbridge::simulator
