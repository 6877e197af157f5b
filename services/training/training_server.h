#pragma once
// TrainingServer: the training service assembled from its parts — Redis clients, store,
// reference data, token authenticator, evaluation client, runtime, gRPC adapter and server
// runner. main.cc and the service tests build it the same way. Not thread-safe except
// RequestShutdown.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/server/server_runner.h"
#include "common/store/clock.h"
#include "services/training/client/certificate_verifier.h"

namespace skillbridge::training {

struct TrainingServerConfig {
  ServerOptions server;
  RedisOptions redis;
  std::string auth_config_path;
  std::string reference_dir;
  // How the certificate of every subsidy claim is checked with the evaluation service.
  EvaluationClientOptions evaluation;
  absl::Duration redis_startup_timeout = absl::Seconds(30);
  // Null = the system clock.
  const Clock* clock = nullptr;
};

class TrainingServer final {
 public:
  static absl::StatusOr<std::unique_ptr<TrainingServer>> Create(TrainingServerConfig config);
  ~TrainingServer();

  absl::Status Start();
  int port() const;
  int metrics_port() const;
  void Wait();
  void RequestShutdown();

 private:
  struct Parts;
  explicit TrainingServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace skillbridge::training
