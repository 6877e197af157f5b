#pragma once
// The evaluation service as StandardServer assembles it (common/server/standard_server.h): its
// name, store, handlers, the gRPC adapter and permission table generated from its RPC table, and
// its audit stream. main.cc runs it; the service tests start it through ServiceHarness.

#include <memory>

#include "absl/status/statusor.h"
#include "common/server/callback_adapter.h"
#include "common/server/service_host.h"
#include "services/evaluation/api/evaluation_handlers.h"
#include "services/evaluation/api/evaluation_rpcs.h"
#include "services/evaluation/store/evaluation_store.h"
#include "services/evaluation/store/keys.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::evaluation {

struct EvaluationServiceTraits {
  static constexpr char kName[] = "evaluation";
  static constexpr char kDescription[] =
      "skillbridge evaluation service: evaluation organisations and their filing, certificates (single and bulk), "
      "verification, revocation, talent introductions, the enterprise register and self-evaluation coverage";
  using Grpc = v1::EvaluationService;
  using Store = EvaluationStore;
  using Handlers = EvaluationHandlers;
  SB_CALLBACK_ADAPTER(Adapter, Grpc, Handlers, SKILLBRIDGE_EVALUATION_RPCS);
  static PermissionTable Permissions() { return SB_PERMISSION_TABLE(SKILLBRIDGE_EVALUATION_RPCS); }
  static constexpr std::string_view kAuditStream = keys::kAudit;

  struct Options {};
  static absl::StatusOr<std::unique_ptr<Handlers>> MakeHandlers(Store& store, const ServiceHost& host,
                                                                const Options& /*options*/) {
    return std::make_unique<Handlers>(store, host.reference());
  }
};

}  // namespace skillbridge::evaluation
