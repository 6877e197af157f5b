// The common server flags (see server_runner.h) and their conversion to ServerOptions.

#include <chrono>
#include <string>

#include "absl/flags/flag.h"
#include "common/server/server_runner.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0",
          "gRPC listen address: host:port (port 0 picks a free one) or unix:/path. A non-loopback address "
          "needs --tls_cert/--tls_key or --behind_mesh.");
ABSL_FLAG(std::string, metrics_listen, "", "Prometheus metrics address host:port; empty disables the endpoint.");
ABSL_FLAG(std::string, health_listen, "",
          "Plaintext gRPC address host:port serving only grpc.health.v1.Health, for Kubernetes gRPC probes "
          "(which cannot speak TLS); empty disables it.");
ABSL_FLAG(bool, remote_ops_endpoints, false,
          "Let --metrics_listen and --health_listen bind non-loopback addresses (they have no TLS or token): "
          "for Kubernetes, where NetworkPolicies decide who reaches them.");
ABSL_FLAG(std::string, tls_cert, "", "PEM server certificate chain; enables TLS (with --tls_key).");
ABSL_FLAG(std::string, tls_key, "", "PEM private key of --tls_cert.");
ABSL_FLAG(std::string, tls_client_ca, "",
          "PEM CA bundle for client certificates; enables mutual TLS (client certificate required).");
ABSL_FLAG(bool, behind_mesh, false, "Allow plaintext on a non-loopback address because a service mesh terminates TLS.");
ABSL_FLAG(int, max_message_bytes, 16 * 1024 * 1024, "Largest request or response message, in bytes.");
ABSL_FLAG(int, max_concurrent_streams, 128, "HTTP/2 concurrent streams per connection.");
ABSL_FLAG(int, max_metadata_bytes, 16 * 1024,
          "Largest request metadata (header list) per call, in bytes; larger calls are refused before authentication.");
ABSL_FLAG(int, workers, 32,
          "Worker threads running handlers. Handlers block on Redis, and with appendfsync always Redis syncs once\n"
          "for all the writes it has read: enough calls in flight let many writes share each fsync.");
ABSL_FLAG(int, max_queue, 1024, "Calls waiting for a worker before RESOURCE_EXHAUSTED.");
ABSL_FLAG(int, long_poll_workers, 8, "Worker threads for long-poll reads.");
ABSL_FLAG(int, shutdown_grace_ms, 10000, "On SIGTERM, how long in-flight calls may take before they are cancelled.");
ABSL_FLAG(int, readiness_interval_ms, 1000, "How often the readiness probe runs.");

namespace skillbridge {
namespace {

size_t AtLeastOne(int value) { return value < 1 ? 1 : static_cast<size_t>(value); }

}  // namespace

ServerOptions ServerOptionsFromFlags() {
  ServerOptions options;
  options.listen_address = absl::GetFlag(FLAGS_listen);
  options.metrics_address = absl::GetFlag(FLAGS_metrics_listen);
  options.health_address = absl::GetFlag(FLAGS_health_listen);
  options.remote_ops_endpoints = absl::GetFlag(FLAGS_remote_ops_endpoints);
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca);
  options.behind_mesh = absl::GetFlag(FLAGS_behind_mesh);
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  options.max_metadata_bytes = absl::GetFlag(FLAGS_max_metadata_bytes);
  options.worker_threads = AtLeastOne(absl::GetFlag(FLAGS_workers));
  options.max_queue = AtLeastOne(absl::GetFlag(FLAGS_max_queue));
  options.long_poll_threads = AtLeastOne(absl::GetFlag(FLAGS_long_poll_workers));
  options.shutdown_grace = std::chrono::milliseconds(absl::GetFlag(FLAGS_shutdown_grace_ms));
  options.readiness_interval = std::chrono::milliseconds(AtLeastOne(absl::GetFlag(FLAGS_readiness_interval_ms)));
  return options;
}

}  // namespace skillbridge
