#pragma once
// Sends the incentive part of the plan (tools/simulator/incentive_plan.h) over the services'
// public gRPC APIs as the city bureau (ADMIN token): the enterprises the survey needs beyond the
// evaluation part's are registered with evaluation (UpsertEnterprise); the wage survey goes to
// incentive in concurrent SubmitWageSurveys batches, then the corrections (resubmissions, which
// replace rows), and the year's GetWageSurveySummary is compared with the plan's totals; the
// honour programmes are created and their nominations taken as far as planned (review, award,
// rejection, withdrawal); the platforms registered, evaluated, funded, paid, one revoked; the
// career-bridging applications made under the policy the service names (ListBridgePolicies) and
// decided. Finally the year's GetIncentiveStats.
// Idempotent: request ids derived from the seed and the record; programmes found again by title,
// nominations by programme and person, platforms by host and name, grants by platform, year and
// purpose, bridging applications by person, series and grade; steps already taken are skipped.
// Refusals the plan expects (NOT_ELIGIBLE for the planned bridging refusals) are counted; others
// are counted as unexpected and the run goes on; transport failures after retries end the run.
// Not thread-safe (one Run at a time); it uses its own threads inside.

#include <memory>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "common/reference/reference_data.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "skillbridge/incentive/v1/incentive.grpc.pb.h"
#include "tools/simulator/evaluation_driver.h"
#include "tools/simulator/incentive_plan.h"
#include "tools/simulator/run_options.h"
#include "tools/simulator/simulation.h"

namespace skillbridge::simulator {

struct IncentiveRunOptions : PartRunOptions {
  // Enterprises the wage survey covers (at least the evaluation part's).
  int survey_enterprises = kDefaultSurveyEnterprises;
};

class IncentiveDriver final {
 public:
  // `evaluation_channel`: where the extra enterprises are registered.
  IncentiveDriver(std::shared_ptr<grpc::Channel> incentive_channel, std::shared_ptr<grpc::Channel> evaluation_channel,
                  std::shared_ptr<const ReferenceData> reference, IncentiveRunOptions options);

  // `evaluation` is the report of the evaluation part (its plan and cutoff).
  absl::StatusOr<IncentiveReport> Run(const EvaluationReport& evaluation);

 private:
  absl::StatusOr<std::vector<PlannedBridgeRule>> BridgeRules();
  absl::Status RegisterEnterprises(const IncentivePlan& plan, IncentiveReport& report);
  absl::Status SubmitSurveys(const IncentivePlan& plan, const std::vector<PlannedSurvey>& rows, const std::string& key,
                             IncentiveReport& report);
  absl::Status CheckSummary(const IncentivePlan& plan, IncentiveReport& report);
  absl::Status RunHonours(const IncentivePlan& plan, IncentiveReport& report);
  absl::Status RunPlatforms(const IncentivePlan& plan, IncentiveReport& report);
  absl::Status RunBridges(const IncentivePlan& plan, IncentiveReport& report);
  absl::Status ReadStats(IncentiveReport& report);

  std::unique_ptr<incentive::v1::IncentiveService::Stub> stub_;
  std::unique_ptr<evaluation::v1::EvaluationService::Stub> evaluation_;
  std::shared_ptr<const ReferenceData> reference_;
  IncentiveRunOptions options_;
};

}  // namespace skillbridge::simulator
