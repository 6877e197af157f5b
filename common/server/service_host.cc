#include "common/server/service_host.h"

#include <algorithm>

#include "absl/time/clock.h"
#include "common/server/metrics.h"
#include "common/server/stream_audit_sink.h"
#include "common/util/json_line.h"

namespace skillbridge {

absl::Status WaitForStore(const std::function<absl::Status()>& initialize, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  absl::Duration backoff = absl::Milliseconds(100);
  while (true) {
    absl::Status status = initialize();
    if (status.ok() || status.code() != absl::StatusCode::kUnavailable || absl::Now() + backoff > give_up) {
      return status;
    }
    JsonLine().Add("level", "warning").Add("msg", "waiting for redis").Add("error", status).Write();
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(2));
  }
}

ServiceHost::ServiceHost(std::string service_name, ServiceConfig config)
    : service_name_(std::move(service_name)), config_(std::move(config)) {
  clock_ = config_.clock != nullptr ? config_.clock : &system_clock_;
}

ServiceHost::~ServiceHost() { Shutdown(); }

absl::StatusOr<std::unique_ptr<ServiceHost>> ServiceHost::Create(std::string service_name, ServiceConfig config) {
  std::unique_ptr<ServiceHost> host(new ServiceHost(std::move(service_name), std::move(config)));
  const ServiceConfig& cfg = host->config_;
  if (absl::Status policy = CheckListenPolicy(cfg.server); !policy.ok()) {
    return policy;
  }
  auto reference = ReferenceData::LoadFromDirectory(cfg.reference_dir);
  if (!reference.ok()) {
    return reference.status();
  }
  host->reference_ = std::move(*reference);
  auto auth = TokenAuthenticator::LoadFromFile(cfg.auth_config_path);
  if (!auth.ok()) {
    return auth.status();
  }
  host->auth_ = std::move(*auth);
  auto requests = RedisClient::Create(cfg.redis);
  if (!requests.ok()) {
    return requests.status();
  }
  host->redis_ = std::move(*requests);
  RedisOptions long_poll_options = cfg.redis;
  long_poll_options.pool_size = std::max<size_t>(1, cfg.server.long_poll_threads);
  auto long_polls = RedisClient::Create(long_poll_options);
  if (!long_polls.ok()) {
    return long_polls.status();
  }
  host->long_poll_redis_ = std::move(*long_polls);
  host->runner_ = std::make_unique<ServerRunner>(cfg.server, host->service_name_);
  ServerMetrics* metrics = &host->runner_->metrics();
  host->redis_->SetLatencyObserver(
      [metrics](std::string_view command, double seconds) { metrics->RecordRedis(command, seconds); });
  return host;
}

absl::Status ServiceHost::InitializeStore(const std::function<absl::Status()>& initialize) {
  return WaitForStore(initialize, config_.redis_startup_timeout);
}

ServiceRuntime& ServiceHost::StartRuntime(std::string grpc_service, PermissionTable permissions,
                                          std::string audit_stream, std::function<absl::Status()> readiness) {
  audit_ = std::make_unique<StreamAuditSink>(*redis_, std::move(audit_stream));
  RuntimeOptions options;
  options.service_name = service_name_;
  options.grpc_service = std::move(grpc_service);
  options.worker_threads = config_.server.worker_threads;
  options.max_queue = config_.server.max_queue;
  options.long_poll_threads = config_.server.long_poll_threads;
  runtime_ = std::make_unique<ServiceRuntime>(std::move(options), auth_, std::move(permissions), clock_,
                                              &runner_->metrics(), audit_.get());
  runner_->SetReadinessProbe(std::move(readiness));
  return *runtime_;
}

void ServiceHost::Wait(const std::function<void()>& before_drain) {
  ServiceRuntime* runtime = runtime_.get();
  runner_->Wait([before_drain, runtime] {
    if (before_drain) {
      before_drain();
    }
    if (runtime != nullptr) {
      runtime->Shutdown();
    }
  });
}

void ServiceHost::Shutdown() {
  if (runtime_ != nullptr) {
    runtime_->Shutdown();
  }
  // Stops the server if Wait() did not (no-op otherwise); nothing calls into the handlers after.
  runner_.reset();
}

}  // namespace skillbridge
