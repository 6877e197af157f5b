#include "services/evaluation/evaluation_server.h"

#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "common/reference/reference_data.h"
#include "common/server/metrics.h"
#include "common/server/service_runtime.h"
#include "common/server/stream_audit_sink.h"
#include "services/evaluation/api/evaluation_handlers.h"
#include "services/evaluation/api/evaluation_service.h"
#include "services/evaluation/api/permission_table.h"
#include "services/evaluation/store/evaluation_store.h"
#include "services/evaluation/store/keys.h"

namespace skillbridge::evaluation {

struct EvaluationServer::Parts {
  EvaluationServerConfig config;
  SystemClock system_clock;
  std::unique_ptr<RedisClient> redis;
  std::unique_ptr<RedisClient> feed_redis;
  std::unique_ptr<EvaluationStore> store;
  std::unique_ptr<StreamAuditSink> audit;
  std::unique_ptr<ServerRunner> runner;
  std::unique_ptr<ServiceRuntime> runtime;
  std::unique_ptr<EvaluationHandlers> handlers;
  std::unique_ptr<EvaluationGrpcService> service;
};

namespace {

// Retries store initialisation until Redis answers or the timeout passes.
absl::Status InitializeWithRetry(EvaluationStore& store, absl::Duration timeout) {
  const absl::Time give_up = absl::Now() + timeout;
  absl::Duration backoff = absl::Milliseconds(100);
  while (true) {
    absl::Status status = store.Initialize();
    if (status.ok() || status.code() != absl::StatusCode::kUnavailable || absl::Now() + backoff > give_up) {
      return status;
    }
    std::cerr << "{\"level\":\"warning\",\"msg\":\"waiting for redis\",\"error\":\"" << status.message() << "\"}\n";
    absl::SleepFor(backoff);
    backoff = std::min(backoff * 2, absl::Seconds(2));
  }
}

}  // namespace

absl::StatusOr<std::unique_ptr<EvaluationServer>> EvaluationServer::Create(EvaluationServerConfig config) {
  auto parts = std::make_unique<Parts>();
  parts->config = std::move(config);
  const EvaluationServerConfig& cfg = parts->config;
  const Clock* clock = cfg.clock != nullptr ? cfg.clock : &parts->system_clock;

  if (absl::Status policy = CheckListenPolicy(cfg.server); !policy.ok()) {
    return policy;
  }
  auto reference = ReferenceData::LoadFromDirectory(cfg.reference_dir);
  if (!reference.ok()) {
    return reference.status();
  }
  auto auth = TokenAuthenticator::LoadFromFile(cfg.auth_config_path);
  if (!auth.ok()) {
    return auth.status();
  }
  auto redis = RedisClient::Create(cfg.redis);
  if (!redis.ok()) {
    return redis.status();
  }
  parts->redis = std::move(*redis);
  RedisOptions feed_options = cfg.redis;
  feed_options.pool_size = std::max<size_t>(1, cfg.server.long_poll_threads);
  auto feed_redis = RedisClient::Create(feed_options);
  if (!feed_redis.ok()) {
    return feed_redis.status();
  }
  parts->feed_redis = std::move(*feed_redis);
  parts->store = std::make_unique<EvaluationStore>(*parts->redis, *parts->feed_redis);
  if (absl::Status init = InitializeWithRetry(*parts->store, cfg.redis_startup_timeout); !init.ok()) {
    return init;
  }

  parts->runner = std::make_unique<ServerRunner>(cfg.server, "evaluation");
  ServerMetrics* metrics = &parts->runner->metrics();
  parts->redis->SetLatencyObserver(
      [metrics](std::string_view command, double seconds) { metrics->RecordRedis(command, seconds); });
  parts->audit = std::make_unique<StreamAuditSink>(*parts->redis, std::string(keys::kAudit));
  RuntimeOptions runtime_options;
  runtime_options.service_name = "evaluation";
  runtime_options.grpc_service = v1::EvaluationService::service_full_name();
  runtime_options.worker_threads = cfg.server.worker_threads;
  runtime_options.max_queue = cfg.server.max_queue;
  runtime_options.long_poll_threads = cfg.server.long_poll_threads;
  parts->runtime = std::make_unique<ServiceRuntime>(runtime_options, std::move(*auth), EvaluationPermissionTable(),
                                                    clock, metrics, parts->audit.get());
  parts->handlers = std::make_unique<EvaluationHandlers>(*parts->store, std::move(*reference));
  parts->service = std::make_unique<EvaluationGrpcService>(*parts->runtime, *parts->handlers);
  parts->runner->AddService(parts->service.get());
  EvaluationStore* store = parts->store.get();
  parts->runner->SetReadinessProbe([store] { return store->Ping(); });
  return std::unique_ptr<EvaluationServer>(new EvaluationServer(std::move(parts)));
}

EvaluationServer::EvaluationServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

EvaluationServer::~EvaluationServer() = default;

absl::Status EvaluationServer::Start() { return parts_->runner->Start(); }

int EvaluationServer::port() const { return parts_->runner->port(); }

int EvaluationServer::metrics_port() const { return parts_->runner->metrics_port(); }

void EvaluationServer::Wait() {
  ServiceRuntime* runtime = parts_->runtime.get();
  parts_->runner->Wait([runtime] { runtime->Shutdown(); });
}

void EvaluationServer::RequestShutdown() { parts_->runner->RequestShutdown(); }

}  // namespace skillbridge::evaluation
