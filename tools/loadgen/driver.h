#pragma once
// The closed-loop driver of the load generator: `concurrency` slots, each with one RPC in flight
// at all times on the gRPC callback (asynchronous) client API; a slot starts its next call from
// the completion of the previous one. Duration mode: a warm-up (not recorded), then a measured
// window; count mode: exactly `count` calls, all recorded.
// Scenario: what one call is. Implementations must be thread-safe: Start runs concurrently on
// gRPC's callback threads.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "tools/loadgen/latency_stats.h"

namespace skillbridge::loadgen {

// Completion of one call: its status and the items it carried (see LatencyStats::Record).
using DoneFn = std::function<void(const grpc::Status&, int64_t items)>;

class Scenario {
 public:
  virtual ~Scenario() = default;
  // Prepares what the calls need (synchronous calls allowed); runs once before the run.
  virtual absl::Status Setup() { return absl::OkStatus(); }
  // Starts call number `seq` with `context` (authorization and deadline already set; it lives
  // until `done` returns). Must call `done` exactly once, from any thread.
  virtual void Start(grpc::ClientContext* context, int64_t seq, DoneFn done) = 0;
  // Serialized request of a typical call (after Setup), for other load tools such as h2load;
  // "" when the scenario has none to offer.
  virtual std::string SampleRequest() const { return ""; }
};

struct RunOptions {
  int concurrency = 64;
  double warmup_s = 2;
  double duration_s = 10;
  int64_t count = 0;  // > 0: count mode (no warm-up, duration ignored)
  int deadline_ms = 10000;
  std::string token;  // bearer token; "" = no authorization header
};

struct RunResult {
  LatencyStats stats;
  double seconds = 0;  // measured wall time
};

RunResult RunClosedLoop(Scenario& scenario, const RunOptions& options);

// `n` channels to `target`, each on its own TCP connection.
std::vector<std::shared_ptr<grpc::Channel>> MakeChannels(const std::string& target, int n);

}  // namespace skillbridge::loadgen
