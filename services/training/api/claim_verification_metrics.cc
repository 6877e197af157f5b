#include "services/training/api/claim_verification_metrics.h"

#include "prometheus/counter.h"
#include "prometheus/registry.h"

namespace skillbridge::training {

ClaimVerification ClassifyClaimVerification(const absl::Status& verifier, const absl::Status& decision) {
  if (verifier.code() == absl::StatusCode::kUnavailable) {
    return ClaimVerification::kEvaluationUnavailable;
  }
  // Only the certificate rules follow the check, so a failed decision is the certificate's.
  return verifier.ok() && decision.ok() ? ClaimVerification::kVerified : ClaimVerification::kRefused;
}

ClaimVerificationMetrics::ClaimVerificationMetrics(prometheus::Registry* registry) {
  if (registry == nullptr) {
    return;
  }
  auto& family = prometheus::BuildCounter()
                     .Name("skillbridge_training_claim_verifications_total")
                     .Help("Subsidy claims whose certificate was checked with the evaluation service, by result")
                     .Register(*registry);
  counters_[static_cast<size_t>(ClaimVerification::kVerified)] = &family.Add({{"result", "verified"}});
  counters_[static_cast<size_t>(ClaimVerification::kRefused)] = &family.Add({{"result", "refused"}});
  counters_[static_cast<size_t>(ClaimVerification::kEvaluationUnavailable)] =
      &family.Add({{"result", "evaluation_unavailable"}});
}

void ClaimVerificationMetrics::Record(ClaimVerification outcome) {
  prometheus::Counter* counter = counters_[static_cast<size_t>(outcome)];
  if (counter != nullptr) {
    counter->Increment();
  }
}

}  // namespace skillbridge::training
