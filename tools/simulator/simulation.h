#pragma once
// The whole simulator run: loads the reference data, connects to the services, runs the
// evaluation part and then (when given their addresses) the training, competition, incentive and
// education parts, and prints a summary.
// Not thread-safe; one run at a time.

#include <map>
#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "tools/simulator/evaluation_driver.h"
#include "tools/simulator/rpc.h"

namespace skillbridge::simulator {

struct SimulationOptions {
  std::string evaluation_target;   // host:port; empty = skip (and skip training, which needs it)
  std::string training_target;     // host:port; empty = skip
  std::string competition_target;  // host:port; empty = skip (needs evaluation: its entrants)
  std::string incentive_target;    // host:port; empty = skip (needs evaluation: its certificates)
  std::string education_target;    // host:port; empty = skip (needs evaluation: filings and employers)
  int survey_enterprises = 2000;   // enterprises in the incentive part's wage survey
  std::string reference_dir = "reference";
  std::string ca_pem;  // non-empty = TLS with this root
  uint64_t seed = 2021;
  double scale = 1.0;
  int year = 2026;
  int concurrency = 4;
  RpcOptions rpc;
  std::ostream* out = nullptr;  // progress and summary; null = silent
};

struct TrainingReport {
  bool ran = false;
  std::string skipped_because;
  int institutions = 0;
  int catalogue_entries = 0;
  int courses = 0;
  int64_t enrolments = 0;
  int64_t completed = 0;
  int64_t claims_submitted = 0;
  int64_t claims_refused_as_planned = 0;
  int64_t claims_refused_unexpectedly = 0;
  int64_t claims_paid = 0;
  int64_t claims_rejected = 0;
};

struct CompetitionReport {
  bool ran = false;
  std::string skipped_because;
  int competitions = 0;
  int contests = 0;
  int64_t entries = 0;             // registered now or already on record
  int64_t entries_refused = 0;     // rows the service refused (none are planned)
  int contests_published = 0;      // results published now or before
  int64_t promotions_pending = 0;  // still waiting for their certificate when the driver stopped
  // GetCompetitionStats of the year.
  int64_t competitions_held = 0;
  int64_t participants = 0;
  int64_t promotions = 0;
  int64_t promotions_certified = 0;
  int64_t honours = 0;
};

struct IncentiveReport {
  bool ran = false;
  std::string skipped_because;
  int enterprises_registered = 0;  // upserted into evaluation's register by this part
  // Wage survey: rows of the first submission and of the corrections.
  int64_t survey_rows = 0;
  int64_t surveys_accepted = 0;
  int64_t surveys_replaced = 0;
  int64_t surveys_refused = 0;                     // none are planned
  std::map<std::string, int64_t> survey_refusals;  // reason → count
  int corrections = 0;
  // GetWageSurveySummary of the year (the city) and whether it equals the plan's totals.
  int64_t surveyed_enterprises = 0;
  int64_t workforce = 0;
  double skilled_share = 0;
  double high_skilled_share = 0;
  double wage_premium = 0;
  bool summary_matches_plan = false;
  // Honours.
  int programmes = 0;
  int64_t nominations = 0;          // on record (new or found again)
  int64_t nominations_refused = 0;  // refused by the service (none are planned)
  int64_t awarded = 0;              // awarded now or before
  // Platforms.
  int platforms = 0;
  int platforms_evaluated = 0;
  int platforms_revoked = 0;
  int64_t fundings = 0;
  // Career bridging.
  int64_t bridge_applications = 0;
  int64_t bridge_approved = 0;
  int64_t bridge_refused_as_planned = 0;
  int64_t bridge_refused_unexpectedly = 0;
  // GetIncentiveStats of the year (the total row).
  int64_t stats_nominations = 0;
  int64_t stats_honours_awarded = 0;
  int64_t stats_award_fen = 0;
  int64_t stats_leading_talents = 0;
  int64_t stats_bridge_approved = 0;
  int64_t stats_funding_granted_fen = 0;
  int64_t stats_funding_paid_fen = 0;
  int64_t stats_platforms_evaluated = 0;
};

struct EducationReport {
  bool ran = false;
  std::string skipped_because;
  int schools = 0;                // registered now or already on record
  int schools_filed = 0;          // FILED as education answered (asked of evaluation)
  int evaluation_orgs_filed = 0;  // the schools' evaluation organisations, FILED in evaluation
  int specialties = 0;
  int featured = 0;
  int specialties_closed = 0;
  // Students: the plan's records, those on record, refusals (none are planned).
  int64_t students_planned = 0;
  int64_t enrolled = 0;
  int64_t withdrawn = 0;
  int64_t transferred = 0;
  int64_t graduated = 0;
  int64_t destinations = 0;
  int64_t rewards_granted = 0;
  int64_t rewards_paid = 0;
  int64_t refused = 0;
  std::map<std::string, int64_t> refusals;  // reason → count
  int partnerships = 0;
  int partnerships_ended = 0;
  // GetEducationStats of the year (the total row) and whether it equals the plan's counts.
  int64_t stats_schools = 0;
  int64_t stats_active_specialties = 0;
  int64_t stats_featured_specialties = 0;
  int64_t stats_chain_specialties = 0;
  int64_t stats_students_enrolled = 0;
  int64_t stats_enrolled_in_year = 0;
  int64_t stats_graduated = 0;
  int64_t stats_withdrawn = 0;
  int64_t stats_transferred = 0;
  int64_t stats_destinations = 0;
  int64_t stats_employed_in_city = 0;
  int64_t stats_reward_granted_fen = 0;
  int64_t stats_reward_paid_fen = 0;
  int64_t stats_active_partnerships = 0;
  bool stats_match_plan = false;
  double seconds = 0;  // how long the part took
};

struct SimulationReport {
  EvaluationReport evaluation;
  TrainingReport training;
  CompetitionReport competition;
  IncentiveReport incentive;
  EducationReport education;
};

absl::StatusOr<SimulationReport> RunSimulation(const SimulationOptions& options);

}  // namespace skillbridge::simulator
