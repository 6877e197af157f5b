#pragma once
// Reads the standard gRPC health service of a server (grpc.health.v1.Health/Check).

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace skillbridge::testing {

// "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN" or "UNKNOWN"; an error when the call fails.
absl::StatusOr<std::string> CheckHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service);

}  // namespace skillbridge::testing
