#pragma once
// Reads the standard gRPC health service of a server (grpc.health.v1.Health/Check).
//
// Made for polling a server that is still starting, on one channel: before each call it resets
// the channel's reconnect backoff (a refused first attempt would otherwise hold the next one back
// 1 s, 1.6 s, 2.6 s, ...) and waits briefly for the connection while driving its events itself.
// Without that, gRPC 1.51 handles the connection events of a channel whose first attempts were
// refused only in its backup poller, every 5 s (grpc/grpc#28866), and each service start in a test
// stalled about 5 s after the server was already up.
//
// Thread-safe (no shared state).

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace skillbridge::testing {

// "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN" or "UNKNOWN"; an error when the call fails.
absl::StatusOr<std::string> CheckHealth(const std::shared_ptr<grpc::Channel>& channel, const std::string& service);

}  // namespace skillbridge::testing
