#pragma once
// Shapes shared by every service store around AtomicWrite: the metadata each mutation carries
// (audit entry, idempotency record), its outcome (applied or replayed), records read together
// with their exact bytes (the optimistic-concurrency guard), and the mapping of guard refusal
// reasons to canonical errors. Pure helpers; thread-safe.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/atomic_write.h"
#include "common/redis/redis_client.h"
#include "skillbridge/common/v1/audit.pb.h"

namespace skillbridge {

struct MutationMeta {
  common::v1::AuditEntry audit;
  std::string idempotency_key;  // "" = no idempotency record
  std::string response_bytes;   // serialized response kept under idempotency_key
  // The record's id, drawn inside the write (IdSequence): its marker stands wherever the id goes,
  // in the record, keys, event, audit entry and response_bytes.
  std::optional<RedisSequence> id_sequence;
};

// Applied, or replayed from an earlier request with the same idempotency key.
struct WriteOutcome {
  bool replayed = false;
  std::string replay_bytes;
  std::string sequence_text;  // applied with a sequence: the number drawn (AtomicWrite::sequence)
};

// A record with the exact bytes it was read as.
template <typename Record>
struct Stored {
  Record record;
  std::string bytes;
};

// How a guard's refusal reason is reported to callers.
struct RefusalError {
  absl::StatusCode code;
  std::string message;
};
using RefusalTable = std::map<std::string, RefusalError, std::less<>>;

// An AtomicWrite carrying `meta`'s idempotency record, audit entry and id sequence, and
// `event_payload`.
AtomicWrite NewAtomicWrite(const MutationMeta& meta, std::string_view event_stream, std::string event_payload,
                           std::string_view audit_stream);

// kApplied → {sequence_text}, kReplayed → {replayed, bytes}, kRefused → the table's error with the reason
// (unknown reasons → ABORTED).
absl::StatusOr<WriteOutcome> OutcomeOf(const AtomicWriteResult& result, const RefusalTable& refusals);

// Applies `writes` (one script call) as one step, for a change that emits several events (one per
// AtomicWrite): the first write sets the key `link`, every later one is guarded by it (refused
// with `link_refusal` when absent) and the last one removes it; so when the first is replayed or
// refused, none of the others applies. The outcome is the first write's (OutcomeOf with
// `refusals`); a later write refused after the first was applied is INTERNAL naming `what`
// (it cannot happen while the stores own their keys). `link` must be a key of the caller's store
// that nothing else writes.
absl::StatusOr<WriteOutcome> ApplyLinkedWrites(RedisClient& redis, std::vector<AtomicWrite> writes,
                                               const std::string& link, std::string_view what,
                                               const RefusalTable& refusals,
                                               std::string_view link_refusal = "CONCURRENT_MODIFICATION");

}  // namespace skillbridge
