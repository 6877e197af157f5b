#pragma once
// Sends the evaluation part of the plan to the evaluation service over its public gRPC API, as
// the city bureau (ADMIN token) would: the filing workflow of each evaluation organisation, the
// enterprise register, certificates in concurrent batches, revocations and introductions.
// Idempotent: every mutation carries a request_id derived from the seed and the record, creates
// that already exist count as done, and the filing workflow only takes the steps still missing.
// Not thread-safe (one Run at a time); it uses its own threads inside.

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/reference/reference_data.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "tools/simulator/plan.h"
#include "tools/simulator/rpc.h"
#include "tools/simulator/run_options.h"

namespace skillbridge::simulator {

// The next filing transition that takes an organisation from `current` towards `target`.
enum class FilingStep { kStartAssessment, kApprove, kSuspend, kRevoke };
std::optional<FilingStep> NextFilingStep(evaluation::v1::FilingState current, FilingTarget target);

// A request id from the seed, the year and a record key ("sim-2021-2026-<key>"); only
// [A-Za-z0-9._:-] characters.
std::string RequestId(uint64_t seed, int year, const std::string& key);

using EvaluationRunOptions = PartRunOptions;

struct EvaluationReport {
  absl::CivilDay cutoff;  // last issue date used (the service's "today" or Dec 31)
  int orgs = 0;
  int orgs_created = 0;  // new this run
  int filing_steps = 0;  // transitions taken this run
  std::map<std::string, int> orgs_by_state;
  int enterprises = 0;
  int64_t certificate_rows = 0;
  int64_t certificates_accepted = 0;  // issued now or confirmed (replayed / already there)
  int64_t certificates_planned_valid = 0;
  int64_t refused_as_planned = 0;
  int64_t refused_unexpectedly = 0;
  std::map<std::string, int64_t> refusals;  // reason → count
  int revoked = 0;
  int introductions = 0;
  // Per certificate row: the number when it is on record, else empty (for the training part).
  std::vector<std::string> numbers;
  EvaluationPlan plan;
};

class EvaluationDriver final {
 public:
  EvaluationDriver(std::shared_ptr<grpc::Channel> channel, std::shared_ptr<const ReferenceData> reference,
                   EvaluationRunOptions options);

  // Runs every phase; an error means a call failed for good (transport errors after retries,
  // or a refusal that the plan did not expect and that leaves the run unable to continue).
  absl::StatusOr<EvaluationReport> Run();

 private:
  absl::Status RunOrgs(EvaluationReport& report, std::vector<evaluation::v1::EvaluationOrg>& filed);
  absl::Status RunEnterprises(EvaluationReport& report);
  absl::Status RunCertificates(EvaluationReport& report, const std::vector<evaluation::v1::EvaluationOrg>& orgs);
  absl::Status RunRevocations(EvaluationReport& report);
  absl::Status RunIntroductions(EvaluationReport& report);

  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<evaluation::v1::EvaluationService::Stub> stub_;
  std::shared_ptr<const ReferenceData> reference_;
  EvaluationRunOptions options_;
};

}  // namespace skillbridge::simulator
