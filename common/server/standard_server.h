#pragma once
// StandardServer<Traits>: a whole service — ServiceHost (start-up, Redis pools, runtime, runner)
// plus the service's own store, handlers and gRPC adapter — from one small traits struct. The
// services built on it (evaluation, training, and every new one) differ only in their traits:
//
//   struct EvaluationServiceTraits {
//     static constexpr char kName[] = "evaluation";            // logs, metrics, error domain, --redis default
//     static constexpr char kDescription[] = "skillbridge evaluation service (...)";   // --help
//     using Grpc = v1::EvaluationService;                       // the generated service
//     using Store = EvaluationStore;                            // Store(RedisClient&, RedisClient& long_polls);
//                                                               // Initialize(), Ping()
//     using Handlers = EvaluationHandlers;                      // one method per RPC (rpc_table.h)
//     SB_CALLBACK_ADAPTER(Adapter, Grpc, Handlers, SKILLBRIDGE_EVALUATION_RPCS);
//     static PermissionTable Permissions() { return SB_PERMISSION_TABLE(SKILLBRIDGE_EVALUATION_RPCS); }
//     static constexpr std::string_view kAuditStream = keys::kAudit;
//     struct Options {};                                        // what the service needs beyond ServiceConfig
//     static absl::StatusOr<std::unique_ptr<Handlers>> MakeHandlers(Store& store, const ServiceHost& host,
//                                                                   const Options& options);
//   };
//
// main.cc is RunStandardService<Traits>(argc, argv) (run_service.h); tests build a
// StandardServer<Traits> directly (tests/support/service_harness.h).
// Not thread-safe except RequestShutdown.

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/server/run_service.h"
#include "common/server/service_host.h"

namespace skillbridge {

template <typename Traits>
class StandardServer final : public RunnableServer {
 public:
  using Options = typename Traits::Options;
  using Store = typename Traits::Store;
  using Handlers = typename Traits::Handlers;
  using Adapter = typename Traits::Adapter;

  static absl::StatusOr<std::unique_ptr<StandardServer>> Create(ServiceConfig config, Options options = {}) {
    std::unique_ptr<StandardServer> server(new StandardServer());
    auto host = ServiceHost::Create(std::string(Traits::kName), std::move(config));
    if (!host.ok()) {
      return host.status();
    }
    server->host_ = std::move(*host);
    ServiceHost& h = *server->host_;
    server->store_ = std::make_unique<Store>(h.redis(), h.long_poll_redis());
    Store* store = server->store_.get();
    if (absl::Status init = h.InitializeStore([store] { return store->Initialize(); }); !init.ok()) {
      return init;
    }
    auto handlers = Traits::MakeHandlers(*store, h, options);
    if (!handlers.ok()) {
      return handlers.status();
    }
    server->handlers_ = std::move(*handlers);
    ServiceRuntime& runtime = h.StartRuntime(std::string(Traits::Grpc::service_full_name()), Traits::Permissions(),
                                             std::string(Traits::kAuditStream), [store] { return store->Ping(); });
    server->adapter_ = std::make_unique<Adapter>(runtime, *server->handlers_);
    h.AddService(server->adapter_.get());
    return server;
  }

  ~StandardServer() override {
    if (host_ != nullptr) {
      host_->Shutdown();
    }
  }

  absl::Status Start() override { return host_->Start(); }
  int port() const override { return host_->port(); }
  int metrics_port() const override { return host_->metrics_port(); }
  void Wait() override { host_->Wait(); }
  void RequestShutdown() override { host_->RequestShutdown(); }

  Store& store() { return *store_; }
  ServiceHost& host() { return *host_; }

 private:
  StandardServer() = default;

  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Handlers> handlers_;
  std::unique_ptr<Adapter> adapter_;
};

// A service binary's whole main(): its flags (the common ones, plus those its main.cc defines and
// `options_from_flags` reads), then StandardServer<Traits> until SIGTERM.
template <typename Traits>
int RunStandardService(int argc, char** argv, std::function<typename Traits::Options()> options_from_flags = nullptr) {
  return RunService(Traits::kName, Traits::kDescription, argc, argv,
                    [&options_from_flags](ServiceConfig config) -> absl::StatusOr<std::unique_ptr<RunnableServer>> {
                      typename Traits::Options options;
                      if (options_from_flags) {
                        options = options_from_flags();
                      }
                      auto server = StandardServer<Traits>::Create(std::move(config), std::move(options));
                      if (!server.ok()) {
                        return server.status();
                      }
                      return std::unique_ptr<RunnableServer>(std::move(*server));
                    });
}

}  // namespace skillbridge
