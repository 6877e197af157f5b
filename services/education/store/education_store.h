#pragma once
// EducationStore: the education service's Redis store as the server and its handlers share it —
// start-up (schema), health, idempotency records, the change feed, the audit stream, the
// statistics (now and per year) and the ids drawn inside writes. The records of each part live
// in their own store class over the same connection (school_store.h, specialty_store.h,
// student_store.h, partnership_store.h); every mutation is one AtomicWrite (record + indexes +
// guards + counters + change event + audit entry + idempotency record). Key layout: store/keys.h.
// Thread-safe (the RedisClient is); holds no state of its own.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/atomic_write.h"
#include "common/redis/redis_client.h"
#include "common/store/feed.h"
#include "skillbridge/education/v1/education.pb.h"

namespace skillbridge::education {

class EducationStore final {
 public:
  EducationStore(RedisClient& redis, RedisClient& feed_redis) : redis_(redis), feed_redis_(feed_redis) {}

  absl::Status Initialize();
  absl::Status Ping() { return redis_.Ping(); }
  RedisClient& redis() { return redis_; }

  absl::StatusOr<std::optional<std::string>> LookupIdempotent(const std::string& key);
  absl::StatusOr<std::vector<std::optional<std::string>>> LookupIdempotentMany(const std::vector<std::string>& keys);

  // Server-assigned ids drawn inside the write: students "ST" + 10 digits, partnerships "SP" + 8.
  enum class IdKind { kStudent, kPartnership };
  static RedisSequence NewId(IdKind kind);

  // One row per district with any count, in code order: the counts now (education:now) and the
  // year's flows (education:stats:<year>).
  absl::StatusOr<std::vector<v1::EducationStatsRow>> ReadStats(int year);

  absl::StatusOr<FeedPage> ReadEvents(const std::string& after_id, int max_events, std::chrono::milliseconds wait);
  absl::StatusOr<FeedPage> ReadAudit(const std::string& before_id, int max_entries);

 private:
  RedisClient& redis_;
  RedisClient& feed_redis_;
};

}  // namespace skillbridge::education
