#include "common/server/service_runtime.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/server/grpc_status.h"
#include "common/server/metrics.h"
#include "common/server/request_sanitizer.h"
#include "common/status/errors.h"
#include "common/util/json_line.h"
#include "common/validation/citizen_id.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace skillbridge {

struct ServiceRuntime::CallInfo {
  std::string method;
  MethodKind kind = MethodKind::kRead;
  Principal principal;
  std::string request_id;
  std::string peer;
  std::chrono::steady_clock::time_point start;
};

namespace {

constexpr char kAnonymous[] = "anonymous";

// The value of a top-level singular string field "request_id", or "".
std::string RequestIdOf(const google::protobuf::Message& request) {
  const google::protobuf::FieldDescriptor* field = request.GetDescriptor()->FindFieldByName("request_id");
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_STRING) {
    return "";
  }
  return request.GetReflection()->GetString(request, field);
}

// The request's fingerprint: 32 hex characters of the SHA-256 of its serialization (after
// sanitising, deterministic, so one request always gives one fingerprint).
std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return Sha256Hex(bytes).substr(0, 32);
}

absl::Time DeadlineOf(const grpc::CallbackServerContext& context) {
  const std::chrono::system_clock::time_point deadline = context.deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) {
    return absl::InfiniteFuture();
  }
  return absl::FromChrono(deadline);
}

}  // namespace

ServiceRuntime::ServiceRuntime(RuntimeOptions options, std::shared_ptr<const TokenAuthenticator> auth,
                               PermissionTable permissions, const Clock* clock, ServerMetrics* metrics,
                               AuditSink* audit)
    : options_(std::move(options)),
      domain_(absl::StrCat(options_.service_name, ".skillbridge")),
      auth_(std::move(auth)),
      permissions_(std::move(permissions)),
      clock_(clock),
      metrics_(metrics),
      audit_(audit),
      workers_(std::make_unique<BoundedExecutor>("workers", options_.worker_threads, options_.max_queue)),
      long_poll_workers_(
          std::make_unique<BoundedExecutor>("long_poll", options_.long_poll_threads, options_.max_queue)) {}

ServiceRuntime::~ServiceRuntime() { Shutdown(); }

void ServiceRuntime::Shutdown() {
  shutting_down_.store(true);
  workers_->Shutdown();
  long_poll_workers_->Shutdown();
}

ServiceRuntime::CallInfo ServiceRuntime::BeginCall(std::string_view method, const google::protobuf::Message& request,
                                                   std::string peer) const {
  CallInfo call;
  call.start = std::chrono::steady_clock::now();
  call.method = std::string(method);
  call.principal.name = kAnonymous;
  call.request_id = MaskIdNumbersInText(RequestIdOf(request));
  call.peer = std::move(peer);
  if (const MethodPermission* permission = permissions_.Find(method); permission != nullptr) {
    call.kind = permission->kind;
  }
  return call;
}

absl::Status ServiceRuntime::Authorize(CallInfo& call, std::string_view authorization) const {
  absl::StatusOr<Principal> principal = auth_->Authenticate(authorization);
  if (!principal.ok()) {
    return principal.status();
  }
  call.principal = *std::move(principal);
  return permissions_.Check(call.method, call.principal);
}

BoundedExecutor& ServiceRuntime::ExecutorFor(const CallInfo& call) const {
  return call.kind == MethodKind::kLongPoll ? *long_poll_workers_ : *workers_;
}

absl::Status ServiceRuntime::Refusal(const BoundedExecutor& executor) const {
  if (shutting_down_.load()) {
    return absl::UnavailableError("the service is shutting down");
  }
  return absl::ResourceExhaustedError(
      absl::StrCat("the service is overloaded (", executor.name(), " queue is full); retry later"));
}

grpc::ServerUnaryReactor* ServiceRuntime::Dispatch(grpc::CallbackServerContext* context,
                                                   const google::protobuf::Message& request,
                                                   google::protobuf::Message* response, std::string_view method,
                                                   Work work) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  CallInfo call = BeginCall(method, request, context->peer());
  if (shutting_down_.load()) {
    reactor->Finish(Finish(call, absl::UnavailableError("the service is shutting down"), /*write_audit=*/false));
    return reactor;
  }

  // Authentication and authorisation are in-memory lookups: done here, on the reactor thread.
  std::string_view authorization;
  const auto& metadata = context->client_metadata();
  if (auto it = metadata.find("authorization"); it != metadata.end()) {
    authorization = std::string_view(it->second.data(), it->second.size());
  }
  if (absl::Status allowed = Authorize(call, authorization); !allowed.ok()) {
    FinishFromReactor(call, reactor, allowed);
    return reactor;
  }

  // The request is sanitised on the worker, so a large batch costs no reactor time. The object is
  // gRPC's own, not const in fact.
  auto* mutable_request = const_cast<google::protobuf::Message*>(&request);
  BoundedExecutor& executor = ExecutorFor(call);
  const bool accepted = executor.TrySubmit([this, context, reactor, call, mutable_request, work = std::move(work)] {
    bool replayed = false;
    const absl::Status status =
        RunWork(call, DeadlineOf(*context), context->IsCancelled(), *mutable_request, work, &replayed);
    if (replayed) {
      context->AddTrailingMetadata(std::string(kReplayedTrailer), "true");
    }
    reactor->Finish(Finish(call, status, /*write_audit=*/true, replayed));
    UpdateExecutorGauges();
  });
  if (!accepted) {
    // The queue is full: an audit entry cannot be handed to a worker, so the log line is the record.
    reactor->Finish(Finish(call, Refusal(executor), /*write_audit=*/false));
    return reactor;
  }
  UpdateExecutorGauges();
  return reactor;
}

absl::Status ServiceRuntime::Call(std::string_view method, std::string_view authorization, std::string_view peer,
                                  absl::Time deadline, google::protobuf::Message& request, const Work& work) {
  CallInfo call = BeginCall(method, request, std::string(peer));
  absl::Status status;
  bool write_audit = true;
  bool replayed = false;
  if (shutting_down_.load()) {
    status = absl::UnavailableError("the service is shutting down");
    write_audit = false;
  } else if (status = Authorize(call, authorization); status.ok()) {
    BoundedExecutor& executor = ExecutorFor(call);
    absl::Notification done;
    absl::Status result;
    const bool accepted = executor.TrySubmit([this, &call, deadline, &request, &work, &result, &replayed, &done] {
      result = RunWork(call, deadline, /*cancelled=*/false, request, work, &replayed);
      done.Notify();
    });
    if (accepted) {
      UpdateExecutorGauges();
      done.WaitForNotification();
      status = std::move(result);
      UpdateExecutorGauges();
    } else {
      // Refused like a gRPC call with a full queue: logged, not audited.
      status = Refusal(executor);
      write_audit = false;
    }
  }
  // The caller is not a reactor: refusals are audited on this thread. The status goes through the
  // same conversion a gRPC client sees (ID numbers masked, reason and field paths kept).
  return FromGrpcStatus(Finish(call, status, write_audit, replayed));
}

absl::Status ServiceRuntime::RunWork(const CallInfo& call, absl::Time deadline, bool cancelled,
                                     google::protobuf::Message& request, const Work& work, bool* replayed) const {
  if (cancelled) {
    return absl::CancelledError("the call was cancelled before it ran");
  }
  if (absl::Now() >= deadline) {
    return absl::DeadlineExceededError("the deadline passed before the call ran");
  }
  SanitizeRequest(request);
  CallContext call_context;
  if (call.kind == MethodKind::kMutation) {
    call_context.request_fingerprint = RequestFingerprint(request);
  }
  call_context.principal = call.principal;
  call_context.service = options_.grpc_service;
  call_context.method = call.method;
  call_context.now = clock_->Now();
  call_context.deadline = deadline;
  call_context.peer = call.peer;
  call_context.error_domain = domain_;
  try {
    absl::Status status = work(call_context);
    if (replayed != nullptr) {
      *replayed = call_context.replayed && status.ok();
    }
    return status;
  } catch (const std::exception& e) {
    JsonLine()
        .Add("level", "error")
        .Add("service", options_.service_name)
        .Add("method", call.method)
        .Add("msg", "handler threw")
        .Add("error", MaskIdNumbersInText(e.what()))
        .Write();
  } catch (...) {
    JsonLine()
        .Add("level", "error")
        .Add("service", options_.service_name)
        .Add("method", call.method)
        .Add("msg", "handler threw a non-standard exception")
        .Write();
  }
  return absl::InternalError("internal error");
}

void ServiceRuntime::FinishFromReactor(const CallInfo& call, grpc::ServerUnaryReactor* reactor,
                                       const absl::Status& status) {
  // Refused before authentication: no audit entry, so no worker and no store write either.
  if (call.kind != MethodKind::kMutation || audit_ == nullptr || status.code() == absl::StatusCode::kUnauthenticated) {
    reactor->Finish(Finish(call, status, /*write_audit=*/false));
    return;
  }
  // The audit sink may do I/O: write it from a worker.
  if (workers_->TrySubmit(
          [this, call, reactor, status] { reactor->Finish(Finish(call, status, /*write_audit=*/true)); })) {
    return;
  }
  JsonLine()
      .Add("level", "warning")
      .Add("service", options_.service_name)
      .Add("method", call.method)
      .Add("msg", "audit entry of a refused call dropped: executor full")
      .Write();
  reactor->Finish(Finish(call, status, /*write_audit=*/false));
}

grpc::Status ServiceRuntime::Finish(const CallInfo& call, const absl::Status& status, bool write_audit, bool replayed) {
  grpc::Status grpc_status = ToGrpcStatus(status, domain_);
  const std::string_view code = GrpcCodeName(grpc_status.error_code());
  const std::string reason = status.ok() ? std::string() : [&status, code] {
    std::string r = ReasonOf(status);
    return r.empty() ? std::string(code) : r;
  }();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - call.start).count();

  if (metrics_ != nullptr) {
    metrics_->RecordCall(options_.grpc_service, call.method, code, seconds);
  }

  const bool unauthenticated = status.code() == absl::StatusCode::kUnauthenticated;
  // Unauthenticated refusals are sampled: a flood of them must not flood the log.
  const std::optional<int64_t> held_back = unauthenticated ? unauthenticated_log_.Admit() : std::optional<int64_t>(0);
  if (held_back.has_value()) {
    JsonLine line;
    line.Add("ts", absl::FormatTime(absl::RFC3339_full, clock_->Now(), absl::UTCTimeZone()))
        .Add("service", options_.service_name)
        .Add("method", call.method)
        .Add("principal", call.principal.name)
        .Add("role", RoleName(call.principal.role))
        .Add("code", code)
        .Add("reason", reason)
        .Add("message", grpc_status.error_message())
        .Add("ms", seconds * 1000)
        .Add("peer", call.peer)
        .Add("request_id", call.request_id);
    if (*held_back > 0) {
      line.Add("suppressed", *held_back);
    }
    if (replayed) {
      line.Add("replayed", true);
    }
    line.Write();
  }

  if (write_audit && !unauthenticated && audit_ != nullptr && call.kind == MethodKind::kMutation && !status.ok()) {
    CallContext refused;
    refused.principal = call.principal;
    refused.service = options_.grpc_service;
    refused.method = call.method;
    refused.now = clock_->Now();
    common::v1::AuditEntry entry = refused.AuditEntryFor(/*resource=*/"", call.request_id);
    entry.set_outcome(std::string(code));
    entry.set_detail(reason);
    try {
      audit_->Record(entry);
    } catch (const std::exception& e) {
      JsonLine()
          .Add("level", "warning")
          .Add("service", options_.service_name)
          .Add("msg", "audit sink failed")
          .Add("error", e.what())
          .Write();
    } catch (...) {
      JsonLine().Add("level", "warning").Add("service", options_.service_name).Add("msg", "audit sink failed").Write();
    }
  }
  return grpc_status;
}

void ServiceRuntime::UpdateExecutorGauges() {
  if (metrics_ == nullptr) {
    return;
  }
  metrics_->SetExecutorState(workers_->name(), static_cast<double>(workers_->queued()),
                             static_cast<double>(workers_->busy()));
  metrics_->SetExecutorState(long_poll_workers_->name(), static_cast<double>(long_poll_workers_->queued()),
                             static_cast<double>(long_poll_workers_->busy()));
}

}  // namespace skillbridge
