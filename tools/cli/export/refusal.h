#pragma once
// A call the service refused, carried as an absl::Status so that fetchers can return one error
// type while the subcommand still tells "the service said no" (exit 1) from a local problem
// (exit 2): the status keeps the gRPC code, its message reads
// "<Method> refused / 服务拒绝: <CODE>: <message> [<ErrorInfo reason>]", and a payload marks it.
// Pure; thread-safe.

#include <string_view>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"

namespace skillbridge::cli {

// The refusal of `method` (e.g. "ListCertificates") as described above; `status` must not be OK.
absl::Status RefusalStatus(std::string_view method, const grpc::Status& status);

// True for a status made by RefusalStatus.
bool IsRefusal(const absl::Status& status);

}  // namespace skillbridge::cli
