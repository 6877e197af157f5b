#pragma once
// ClaimVerificationMetrics: skillbridge_training_claim_verifications_total{result}, what became of
// the subsidy claims whose certificate was checked with the evaluation service (SubmitSubsidyClaim):
//   verified                evaluation answered and the certificate passed every certificate rule
//                           (valid, same occupation and level, issue date and claim window);
//   refused                 evaluation answered and the certificate was refused (not found,
//                           revoked, another occupation or level, dates; or evaluation refused
//                           the check as invalid);
//   evaluation_unavailable  no answer from evaluation (UNAVAILABLE, EVALUATION_UNAVAILABLE).
// Claims refused before the certificate is checked, and replayed submissions, count in none. All
// three series exist from start-up (at 0). Thread-safe (prometheus-cpp counters are).

#include <array>

#include "absl/status/status.h"

namespace prometheus {
class Counter;
class Registry;
}  // namespace prometheus

namespace skillbridge::training {

enum class ClaimVerification { kVerified, kRefused, kEvaluationUnavailable };

// The outcome of one claim whose certificate was checked: `verifier` is what the certificate
// verifier returned, `decision` the status of the whole decision (DecideClaim) that followed.
ClaimVerification ClassifyClaimVerification(const absl::Status& verifier, const absl::Status& decision);

class ClaimVerificationMetrics final {
 public:
  // Registers the counter in `registry`; a null registry records nothing (tests).
  explicit ClaimVerificationMetrics(prometheus::Registry* registry);

  void Record(ClaimVerification outcome);

 private:
  std::array<prometheus::Counter*, 3> counters_{};
};

}  // namespace skillbridge::training
