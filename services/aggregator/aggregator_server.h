#pragma once
// AggregatorServer: the aggregator assembled from its parts — its Redis store, the feed consumers
// (one per configured source), the catalogue, the gRPC service, and the HTTP JSON API + dashboard
// page. main.cc and the tests build it the same way. Not thread-safe except RequestShutdown.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/server/server_runner.h"
#include "common/store/clock.h"
#include "services/aggregator/feed/feed_consumer.h"
#include "services/aggregator/http/http_api.h"

namespace skillbridge::aggregator {

struct AggregatorServerConfig {
  ServerOptions server;
  RedisOptions redis;
  std::string auth_config_path;
  std::string reference_dir;
  // Source services ("host:port"; empty = not connected).
  std::string evaluation_address;
  std::string training_address;
  // The SERVICE bearer token the aggregator presents to the sources (its first line).
  std::string service_token_file;
  // TLS towards the sources (one cluster: one CA and one client identity for all of them): the CA
  // bundle that verifies their certificates (empty = plaintext), and the client certificate and
  // key for mutual TLS (optional). See MakeClientChannel (common/server/client_channel.h).
  std::string sources_tls_ca_file;
  std::string sources_tls_cert_file;
  std::string sources_tls_key_file;
  // Name expected in each source's certificate (empty = the host of its address).
  std::string evaluation_tls_server_name;
  std::string training_tls_server_name;
  // Empty listen = no HTTP port.
  HttpOptions http;
  bool http_enabled = true;
  ConsumerOptions consumer;
  absl::Duration profile_deadline = absl::Seconds(2);
  absl::Duration redis_startup_timeout = absl::Seconds(30);
  // Drop the derived views at start-up and re-consume every feed from zero.
  bool rebuild_on_start = false;
  // How long a rebuild's lease outlives a process that stopped renewing it (killed mid-rebuild).
  int64_t rebuild_lease_ms = 60000;
  // Null = the system clock.
  const Clock* clock = nullptr;
};

class AggregatorServer final {
 public:
  static absl::StatusOr<std::unique_ptr<AggregatorServer>> Create(AggregatorServerConfig config);
  ~AggregatorServer();

  // Starts the gRPC and HTTP ports and the feed consumers.
  absl::Status Start();
  int port() const;
  int metrics_port() const;
  int http_port() const;
  // Blocks until SIGTERM/SIGINT or RequestShutdown, then stops consumers, HTTP and gRPC.
  void Wait();
  void RequestShutdown();

 private:
  struct Parts;
  explicit AggregatorServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace skillbridge::aggregator
