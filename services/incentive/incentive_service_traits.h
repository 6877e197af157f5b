#pragma once
// The incentive service as StandardServer assembles it (common/server/standard_server.h): its
// name, store, handlers (with the career-bridging policy from --reference_dir and the
// EvaluationLookup that asks evaluation for persons' levels and the enterprise register), the
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
#include "services/incentive/api/incentive_handlers.h"
#include "services/incentive/api/incentive_rpcs.h"
#include "services/incentive/client/grpc_evaluation_lookup.h"
#include "services/incentive/domain/bridge_policy.h"
#include "services/incentive/store/incentive_store.h"
#include "services/incentive/store/keys.h"
#include "skillbridge/incentive/v1/incentive.grpc.pb.h"

namespace skillbridge::incentive {

struct IncentiveServiceTraits {
  static constexpr char kName[] = "incentive";
  static constexpr char kDescription[] =
      "skillbridge incentive service: the enterprise wage survey, honour programmes with nominations and awards, "
      "the leading-talent directory, talent platforms and career bridging";
  using Grpc = v1::IncentiveService;
  using Store = IncentiveStore;
  using Handlers = IncentiveHandlers;
  SB_CALLBACK_ADAPTER(Adapter, Grpc, Handlers, SKILLBRIDGE_INCENTIVE_RPCS);
  static PermissionTable Permissions() { return SB_PERMISSION_TABLE(SKILLBRIDGE_INCENTIVE_RPCS); }
  static constexpr std::string_view kAuditStream = keys::kAudit;

  struct Options {
    // Where persons' levels and the enterprise register are asked (--evaluation_*).
    PeerOptions evaluation;
  };
  static absl::StatusOr<std::unique_ptr<Handlers>> MakeHandlers(Store& store, const ServiceHost& host,
                                                                const Options& options) {
    auto policy = BridgePolicy::LoadFromFile(Concat(host.config().reference_dir, "/", kBridgePolicyFile));
    if (!policy.ok()) {
      return policy.status();
    }
    auto lookup = GrpcEvaluationLookup::Create(options.evaluation);
    if (!lookup.ok()) {
      return lookup.status();
    }
    return std::make_unique<Handlers>(store, host.reference(), std::shared_ptr<EvaluationLookup>(std::move(*lookup)),
                                      std::make_shared<const BridgePolicy>(std::move(*policy)));
  }
};

}  // namespace skillbridge::incentive
