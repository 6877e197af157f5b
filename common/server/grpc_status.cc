#include "common/server/grpc_status.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/string_view.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/util/utf8.h"
#include "common/validation/citizen_id.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace skillbridge {
namespace {

// Copies every payload of `from` onto `to`.
void CopyPayloads(const absl::Status& from, absl::Status& to) {
  from.ForEachPayload(
      [&to](absl::string_view type_url, const absl::Cord& payload) { to.SetPayload(type_url, payload); });
}

// Bounds on what one error sends, so that the whole status stays well under the 8 KiB of
// metadata clients accept by default (grpc-message plus base64 of grpc-status-details-bin): the
// message, and at most kMaxReportedViolations field violations (the message already counts them
// all: "(and N more)"), each field path and description cut.
constexpr size_t kMaxMessageBytes = 512;
constexpr size_t kMaxReportedViolations = 10;
constexpr size_t kMaxFieldBytes = 96;
constexpr size_t kMaxDescriptionBytes = 160;

// `text` cut to at most `limit` bytes on a UTF-8 boundary, "…" marking a cut; valid UTF-8 out.
std::string Bounded(std::string_view text, size_t limit) {
  std::string valid = ToValidUtf8(text);
  if (valid.size() <= limit) {
    return valid;
  }
  constexpr std::string_view kEllipsis = "\u2026";
  size_t end = 0;
  while (end < valid.size()) {
    const size_t length = Utf8SequenceLength(std::string_view(valid).substr(end));
    if (end + length + kEllipsis.size() > limit) {
      break;
    }
    end += length;
  }
  valid.resize(end);
  valid.append(kEllipsis);
  return valid;
}

}  // namespace

google::rpc::Status ToRpcStatus(const absl::Status& status, std::string_view domain) {
  google::rpc::Status details;
  if (status.ok()) {
    return details;
  }
  const auto code = static_cast<grpc::StatusCode>(static_cast<int>(status.code()));
  details.set_code(static_cast<int>(code));
  details.set_message(Bounded(MaskIdNumbersInText(std::string_view(status.message().data(), status.message().size())),
                              kMaxMessageBytes));

  std::string reason = ReasonOf(status);
  if (reason.empty()) {
    reason = std::string(GrpcCodeName(code));
  }
  google::rpc::ErrorInfo info;
  info.set_reason(ToValidUtf8(reason));
  info.set_domain(std::string(domain));
  details.add_details()->PackFrom(info);

  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (size_t i = 0; i < violations.size() && i < kMaxReportedViolations; ++i) {
      google::rpc::BadRequest::FieldViolation* out = bad_request.add_field_violations();
      out->set_field(Bounded(MaskIdNumbersInText(violations[i].field), kMaxFieldBytes));
      out->set_description(Bounded(MaskIdNumbersInText(violations[i].description), kMaxDescriptionBytes));
    }
    details.add_details()->PackFrom(bad_request);
  }
  return details;
}

grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view domain) {
  if (status.ok()) {
    return grpc::Status::OK;
  }
  google::rpc::Status details = ToRpcStatus(status, domain);
  const auto code = static_cast<grpc::StatusCode>(details.code());
  std::string message = details.message();
  return grpc::Status(code, std::move(message), details.SerializeAsString());
}

absl::Status FromRpcStatus(const google::rpc::Status& details) {
  if (details.code() == 0) {
    return absl::OkStatus();
  }
  const auto code = static_cast<absl::StatusCode>(details.code());
  absl::Status result(code, details.message());
  std::string reason;
  FieldViolations violations;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (any.Is<google::rpc::ErrorInfo>() && any.UnpackTo(&info)) {
      reason = info.reason();
    } else if (any.Is<google::rpc::BadRequest>() && any.UnpackTo(&bad_request)) {
      for (const auto& violation : bad_request.field_violations()) {
        violations.Add(violation.field(), violation.description());
      }
    }
  }
  if (!violations.empty()) {
    CopyPayloads(violations.ToStatus(), result);
  }
  // A reason equal to the code name was filled in by ToRpcStatus for a status without one.
  if (!reason.empty() && reason != GrpcCodeName(static_cast<grpc::StatusCode>(details.code()))) {
    CopyPayloads(ErrorWithReason(code, reason, details.message()), result);
  }
  return result;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) {
    return absl::OkStatus();
  }
  google::rpc::Status details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details()) ||
      details.code() != static_cast<int>(status.error_code())) {
    return absl::Status(static_cast<absl::StatusCode>(static_cast<int>(status.error_code())), status.error_message());
  }
  details.set_message(status.error_message());
  return FromRpcStatus(details);
}

absl::Status FromGrpcStatus(const grpc::Status& status, std::string_view what) {
  const absl::Status converted = FromGrpcStatus(status);
  if (converted.ok()) {
    return converted;
  }
  absl::Status annotated(converted.code(),
                         Concat(what, ": ", std::string_view(converted.message().data(), converted.message().size())));
  CopyPayloads(converted, annotated);
  return annotated;
}

std::string_view GrpcCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::DO_NOT_USE:
      break;
  }
  return "UNKNOWN";
}

}  // namespace skillbridge
