#pragma once
// AggregatorStore: the aggregator's own Redis (materialised views; the only code that speaks
// Redis here). Keys (all under "aggregator:"):
//   aggregator:v:cursor:<source>          last applied stream id of each source feed
//   aggregator:v:status:<source>          hash: last_event_ms, events_applied
//   aggregator:v:ind:<indicator>          hash: bucket ("2026", "2026|d:370202", "2026|c:IC01",
//                                         "2026-05", "2026-05|d:370202", "2026|l:NATIONAL") -> value
//   aggregator:v:pp:<id number>           hash: "<indicator>|<bucket>" -> valid records (distinct)
//   aggregator:v:pf:<indicator>:<id>      zset: first-evidence (score YYYYMMDD); pfb: its buckets
//   aggregator:v:fact:<source>:<kind>:<id> the updates a fact applied (undone on revocation)
//   aggregator:v:cvt:<id>:<occupation>    hash: the person's completed enrolments in the occupation
//   aggregator:v:cvc:<id>:<occupation>    zset: the person's certificates in it (training → certificate)
//   aggregator:v:jc:<indicator>:<key>     hash: claims on a join key (claim id -> [mode, buckets])
//   aggregator:v:je:<indicator>:<key>     set: the evidence under that key (promotion certificates,
//                                         cancelled competitions)
//   aggregator:v:persons[:d:<district>]   set: talent database
//   aggregator:v:m:<group>, aggregator:v:ms:<group>[:d:<district>]  membership state
//   aggregator:target:<year>              hash: "<indicator>|<district or ''>" -> Target (proto)
//   aggregator:audit                      audit stream; aggregator:idem:* idempotency records
//   aggregator:rebuild:pending            set while a rebuild has not finished deleting the views
//   aggregator:rebuild:lease              the process deleting them (expires unless renewed)
// Everything under aggregator:v: is derived from the feeds and can be rebuilt from zero
// (RebuildViews + re-consumption); targets and the audit stream are not derived.
// store/lua/apply_batch.lua writes the derived keys: it gets the prefix (kDerivedPrefix) and the
// rebuild mark (kRebuildPending) from ApplyBatch and builds the keys below the prefix with the
// names listed above (cursor:, status:, ind:, pp:, pf:, pfb:, fact:, cvt:, cvc:, jc:, je:, persons,
// m:, ms:), which this store reads back.
//
// Rebuild is crash-safe: BeginRebuild marks the rebuild pending and drops every source cursor in
// one atomic step; while it is pending ApplyBatch refuses (rebuilding = true), so no consumer of
// any replica writes into half-deleted views. CompletePendingRebuild deletes the derived keys
// under a renewed lease and clears the mark last. A process killed mid-way leaves the mark; the
// next one to look (start-up, or a consumer refused by the mark once the lease has expired)
// finishes the deletion, and the feeds are then re-consumed from zero.
// Thread-safe (stateless over a thread-safe RedisClient).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"
#include "common/store/feed.h"
#include "common/store/mutation.h"
#include "common/util/concat.h"
#include "services/aggregator/domain/feed_commands.h"
#include "skillbridge/aggregator/v1/aggregator.pb.h"

namespace skillbridge::aggregator {

namespace keys {
inline constexpr char kPrefix[] = "aggregator:";
inline constexpr char kDerivedPrefix[] = "aggregator:v:";
inline constexpr char kAudit[] = "aggregator:audit";
inline constexpr char kRebuildPending[] = "aggregator:rebuild:pending";
inline constexpr char kRebuildLease[] = "aggregator:rebuild:lease";
// Idempotency records: aggregator:idem:<method>:<principal>:<request_id> (IdempotencyKeyFor,
// common/server/mutation_replies.h).
}  // namespace keys

struct ApplyOutcome {
  bool applied = false;
  // Nothing applied because a rebuild is pending (see CompletePendingRebuild).
  bool rebuilding = false;
  // The cursor now stored (the new one when applied, the one found otherwise).
  std::string cursor;
};

struct StoredSourceState {
  std::string cursor = "0";
  int64_t last_event_ms = 0;
  int64_t events_applied = 0;
};

class AggregatorStore final {
 public:
  // `owner` names this process in the rebuild lease (unique per process start); the lease lasts
  // `rebuild_lease_ms` unless renewed (it is renewed after every batch of deleted keys).
  AggregatorStore(RedisClient& redis, std::string owner, int64_t rebuild_lease_ms = 60000)
      : redis_(redis), owner_(std::move(owner)), rebuild_lease_ms_(rebuild_lease_ms) {}

  // Loads the scripts.
  absl::Status Initialize();
  absl::Status Ping();

  // Applies `commands` (from `event_count` events, the newest at `last_event_ms`) when the
  // stored cursor of `source` is `expected_cursor`, and sets it to `new_cursor` — one Lua call.
  absl::StatusOr<ApplyOutcome> ApplyBatch(const std::string& source, const std::string& expected_cursor,
                                          const std::string& new_cursor, int64_t last_event_ms, int event_count,
                                          const std::vector<FeedCommand>& commands);
  absl::StatusOr<StoredSourceState> SourceState(const std::string& source);

  // Values of `buckets` of `indicator` (0 when absent).
  absl::StatusOr<std::vector<int64_t>> ReadBuckets(const std::string& indicator,
                                                   const std::vector<std::string>& buckets);
  // Talent database size (city, or one district).
  absl::StatusOr<int64_t> CountPersons(const std::string& district);
  // Self-evaluation coverage: {covered, eligible} (city, or one district).
  absl::StatusOr<std::pair<int64_t, int64_t>> Coverage(const std::string& district);

  // Targets of `year`, keyed "<indicator>|<district>".
  absl::StatusOr<std::map<std::string, v1::Target>> Targets(int year);
  absl::StatusOr<WriteOutcome> SetTarget(const v1::Target& target, const MutationMeta& meta);

  // Drops the derived views for a rebuild (audited with `meta`): BeginRebuild, then
  // CompletePendingRebuild. Returns the keys removed (0 when another process holds the lease and
  // is removing them).
  absl::StatusOr<int64_t> RebuildViews(const MutationMeta& meta);
  // Marks a rebuild pending and deletes every source cursor, atomically, audited.
  absl::Status BeginRebuild(const MutationMeta& meta);
  // When a rebuild is pending and no live process holds the lease: takes it, deletes every
  // derived key (aggregator:v:*), clears the mark. nullopt when nothing was pending or another
  // process holds the lease.
  absl::StatusOr<std::optional<int64_t>> CompletePendingRebuild();
  absl::StatusOr<bool> RebuildPending();

  absl::StatusOr<FeedPage> ReadAudit(const std::string& before_id, int max_entries);

 private:
  absl::StatusOr<int64_t> DeleteDerivedKeys();

  RedisClient& redis_;
  const std::string owner_;
  const int64_t rebuild_lease_ms_;
};

// A lease owner name unique to this process start (host, pid, start time).
std::string ProcessOwnerName();

std::string TargetField(const std::string& indicator, const std::string& district);

}  // namespace skillbridge::aggregator
