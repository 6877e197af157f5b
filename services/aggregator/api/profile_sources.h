#pragma once
// Live per-person reads for the talent profile: one fetcher per source service, each called with
// the SERVICE token and a deadline; the handler runs them in parallel and reports the ones that
// did not answer. Thread-safe.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

struct ProfileSource {
  std::string name;
  // Fills its part of `out` (certificates, trainings) for `id_number`, by `deadline`.
  std::function<absl::Status(const std::string& id_number, absl::Time deadline, v1::GetTalentProfileResponse* out)>
      fetch;
};

ProfileSource EvaluationProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token);
// Defined with the training source (see feed_source.h); an empty fetch when not built.
ProfileSource TrainingProfileSource(std::shared_ptr<grpc::Channel> channel, std::string token);

// grpc::Status -> absl::Status (same code and message).
absl::Status FromGrpc(const grpc::Status& status);

}  // namespace skillbridge::aggregator
