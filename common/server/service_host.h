#pragma once
// ServiceHost: the start-up and shutdown every service shares, in one place. Create() runs, in
// order and stopping at the first error:
//   1. the listen policy (no plaintext on a non-loopback address unless --behind_mesh);
//   2. the reference data (--reference_dir) and the bearer-token authenticator (--auth_config);
//   3. the Redis pools: one for requests (--redis_pool_size) and one for long polls (ListEvents),
//      sized to the long-poll workers so waiting feed readers never hold the connections writes
//      need; Redis latency is observed into the runner's metrics;
//   4. the ServerRunner (health, reflection, metrics, TLS, signals).
// The service then builds its store on redis()/long_poll_redis(), waits for it with
// InitializeStore() (WaitForStore below), and calls StartRuntime() with its permission table and
// audit stream; AddService() registers its gRPC adapter. Start() listens; Wait() blocks until
// SIGTERM/SIGINT or RequestShutdown and then drains (NOT_SERVING → runtime shutdown → server
// shutdown with the grace period).
// ServiceConfig holds the per-service settings; ServiceConfigFromFlags reads them from the common
// flags (--redis, --redis_password_file, --redis_pool_size, --auth_config, --reference_dir,
// --redis_startup_timeout_s, plus the server flags of server_runner.h).
// Start-up is single-threaded; afterwards RequestShutdown is safe from any thread.

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/permissions.h"
#include "common/auth/principal.h"
#include "common/redis/redis_client.h"
#include "common/reference/reference_data.h"
#include "common/server/server_runner.h"
#include "common/server/service_runtime.h"
#include "common/store/clock.h"

namespace skillbridge {

class StreamAuditSink;

struct ServiceConfig {
  ServerOptions server;
  RedisOptions redis;
  std::string auth_config_path;
  std::string reference_dir = "reference";
  // How long start-up waits for Redis (UNAVAILABLE) before giving up.
  absl::Duration redis_startup_timeout = absl::Seconds(30);
  // Null = the system clock (tests inject a ManualClock).
  const Clock* clock = nullptr;
};

// The common per-service flags (see above). `service_name` gives --redis its default,
// unix:///tmp/skillbridge-<service_name>-redis.sock. Call after absl::ParseCommandLine.
ServiceConfig ServiceConfigFromFlags(std::string_view service_name);

// Runs `initialize` (a store's script loading and schema check) until it succeeds, retrying only
// UNAVAILABLE with backoff (100 ms doubling to 2 s) for at most `timeout`; one JSON warning line
// per wait.
absl::Status WaitForStore(const std::function<absl::Status()>& initialize, absl::Duration timeout);

class ServiceHost final {
 public:
  static absl::StatusOr<std::unique_ptr<ServiceHost>> Create(std::string service_name, ServiceConfig config);
  ~ServiceHost();
  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  const std::string& service_name() const { return service_name_; }
  const ServiceConfig& config() const { return config_; }
  RedisClient& redis() { return *redis_; }
  RedisClient& long_poll_redis() { return *long_poll_redis_; }
  const std::shared_ptr<const ReferenceData>& reference() const { return reference_; }
  const std::shared_ptr<const TokenAuthenticator>& authenticator() const { return auth_; }
  const Clock& clock() const { return *clock_; }
  ServerRunner& runner() { return *runner_; }

  // WaitForStore with the configured timeout.
  absl::Status InitializeStore(const std::function<absl::Status()>& initialize);

  // Creates the runtime for `grpc_service` (its full name) with an audit sink on `audit_stream`
  // (refused mutations are audited there; successful ones by the store), and makes `readiness`
  // the health probe. Once.
  ServiceRuntime& StartRuntime(std::string grpc_service, PermissionTable permissions, std::string audit_stream,
                               std::function<absl::Status()> readiness);
  ServiceRuntime& runtime() { return *runtime_; }

  // The service must outlive the host (or Shutdown() must have run).
  void AddService(grpc::Service* service) { runner_->AddService(service); }

  absl::Status Start() { return runner_->Start(); }
  int port() const { return runner_->port(); }
  int metrics_port() const { return runner_->metrics_port(); }
  // Blocks until a signal or RequestShutdown, then drains: `before_drain` (e.g. stopping feed
  // consumers) and the runtime's shutdown run after NOT_SERVING and before the server stops.
  void Wait(const std::function<void()>& before_drain = nullptr);
  void RequestShutdown() { runner_->RequestShutdown(); }
  // Stops the runtime and the server if they still run, and releases the server (idempotent).
  // The owner calls it in its destructor, before destroying what the handlers use; nothing else
  // may be called afterwards.
  void Shutdown();

 private:
  ServiceHost(std::string service_name, ServiceConfig config);

  std::string service_name_;
  ServiceConfig config_;
  SystemClock system_clock_;
  const Clock* clock_ = nullptr;
  std::shared_ptr<const ReferenceData> reference_;
  std::shared_ptr<const TokenAuthenticator> auth_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<RedisClient> long_poll_redis_;
  std::unique_ptr<ServerRunner> runner_;
  std::unique_ptr<StreamAuditSink> audit_;
  std::unique_ptr<ServiceRuntime> runtime_;
};

}  // namespace skillbridge
