#pragma once
// Error construction for domain and store code: absl::Status carrying a machine-readable reason
// (ErrorInfo.reason, UPPER_SNAKE_CASE) and field violations (BadRequest). Conversion to
// grpc::Status lives in common/server/grpc_status.h; nothing here includes gRPC.
//
// Representation: the reason is a status payload under kErrorInfoTypeUrl holding a serialized
// google.rpc.ErrorInfo (only `reason` is set; the domain is added at the gRPC edge); field
// violations are a payload under kBadRequestTypeUrl holding a serialized google.rpc.BadRequest.
// All functions are pure and thread-safe.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace skillbridge {

// Payload type URLs (the same URLs google.rpc.Status details use in an Any).
inline constexpr std::string_view kErrorInfoTypeUrl = "type.googleapis.com/google.rpc.ErrorInfo";
inline constexpr std::string_view kBadRequestTypeUrl = "type.googleapis.com/google.rpc.BadRequest";

// Reason attached to every INVALID_ARGUMENT built here.
inline constexpr std::string_view kInvalidFieldReason = "INVALID_FIELD";

// One invalid field: `field` is the request field path, e.g. "certificate.person.id_number".
struct FieldViolation {
  std::string field;
  std::string description;

  friend bool operator==(const FieldViolation&, const FieldViolation&) = default;
};

// INVALID_ARGUMENT naming one field; message reads "<field>: <description>". Reason
// INVALID_FIELD and one field violation are attached.
absl::Status InvalidArgumentError(std::string_view field, std::string_view description);

// A status with the given code and reason code (e.g. FAILED_PRECONDITION + "ORG_NOT_FILED").
// `code` must not be kOk (an OK status cannot carry a payload; kUnknown is used instead).
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
  // Adds the violations of `status` (from InvalidArgumentError or another ToStatus); a non-OK
  // status without violations is recorded under `fallback_field` with its message. OK: no-op.
  void AddStatus(const absl::Status& status, std::string_view fallback_field);
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& violations() const { return violations_; }
  // OkStatus() when nothing was added. Otherwise INVALID_ARGUMENT, reason INVALID_FIELD, message
  // "<first field>: <description>" (the path cut at 96 and the description at 200 bytes, "..."
  // marking a cut) followed by " (and N more)" when there are N further ones.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

}  // namespace skillbridge
