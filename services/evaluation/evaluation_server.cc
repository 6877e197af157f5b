#include "services/evaluation/evaluation_server.h"

#include <iostream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/auth/principal.h"
#include "common/reference/reference_data.h"
#include "common/server/metrics.h"
#include "common/server/service_assembly.h"
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
  auto pools = MakeRedisPools(cfg.redis, cfg.server);
  if (!pools.ok()) {
    return pools.status();
  }
  parts->redis = std::move(pools->requests);
  parts->feed_redis = std::move(pools->long_polls);
  parts->store = std::make_unique<EvaluationStore>(*parts->redis, *parts->feed_redis);
  if (absl::Status init = WaitForStore([&] { return parts->store->Initialize(); }, cfg.redis_startup_timeout);
      !init.ok()) {
    return init;
  }

  parts->runner = std::make_unique<ServerRunner>(cfg.server, "evaluation");
  ServerMetrics* metrics = &parts->runner->metrics();
  parts->redis->SetLatencyObserver(
      [metrics](std::string_view command, double seconds) { metrics->RecordRedis(command, seconds); });
  parts->audit = std::make_unique<StreamAuditSink>(*parts->redis, std::string(keys::kAudit));
  const RuntimeOptions runtime_options =
      RuntimeOptionsFor(cfg.server, "evaluation", v1::EvaluationService::service_full_name());
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
