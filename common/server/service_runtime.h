#pragma once
// ServiceRuntime: everything a gRPC handler needs around its domain call, shared by every
// service. For each unary call it
//   1. authenticates the bearer token (UNAUTHENTICATED) and checks the permission table
//      (PERMISSION_DENIED) on the reactor thread (cheap, no I/O);
//   2. hands the work to the bounded executor (long-poll methods to their own executor);
//      a full queue answers RESOURCE_EXHAUSTED, a past deadline DEADLINE_EXCEEDED, a runtime
//      shutting down UNAVAILABLE;
//   3. runs the handler (plain synchronous code returning absl::Status) on the request with its
//      unknown and output-only fields dropped (request_sanitizer.h);
//   4. converts the status once to grpc::Status (ErrorInfo + BadRequest details), records
//      metrics, writes one JSON log line to stderr (ID numbers masked):
//        {"ts","service","method","principal","role","code","reason","message","ms","peer","request_id"}
//      (request_id: the request's top-level string field "request_id", if it has one), and for
//      mutations that did not succeed appends an audit entry (successful mutations are audited by
//      the store, atomically). Audit entries are written from a worker thread, never the reactor;
//      a call refused because the queue is full is only logged (no worker can take the entry).
// Handler exceptions become INTERNAL; nothing a handler does crashes the server.
// Thread-safe.

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "common/auth/permissions.h"
#include "common/auth/principal.h"
#include "common/server/call_context.h"
#include "common/server/executor.h"
#include "common/store/clock.h"
#include "google/protobuf/message.h"

namespace skillbridge {

class ServerMetrics;

// Where the runtime writes audit entries of refused mutations.
class AuditSink {
 public:
  virtual ~AuditSink() = default;
  // Best effort: failures are logged, never surfaced to the caller.
  virtual void Record(const common::v1::AuditEntry& entry) = 0;
};

struct RuntimeOptions {
  std::string service_name;  // short, e.g. "evaluation" (logs, error domain "<name>.skillbridge")
  std::string grpc_service;  // full, e.g. "skillbridge.evaluation.v1.EvaluationService"
  size_t worker_threads = 8;
  size_t max_queue = 1024;
  size_t long_poll_threads = 8;
};

class ServiceRuntime final {
 public:
  using Work = std::function<absl::Status(const CallContext&)>;

  // `metrics` and `audit` may be null (tests); they must outlive the runtime.
  ServiceRuntime(RuntimeOptions options, std::shared_ptr<const TokenAuthenticator> auth, PermissionTable permissions,
                 const Clock* clock, ServerMetrics* metrics, AuditSink* audit);
  ~ServiceRuntime();

  // The typed entry point used by generated callback service methods:
  //   return runtime_.Handle(context, request, response, "IssueCertificate",
  //       [&](const CallContext& call, const auto& req, auto* resp) { return DoIssue(call, req, resp); });
  template <typename Request, typename Response, typename Handler>
  grpc::ServerUnaryReactor* Handle(grpc::CallbackServerContext* context, const Request* request, Response* response,
                                   std::string_view method, Handler handler) {
    return Dispatch(context, *request, response, method,
                    [request, response, handler = std::move(handler)](const CallContext& call) {
                      return handler(call, *request, response);
                    });
  }

  // Stop taking new calls (UNAVAILABLE) and drain the executors.
  void Shutdown();

  const PermissionTable& permissions() const { return permissions_; }
  const RuntimeOptions& options() const { return options_; }

 private:
  grpc::ServerUnaryReactor* Dispatch(grpc::CallbackServerContext* context, const google::protobuf::Message& request,
                                     google::protobuf::Message* response, std::string_view method, Work work);

  struct CallInfo;  // what the log line, metrics and audit entry of one call need
  // Runs on a worker thread: checks cancellation and deadline, runs `work`, completes the call.
  void RunOnWorker(grpc::CallbackServerContext* context, grpc::ServerUnaryReactor* reactor, const CallInfo& call,
                   const Work& work);
  // Converts, records metrics, logs, audits refused mutations (when `write_audit`), then finishes
  // the reactor.
  void Complete(const CallInfo& call, grpc::ServerUnaryReactor* reactor, const absl::Status& status, bool write_audit);
  // For outcomes decided on the reactor thread: completes the call on a worker when an audit entry
  // must be written (the sink may do I/O), inline otherwise.
  void CompleteFromReactor(const CallInfo& call, grpc::ServerUnaryReactor* reactor, const absl::Status& status);
  void UpdateExecutorGauges();

  RuntimeOptions options_;
  const std::string domain_;  // ErrorInfo.domain: "<service_name>.skillbridge"
  std::shared_ptr<const TokenAuthenticator> auth_;
  PermissionTable permissions_;
  const Clock* clock_;
  ServerMetrics* metrics_;
  AuditSink* audit_;
  std::unique_ptr<BoundedExecutor> workers_;
  std::unique_ptr<BoundedExecutor> long_poll_workers_;
  std::atomic<bool> shutting_down_{false};
};

}  // namespace skillbridge
