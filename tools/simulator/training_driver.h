#pragma once
// Sends the training part of the plan to the training service over its public gRPC API as the
// city bureau (ADMIN token): institutions, the year's subsidised catalogue, courses, bulk
// enrolments, completions and drop-outs, subsidy claims backed by the certificates the
// evaluation part put on record (some refused by the rules, such as a 4th subsidy in a year),
// and the decisions and payments. Idempotent like the evaluation driver: request ids derived
// from the seed and the record, courses found again by title, enrolments by course and person,
// claims through their enrolment. Not thread-safe (one Run at a time).

#include <memory>
#include <ostream>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "common/reference/reference_data.h"
#include "skillbridge/training/v1/training.grpc.pb.h"
#include "tools/simulator/evaluation_driver.h"
#include "tools/simulator/run_options.h"
#include "tools/simulator/simulation.h"
#include "tools/simulator/training_plan.h"

namespace skillbridge::simulator {

using TrainingRunOptions = PartRunOptions;

class TrainingDriver final {
 public:
  TrainingDriver(std::shared_ptr<grpc::Channel> channel, std::shared_ptr<const ReferenceData> reference,
                 TrainingRunOptions options);

  // `evaluation` is the report of the evaluation part (its plan and certificate numbers).
  absl::StatusOr<TrainingReport> Run(const EvaluationReport& evaluation);

 private:
  std::unique_ptr<training::v1::TrainingService::Stub> stub_;
  std::shared_ptr<const ReferenceData> reference_;
  TrainingRunOptions options_;
};

}  // namespace skillbridge::simulator
