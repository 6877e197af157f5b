#pragma once
// ReadCounterHash: a Redis hash of integer counters (HGETALL) as a map; fields whose value is not
// an integer are left out. The one reader of the services' statistics hashes. Thread-safe as the
// client is.

#include <cstdint>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace skillbridge {

absl::StatusOr<std::map<std::string, int64_t>> ReadCounterHash(RedisClient& redis, const std::string& key);

}  // namespace skillbridge
