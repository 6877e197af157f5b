// Unit tests of the competition part of the simulator's plan: deterministic for a seed, every
// level present, valid credit codes and ID numbers, entrants distinct within a contest and drawn
// mostly from persons certified in the contest's occupation, results only for published
// competitions with ranks 1..n and awards that fall with the rank, stages that follow the dates.

#include "tools/simulator/competition_plan.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "common/validation/citizen_id.h"
#include "common/validation/credit_code.h"
#include "tools/simulator/evaluation_plan.h"

namespace skillbridge::simulator {
namespace {

namespace cp = ::skillbridge::competition::v1;

const ReferenceData& Reference() {
  static const auto* reference = [] {
    auto loaded = ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    return new std::shared_ptr<const ReferenceData>(*loaded);
  }();
  return **reference;
}

PlanOptions Options(double scale, absl::CivilDay cutoff = absl::CivilDay(2026, 11, 30)) {
  PlanOptions options;
  options.scale = scale;
  options.year = 2026;
  options.cutoff = cutoff;
  return options;
}

struct Planned {
  EvaluationPlan evaluation;
  CompetitionPlan competition;
};

Planned Plan(const PlanOptions& options) {
  Planned planned;
  planned.evaluation = PlanEvaluation(options, Reference());
  planned.competition = PlanCompetitions(options, Reference(), planned.evaluation.certificates);
  return planned;
}

std::string Text(const CompetitionPlan& plan) {
  std::string out;
  for (const auto& c : plan.competitions) {
    out += c.title + ";" + std::to_string(c.level) + ";" + c.organiser.credit_code + ";" +
           absl::FormatCivilTime(c.start_date) + ";" + std::to_string(static_cast<int>(c.stage)) + "\n";
    for (const auto& contest : c.contests) {
      out += contest.title + ";" + contest.occupation_code + ";" + std::to_string(contest.max_entries) + "\n";
    }
  }
  for (const auto& e : plan.entries) {
    out += std::to_string(e.competition) + ";" + std::to_string(e.contest) + ";" + e.person.id_number + ";" +
           e.affiliation.credit_code + ";" + std::to_string(e.rank) + ";" + std::to_string(e.award) + "\n";
  }
  return out;
}

TEST(CompetitionPlan, IsDeterministicForASeedAndDiffersForAnother) {
  EXPECT_EQ(Text(Plan(Options(0.05)).competition), Text(Plan(Options(0.05)).competition));
  PlanOptions other = Options(0.05);
  other.seed = 7;
  EXPECT_NE(Text(Plan(Options(0.05)).competition), Text(Plan(other).competition));
}

TEST(CompetitionPlan, HoldsEveryLevelScaledWithADraftAndACancelledOneAtFullScale) {
  const CompetitionPlan small = Plan(Options(0.05)).competition;
  std::map<int, int> levels;
  for (const auto& c : small.competitions) {
    ++levels[c.level];
  }
  EXPECT_EQ(levels.size(), 7u);  // every level but WORLD, at least one each
  const CompetitionPlan full = Plan(Options(1.0)).competition;
  int stages[6] = {};
  for (const auto& c : full.competitions) {
    ++stages[static_cast<int>(c.stage)];
  }
  EXPECT_EQ(full.competitions.size(), 48u);
  EXPECT_EQ(stages[static_cast<int>(CompetitionStage::kDraft)], 1);
  EXPECT_EQ(stages[static_cast<int>(CompetitionStage::kCancelled)], 1);
  EXPECT_GT(stages[static_cast<int>(CompetitionStage::kPublished)], 30);
  EXPECT_GT(full.entries.size(), 3000u);
}

TEST(CompetitionPlan, IdentifiersAreValidAndEntrantsDistinctPerContest) {
  const Planned planned = Plan(Options(0.1));
  for (const auto& c : planned.competition.competitions) {
    EXPECT_TRUE(ValidateCreditCode(c.organiser.credit_code, "organiser").ok()) << c.organiser.credit_code;
    for (const auto& sponsor : c.sponsors) {
      EXPECT_TRUE(ValidateCreditCode(sponsor.org.credit_code, "sponsor").ok());
      EXPECT_GE(sponsor.amount_fen, 0);
    }
    EXPECT_LE(c.start_date, c.end_date);
    EXPECT_EQ(c.start_date.year(), 2026);
  }
  std::set<std::tuple<int, int, std::string>> seen;
  std::map<std::pair<int, int>, int> per_contest;
  for (const auto& e : planned.competition.entries) {
    EXPECT_TRUE(ParseCitizenId(e.person.id_number, "id").ok()) << e.person.id_number;
    EXPECT_TRUE(ValidateCreditCode(e.affiliation.credit_code, "affiliation").ok());
    EXPECT_FALSE(e.affiliation.district_code.empty());
    EXPECT_TRUE(seen.insert({e.competition, e.contest, e.person.id_number}).second) << "one entry per contest";
    ++per_contest[{e.competition, e.contest}];
  }
  for (const auto& [key, count] : per_contest) {
    const auto& contest =
        planned.competition.competitions[static_cast<size_t>(key.first)].contests[static_cast<size_t>(key.second)];
    EXPECT_LE(count, contest.max_entries) << contest.title;
  }
}

TEST(CompetitionPlan, MostEntrantsHoldACertificateInTheContestsOccupationAndSomeEnterTwice) {
  const Planned planned = Plan(Options(0.1));
  std::set<std::pair<std::string, std::string>> certified;  // (id number, occupation)
  for (const auto& row : planned.evaluation.certificates.rows) {
    if (row.kind == RowKind::kValid && !row.revoke) {
      certified.insert(
          {planned.evaluation.certificates.persons[static_cast<size_t>(row.person)].id_number, row.occupation_code});
    }
  }
  int in_occupation = 0;
  std::map<std::string, int> entries_per_person;
  for (const auto& e : planned.competition.entries) {
    const auto& contest =
        planned.competition.competitions[static_cast<size_t>(e.competition)].contests[static_cast<size_t>(e.contest)];
    in_occupation += certified.count({e.person.id_number, contest.occupation_code}) > 0 ? 1 : 0;
    ++entries_per_person[e.person.id_number];
  }
  const double share = static_cast<double>(in_occupation) / static_cast<double>(planned.competition.entries.size());
  EXPECT_GT(share, 0.4);
  EXPECT_LT(share, 0.9);
  int twice = 0;
  for (const auto& [person, count] : entries_per_person) {
    twice += count > 1 ? 1 : 0;
  }
  EXPECT_GT(twice, 0) << "the once-a-year promotion rule needs persons in two contests";
}

TEST(CompetitionPlan, ResultsOnlyForPublishedCompetitionsWithRanksOneToNAndFallingAwards) {
  const CompetitionPlan plan = Plan(Options(0.1)).competition;
  std::map<std::pair<int, int>, std::vector<const PlannedEntry*>> by_contest;
  for (const auto& e : plan.entries) {
    by_contest[{e.competition, e.contest}].push_back(&e);
  }
  int published = 0;
  for (const auto& [key, entries] : by_contest) {
    const PlannedCompetition& c = plan.competitions[static_cast<size_t>(key.first)];
    std::vector<std::pair<int, int>> ranked;  // (rank, award)
    for (const PlannedEntry* e : entries) {
      if (e->rank > 0) {
        ranked.push_back({e->rank, e->award});
      } else {
        EXPECT_EQ(e->award, cp::AWARD_NONE);
      }
    }
    if (c.stage != CompetitionStage::kPublished) {
      EXPECT_TRUE(ranked.empty()) << c.title;
      continue;
    }
    ++published;
    std::sort(ranked.begin(), ranked.end());
    ASSERT_FALSE(ranked.empty());
    EXPECT_EQ(ranked.front().second, cp::AWARD_GOLD);
    for (size_t i = 0; i < ranked.size(); ++i) {
      EXPECT_EQ(ranked[i].first, static_cast<int>(i) + 1);
      if (i > 0) {
        EXPECT_LE(ranked[i].second, ranked[i - 1].second) << "awards fall with the rank";
      }
    }
  }
  EXPECT_GT(published, 0);
}

TEST(CompetitionPlan, StagesFollowTheCutoff) {
  const CompetitionPlan early = Plan(Options(0.1, absl::CivilDay(2026, 2, 1))).competition;
  for (const auto& c : early.competitions) {
    EXPECT_NE(c.stage, CompetitionStage::kPublished) << c.title << " cannot be over before it starts";
    EXPECT_NE(c.stage, CompetitionStage::kOpen) << c.title;
  }
  EXPECT_TRUE(early.entries.empty());
}

}  // namespace
}  // namespace skillbridge::simulator
