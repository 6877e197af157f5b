#pragma once
// Test helpers for the server tests: an EchoService wired through ServiceRuntime, an audit sink
// that records entries, tokens, and small raw clients for the health and reflection services
// and the metrics endpoint (their generated client code is not installed by Debian).
// Not thread-safe unless noted.

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
#include "common/server/server_runner.h"
#include "common/server/service_runtime.h"
#include "common/store/clock.h"
#include "skillbridge/echo/v1/echo.grpc.pb.h"

namespace skillbridge::testing {

inline constexpr char kAdminToken[] = "admin-token-for-tests";
inline constexpr char kViewerToken[] = "viewer-token-for-tests";
inline constexpr char kEchoService[] = "skillbridge.echo.v1.EchoService";

// admin (ADMIN) and viewer (VIEWER), by SHA-256 of the tokens above.
std::shared_ptr<const TokenAuthenticator> TestAuthenticator();

// Echo: ADMIN and SERVICE only; a mutation (so refusals are audited).
PermissionTable EchoPermissions();

// Thread-safe.
class RecordingAuditSink final : public AuditSink {
 public:
  void Record(const common::v1::AuditEntry& entry) override;
  std::vector<common::v1::AuditEntry> entries() const;

 private:
  mutable absl::Mutex mu_;
  std::vector<common::v1::AuditEntry> entries_ ABSL_GUARDED_BY(mu_);
};

using EchoHandler =
    std::function<absl::Status(const CallContext&, const echo::v1::EchoRequest&, echo::v1::EchoResponse*)>;

// Echoes the payload unless `handler` is given.
class EchoServiceImpl final : public echo::v1::EchoService::CallbackService {
 public:
  EchoServiceImpl(ServiceRuntime* runtime, EchoHandler handler);
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context, const echo::v1::EchoRequest* request,
                                 echo::v1::EchoResponse* response) override;

 private:
  ServiceRuntime* runtime_;
  EchoHandler handler_;
};

// A running EchoService behind ServiceRuntime and ServerRunner, on 127.0.0.1:0 by default, with
// the metrics endpoint on 127.0.0.1:0. The runtime's clock is a ManualClock at kTestNow.
class EchoServer final {
 public:
  struct Options {
    ServerOptions server;
    size_t workers = 2;
    size_t max_queue = 16;
    EchoHandler handler;                  // default: echo
    std::function<absl::Status()> probe;  // default: none (always ready)
  };

  explicit EchoServer(Options options);
  // Stops (RequestShutdown + the Wait thread, or runtime and runner directly).
  ~EchoServer();
  EchoServer(const EchoServer&) = delete;
  EchoServer& operator=(const EchoServer&) = delete;

  absl::Status Start();
  // Runs runner().Wait() on a thread; `before_drain` runs before the runtime is shut down.
  void WaitInBackground(std::function<void()> before_drain = nullptr);
  // RequestShutdown and joins the Wait thread.
  void Shutdown();

  ServerRunner& runner() { return *runner_; }
  ServiceRuntime& runtime() { return *runtime_; }
  RecordingAuditSink& audit() { return audit_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(runner_->port()); }
  // Plaintext channel and stub to address().
  std::shared_ptr<grpc::Channel> channel();
  std::unique_ptr<echo::v1::EchoService::Stub> stub();

 private:
  ManualClock clock_;
  RecordingAuditSink audit_;
  std::unique_ptr<ServerRunner> runner_;
  std::unique_ptr<ServiceRuntime> runtime_;
  std::unique_ptr<EchoServiceImpl> service_;
  std::thread waiter_;
};

inline constexpr int64_t kTestNowUnixSeconds = 1714521600;  // 2024-05-01T00:00:00Z

// Calls Echo with `token` ("" = no authorization header).
grpc::Status CallEcho(echo::v1::EchoService::Stub& stub, const std::string& token, const std::string& payload,
                      echo::v1::EchoResponse* response = nullptr, const std::string& request_id = "",
                      int deadline_ms = 10000);

// grpc.health.v1.Health/Check: "SERVING", "NOT_SERVING", "SERVICE_UNKNOWN" or "UNKNOWN", or the
// RPC's error.
absl::StatusOr<std::string> HealthCheck(const std::shared_ptr<grpc::Channel>& channel, const std::string& service);

// The services listed by grpc.reflection.v1alpha.ServerReflection.
absl::StatusOr<std::vector<std::string>> ReflectionListServices(const std::shared_ptr<grpc::Channel>& channel);

// Body of GET http://127.0.0.1:<port><path> (HTTP/1.0, whole response read).
absl::StatusOr<std::string> HttpGet(int port, const std::string& path);

}  // namespace skillbridge::testing
