#include "common/server/stream_audit_sink.h"

#include <iostream>

#include "common/store/feed.h"

namespace skillbridge {

void StreamAuditSink::Record(const common::v1::AuditEntry& entry) {
  auto id = AppendToStream(redis_, stream_, "a", entry.SerializeAsString());
  if (!id.ok()) {
    std::cerr << "{\"level\":\"warning\",\"msg\":\"audit entry not written\",\"error\":\"" << id.status().code()
              << "\"}\n";
  }
}

}  // namespace skillbridge
