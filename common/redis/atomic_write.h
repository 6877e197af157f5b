#pragma once
// AtomicWrite: the single write path of every service store. One write = guards that must all
// hold + operations + an optional change event + an optional audit entry + an optional
// idempotency record + an optional sequence number drawn inside the same step, applied by one Lua
// script (atomic in Redis: all or nothing).
// Only the strings that hold a sequence's marker are searched for it (the encoder marks them).
//
// ApplyAtomicWrites runs many writes in one script call, each on its own (a refused item does
// not stop the others); later items see the effects of earlier ones. Thread-safe (stateless).
//
// Semantics per write, in order:
//  1. idempotency_key set and present in Redis → kReplayed with the stored value; nothing else.
//  2. sequence set: its counter is incremented; the text prefix + value zero-padded to width +
//     suffix (exactly as long as the marker) replaces every occurrence of the marker in the
//     write's keys, fields, values, payloads and idempotency value, and is returned. Above `max`
//     → kRefused with exhausted_reason (the increment undone).
//  3. each guard checked; the first that fails → kRefused with its reason; nothing written (the
//     sequence increment undone: numbers stay gap-free).
//  4. ops applied in order; event XADDed to event_stream (id returned); audit XADDed to
//     audit_stream; idempotency_key SET to idempotency_value with idempotency_ttl_seconds.
// A batch may carry a record of its own (AtomicBatchRecord): the idempotency record and audit
// entry of the whole call, written in the same script call as its writes; when the record exists
// already, nothing is written and its stored results are returned instead (see ApplyAtomicBatch).
// One write costs one round trip for all of this (a batch: one for all its writes), so callers
// need no lookup before writing: replay, numbering and the guards all happen in the script.
//
// The script is common/redis/lua/atomic_write.lua, embedded at build time; its input is one
// MessagePack array decoded by Redis's cmsgpack. It does not check key types (the stores own
// their keys and give each one type): a key of another type, changed by hand, makes Redis fail
// the call at that command, with the batch's earlier writes applied. Keys travel in ARGV
// (single-node Redis; Redis Cluster would need them in KEYS, sharing one hash slot per call).
// Errors: INVALID_ARGUMENT when a write is malformed on the C++ side (empty key, NaN score,
// non-positive ttl with an idempotency key, a sequence whose text would not match its marker) —
// nothing is sent; the script re-checks the shape of its whole input before writing and fails with
// INTERNAL (reason MALFORMED_ATOMIC_WRITE), writing nothing; UNAVAILABLE when Redis is unreachable
// (the call may or may not have been applied: retry with the same idempotency keys). A Redis error
// while applying ops (e.g. integer overflow) fails the call with INTERNAL; earlier writes of the
// batch stay applied.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/redis/redis_client.h"

namespace skillbridge {

struct RedisGuard {
  enum class Kind {
    kKeyAbsent,         // key does not exist
    kKeyPresent,        // key exists
    kValueEquals,       // GET key == value
    kHashFieldAbsent,   // HEXISTS key field == 0
    kHashFieldEquals,   // HGET key field == value (missing field compares as "")
    kHashFieldBelow,    // tonumber(HGET key field or 0) < limit
    kSetSizeBelow,      // SCARD key < limit
    kNotSetMember,      // SISMEMBER key value == 0
    kHashFieldAtLeast,  // tonumber(HGET key field) >= limit (a missing field fails)
  };
  Kind kind = Kind::kKeyAbsent;
  std::string key;
  std::string field;
  std::string value;
  int64_t limit = 0;
  // Reason code reported when this guard fails, e.g. "DUPLICATE_CERTIFICATE".
  std::string reason;
};

struct RedisOp {
  enum class Kind {
    kSet,      // SET key value
    kDel,      // DEL key
    kHSet,     // HSET key field value
    kHDel,     // HDEL key field
    kHIncrBy,  // HINCRBY key field amount
    kSAdd,     // SADD key value
    kSRem,     // SREM key value
    kZAdd,     // ZADD key score value
    kZRem,     // ZREM key value
    kIncrBy,   // INCRBY key amount
    kHAppend,  // HSET key field (HGET key field) .. " " .. value, or value when the field is missing:
               // a small list of tokens (value must hold no space)
  };
  Kind kind = Kind::kSet;
  std::string key;
  std::string field;
  std::string value;
  int64_t amount = 0;  // kHIncrBy, kIncrBy
  double score = 0;    // kZAdd
};

// A number drawn from a counter inside the write (e.g. a certificate serial): see step 2 above.
struct RedisSequence {
  std::string key;     // the counter (INCR)
  std::string marker;  // placeholder the caller put wherever the number goes (SequenceMarker)
  std::string prefix;
  int width = 6;  // digits, zero-padded
  std::string suffix;
  int64_t max = 999999;  // at most 10^width - 1
  std::string exhausted_reason;
};

// A placeholder of `length` bytes that no valid record, key or validated text contains: ASCII
// record separators (0x1E), a control character every text validator refuses and that is still
// valid UTF-8, so a message holding it serializes without complaint.
std::string SequenceMarker(size_t length);

// A record id "<prefix><counter, zero-padded to width>" drawn inside the write from the counter
// `key` (e.g. "C0000000042" for prefix "C", width 10): the caller puts `marker` where the id goes
// (record, keys, index members, event, audit entry, stored response) and reads the drawn id from
// the outcome. Refused writes take no id, so ids stay gap-free. Reason when the counter passes
// 10^width - 1: IDS_EXHAUSTED.
RedisSequence IdSequence(std::string key, std::string prefix, int width);

struct AtomicWrite {
  std::string idempotency_key;
  std::string idempotency_value;
  int64_t idempotency_ttl_seconds = 7 * 24 * 3600;
  std::vector<RedisGuard> guards;
  std::vector<RedisOp> ops;
  std::string event_stream;   // empty = no event
  std::string event_payload;  // serialized event message (stream field "e")
  std::string audit_stream;   // empty = no audit
  std::string audit_payload;  // serialized common.v1.AuditEntry (stream field "a")
  std::optional<RedisSequence> sequence;
};

// The record a batch call keeps of itself (one per call rather than one per write).
struct AtomicBatchRecord {
  std::string key;  // its idempotency key; "" = none (the audit entry alone)
  int64_t ttl_seconds = 7 * 24 * 3600;
  // One per write, kept with that write's result (e.g. the request item index); no TAB or LF.
  std::vector<std::string> labels;
  std::string audit_stream;   // empty = no audit entry
  std::string audit_payload;  // serialized common.v1.AuditEntry
  // Kept with the record and handed back with a retry's outcome (e.g. the fingerprint of the
  // request, so that a retry with other content can be told apart); no TAB or LF.
  std::string fingerprint;
};

struct AtomicWriteResult {
  enum class Outcome { kApplied, kReplayed, kRefused };
  Outcome outcome = Outcome::kApplied;
  std::string event_id;        // kApplied with an event
  std::string sequence_text;   // kApplied with a sequence: the text that replaced the marker
  std::string replay_value;    // kReplayed
  std::string refused_reason;  // kRefused: the failing guard's reason
  int refused_guard = -1;      // kRefused: index of the failing guard
};

// Applies `writes` in one script call (callers keep batches to a few thousand items).
absl::StatusOr<std::vector<AtomicWriteResult>> ApplyAtomicWrites(RedisClient& redis,
                                                                 const std::vector<AtomicWrite>& writes);

// A batch with its record: either freshly applied (`results`, one per write) or a retry whose
// record was found (`replayed`, with the first call's results, labelled, in `recorded`).
struct AtomicBatchOutcome {
  bool replayed = false;
  std::vector<AtomicWriteResult> results;
  // (label, result): applied with its sequence text (no event id), or refused with its reason.
  std::vector<std::pair<std::string, AtomicWriteResult>> recorded;
  std::string recorded_fingerprint;  // the first call's AtomicBatchRecord::fingerprint
};

// Applies `writes` with `record` in one script call. The writes must not carry idempotency keys
// of their own (INVALID_ARGUMENT), and record.labels holds one label per write.
absl::StatusOr<AtomicBatchOutcome> ApplyAtomicBatch(RedisClient& redis, const std::vector<AtomicWrite>& writes,
                                                    const AtomicBatchRecord& record);

// Convenience for one write.
absl::StatusOr<AtomicWriteResult> ApplyAtomicWrite(RedisClient& redis, const AtomicWrite& write);

// The script itself (loaded at start-up by the stores).
const LuaScript& AtomicWriteScript();

}  // namespace skillbridge
