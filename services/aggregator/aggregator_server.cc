#include "services/aggregator/aggregator_server.h"

#include <fstream>
#include <iostream>

#include "common/auth/principal.h"
#include "common/reference/reference_data.h"
#include "common/server/client_channel.h"
#include "common/server/metrics.h"
#include "common/server/service_host.h"
#include "common/server/service_runtime.h"
#include "common/server/stream_audit_sink.h"
#include "common/util/concat.h"
#include "services/aggregator/api/aggregator_handlers.h"
#include "services/aggregator/api/aggregator_service.h"
#include "services/aggregator/api/permission_table.h"
#include "services/aggregator/api/profile_sources.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/store/aggregator_store.h"

namespace skillbridge::aggregator {

struct AggregatorServer::Parts {
  AggregatorServerConfig config;
  SystemClock system_clock;
  const Clock* clock = nullptr;
  std::unique_ptr<RedisClient> redis;
  std::unique_ptr<AggregatorStore> store;
  std::unique_ptr<StreamAuditSink> audit;
  std::unique_ptr<ServerRunner> runner;
  std::unique_ptr<ServiceRuntime> runtime;
  absl::Mutex apply_mu;
  std::vector<std::unique_ptr<FeedConsumer>> consumers;
  std::unique_ptr<AggregatorHandlers> handlers;
  std::unique_ptr<AggregatorGrpcService> service;
  std::unique_ptr<HttpApi> http;
};

namespace {

absl::StatusOr<std::string> ReadToken(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) {
    return absl::NotFoundError(Concat("cannot read the service token file ", path));
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
    line.pop_back();
  }
  if (line.empty()) {
    return absl::InvalidArgumentError(Concat("the service token file ", path, " is empty"));
  }
  return line;
}

// The channel to one source, with the aggregator's shared TLS flags.
absl::StatusOr<std::shared_ptr<grpc::Channel>> SourceChannel(const AggregatorServerConfig& cfg, std::string_view name,
                                                             const std::string& address,
                                                             const std::string& tls_server_name) {
  ClientChannelOptions options;
  options.address = address;
  options.tls_ca_file = cfg.sources_tls_ca_file;
  options.tls_client_cert_file = cfg.sources_tls_cert_file;
  options.tls_client_key_file = cfg.sources_tls_key_file;
  options.tls_server_name = tls_server_name;
  options.flags.address = Concat("--", name);
  options.flags.tls_ca = "--sources_tls_ca";
  options.flags.tls_cert = "--sources_tls_cert";
  options.flags.tls_key = "--sources_tls_key";
  options.flags.tls_server_name = Concat("--", name, "_tls_server_name");
  return MakeClientChannel(options, name);
}

}  // namespace

absl::StatusOr<std::unique_ptr<AggregatorServer>> AggregatorServer::Create(AggregatorServerConfig config) {
  auto parts = std::make_unique<Parts>();
  parts->config = std::move(config);
  const AggregatorServerConfig& cfg = parts->config;
  parts->clock = cfg.clock != nullptr ? cfg.clock : &parts->system_clock;

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
  std::string token;
  if (!cfg.evaluation_address.empty() || !cfg.training_address.empty()) {
    auto read = ReadToken(cfg.service_token_file);
    if (!read.ok()) {
      return read.status();
    }
    token = *read;
  }
  if (!cfg.training_address.empty() && !HaveTrainingSource()) {
    return absl::FailedPreconditionError("--training is set but this build has no training source");
  }
  // The source channels are made (and their TLS files checked) before anything touches Redis, so
  // a wrong flag stops start-up at once and before --rebuild drops anything.
  std::shared_ptr<grpc::Channel> evaluation_channel;
  std::shared_ptr<grpc::Channel> training_channel;
  if (!cfg.evaluation_address.empty()) {
    auto channel = SourceChannel(cfg, "evaluation", cfg.evaluation_address, cfg.evaluation_tls_server_name);
    if (!channel.ok()) {
      return channel.status();
    }
    evaluation_channel = *channel;
  }
  if (!cfg.training_address.empty()) {
    auto channel = SourceChannel(cfg, "training", cfg.training_address, cfg.training_tls_server_name);
    if (!channel.ok()) {
      return channel.status();
    }
    training_channel = *channel;
  }
  auto redis = RedisClient::Create(cfg.redis);
  if (!redis.ok()) {
    return redis.status();
  }
  parts->redis = std::move(*redis);
  parts->store = std::make_unique<AggregatorStore>(*parts->redis, ProcessOwnerName(), cfg.rebuild_lease_ms);
  if (absl::Status init = WaitForStore([&] { return parts->store->Initialize(); }, cfg.redis_startup_timeout);
      !init.ok()) {
    return init;
  }
  if (cfg.rebuild_on_start) {
    MutationMeta meta;
    meta.audit.set_principal("aggregator");
    meta.audit.set_method("rebuild_on_start");
    meta.audit.set_resource("views");
    meta.audit.set_outcome("OK");
    auto removed = parts->store->RebuildViews(meta);
    if (!removed.ok()) {
      return removed.status();
    }
    std::cerr << "{\"level\":\"info\",\"msg\":\"views dropped for rebuild\",\"keys\":" << *removed << "}\n";
  } else {
    // A rebuild cut short (kill -9 while the views were being deleted) is finished before any
    // feed is consumed; if its lease is still held, the consumers finish it once it expires.
    auto finished = parts->store->CompletePendingRebuild();
    if (!finished.ok()) {
      return finished.status();
    }
    if (finished->has_value()) {
      std::cerr << "{\"level\":\"info\",\"msg\":\"finished an interrupted rebuild\",\"keys\":" << **finished << "}\n";
    }
  }

  parts->runner = std::make_unique<ServerRunner>(cfg.server, "aggregator");
  ServerMetrics* metrics = &parts->runner->metrics();
  parts->redis->SetLatencyObserver(
      [metrics](std::string_view command, double seconds) { metrics->RecordRedis(command, seconds); });

  std::set<v1::Source> connected;
  std::vector<ProfileSource> profile_sources;
  auto add_source = [&](const std::shared_ptr<grpc::Channel>& channel, auto make_feed, auto make_profile) {
    std::unique_ptr<FeedSource> feed = make_feed(channel, token);
    connected.insert(feed->source());
    profile_sources.push_back(make_profile(channel, token));
    parts->consumers.push_back(std::make_unique<FeedConsumer>(std::move(feed), *parts->store, parts->apply_mu,
                                                              parts->clock, cfg.consumer, &parts->runner->registry()));
  };
  if (evaluation_channel != nullptr) {
    add_source(evaluation_channel, &MakeEvaluationFeedSource, &EvaluationProfileSource);
  }
  if (training_channel != nullptr) {
    add_source(training_channel, &MakeTrainingFeedSource, &TrainingProfileSource);
  }
  auto catalogue = std::make_shared<const Catalogue>(connected);
  std::vector<FeedConsumer*> consumers;
  for (auto& c : parts->consumers) {
    consumers.push_back(c.get());
  }

  parts->audit = std::make_unique<StreamAuditSink>(*parts->redis, std::string(keys::kAudit));
  RuntimeOptions runtime_options;
  runtime_options.service_name = "aggregator";
  runtime_options.grpc_service = v1::AggregatorService::service_full_name();
  runtime_options.worker_threads = cfg.server.worker_threads;
  runtime_options.max_queue = cfg.server.max_queue;
  runtime_options.long_poll_threads = cfg.server.long_poll_threads;
  parts->runtime = std::make_unique<ServiceRuntime>(runtime_options, *auth, AggregatorPermissionTable(), parts->clock,
                                                    metrics, parts->audit.get());
  HandlerOptions handler_options;
  handler_options.profile_deadline = cfg.profile_deadline;
  parts->handlers = std::make_unique<AggregatorHandlers>(*parts->store, std::move(*reference), catalogue, consumers,
                                                         std::move(profile_sources), parts->apply_mu, handler_options);
  parts->service = std::make_unique<AggregatorGrpcService>(*parts->runtime, *parts->handlers);
  parts->runner->AddService(parts->service.get());
  AggregatorStore* store = parts->store.get();
  parts->runner->SetReadinessProbe([store] { return store->Ping(); });
  if (cfg.http_enabled) {
    HttpOptions http = cfg.http;
    http.behind_mesh = http.behind_mesh || cfg.server.behind_mesh;
    parts->http = std::make_unique<HttpApi>(http, *auth, AggregatorPermissionTable(), *parts->handlers, parts->clock);
  }
  return std::unique_ptr<AggregatorServer>(new AggregatorServer(std::move(parts)));
}

AggregatorServer::AggregatorServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

AggregatorServer::~AggregatorServer() {
  for (auto& c : parts_->consumers) {
    c->Stop();
  }
  if (parts_->http != nullptr) {
    parts_->http->Stop();
  }
}

absl::Status AggregatorServer::Start() {
  if (absl::Status s = parts_->runner->Start(); !s.ok()) {
    return s;
  }
  if (parts_->http != nullptr) {
    if (absl::Status s = parts_->http->Start(); !s.ok()) {
      return s;
    }
  }
  for (auto& c : parts_->consumers) {
    c->Start();
  }
  return absl::OkStatus();
}

int AggregatorServer::port() const { return parts_->runner->port(); }

int AggregatorServer::metrics_port() const { return parts_->runner->metrics_port(); }

int AggregatorServer::http_port() const { return parts_->http != nullptr ? parts_->http->port() : 0; }

void AggregatorServer::Wait() {
  Parts* parts = parts_.get();
  parts_->runner->Wait([parts] {
    for (auto& c : parts->consumers) {
      c->Stop();
    }
    if (parts->http != nullptr) {
      parts->http->Stop();
    }
    parts->runtime->Shutdown();
  });
}

void AggregatorServer::RequestShutdown() { parts_->runner->RequestShutdown(); }

}  // namespace skillbridge::aggregator
