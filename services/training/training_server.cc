#include "services/training/training_server.h"

#include <algorithm>
#include <iostream>

#include "common/auth/principal.h"
#include "common/reference/reference_data.h"
#include "common/server/metrics.h"
#include "common/server/service_assembly.h"
#include "common/server/service_runtime.h"
#include "common/server/stream_audit_sink.h"
#include "services/training/api/permission_table.h"
#include "services/training/api/training_handlers.h"
#include "services/training/api/training_service.h"
#include "services/training/store/keys.h"
#include "services/training/store/training_store.h"

namespace skillbridge::training {

struct TrainingServer::Parts {
  TrainingServerConfig config;
  SystemClock system_clock;
  std::unique_ptr<RedisClient> redis;
  std::unique_ptr<RedisClient> feed_redis;
  std::unique_ptr<TrainingStore> store;
  std::unique_ptr<GrpcCertificateVerifier> verifier;
  std::unique_ptr<StreamAuditSink> audit;
  std::unique_ptr<ServerRunner> runner;
  std::unique_ptr<ServiceRuntime> runtime;
  std::unique_ptr<TrainingHandlers> handlers;
  std::unique_ptr<TrainingGrpcService> service;
};

absl::StatusOr<std::unique_ptr<TrainingServer>> TrainingServer::Create(TrainingServerConfig config) {
  auto parts = std::make_unique<Parts>();
  parts->config = std::move(config);
  const TrainingServerConfig& cfg = parts->config;
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
  auto verifier = GrpcCertificateVerifier::Create(cfg.evaluation);
  if (!verifier.ok()) {
    return verifier.status();
  }
  parts->verifier = std::move(*verifier);
  auto pools = MakeRedisPools(cfg.redis, cfg.server);
  if (!pools.ok()) {
    return pools.status();
  }
  parts->redis = std::move(pools->requests);
  parts->feed_redis = std::move(pools->long_polls);
  parts->store = std::make_unique<TrainingStore>(*parts->redis, *parts->feed_redis);
  if (absl::Status init = WaitForStore([&] { return parts->store->Initialize(); }, cfg.redis_startup_timeout);
      !init.ok()) {
    return init;
  }

  parts->runner = std::make_unique<ServerRunner>(cfg.server, "training");
  ServerMetrics* metrics = &parts->runner->metrics();
  parts->redis->SetLatencyObserver(
      [metrics](std::string_view command, double seconds) { metrics->RecordRedis(command, seconds); });
  parts->audit = std::make_unique<StreamAuditSink>(*parts->redis, std::string(keys::kAudit));
  const RuntimeOptions runtime_options =
      RuntimeOptionsFor(cfg.server, "training", v1::TrainingService::service_full_name());
  parts->runtime = std::make_unique<ServiceRuntime>(runtime_options, std::move(*auth), TrainingPermissionTable(), clock,
                                                    metrics, parts->audit.get());
  parts->handlers = std::make_unique<TrainingHandlers>(*parts->store, std::move(*reference), *parts->verifier);
  parts->service = std::make_unique<TrainingGrpcService>(*parts->runtime, *parts->handlers);
  parts->runner->AddService(parts->service.get());
  TrainingStore* store = parts->store.get();
  parts->runner->SetReadinessProbe([store] { return store->Ping(); });
  return std::unique_ptr<TrainingServer>(new TrainingServer(std::move(parts)));
}

TrainingServer::TrainingServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

TrainingServer::~TrainingServer() = default;

absl::Status TrainingServer::Start() { return parts_->runner->Start(); }

int TrainingServer::port() const { return parts_->runner->port(); }

int TrainingServer::metrics_port() const { return parts_->runner->metrics_port(); }

void TrainingServer::Wait() {
  ServiceRuntime* runtime = parts_->runtime.get();
  parts_->runner->Wait([runtime] { runtime->Shutdown(); });
}

void TrainingServer::RequestShutdown() { parts_->runner->RequestShutdown(); }

}  // namespace skillbridge::training
