#include "common/server/call_context.h"

#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/util/proto_time.h"

namespace skillbridge {

common::v1::AuditEntry CallContext::AuditEntryFor(std::string_view resource, std::string_view request_id) const {
  common::v1::AuditEntry entry;
  *entry.mutable_time() = ToTimestamp(now);
  entry.set_principal(principal.name);
  entry.set_role(principal.role);
  entry.set_method(absl::StrCat("/", service, "/", method));
  entry.set_resource(std::string(resource));
  entry.set_request_id(std::string(request_id));
  entry.set_outcome("OK");
  return entry;
}

}  // namespace skillbridge
