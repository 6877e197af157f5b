#pragma once
// The whole simulator run: loads the reference data, connects to the services, runs the
// evaluation part and then (when given their addresses) the training and competition parts, and
// prints a summary.
// Not thread-safe; one run at a time.

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

struct SimulationReport {
  EvaluationReport evaluation;
  TrainingReport training;
  CompetitionReport competition;
};

absl::StatusOr<SimulationReport> RunSimulation(const SimulationOptions& options);

}  // namespace skillbridge::simulator
