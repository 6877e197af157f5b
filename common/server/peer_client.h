#pragma once
// Calls from one service to another (training → evaluation, competition → evaluation, the
// aggregator → its sources) go through here:
//  - PeerOptions: where the peer is, the SERVICE token file, the per-call timeout and TLS;
//  - SKILLBRIDGE_DEFINE_PEER_FLAGS(peer, address, help): the --<peer>_address, _token_file,
//    _timeout_ms, _tls_ca, _tls_cert, _tls_key, _tls_server_name flags of a binary's main.cc and
//    <peer>_PeerOptionsFromFlags() that reads them;
//  - ConnectPeer: reads the token (ReadServiceToken) and builds the channel (MakeClientChannel);
//    errors name the flag to fix;
//  - PrepareOutgoingCall: the bearer token and a deadline of `timeout`, capped by the caller's own
//    deadline less a margin (so the caller still has time to answer); DEADLINE_EXCEEDED when no
//    time is left, and nothing is sent.
// grpc::Status → absl::Status is FromGrpcStatus (common/server/grpc_status.h).
// Reading files happens at start-up; the connection and PrepareOutgoingCall are thread-safe.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace skillbridge {

struct PeerOptions {
  // gRPC target: "host:port", "unix:/path", "dns:///host:port".
  std::string address;
  // File whose first line is the SERVICE bearer token presented to the peer.
  std::string token_file;
  // Deadline of one call (capped by the caller's deadline).
  std::chrono::milliseconds timeout{2000};
  // TLS: CA bundle verifying the peer (empty = plaintext), client certificate + key for mutual
  // TLS, expected name in the peer's certificate (empty = the host of the address).
  std::string tls_ca_file;
  std::string tls_client_cert_file;
  std::string tls_client_key_file;
  std::string tls_server_name;
};

struct PeerConnection {
  std::shared_ptr<grpc::Channel> channel;
  std::string token;
  std::chrono::milliseconds timeout{2000};
};

// The first line of a SERVICE token file; errors name the file and `flag`.
absl::StatusOr<std::string> ReadServiceToken(const std::string& path, std::string_view flag);

// `peer_name` names the peer in errors and in the default flag names ("--evaluation_address").
// INVALID_ARGUMENT for a missing address, token file or a non-positive timeout.
absl::StatusOr<PeerConnection> ConnectPeer(const PeerOptions& options, std::string_view peer_name);

// Sets `context`'s authorization metadata and deadline: now + `timeout`, but no later than
// `caller_deadline` - `margin` (InfiniteFuture = no caller deadline).
absl::Status PrepareOutgoingCall(grpc::ClientContext& context, std::string_view token, absl::Duration timeout,
                                 absl::Time caller_deadline, absl::Duration margin = absl::Milliseconds(50));

// A peer's answer as a caller's message quotes it: "<CODE>[ <REASON>]: <message>", every ID number
// masked (the peer's message may name one).
std::string DescribePeerAnswer(const absl::Status& answer);

// A peer that could not answer `call` now, as the caller reports it so that its own caller
// retries: DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED and ABORTED keep their code, anything else
// (UNAVAILABLE, UNAUTHENTICATED or PERMISSION_DENIED — a token the operator must fix —,
// UNIMPLEMENTED, INTERNAL ...) becomes UNAVAILABLE; the reason is `reason` (e.g.
// EVALUATION_UNAVAILABLE) and the message "<peer> could not answer <call> now (<answer>); retry later".
absl::Status RetryablePeerError(const absl::Status& answer, std::string_view peer, std::string_view call,
                                std::string_view reason);

}  // namespace skillbridge

// Defines the flags of one peer in a binary's main.cc (at global scope) and
// `::skillbridge::PeerOptions <peer>_PeerOptionsFromFlags()`.
#define SKILLBRIDGE_DEFINE_PEER_FLAGS(peer, default_address, help)                                                  \
  ABSL_FLAG(std::string, peer##_address, default_address, "the " #peer " service (" help ")");                      \
  ABSL_FLAG(std::string, peer##_token_file, "", "file holding the SERVICE bearer token presented to " #peer);       \
  ABSL_FLAG(int, peer##_timeout_ms, 2000, "deadline of one call to " #peer " (capped by the caller's deadline)");   \
  ABSL_FLAG(std::string, peer##_tls_ca, "", "CA bundle to verify " #peer "'s TLS certificate (empty = plaintext)"); \
  ABSL_FLAG(std::string, peer##_tls_cert, "", "client certificate for mutual TLS with " #peer);                     \
  ABSL_FLAG(std::string, peer##_tls_key, "", "client key for mutual TLS with " #peer);                              \
  ABSL_FLAG(std::string, peer##_tls_server_name, "", "expected name in " #peer "'s certificate (default: host)");   \
  static ::skillbridge::PeerOptions peer##_PeerOptionsFromFlags() {                                                 \
    ::skillbridge::PeerOptions options;                                                                             \
    options.address = ::absl::GetFlag(FLAGS_##peer##_address);                                                      \
    options.token_file = ::absl::GetFlag(FLAGS_##peer##_token_file);                                                \
    options.timeout = std::chrono::milliseconds(::absl::GetFlag(FLAGS_##peer##_timeout_ms));                        \
    options.tls_ca_file = ::absl::GetFlag(FLAGS_##peer##_tls_ca);                                                   \
    options.tls_client_cert_file = ::absl::GetFlag(FLAGS_##peer##_tls_cert);                                        \
    options.tls_client_key_file = ::absl::GetFlag(FLAGS_##peer##_tls_key);                                          \
    options.tls_server_name = ::absl::GetFlag(FLAGS_##peer##_tls_server_name);                                      \
    return options;                                                                                                 \
  }
