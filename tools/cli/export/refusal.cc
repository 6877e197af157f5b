// Refusals of the services as absl::Status (refusal.h).

#include "tools/cli/export/refusal.h"

#include <string>

#include "absl/strings/cord.h"
#include "common/server/grpc_status.h"
#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge::cli {
namespace {

constexpr char kRefusalPayload[] = "type.skillbridge/cli.Refusal";

}  // namespace

absl::Status RefusalStatus(std::string_view method, const grpc::Status& status) {
  const std::string reason = ReasonOf(FromGrpcStatus(status));
  absl::Status refusal(static_cast<absl::StatusCode>(status.error_code()),
                       Concat(method, " refused / 服务拒绝: ", GrpcCodeName(status.error_code()), ": ",
                              status.error_message(), reason.empty() ? "" : " [", reason, reason.empty() ? "" : "]"));
  refusal.SetPayload(kRefusalPayload, absl::Cord("1"));
  return refusal;
}

bool IsRefusal(const absl::Status& status) { return status.GetPayload(kRefusalPayload).has_value(); }

}  // namespace skillbridge::cli
