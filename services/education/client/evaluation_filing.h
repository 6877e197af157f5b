#pragma once
// EvaluationFiling: what the education service asks the evaluation service, live, before it
// registers a school or refreshes its record: whether the school is a filed social evaluation
// organisation (evaluation's EvaluationOrg under the school's credit code and its filing state).
// Answers: the FilingStatus (NOT_FILED when evaluation has no organisation under the code);
// INVALID_ARGUMENT when evaluation refuses the question for good; otherwise a non-OK status with
// reason EVALUATION_UNAVAILABLE (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED) when it
// could not be asked or could not answer now — the handler then writes nothing and the caller
// retries. Implementations are thread-safe.

#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "skillbridge/education/v1/enums.pb.h"

namespace skillbridge::education {

inline constexpr char kReasonEvaluationUnavailable[] = "EVALUATION_UNAVAILABLE";

class EvaluationFiling {
 public:
  virtual ~EvaluationFiling() = default;
  // The filing of the organisation with `credit_code` (canonical). `deadline`: the caller's
  // deadline (InfiniteFuture when none).
  virtual absl::StatusOr<v1::FilingStatus> FilingOf(std::string_view credit_code, absl::Time deadline) = 0;
};

}  // namespace skillbridge::education
