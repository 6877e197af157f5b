#pragma once
// The whole simulator run: loads the reference data, connects to the services, runs the
// evaluation part and then (when given an address) the training part, and prints a summary.
// Not thread-safe; one run at a time.

#include <ostream>
#include <string>

#include "absl/status/statusor.h"
#include "tools/simulator/evaluation_driver.h"
#include "tools/simulator/rpc.h"

namespace skillbridge::simulator {

struct SimulationOptions {
  std::string evaluation_target;  // host:port; empty = skip (and skip training, which needs it)
  std::string training_target;    // host:port; empty = skip
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

struct SimulationReport {
  EvaluationReport evaluation;
  TrainingReport training;
};

absl::StatusOr<SimulationReport> RunSimulation(const SimulationOptions& options);

}  // namespace skillbridge::simulator
