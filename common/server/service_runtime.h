#pragma once
// ServiceRuntime: everything a handler needs around its domain call, shared by every service and
// every edge (gRPC, and the aggregator's HTTP JSON API). For each unary call it
//   1. authenticates the bearer token (UNAUTHENTICATED) and checks the permission table
//      (PERMISSION_DENIED) on the calling thread (cheap, no I/O);
//   2. hands the work to the bounded executor (long-poll methods to their own executor);
//      a full queue answers RESOURCE_EXHAUSTED, a past deadline DEADLINE_EXCEEDED, a runtime
//      shutting down UNAVAILABLE;
//   3. runs the handler (plain synchronous code returning absl::Status) on the request with its
//      unknown and output-only fields dropped (request_sanitizer.h);
//   4. converts the status once (grpc_status.h: ErrorInfo + BadRequest details, ID numbers
//      masked), records metrics (grpc_server_handled_total / _handling_seconds labelled with the
//      gRPC service and method, whichever the edge), writes one JSON log line to stderr (ID
//      numbers masked):
//        {"ts","service","method","principal","role","code","reason","message","ms","peer","request_id"}
//      (request_id: the request's top-level string field "request_id", if it has one; plus
//      "replayed": true when a retry was answered with the first call's result, which the client
//      also sees as the trailer "skillbridge-replayed: true"), and for
//      mutations that did not succeed appends an audit entry (successful mutations are audited by
//      the store, atomically). Audit entries are never written from a gRPC reactor thread; a call
//      refused because the queue is full is only logged (no worker can take the entry).
//      A call refused before authentication (UNAUTHENTICATED: no token, an unknown one) costs no
//      store write and no worker: it is counted in the metrics and logged, at most 20 lines a
//      second (the lines held back are counted in the next one's "suppressed" field).
// Two entry points share that pipeline: Handle (gRPC callback methods: the reactor thread returns
// at once and a worker finishes the call) and Call (edges that are not gRPC reactors: the calling
// thread waits for the worker and gets the status back).
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
#include "common/util/log_sampler.h"
#include "google/protobuf/message.h"

namespace skillbridge {

class ServerMetrics;

// Trailing metadata of a call answered with an earlier call's result (a retry with the same
// request_id).
inline constexpr std::string_view kReplayedTrailer = "skillbridge-replayed";

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

  // The entry point for edges that are not gRPC reactors (the aggregator's HTTP JSON API): steps
  // 1-4 above for one call of `method`, with `authorization` the caller's "Bearer <token>" (empty =
  // none) and `peer` naming the caller in the log line. `work` runs on the bounded executor while
  // the calling thread waits (a full queue: RESOURCE_EXHAUSTED at once); a call still queued at
  // `deadline` does not run (DEADLINE_EXCEEDED). `request` is sanitised in place before `work`
  // sees it. Returns the status as a gRPC client would see it: code, reason and field paths kept,
  // ID numbers masked in the message and the field descriptions. Must not be called from one of
  // this runtime's workers (it would wait for itself).
  absl::Status Call(std::string_view method, std::string_view authorization, std::string_view peer, absl::Time deadline,
                    google::protobuf::Message& request, const Work& work);

  // Stop taking new calls (UNAVAILABLE) and drain the executors.
  void Shutdown();

  const PermissionTable& permissions() const { return permissions_; }
  const RuntimeOptions& options() const { return options_; }
  // The metrics this runtime records into (null in tests that pass none).
  ServerMetrics* metrics() const { return metrics_; }

 private:
  grpc::ServerUnaryReactor* Dispatch(grpc::CallbackServerContext* context, const google::protobuf::Message& request,
                                     google::protobuf::Message* response, std::string_view method, Work work);

  struct CallInfo;  // what the log line, metrics and audit entry of one call need
  CallInfo BeginCall(std::string_view method, const google::protobuf::Message& request, std::string peer) const;
  // Authenticates `authorization` and checks the permission table; sets the call's principal.
  absl::Status Authorize(CallInfo& call, std::string_view authorization) const;
  BoundedExecutor& ExecutorFor(const CallInfo& call) const;
  // Why `executor` refused a task: UNAVAILABLE when shutting down, RESOURCE_EXHAUSTED otherwise.
  absl::Status Refusal(const BoundedExecutor& executor) const;
  // Runs on a worker: checks cancellation and deadline, sanitises the request, fingerprints a
  // mutation's request, runs `work`; `*replayed`: it answered with an earlier call's result.
  absl::Status RunWork(const CallInfo& call, absl::Time deadline, bool cancelled, google::protobuf::Message& request,
                       const Work& work, bool* replayed = nullptr) const;
  // Converts, records metrics, logs, audits refused mutations (when `write_audit`); returns the
  // status to send.
  grpc::Status Finish(const CallInfo& call, const absl::Status& status, bool write_audit, bool replayed = false);
  // For outcomes decided on the reactor thread: finishes the call on a worker when an audit entry
  // must be written (the sink may do I/O), inline otherwise.
  void FinishFromReactor(const CallInfo& call, grpc::ServerUnaryReactor* reactor, const absl::Status& status);
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
  LogSampler unauthenticated_log_{20};
};

}  // namespace skillbridge
