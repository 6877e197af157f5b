#pragma once
// The competition service as StandardServer assembles it (common/server/standard_server.h): its
// name, store, handlers (with the promotion policy from --reference_dir, the PromotionIssuer that
// asks evaluation for levels and certificates, and the promotion worker the handlers own), the
// gRPC adapter and permission table generated from its RPC table, and its audit stream. main.cc
// runs it; the service tests start it through ServiceHarness.

#include <memory>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "common/server/callback_adapter.h"
#include "common/server/peer_client.h"
#include "common/server/service_host.h"
#include "common/util/concat.h"
#include "services/competition/api/competition_handlers.h"
#include "services/competition/api/competition_rpcs.h"
#include "services/competition/client/grpc_promotion_issuer.h"
#include "services/competition/client/promotion_issuer.h"
#include "services/competition/domain/promotion_policy.h"
#include "services/competition/promotion/promotion_worker.h"
#include "services/competition/store/competition_store.h"
#include "services/competition/store/keys.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"

namespace skillbridge::competition {

struct CompetitionServiceTraits {
  static constexpr char kName[] = "competition";
  static constexpr char kDescription[] =
      "skillbridge competition service: the skill competition catalogue with its filing, contests, entries, results, "
      "honours and the promotions evaluation certifies";
  using Grpc = v1::CompetitionService;
  using Store = CompetitionStore;
  using Handlers = CompetitionHandlers;
  SB_CALLBACK_ADAPTER(Adapter, Grpc, Handlers, SKILLBRIDGE_COMPETITION_RPCS);
  static PermissionTable Permissions() { return SB_PERMISSION_TABLE(SKILLBRIDGE_COMPETITION_RPCS); }
  static constexpr std::string_view kAuditStream = keys::kAudit;

  struct Options {
    // Where levels are asked and promotion certificates issued (--evaluation_*).
    PeerOptions evaluation;
    // The promotion worker's pace.
    PromotionWorkerOptions worker;
  };
  static absl::StatusOr<std::unique_ptr<Handlers>> MakeHandlers(Store& store, const ServiceHost& host,
                                                                const Options& options) {
    auto policy = PromotionPolicy::LoadFromFile(Concat(host.config().reference_dir, "/", kPromotionPolicyFile));
    if (!policy.ok()) {
      return policy.status();
    }
    auto issuer = GrpcPromotionIssuer::Create(options.evaluation);
    if (!issuer.ok()) {
      return issuer.status();
    }
    // The promotion worker's own connection to the store (it outlives the request pools' metrics).
    RedisOptions worker_redis = host.config().redis;
    worker_redis.pool_size = 1;
    auto redis = RedisClient::Create(worker_redis);
    if (!redis.ok()) {
      return redis.status();
    }
    return std::make_unique<Handlers>(
        store, host.reference(), std::make_shared<const PromotionPolicy>(std::move(*policy)),
        std::shared_ptr<PromotionIssuer>(std::move(*issuer)), host.clock(), std::move(*redis), options.worker);
  }
};

}  // namespace skillbridge::competition
