#include "common/server/call_context.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"

namespace skillbridge {

common::v1::AuditEntry CallContext::AuditEntryFor(std::string_view resource, std::string_view request_id) const {
  common::v1::AuditEntry entry;
  const int64_t nanos = absl::ToUnixNanos(now);
  int64_t seconds = nanos / 1000000000;
  int64_t remainder = nanos % 1000000000;
  if (remainder < 0) {
    remainder += 1000000000;
    --seconds;
  }
  entry.mutable_time()->set_seconds(seconds);
  entry.mutable_time()->set_nanos(static_cast<int32_t>(remainder));
  entry.set_principal(principal.name);
  entry.set_role(principal.role);
  entry.set_method(absl::StrCat("/", service, "/", method));
  entry.set_resource(std::string(resource));
  entry.set_request_id(std::string(request_id));
  entry.set_outcome("OK");
  return entry;
}

}  // namespace skillbridge
