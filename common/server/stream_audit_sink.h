#pragma once
// An AuditSink that appends entries to a service's audit stream in Redis (field "a"), the same
// stream its stores write successful mutations to. Thread-safe.

#include <string>

#include "common/redis/redis_client.h"
#include "common/server/service_runtime.h"

namespace skillbridge {

class StreamAuditSink final : public AuditSink {
 public:
  StreamAuditSink(RedisClient& redis, std::string stream) : redis_(redis), stream_(std::move(stream)) {}
  void Record(const common::v1::AuditEntry& entry) override;

 private:
  RedisClient& redis_;
  const std::string stream_;
};

}  // namespace skillbridge
