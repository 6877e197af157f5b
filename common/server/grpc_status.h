#pragma once
// The one conversion from absl::Status to grpc::Status: canonical code, message (ID numbers
// masked), and google.rpc.Status details carrying ErrorInfo{reason, domain} and BadRequest field
// violations (sent as grpc-status-details-bin). Pure functions.

#include <string_view>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"

namespace skillbridge {

grpc::Status ToGrpcStatus(const absl::Status& status, std::string_view domain);

// The google.rpc.Status of `status`, as sent in the grpc-status-details-bin trailer: code, masked
// message, ErrorInfo{reason (the code name when the status has none), domain} and BadRequest
// (masked descriptions). OK → code 0 and nothing else. Also what batch results carry per item.
// Bounded: the message to 512 bytes, the first 10 field violations (the message counts them all),
// field paths to 96 and descriptions to 160 bytes, cut on UTF-8 boundaries with "…"; at worst the
// status takes ~5.5 KB of trailers (message plus the base64 details), within the 8 KiB of
// metadata a client accepts by default.
google::rpc::Status ToRpcStatus(const absl::Status& status, std::string_view domain);
// The inverse: code, message, reason and field violations.
absl::Status FromRpcStatus(const google::rpc::Status& status);

// The inverse, for clients of other services (e.g. training calling evaluation): keeps code,
// message and the ErrorInfo reason.
absl::Status FromGrpcStatus(const grpc::Status& status);
// The same, with `what` (the call that failed, e.g. "ListCertificates") in front of the message:
// "<what>: <message>". Code, reason and field violations are kept.
absl::Status FromGrpcStatus(const grpc::Status& status, std::string_view what);

// "OK", "INVALID_ARGUMENT", ... for metrics labels and audit outcomes.
std::string_view GrpcCodeName(grpc::StatusCode code);

}  // namespace skillbridge
