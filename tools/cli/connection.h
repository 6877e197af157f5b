#pragma once
// How every subcommand of the `skillbridge` tool reaches a service: the address (--address, or
// the port scripts/up.sh gives that service on 127.0.0.1), the bearer token (--token_file, else
// the environment variable SKILLBRIDGE_TOKEN; never a flag value, so it stays out of `ps` and shell
// history), the TLS flags (as the services' own: --tls_ca, --tls_cert, --tls_key,
// --tls_server_name) and the per-call deadline (--timeout_ms). The flags are defined here, once.
// Connect reads the flags and the token file; the Connection it returns is thread-safe.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <grpcpp/grpcpp.h>

#include "absl/flags/declare.h"
#include "absl/status/statusor.h"

ABSL_DECLARE_FLAG(std::string, address);
ABSL_DECLARE_FLAG(std::string, token_file);
ABSL_DECLARE_FLAG(int, timeout_ms);
ABSL_DECLARE_FLAG(std::string, tls_ca);
ABSL_DECLARE_FLAG(std::string, tls_cert);
ABSL_DECLARE_FLAG(std::string, tls_key);
ABSL_DECLARE_FLAG(std::string, tls_server_name);

namespace skillbridge::cli {

// The short names of the services: evaluation, training, competition, incentive, education,
// aggregator.
inline constexpr std::string_view kServiceNames[] = {"evaluation", "training",  "competition",
                                                     "incentive",  "education", "aggregator"};

// "127.0.0.1:<port>" as scripts/up.sh starts `service` (short name, or the full name such as
// skillbridge.evaluation.v1.EvaluationService); empty for any other name.
std::string DefaultAddress(std::string_view service);

struct Connection {
  std::shared_ptr<grpc::Channel> channel;
  std::string token;  // empty = none
  std::chrono::milliseconds timeout{10000};

  // A context for one call: the deadline from now and the bearer token.
  std::unique_ptr<grpc::ClientContext> NewContext() const;
};

// The connection to `service` from the flags. INVALID_ARGUMENT naming the flag for a TLS
// combination that cannot be meant or an unknown service without --address; NOT_FOUND for an
// unreadable token or TLS file.
absl::StatusOr<Connection> Connect(std::string_view service);

}  // namespace skillbridge::cli
