#pragma once
// The training service as StandardServer assembles it (common/server/standard_server.h): its
// name, store, handlers (with the client that checks certificates with evaluation), the gRPC
// adapter and permission table generated from its RPC table, and its audit stream. main.cc runs
// it; the service tests start it through ServiceHarness.

#include <memory>

#include "absl/status/statusor.h"
#include "common/server/callback_adapter.h"
#include "common/server/peer_client.h"
#include "common/server/service_host.h"
#include "services/training/api/training_handlers.h"
#include "services/training/api/training_rpcs.h"
#include "services/training/client/certificate_verifier.h"
#include "services/training/store/keys.h"
#include "services/training/store/training_store.h"
#include "skillbridge/training/v1/training.grpc.pb.h"

namespace skillbridge::training {

struct TrainingServiceTraits {
  static constexpr char kName[] = "training";
  static constexpr char kDescription[] =
      "skillbridge training service: training institutions, the subsidised catalogue, courses, enrolments and "
      "subsidy claims checked live with the evaluation service";
  using Grpc = v1::TrainingService;
  using Store = TrainingStore;
  using Handlers = TrainingHandlers;
  SB_CALLBACK_ADAPTER(Adapter, Grpc, Handlers, SKILLBRIDGE_TRAINING_RPCS);
  static PermissionTable Permissions() { return SB_PERMISSION_TABLE(SKILLBRIDGE_TRAINING_RPCS); }
  static constexpr std::string_view kAuditStream = keys::kAudit;

  struct Options {
    // Where subsidy claims' certificates are checked (--evaluation_*).
    PeerOptions evaluation;
  };
  // The host is taken mutable for its metrics registry (claim verification outcomes).
  static absl::StatusOr<std::unique_ptr<Handlers>> MakeHandlers(Store& store, ServiceHost& host,
                                                                const Options& options) {
    auto verifier = GrpcCertificateVerifier::Create(options.evaluation);
    if (!verifier.ok()) {
      return verifier.status();
    }
    return std::make_unique<Handlers>(store, host.reference(), std::move(*verifier), &host.runner().registry());
  }
};

}  // namespace skillbridge::training
