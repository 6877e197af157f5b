#include "services/aggregator/aggregator_server.h"

#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "common/server/callback_adapter.h"
#include "common/server/client_channel.h"
#include "common/server/peer_client.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "common/util/json_line.h"
#include "services/aggregator/api/aggregator_handlers.h"
#include "services/aggregator/api/aggregator_rpcs.h"
#include "services/aggregator/api/resource_names.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/store/aggregator_store.h"
#include "skillbridge/aggregator/v1/aggregator.grpc.pb.h"

namespace skillbridge::aggregator {

// The gRPC adapter, generated from the RPC table.
SB_CALLBACK_ADAPTER(AggregatorGrpcService, v1::AggregatorService, AggregatorHandlers, SKILLBRIDGE_AGGREGATOR_RPCS);

struct AggregatorServer::Parts {
  AggregatorServerConfig config;
  std::unique_ptr<ServiceHost> host;
  std::unique_ptr<AggregatorStore> store;
  absl::Mutex apply_mu;
  std::vector<std::unique_ptr<FeedConsumer>> consumers;
  std::unique_ptr<AggregatorHandlers> handlers;
  std::unique_ptr<AggregatorGrpcService> service;
  std::unique_ptr<HttpApi> http;

  // What runs before the runtime drains: nothing new is consumed or served over HTTP.
  void StopFeedsAndHttp() {
    for (auto& c : consumers) {
      c->Stop();
    }
    if (http != nullptr) {
      http->Stop();
    }
  }
};

namespace {

constexpr char kServiceName[] = "aggregator";

// A configured source: its row of the sources table and its channel.
struct ConnectedSource {
  const SourceSpec* spec = nullptr;
  std::shared_ptr<grpc::Channel> channel;
};

// The channel to one source, with the aggregator's shared TLS flags.
absl::StatusOr<std::shared_ptr<grpc::Channel>> SourceChannel(const AggregatorServerConfig& cfg, std::string_view name,
                                                             const SourceEndpoint& endpoint) {
  ClientChannelOptions options;
  options.address = endpoint.address;
  options.tls_ca_file = cfg.sources_tls_ca_file;
  options.tls_client_cert_file = cfg.sources_tls_cert_file;
  options.tls_client_key_file = cfg.sources_tls_key_file;
  options.tls_server_name = endpoint.tls_server_name;
  options.flags.address = Concat(kSourcesFlag, " (", name, ")");
  options.flags.tls_ca = "--sources_tls_ca";
  options.flags.tls_cert = "--sources_tls_cert";
  options.flags.tls_key = "--sources_tls_key";
  options.flags.tls_server_name = Concat(kSourcesFlag, " (", name, ": tls_server_name)");
  return MakeClientChannel(options, name);
}

// The configured sources in the table's order, with their channels (and TLS files checked) and
// the SERVICE token: made before anything touches Redis, so a wrong flag stops start-up at once
// and before --rebuild drops anything.
absl::StatusOr<std::vector<ConnectedSource>> ConnectSources(const AggregatorServerConfig& cfg, std::string* token) {
  for (const auto& [name, endpoint] : cfg.sources) {
    if (FindSource(name) == nullptr) {
      return absl::InvalidArgumentError(
          Concat(kSourcesFlag, ": unknown source '", name, "' (known: ", KnownSourceNames(), ")"));
    }
  }
  std::vector<ConnectedSource> connected;
  if (cfg.sources.empty()) {
    return connected;
  }
  SB_ASSIGN_OR_RETURN(*token, ReadServiceToken(cfg.service_token_file, "--service_token_file"));
  for (const SourceSpec& spec : Sources()) {
    const auto it = cfg.sources.find(std::string(spec.name()));
    if (it == cfg.sources.end()) {
      continue;
    }
    SB_ASSIGN_OR_RETURN(std::shared_ptr<grpc::Channel> channel, SourceChannel(cfg, spec.name(), it->second));
    connected.push_back({&spec, std::move(channel)});
  }
  return connected;
}

// --rebuild drops the views now; otherwise a rebuild cut short (kill -9 while the views were
// being deleted) is finished before any feed is consumed (if its lease is still held, the
// consumers finish it once it expires).
absl::Status RebuildOrFinishPending(AggregatorStore& store, bool rebuild_on_start) {
  if (rebuild_on_start) {
    MutationMeta meta;
    meta.audit.set_principal(kServiceName);
    meta.audit.set_method("rebuild_on_start");
    meta.audit.set_resource(names::kViews);
    meta.audit.set_outcome("OK");
    SB_ASSIGN_OR_RETURN(const int64_t removed, store.RebuildViews(meta));
    JsonLine().Add("level", "info").Add("msg", "views dropped for rebuild").Add("keys", removed).Write();
    return absl::OkStatus();
  }
  SB_ASSIGN_OR_RETURN(const std::optional<int64_t> finished, store.CompletePendingRebuild());
  if (finished.has_value()) {
    JsonLine().Add("level", "info").Add("msg", "finished an interrupted rebuild").Add("keys", *finished).Write();
  }
  return absl::OkStatus();
}

}  // namespace

PermissionTable AggregatorServer::Permissions() { return SB_PERMISSION_TABLE(SKILLBRIDGE_AGGREGATOR_RPCS); }

absl::StatusOr<std::unique_ptr<AggregatorServer>> AggregatorServer::Create(AggregatorServerConfig config) {
  auto parts = std::make_unique<Parts>();
  parts->config = std::move(config);
  const AggregatorServerConfig& cfg = parts->config;

  std::string token;
  SB_ASSIGN_OR_RETURN(const std::vector<ConnectedSource> sources, ConnectSources(cfg, &token));
  SB_ASSIGN_OR_RETURN(parts->host, ServiceHost::Create(kServiceName, cfg.service));
  ServiceHost& host = *parts->host;
  parts->store = std::make_unique<AggregatorStore>(host.redis(), ProcessOwnerName(), cfg.rebuild_lease_ms);
  AggregatorStore* store = parts->store.get();
  SB_RETURN_IF_ERROR(host.InitializeStore([store] { return store->Initialize(); }));
  SB_RETURN_IF_ERROR(RebuildOrFinishPending(*store, cfg.rebuild_on_start));

  std::set<v1::Source> connected;
  std::vector<ProfileSource> profile_sources;
  std::vector<FeedConsumer*> consumers;
  for (const ConnectedSource& source : sources) {
    connected.insert(source.spec->source);
    profile_sources.push_back(source.spec->make_profile(source.channel, token));
    parts->consumers.push_back(std::make_unique<FeedConsumer>(source.spec->make_feed(source.channel, token), *store,
                                                              parts->apply_mu, &host.clock(), cfg.consumer,
                                                              &host.runner().registry()));
    consumers.push_back(parts->consumers.back().get());
  }

  ServiceRuntime& runtime = host.StartRuntime(v1::AggregatorService::service_full_name(), Permissions(), keys::kAudit,
                                              [store] { return store->Ping(); });
  HandlerOptions handler_options;
  handler_options.profile_deadline = cfg.profile_deadline;
  parts->handlers = std::make_unique<AggregatorHandlers>(
      *store, host.reference(), std::make_shared<const Catalogue>(std::move(connected)), std::move(consumers),
      std::move(profile_sources), parts->apply_mu, handler_options);
  parts->service = std::make_unique<AggregatorGrpcService>(runtime, *parts->handlers);
  host.AddService(parts->service.get());
  if (cfg.http_enabled) {
    HttpOptions http = cfg.http;
    http.behind_mesh = http.behind_mesh || cfg.service.server.behind_mesh;
    parts->http = std::make_unique<HttpApi>(std::move(http), runtime, *parts->handlers, &host.clock());
  }
  return std::unique_ptr<AggregatorServer>(new AggregatorServer(std::move(parts)));
}

AggregatorServer::AggregatorServer(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

AggregatorServer::~AggregatorServer() {
  parts_->StopFeedsAndHttp();
  // Nothing calls into the handlers after this; the parts are then destroyed in reverse order.
  parts_->host->Shutdown();
}

absl::Status AggregatorServer::Start() {
  SB_RETURN_IF_ERROR(parts_->host->Start());
  if (parts_->http != nullptr) {
    SB_RETURN_IF_ERROR(parts_->http->Start());
  }
  for (auto& c : parts_->consumers) {
    c->Start();
  }
  return absl::OkStatus();
}

int AggregatorServer::port() const { return parts_->host->port(); }

int AggregatorServer::metrics_port() const { return parts_->host->metrics_port(); }

int AggregatorServer::http_port() const { return parts_->http != nullptr ? parts_->http->port() : 0; }

void AggregatorServer::Wait() {
  Parts* parts = parts_.get();
  parts_->host->Wait([parts] { parts->StopFeedsAndHttp(); });
}

void AggregatorServer::RequestShutdown() { parts_->host->RequestShutdown(); }

}  // namespace skillbridge::aggregator
