#include "common/server/stream_audit_sink.h"

#include "absl/status/status.h"
#include "common/store/feed.h"
#include "common/util/json_line.h"

namespace skillbridge {

void StreamAuditSink::Record(const common::v1::AuditEntry& entry) {
  auto id = AppendToStream(redis_, stream_, "a", entry.SerializeAsString());
  if (!id.ok()) {
    JsonLine()
        .Add("level", "warning")
        .Add("msg", "audit entry not written")
        .Add("method", entry.method())
        .Add("code", absl::StatusCodeToString(id.status().code()))
        .Add("error", id.status())
        .Write();
  }
}

}  // namespace skillbridge
