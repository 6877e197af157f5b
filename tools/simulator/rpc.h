#pragma once
// Calling the services from the simulator: bearer token and deadline on every call, retries of
// transient failures (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED) with
// exponential backoff, always with the same request (so the same request_id), and the helpers
// to read a refusal's reason. Thread-safe (no shared state).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "google/rpc/status.pb.h"

namespace skillbridge::simulator {

struct RpcOptions {
  std::string token;  // ADMIN bearer token
  absl::Duration deadline = absl::Seconds(30);
  int max_attempts = 8;
  absl::Duration first_backoff = absl::Milliseconds(200);
  absl::Duration max_backoff = absl::Seconds(5);
};

bool IsRetryable(grpc::StatusCode code);

// Backoff before attempt `attempt` (1 = the first retry).
absl::Duration Backoff(const RpcOptions& options, int attempt);

// A client context with the token and the deadline.
std::unique_ptr<grpc::ClientContext> MakeContext(const RpcOptions& options);

// The ErrorInfo reason of a status ("" when none; FromGrpcStatus, common/server/grpc_status.h).
std::string ReasonOf(const grpc::Status& status);

// The ErrorInfo reason of a batch item's status ("" when none).
std::string ReasonOf(const google::rpc::Status& status);

// "FAILED_PRECONDITION ORG_NOT_FILED: message" (the reason only when there is one).
std::string Describe(const grpc::Status& status);

// An absl::Status (UNAVAILABLE-like failures become UNAVAILABLE) describing `what` failing.
absl::Status TransportError(const std::string& what, const grpc::Status& status);

// Calls `call(context, request, response)` until it succeeds, fails for good, or the attempts
// run out; returns the last status.
template <typename Request, typename Response>
grpc::Status CallWithRetry(const RpcOptions& options,
                           const std::function<grpc::Status(grpc::ClientContext*, const Request&, Response*)>& call,
                           const Request& request, Response* response) {
  grpc::Status status;
  for (int attempt = 0; attempt < options.max_attempts; ++attempt) {
    if (attempt > 0) {
      std::this_thread::sleep_for(absl::ToChronoMilliseconds(Backoff(options, attempt)));
    }
    auto context = MakeContext(options);
    response->Clear();
    status = call(context.get(), request, response);
    if (status.ok() || !IsRetryable(status.error_code())) {
      return status;
    }
  }
  return status;
}

// A short hash (16 hex digits) of a batch's content, part of its request id, so that a batch id
// never replays a different batch (another scale's rows at the same positions).
std::string ContentHash(const std::string& text);

// CallWithRetry of one method of a generated stub, e.g.
//   CallStub(*stub, options, &TrainingService::Stub::CreateCourse, request, &response).
template <typename Stub, typename Request, typename Response>
grpc::Status CallStub(Stub& stub, const RpcOptions& options,
                      grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Response*),
                      const Request& request, Response* response) {
  const std::function<grpc::Status(grpc::ClientContext*, const Request&, Response*)> fn =
      [&stub, method](grpc::ClientContext* context, const Request& req, Response* resp) {
        return (stub.*method)(context, req, resp);
      };
  return CallWithRetry(options, fn, request, response);
}

// Runs body(i) for i in [0, n) on `concurrency` threads; stops early and returns the first
// error.
absl::Status ParallelFor(int n, int concurrency, const std::function<absl::Status(int)>& body);

}  // namespace skillbridge::simulator
