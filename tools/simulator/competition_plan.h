#pragma once
// The competition part of the city-year plan (measure 4): the year's skill competitions at every
// level (national and provincial contests with the city's contingent, the city's class I and II
// competitions, one per district, industry and enterprise contests) with organisers, co-organisers
// and sponsors; their contests (赛项) in occupations of the reference catalogue; the entrants —
// certified persons of the evaluation part, most of them in the contest's own occupation, so that
// "one step up if already at or above it" and the once-a-year promotion rule both occur — and the
// published results (ranks and awards). How far each competition gets in its workflow follows its
// dates: finished before the cutoff → results published; under way → open; later → filed; plus one
// left in draft and one cancelled. Generated from the seed and the evaluation plan without any
// I/O; the same inputs always give the same plan. Pure functions; the plan is a plain value.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/reference/reference_data.h"
#include "skillbridge/competition/v1/enums.pb.h"
#include "tools/simulator/evaluation_plan.h"
#include "tools/simulator/plan_random.h"

namespace skillbridge::simulator {

inline constexpr int kEntryBatchSize = 1000;  // rows per BatchRegisterEntries call

enum class CompetitionStage { kDraft, kFiled, kOpen, kClosed, kPublished, kCancelled };

struct PlannedOrgRef {
  std::string credit_code;
  std::string name;
  std::string district_code;  // "" = outside the city or city-wide
};

struct PlannedSponsor {
  PlannedOrgRef org;
  int64_t amount_fen = 0;
};

struct PlannedContest {
  std::string title;  // unique within its competition; how a rerun finds the contest again
  std::string occupation_code;
  std::string industry_chain_code;  // "" = the occupation's default
  competition::v1::ContestGroup group = competition::v1::CONTEST_GROUP_EMPLOYEES;
  int max_entries = 0;
};

struct PlannedCompetition {
  std::string title;  // unique within the plan; how a rerun finds the competition again
  competition::v1::CompetitionLevel level = competition::v1::COMPETITION_LEVEL_UNSPECIFIED;
  PlannedOrgRef organiser;
  std::vector<PlannedOrgRef> co_organisers;
  std::vector<PlannedSponsor> sponsors;
  absl::CivilDay start_date;
  absl::CivilDay end_date;
  CompetitionStage stage = CompetitionStage::kPublished;
  std::vector<PlannedContest> contests;
};

struct PlannedEntry {
  int competition = -1;
  int contest = -1;  // index into the competition's contests
  PlannedPerson person;
  PlannedOrgRef affiliation;  // employer (职工组) or school (学生组)
  int rank = 0;               // 0 = not ranked (absent)
  competition::v1::Award award = competition::v1::AWARD_NONE;
};

struct CompetitionPlan {
  std::vector<PlannedCompetition> competitions;
  std::vector<PlannedEntry> entries;  // grouped by competition, then contest
};

// Competitions of a full-scale year per level (each scaled, at least one per level).
int FullScaleCompetitions(competition::v1::CompetitionLevel level);

CompetitionPlan PlanCompetitions(const PlanOptions& options, const ReferenceData& reference,
                                 const CertificatePlan& certificates);

}  // namespace skillbridge::simulator
