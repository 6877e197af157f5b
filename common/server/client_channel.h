#pragma once
// MakeClientChannel: the one way a service builds its gRPC channel to another service (training →
// evaluation, aggregator → each of its sources).
//  - plaintext when no CA file is given;
//  - TLS when a CA file is given: the peer's server certificate must chain to that CA (never to
//    the system roots) and carry the expected name (the host of the address, or the override);
//  - mutual TLS when a client certificate and key are given too (both or neither);
//  - short reconnect backoff (200 ms, at most 2 s), so a peer that restarts is reached again soon.
// Files are read once, when the channel is made (rotating them means a restart). A combination
// that cannot be what the operator meant (a client certificate or a server name without a CA, a
// certificate without its key, an empty or non-PEM file) is INVALID_ARGUMENT naming the flag; an
// unreadable file is NOT_FOUND naming the file and the flag. Nothing connects before the first
// call: an unreachable peer or a failed handshake shows up as UNAVAILABLE on the calls.
// Pure apart from reading the files; the channel returned is thread-safe.

#include <memory>
#include <string>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"

namespace skillbridge {

struct ClientChannelOptions {
  // gRPC target of the peer: "host:port", "unix:/path", "dns:///host:port", ...
  std::string address;
  // PEM CA bundle that verifies the peer's certificate; empty = plaintext.
  std::string tls_ca_file;
  // PEM client certificate chain and private key for mutual TLS (optional, together).
  std::string tls_client_cert_file;
  std::string tls_client_key_file;
  // Name expected in the peer's certificate; empty = the host of `address`.
  std::string tls_server_name;

  // The flags that set the fields above, quoted in error messages. Empty = "--<peer>_address",
  // "--<peer>_tls_ca", "--<peer>_tls_cert", "--<peer>_tls_key", "--<peer>_tls_server_name".
  struct FlagNames {
    std::string address;
    std::string tls_ca;
    std::string tls_cert;
    std::string tls_key;
    std::string tls_server_name;
  };
  FlagNames flags;
};

// `peer_name` names the peer in error messages and default flag names, e.g. "evaluation".
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeClientChannel(const ClientChannelOptions& options,
                                                                 std::string_view peer_name);

}  // namespace skillbridge
