#pragma once
// AggregatorHarness: the aggregator in this process — AggregatorServer, built as main.cc builds it
// — serving gRPC and its HTTP JSON API on 127.0.0.1:0 over its own real redis-server, with the
// test tokens (tests/support/test_auth.h), the harness clock (2026-06-15 10:00 +08:00), metrics on
// 127.0.0.1:0 and the dashboard files of the source tree (ECharts not served). No source is
// connected unless `adjust` adds one. Not thread-safe except the stub and the HTTP client calls.

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "services/aggregator/aggregator_server.h"
#include "skillbridge/aggregator/v1/aggregator.grpc.pb.h"
#include "tests/support/service_harness.h"

namespace skillbridge::testing {

class AggregatorHarness final {
 public:
  // Changes the configuration before the server is created (the environment is up by then).
  using Adjust = std::function<void(HarnessEnvironment&, aggregator::AggregatorServerConfig&)>;

  struct HttpReply {
    int status = 0;  // 0 = no answer
    std::string body;
    std::string content_type;
    std::string www_authenticate;
  };

  AggregatorHarness();
  ~AggregatorHarness();

  // Starts redis-server and the aggregator; the server's own error when it refuses to start.
  absl::Status Start(const Adjust& adjust = nullptr);
  void Stop();

  aggregator::AggregatorServer& server() { return *server_; }
  HarnessEnvironment& environment() { return env_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  aggregator::v1::AggregatorService::Stub& stub() { return *stub_; }

  // GET http://127.0.0.1:<HTTP port><path>, with "Authorization: Bearer <token>" unless `token`
  // is empty.
  HttpReply HttpGet(const std::string& path, const std::string& token) const;
  // The Prometheus text of the metrics endpoint.
  std::string Metrics() const;

 private:
  HarnessEnvironment env_;
  std::unique_ptr<aggregator::AggregatorServer> server_;
  std::thread waiter_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<aggregator::v1::AggregatorService::Stub> stub_;
};

}  // namespace skillbridge::testing
