#pragma once
// EvaluationServer: the evaluation service assembled from its parts — Redis clients, store,
// reference data, token authenticator, runtime, gRPC adapter and server runner. main.cc and the
// service tests build it the same way. Not thread-safe except RequestShutdown.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/server/server_runner.h"
#include "common/store/clock.h"

namespace skillbridge::evaluation {

struct EvaluationServerConfig {
  ServerOptions server;
  RedisOptions redis;
  std::string auth_config_path;
  std::string reference_dir;
  // How long start-up waits for Redis before giving up.
  absl::Duration redis_startup_timeout = absl::Seconds(30);
  // Null = the system clock.
  const Clock* clock = nullptr;
};

class EvaluationServer final {
 public:
  static absl::StatusOr<std::unique_ptr<EvaluationServer>> Create(EvaluationServerConfig config);
  ~EvaluationServer();

  // Starts listening (port() is valid afterwards).
  absl::Status Start();
  int port() const;
  int metrics_port() const;
  // Blocks until SIGTERM/SIGINT or RequestShutdown, then shuts down gracefully.
  void Wait();
  void RequestShutdown();

 private:
  struct Parts;
  explicit EvaluationServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace skillbridge::evaluation
