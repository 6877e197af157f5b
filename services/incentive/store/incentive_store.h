#pragma once
// IncentiveStore: the incentive service's Redis store as the server and its handlers share it —
// start-up (schema), health, idempotency records, the change feed, the audit stream, the yearly
// statistics and the ids drawn inside writes. The records of each part live in their own store
// class over the same connection (survey_store.h, honour_store.h, platform_store.h,
// bridge_store.h); every mutation is one AtomicWrite (record + indexes + guards + counters +
// change event + audit entry + idempotency record). Key layout: store/keys.h.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/atomic_write.h"
#include "common/redis/redis_client.h"
#include "common/store/feed.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

class IncentiveStore final {
 public:
  IncentiveStore(RedisClient& redis, RedisClient& feed_redis) : redis_(redis), feed_redis_(feed_redis) {}

  absl::Status Initialize();
  absl::Status Ping() { return redis_.Ping(); }
  RedisClient& redis() { return redis_; }

  absl::StatusOr<std::optional<std::string>> LookupIdempotent(const std::string& key);
  absl::StatusOr<std::vector<std::optional<std::string>>> LookupIdempotentMany(const std::vector<std::string>& keys);

  // Server-assigned ids drawn inside the write: programmes "HP" + 8 digits, nominations "NM" + 10,
  // platforms "PF" + 8, fundings "FD" + 10, bridging applications "BA" + 10.
  enum class IdKind { kProgramme, kNomination, kPlatform, kFunding, kBridge };
  static RedisSequence NewId(IdKind kind);

  // The year's counters (incentive:stats:<year>), one row per district with any, in code order.
  absl::StatusOr<std::vector<v1::IncentiveStatsRow>> ReadStats(int year);

  absl::StatusOr<FeedPage> ReadEvents(const std::string& after_id, int max_events, std::chrono::milliseconds wait);
  absl::StatusOr<FeedPage> ReadAudit(const std::string& before_id, int max_entries);

 private:
  RedisClient& redis_;
  RedisClient& feed_redis_;
};

}  // namespace skillbridge::incentive
