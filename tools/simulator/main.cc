// skillbridge-simulator: loads a realistic programme year into the running services through
// their public gRPC APIs (evaluation organisations and their filing, enterprises, certificates
// with some deliberate refusals, revocations, introductions; training institutions, courses,
// enrolments and subsidy claims; competitions, entrants, results and promotions; the wage survey,
// honours, talent platforms and career bridging; technical schools, specialties, students,
// graduations, first destinations and partnerships). Deterministic
// for a seed; safe to rerun (nothing is added twice). See docs/simulator.md.
//
//   SKILLBRIDGE_TOKEN=<admin token> skillbridge-simulator --evaluation=127.0.0.1:50051
//       --training=127.0.0.1:50052 --competition=127.0.0.1:50053 --incentive=127.0.0.1:50054
//       --education=127.0.0.1:50055 --scale=0.05

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/reference/bureau_calendar.h"
#include "common/util/files.h"
#include "common/util/program_usage.h"
#include "tools/simulator/incentive_plan.h"
#include "tools/simulator/simulation.h"

ABSL_FLAG(std::string, evaluation, "127.0.0.1:50051", "evaluation service address (host:port); empty = skip");
ABSL_FLAG(std::string, training, "", "training service address (host:port); empty = skip");
ABSL_FLAG(std::string, competition, "",
          "competition service address (host:port); empty = skip (its entrants are evaluation's certified persons)");
ABSL_FLAG(std::string, incentive, "",
          "incentive service address (host:port); empty = skip (its survey, honours and bridging follow evaluation's "
          "certificates)");
ABSL_FLAG(
    std::string, education, "",
    "education service address (host:port); empty = skip (its schools' filings are evaluation's and its graduates' "
    "employers evaluation's enterprises)");
ABSL_FLAG(int, survey_enterprises, skillbridge::simulator::kDefaultSurveyEnterprises,
          "enterprises in the incentive part's wage survey (at least the evaluation part's; more are registered)");
ABSL_FLAG(std::string, token, "", "ADMIN bearer token (default: the environment variable SKILLBRIDGE_TOKEN)");
ABSL_FLAG(double, scale, 1.0,
          "share of a full city year: 1.0 = 56,000 certificates, 100,000+ training person-times and 38,800 student "
          "records; 0.01 for quick demos");
ABSL_FLAG(uint64_t, seed, 2021, "seed of the plan: the same seed gives the same records");
ABSL_FLAG(int, year, 0, "the simulated year (default: the current year in China Standard Time)");
ABSL_FLAG(int, concurrency, 8, "calls in flight at once");
ABSL_FLAG(std::string, reference_dir, "reference", "folder with districts.tsv, industry_chains.tsv, occupations.tsv");
ABSL_FLAG(std::string, ca_file, "",
          "PEM file of the CA that signed the services' certificates (TLS); empty = plaintext");
ABSL_FLAG(int, deadline_s, 30, "deadline of each call in seconds (batches get at least 120)");
ABSL_FLAG(int, max_attempts, 8, "attempts per call for transient failures (UNAVAILABLE, ...), with backoff");
ABSL_FLAG(bool, progress, true, "progress bars and a summary on stderr");

int main(int argc, char** argv) {
  skillbridge::SetProgramUsage(
      "loads a simulated programme year into the skillbridge services (ADMIN token in --token or SKILLBRIDGE_TOKEN)");
  absl::ParseCommandLine(argc, argv);
  skillbridge::simulator::SimulationOptions options;
  options.evaluation_target = absl::GetFlag(FLAGS_evaluation);
  options.training_target = absl::GetFlag(FLAGS_training);
  options.competition_target = absl::GetFlag(FLAGS_competition);
  options.incentive_target = absl::GetFlag(FLAGS_incentive);
  options.education_target = absl::GetFlag(FLAGS_education);
  options.survey_enterprises = absl::GetFlag(FLAGS_survey_enterprises);
  if (options.survey_enterprises < 0 || options.survey_enterprises > 100'000) {
    std::cerr << "simulator: --survey_enterprises must be from 0 to 100000\n";
    return 2;
  }
  options.rpc.token = absl::GetFlag(FLAGS_token);
  if (options.rpc.token.empty()) {
    const char* env = std::getenv("SKILLBRIDGE_TOKEN");
    options.rpc.token = env == nullptr ? "" : env;
  }
  if (options.rpc.token.empty()) {
    std::cerr << "simulator: an ADMIN token is required (--token or SKILLBRIDGE_TOKEN)\n";
    return 2;
  }
  options.scale = absl::GetFlag(FLAGS_scale);
  if (!(options.scale > 0.0) || options.scale > 10.0) {
    std::cerr << "simulator: --scale must be above 0 and at most 10\n";
    return 2;
  }
  options.seed = absl::GetFlag(FLAGS_seed);
  options.year = absl::GetFlag(FLAGS_year);
  if (options.year == 0) {
    options.year = skillbridge::BureauYear(absl::Now());
  }
  if (options.year < 2000 || options.year > 2100) {
    std::cerr << "simulator: --year must be from 2000 to 2100\n";
    return 2;
  }
  options.concurrency = std::max(1, absl::GetFlag(FLAGS_concurrency));
  options.reference_dir = absl::GetFlag(FLAGS_reference_dir);
  options.rpc.deadline = absl::Seconds(std::max(1, absl::GetFlag(FLAGS_deadline_s)));
  options.rpc.max_attempts = std::max(1, absl::GetFlag(FLAGS_max_attempts));
  const std::string ca_file = absl::GetFlag(FLAGS_ca_file);
  if (!ca_file.empty()) {
    absl::StatusOr<std::string> pem = skillbridge::ReadFile(ca_file, "CA file (--ca_file)");
    if (!pem.ok()) {
      std::cerr << "simulator: " << pem.status().message() << "\n";
      return 2;
    }
    options.ca_pem = *std::move(pem);
  }
  options.out = absl::GetFlag(FLAGS_progress) ? &std::cerr : nullptr;
  auto done = skillbridge::simulator::RunSimulation(options);
  if (!done.ok()) {
    std::cerr << "simulator: " << done.status() << "\n";
    return 1;
  }
  return 0;
}
