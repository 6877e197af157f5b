#pragma once
// TrainingHandlers: one method per RPC of skillbridge.training.v1.TrainingService, as plain
// synchronous code: validate the request, check the caller's scope, apply the domain rules, and
// read or write through the store (and, for subsidy claims, check the certificate with the
// evaluation service). No gRPC server types: the adapter generated from the RPC table
// (training_service_traits.h) wraps these with ServiceRuntime. Thread-safe (stateless besides immutable references).

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "services/training/api/training_rpcs.h"
#include "services/training/client/certificate_verifier.h"
#include "services/training/store/training_store.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::training {

inline constexpr int kMaxBatchRows = 5000;

class TrainingHandlers final {
 public:
  TrainingHandlers(TrainingStore& store, std::shared_ptr<const ReferenceData> reference,
                   std::unique_ptr<CertificateVerifier> verifier)
      : store_(store), reference_(std::move(reference)), verifier_(std::move(verifier)) {}

  SKILLBRIDGE_TRAINING_RPCS(SB_DECLARE_HANDLER)

 private:
  struct ClaimChange;
  absl::Status ChangeClaim(const CallContext& call, const ClaimChange& change);

  TrainingStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  std::unique_ptr<CertificateVerifier> verifier_;
};

}  // namespace skillbridge::training
