#pragma once
// ServiceHarness<Traits>: one service (StandardServer<Traits>) in this process, serving real gRPC
// on 127.0.0.1:0 over its own real redis-server (unix socket in a temporary directory), with the
// test auth config (tests/support/test_auth.h) and a ManualClock that reads 2026-06-15 10:00
// +08:00. The service harnesses (EvaluationHarness, TrainingHarness, ...) hold one and add only
// their domain helpers. config() may be adjusted before Start(). Not thread-safe except the stub.

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "common/redis/redis_client.h"
#include "common/server/standard_server.h"
#include "common/store/clock.h"
#include "tests/support/redis_server.h"
#include "tests/support/test_auth.h"

namespace skillbridge::testing {

// 2026-06-15 10:00 in the bureau's time zone: the harnesses' "now".
absl::Time HarnessStartTime();

// Everything around the service: redis-server, a client to it, a temporary directory with the
// auth config, the clock, and the ServiceConfig that points at them.
class HarnessEnvironment final {
 public:
  explicit HarnessEnvironment(std::string name);
  ~HarnessEnvironment();

  // Starts redis-server, connects the client, writes the auth config; fills config().
  absl::Status Start();
  void Stop();

  ServiceConfig& config() { return config_; }
  RedisServerProcess& redis() { return redis_; }
  RedisClient& redis_client() { return *client_; }
  ManualClock& clock() { return clock_; }
  const std::string& temp_dir() const { return temp_dir_; }
  // Writes `token` as a SERVICE token file in the temporary directory; returns its path.
  std::string WriteTokenFile(const std::string& name, const std::string& token) const;
  // Number of keys matching `pattern` (SCAN), -1 when Redis fails.
  long long CountKeys(const std::string& pattern);

 private:
  std::string name_;
  RedisServerProcess redis_;
  std::unique_ptr<RedisClient> client_;
  ManualClock clock_;
  std::string temp_dir_;
  ServiceConfig config_;
};

template <typename Traits>
class ServiceHarness final {
 public:
  using Stub = typename Traits::Grpc::Stub;

  ServiceHarness() : env_(Traits::kName) {}
  ~ServiceHarness() { Stop(); }

  using Options = typename Traits::Options;
  // Finishes the options once the environment is up (e.g. a token file in its directory).
  using PrepareOptions = std::function<void(HarnessEnvironment&, Options&)>;

  absl::Status Start(Options options = {}, const PrepareOptions& prepare = nullptr) {
    if (absl::Status started = env_.Start(); !started.ok()) {
      return started;
    }
    if (prepare) {
      prepare(env_, options);
    }
    auto server = StandardServer<Traits>::Create(env_.config(), std::move(options));
    if (!server.ok()) {
      return server.status();
    }
    server_ = std::move(*server);
    if (absl::Status started = server_->Start(); !started.ok()) {
      return started;
    }
    waiter_ = std::thread([this] { server_->Wait(); });
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials());
    stub_ = Traits::Grpc::NewStub(channel_);
    return absl::OkStatus();
  }

  void Stop() {
    if (server_ != nullptr) {
      server_->RequestShutdown();
      if (waiter_.joinable()) {
        waiter_.join();
      }
      server_.reset();
    }
    stub_.reset();
    channel_.reset();
    env_.Stop();
  }

  ServiceConfig& config() { return env_.config(); }
  Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  StandardServer<Traits>& server() { return *server_; }
  RedisServerProcess& redis() { return env_.redis(); }
  RedisClient& redis_client() { return env_.redis_client(); }
  ManualClock& clock() { return env_.clock(); }
  HarnessEnvironment& environment() { return env_; }
  int port() const { return server_->port(); }
  std::string address() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  long long CountKeys(const std::string& pattern) { return env_.CountKeys(pattern); }
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) { return ContextWithToken(token); }

 private:
  HarnessEnvironment env_;
  std::unique_ptr<StandardServer<Traits>> server_;
  std::thread waiter_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<Stub> stub_;
};

}  // namespace skillbridge::testing
