#pragma once
// Reading a service's change feed (a Redis Stream whose entries carry the serialized event in
// field "e") and its audit stream (field "a"). Writing happens only through AtomicWrite.
// Thread-safe (stateless; uses the given client).

#include <chrono>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace skillbridge {

struct StreamEntry {
  std::string id;       // "ms-seq"
  std::string payload;  // value of the payload field
};

struct FeedPage {
  std::vector<StreamEntry> entries;
  std::string last_id;  // id of the last entry, or the requested after_id when none
};

// Validates a stream id ("", "0", "ms" or "ms-seq"). INVALID_ARGUMENT naming `field`.
absl::Status ValidateStreamId(std::string_view id, std::string_view field);

// Entries strictly after `after_id` ("" = from the start), at most `max_entries`; when none is
// ready, waits up to `wait` (XREAD BLOCK) — callers run this on the long-poll executor.
absl::StatusOr<FeedPage> ReadFeed(RedisClient& redis, const std::string& stream, const std::string& after_id,
                                  int max_entries, std::chrono::milliseconds wait,
                                  const std::string& payload_field = "e");

// Newest first: entries strictly before `before_id` ("" = from the newest), at most `max_entries`.
absl::StatusOr<FeedPage> ReadStreamNewestFirst(RedisClient& redis, const std::string& stream,
                                               const std::string& before_id, int max_entries,
                                               const std::string& payload_field = "a");

// XADD stream * field payload (used for audit of refused requests; successful mutations are
// audited inside AtomicWrite).
absl::StatusOr<std::string> AppendToStream(RedisClient& redis, const std::string& stream, const std::string& field,
                                           const std::string& payload);

}  // namespace skillbridge
