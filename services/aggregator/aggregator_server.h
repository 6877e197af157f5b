#pragma once
// AggregatorServer: the aggregator assembled on the common ServiceHost (listen policy, reference
// data, authenticator, Redis pools, WaitForStore, ServiceRuntime, readiness; see
// common/server/service_host.h) plus what only it has: the feed consumers (one per connected
// source, from the sources table feed/sources.h), the rebuild-on-start, the catalogue, the
// gRPC adapter generated from its RPC table, and the HTTP JSON API + dashboard page, which goes
// through the same runtime as gRPC. main.cc runs it with RunService; the tests build it the
// same way.
// Create() fails, before anything is written to Redis, with INVALID_ARGUMENT for an unknown
// source name, a missing or empty --service_token_file while a source is configured, or a TLS
// flag combination the channel refuses (each error names its flag); NOT_FOUND for unreadable
// files; then as ServiceHost::Create and the store do.
// Not thread-safe except RequestShutdown.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/permissions.h"
#include "common/server/run_service.h"
#include "common/server/service_host.h"
#include "services/aggregator/feed/feed_consumer.h"
#include "services/aggregator/feed/sources.h"
#include "services/aggregator/http/http_api.h"

namespace skillbridge::aggregator {

struct AggregatorServerConfig {
  // The common per-service settings (ServiceConfigFromFlags("aggregator")).
  ServiceConfig service;
  // The connected sources by name (--sources); a source not listed is not connected.
  SourceEndpoints sources;
  // The SERVICE bearer token the aggregator presents to the sources (its first line).
  std::string service_token_file;
  // TLS towards the sources (one cluster: one CA and one client identity for all of them): the CA
  // bundle that verifies their certificates (empty = plaintext), and the client certificate and
  // key for mutual TLS (optional). See MakeClientChannel (common/server/client_channel.h).
  std::string sources_tls_ca_file;
  std::string sources_tls_cert_file;
  std::string sources_tls_key_file;
  // The HTTP port; http_enabled = false (or an empty --http_listen) = none.
  HttpOptions http;
  bool http_enabled = true;
  ConsumerOptions consumer;
  absl::Duration profile_deadline = absl::Seconds(2);
  // Drop the derived views at start-up and re-consume every feed from zero.
  bool rebuild_on_start = false;
  // How long a rebuild's lease outlives a process that stopped renewing it (killed mid-rebuild).
  int64_t rebuild_lease_ms = 60000;
};

class AggregatorServer final : public RunnableServer {
 public:
  static absl::StatusOr<std::unique_ptr<AggregatorServer>> Create(AggregatorServerConfig config);
  ~AggregatorServer() override;
  AggregatorServer(const AggregatorServer&) = delete;
  AggregatorServer& operator=(const AggregatorServer&) = delete;

  // The permission table, from the RPC table (api/aggregator_rpcs.h); gRPC and HTTP check it.
  static PermissionTable Permissions();

  // Starts the gRPC and HTTP ports and the feed consumers.
  absl::Status Start() override;
  int port() const override;
  int metrics_port() const override;
  int http_port() const override;
  // Blocks until SIGTERM/SIGINT or RequestShutdown, then stops consumers, HTTP and gRPC.
  void Wait() override;
  void RequestShutdown() override;

 private:
  struct Parts;
  explicit AggregatorServer(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace skillbridge::aggregator
