#pragma once
// Error construction for domain and store code: absl::Status carrying a machine-readable reason
// (ErrorInfo.reason, UPPER_SNAKE_CASE) and field violations (BadRequest). Conversion to
// grpc::Status lives in common/server/grpc_status.h; nothing here includes gRPC.
// All functions are pure and thread-safe.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace skillbridge {

// One invalid field: `field` is the request field path, e.g. "certificate.person.id_number".
struct FieldViolation {
  std::string field;
  std::string description;
};

// INVALID_ARGUMENT naming one field; message reads "<field>: <description>".
absl::Status InvalidArgumentError(std::string_view field, std::string_view description);

// A status with the given code and reason code (e.g. FAILED_PRECONDITION + "ORG_NOT_FILED").
absl::Status ErrorWithReason(absl::StatusCode code, std::string_view reason, std::string_view message);

// Shorthands for ErrorWithReason.
absl::Status FailedPreconditionError(std::string_view reason, std::string_view message);
absl::Status NotFoundError(std::string_view reason, std::string_view message);
absl::Status PermissionDeniedError(std::string_view reason, std::string_view message);
absl::Status AlreadyExistsError(std::string_view reason, std::string_view message);

// The reason code attached to `status`, or "" when none.
std::string ReasonOf(const absl::Status& status);

// The field violations attached to `status` (empty when none).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// Collects every violation of one request, then turns them into a single INVALID_ARGUMENT
// status (message names the first field; all are attached). Not thread-safe.
class FieldViolations final {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& violations() const { return violations_; }
  // OkStatus() when nothing was added.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

}  // namespace skillbridge
