#pragma once
// TrainingHandlers: one method per RPC of skillbridge.training.v1.TrainingService, as plain
// synchronous code: validate the request, check the caller's scope, apply the domain rules, and
// read or write through the store (and, for subsidy claims, check the certificate with the
// evaluation service). No gRPC server types: the adapter generated from the RPC table
// (training_service_traits.h) wraps these with ServiceRuntime, which also clears unknown and
// OUTPUT_ONLY fields from every request first. The methods are declared from the RPC table and
// defined per resource: institution_handlers.cc, catalogue_handlers.cc, course_handlers.cc,
// enrollment_handlers.cc, claim_handlers.cc, feed_handlers.cc (statistics, change feed, audit);
// what they share is in handler_support.h. Errors by reason code: docs/api.md (training).
// Certificate checks are counted in ClaimVerificationMetrics (claim_verification_metrics.h).
// Thread-safe (stateless besides immutable references and the counters).

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "services/training/api/claim_verification_metrics.h"
#include "services/training/api/training_rpcs.h"
#include "services/training/client/certificate_verifier.h"
#include "services/training/store/training_store.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::training {

class TrainingHandlers final {
 public:
  TrainingHandlers(TrainingStore& store, std::shared_ptr<const ReferenceData> reference,
                   std::unique_ptr<CertificateVerifier> verifier, prometheus::Registry* registry = nullptr)
      : store_(store), reference_(std::move(reference)), verifier_(std::move(verifier)), verifications_(registry) {}

  SKILLBRIDGE_TRAINING_RPCS(SB_DECLARE_HANDLER)

 private:
  // A claim's workflow step (approve, reject, mark paid): claim_handlers.cc.
  struct ClaimChange;
  absl::Status ChangeClaim(const CallContext& call, const ClaimChange& change);
  // Enrols the rows of `request` (enrollment_handlers.cc). `single_key` is the idempotency key of
  // an EnrollPerson call (its one row then keeps an EnrollPersonResponse under it, written with the
  // enrolment); a batch's rows keep their enrolments under "<batch key>#<row>".
  absl::Status EnrollRows(const CallContext& call, const v1::BatchEnrollPersonsRequest& request,
                          const std::string& single_key, v1::BatchEnrollPersonsResponse* response);

  TrainingStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  std::unique_ptr<CertificateVerifier> verifier_;
  ClaimVerificationMetrics verifications_;
};

}  // namespace skillbridge::training
