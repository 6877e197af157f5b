#include "common/status/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace skillbridge {
namespace {

absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

void AttachReason(absl::Status& status, std::string_view reason) {
  google::rpc::ErrorInfo info;
  info.set_reason(std::string(reason));
  status.SetPayload(ToAbsl(kErrorInfoTypeUrl), absl::Cord(info.SerializeAsString()));
}

void AttachViolations(absl::Status& status, const std::vector<FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& v : violations) {
    google::rpc::BadRequest::FieldViolation* out = bad_request.add_field_violations();
    out->set_field(v.field);
    out->set_description(v.description);
  }
  status.SetPayload(ToAbsl(kBadRequestTypeUrl), absl::Cord(bad_request.SerializeAsString()));
}

std::string MessageFor(std::string_view field, std::string_view description) {
  return absl::StrCat(ToAbsl(field), ": ", ToAbsl(description));
}

// `text` cut to at most `limit` bytes without splitting a UTF-8 sequence, "..." marking a cut.
std::string_view CutForMessage(std::string_view text, size_t limit, bool* cut) {
  if (text.size() <= limit) {
    return text;
  }
  size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  *cut = true;
  return text.substr(0, end);
}

}  // namespace

absl::Status InvalidArgumentError(std::string_view field, std::string_view description) {
  absl::Status status(absl::StatusCode::kInvalidArgument, MessageFor(field, description));
  AttachReason(status, kInvalidFieldReason);
  AttachViolations(status, {FieldViolation{std::string(field), std::string(description)}});
  return status;
}

absl::Status ErrorWithReason(absl::StatusCode code, std::string_view reason, std::string_view message) {
  if (code == absl::StatusCode::kOk) {
    code = absl::StatusCode::kUnknown;
  }
  absl::Status status(code, ToAbsl(message));
  if (!reason.empty()) {
    AttachReason(status, reason);
  }
  return status;
}

absl::Status FailedPreconditionError(std::string_view reason, std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kFailedPrecondition, reason, message);
}

absl::Status NotFoundError(std::string_view reason, std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kNotFound, reason, message);
}

absl::Status PermissionDeniedError(std::string_view reason, std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kPermissionDenied, reason, message);
}

absl::Status AlreadyExistsError(std::string_view reason, std::string_view message) {
  return ErrorWithReason(absl::StatusCode::kAlreadyExists, reason, message);
}

std::string ReasonOf(const absl::Status& status) {
  auto payload = status.GetPayload(ToAbsl(kErrorInfoTypeUrl));
  if (!payload.has_value()) {
    return "";
  }
  google::rpc::ErrorInfo info;
  if (!info.ParseFromString(std::string(*payload))) {
    return "";
  }
  return info.reason();
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> result;
  auto payload = status.GetPayload(ToAbsl(kBadRequestTypeUrl));
  if (!payload.has_value()) {
    return result;
  }
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) {
    return result;
  }
  result.reserve(bad_request.field_violations_size());
  for (const auto& v : bad_request.field_violations()) {
    result.push_back(FieldViolation{v.field(), v.description()});
  }
  return result;
}

void FieldViolations::Add(std::string field, std::string description) {
  violations_.push_back(FieldViolation{std::move(field), std::move(description)});
}

void FieldViolations::AddStatus(const absl::Status& status, std::string_view fallback_field) {
  if (status.ok()) {
    return;
  }
  std::vector<FieldViolation> attached = FieldViolationsOf(status);
  if (attached.empty()) {
    Add(std::string(fallback_field), std::string(status.message()));
    return;
  }
  for (FieldViolation& v : attached) {
    violations_.push_back(std::move(v));
  }
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) {
    return absl::OkStatus();
  }
  // The message stays short whatever the request held (the first field's path and description
  // cut), so that the count of the others survives every later bound on the message.
  bool cut = false;
  std::string message = MessageFor(CutForMessage(violations_.front().field, 96, &cut),
                                   CutForMessage(violations_.front().description, 200, &cut));
  if (cut) {
    message.append("...");
  }
  if (violations_.size() > 1) {
    absl::StrAppend(&message, " (and ", violations_.size() - 1, " more)");
  }
  absl::Status status(absl::StatusCode::kInvalidArgument, message);
  AttachReason(status, kInvalidFieldReason);
  AttachViolations(status, violations_);
  return status;
}

}  // namespace skillbridge
