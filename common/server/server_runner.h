#pragma once
// ServerRunner: builds, runs and stops one gRPC server the same way for every service.
//  - listens on --listen (TCP "host:port", port 0 = pick one; or "unix:/path");
//  - TLS when --tls_cert/--tls_key are given; mutual TLS when --tls_client_ca is given too
//    (client certificate required and verified);
//  - refuses a non-loopback address without TLS unless --behind_mesh;
//  - message size limits, HTTP/2 stream limits (rapid-reset mitigation, see docs/operations.md);
//  - gRPC health service (SERVING only while the readiness probe passes, NOT_SERVING on shutdown)
//    and server reflection;
//  - optionally a second, plaintext listener on --health_listen serving only the health service
//    (Kubernetes' gRPC probes cannot speak TLS), answering exactly as the main port does;
//  - Prometheus metrics on --metrics_listen (separate port), with skillbridge_serving (1/0);
//  - SIGTERM/SIGINT: NOT_SERVING → drain → Shutdown(deadline) → Wait returns.
// Health names: "" (overall) and every registered service's full name follow readiness;
// "liveness" is SERVING from Start() until shutdown begins, whatever the readiness probe says
// (a liveness probe must not restart a pod because its store is down).
// Metrics and health listeners have neither TLS nor a token: loopback only, unless --behind_mesh
// or --remote_ops_endpoints (NetworkPolicies decide who reaches them) is given.
// Not thread-safe except RequestShutdown, which may be called from any thread (and is
// async-signal-safe).

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace prometheus {
class Registry;
class Exposer;
}  // namespace prometheus

namespace skillbridge {

class ServerMetrics;

struct ServerOptions {
  std::string listen_address = "127.0.0.1:0";
  std::string metrics_address;        // "" = no metrics endpoint
  std::string health_address;         // "" = no separate plaintext health listener
  bool remote_ops_endpoints = false;  // metrics/health may bind non-loopback addresses
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;  // set = mutual TLS
  bool behind_mesh = false;
  int max_message_bytes = 16 * 1024 * 1024;
  int max_concurrent_streams = 128;
  // Largest header list (metadata) a client may send on one call, checked before authentication.
  int max_metadata_bytes = 16 * 1024;
  size_t worker_threads = 8;
  size_t max_queue = 1024;
  size_t long_poll_threads = 8;
  std::chrono::milliseconds shutdown_grace{10000};
  std::chrono::milliseconds readiness_interval{1000};
};

// Reads the common server flags (--listen, --metrics_listen, --health_listen,
// --remote_ops_endpoints, --tls_cert, --tls_key,
// --tls_client_ca, --behind_mesh, --max_message_bytes, --workers, --max_queue,
// --long_poll_workers, --shutdown_grace_ms, --max_concurrent_streams, --max_metadata_bytes,
// --readiness_interval_ms).
// Call after absl::ParseCommandLine.
ServerOptions ServerOptionsFromFlags();

// INVALID_ARGUMENT when the address is not loopback, TLS is off and behind_mesh is false; when
// the metrics or health address is not loopback and neither behind_mesh nor remote_ops_endpoints
// is set; when the health address equals the listen address; also checks that TLS files exist
// and come in pairs.
absl::Status CheckListenPolicy(const ServerOptions& options);

class ServerRunner final {
 public:
  // `service_name` is the short name used in log lines, e.g. "evaluation".
  ServerRunner(ServerOptions options, std::string service_name);
  ~ServerRunner();  // stops the server (without `before_drain`) if Wait() was not called
  ServerRunner(const ServerRunner&) = delete;
  ServerRunner& operator=(const ServerRunner&) = delete;

  // Readiness: polled every readiness_interval; health is SERVING only while it returns OK.
  void SetReadinessProbe(std::function<absl::Status()> probe);
  // Services must outlive the runner.
  void AddService(grpc::Service* service);

  // Registry the service's metrics live in, and the standard RPC/Redis metrics.
  prometheus::Registry& registry();
  ServerMetrics& metrics();

  // Checks the listen policy, builds and starts the server, the metrics endpoint and the
  // readiness watcher.
  absl::Status Start();
  // Port actually bound (after Start), 0 for unix sockets.
  int port() const { return port_; }
  int metrics_port() const;
  // Port of the --health_listen listener (after Start), 0 when there is none.
  int health_port() const { return health_port_; }

  // Installs SIGTERM/SIGINT handlers and blocks until a signal or RequestShutdown, then stops:
  // NOT_SERVING, `before_drain` (e.g. ServiceRuntime::Shutdown), Shutdown(deadline). Returns at
  // once when Start() did not succeed. The previous signal handlers are restored on return.
  void Wait(std::function<void()> before_drain = nullptr);
  // Makes Wait() return (before or while it waits).
  void RequestShutdown();

 private:
  void WatchReadiness();
  void SetHealth(bool serving);
  absl::Status StartHealthServer();
  void Stop(const std::function<void()>& before_drain);
  void StopExposer();

  ServerOptions options_;
  std::string service_name_;
  std::function<absl::Status()> probe_;
  std::vector<grpc::Service*> services_;
  std::shared_ptr<prometheus::Registry> registry_;
  std::unique_ptr<ServerMetrics> metrics_;
  std::unique_ptr<prometheus::Exposer> exposer_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<grpc::Server> health_server_;  // --health_listen: health service only
  std::vector<std::string> health_names_;        // fixed after Start()
  int port_ = 0;
  int health_port_ = 0;
  int wake_read_fd_ = -1;  // self-pipe: RequestShutdown and the signal handler write a byte
  int wake_write_fd_ = -1;
  absl::Mutex mu_;
  absl::CondVar watcher_cv_;
  bool stop_watcher_ ABSL_GUARDED_BY(mu_) = false;
  bool stopped_ = false;  // Stop() ran
  std::thread watcher_;
};

}  // namespace skillbridge
