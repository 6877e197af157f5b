#pragma once
// Sends the competition part of the plan to the competition service over its public gRPC API as
// the city bureau (ADMIN token): each competition created with its organiser, co-organisers and
// sponsors, its contests added, filed (备案), opened, the entrants registered in bulk, closed and
// the results published contest by contest — as far as the plan's stage for it goes (one stays a
// draft, one is cancelled after filing). Publishing makes competition have evaluation issue the
// promotion certificates; the driver then waits (up to `promotion_wait`) for the pending ones to
// be issued and reports the year's figures from GetCompetitionStats. Idempotent: request ids
// derived from the seed and the record, competitions found again by title, contests by title
// within their competition, entries by contest and person; steps already taken are skipped.
// Not thread-safe (one Run at a time).

#include <memory>
#include <ostream>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/reference/reference_data.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"
#include "tools/simulator/evaluation_driver.h"
#include "tools/simulator/run_options.h"
#include "tools/simulator/simulation.h"

namespace skillbridge::simulator {

struct CompetitionRunOptions : PartRunOptions {
  // How long the driver waits for the promotions still PENDING after the last publication.
  absl::Duration promotion_wait = absl::Seconds(60);
};

class CompetitionDriver final {
 public:
  CompetitionDriver(std::shared_ptr<grpc::Channel> channel, std::shared_ptr<const ReferenceData> reference,
                    CompetitionRunOptions options);

  // `evaluation` is the report of the evaluation part (its plan: the entrants and the cutoff).
  absl::StatusOr<CompetitionReport> Run(const EvaluationReport& evaluation);

 private:
  std::unique_ptr<competition::v1::CompetitionService::Stub> stub_;
  std::shared_ptr<const ReferenceData> reference_;
  CompetitionRunOptions options_;
};

}  // namespace skillbridge::simulator
