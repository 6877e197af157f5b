#pragma once
// Shapes shared by every service store around AtomicWrite: the metadata each mutation carries
// (audit entry, idempotency record), its outcome (applied or replayed), records read together
// with their exact bytes (the optimistic-concurrency guard), and the mapping of guard refusal
// reasons to canonical errors. Pure helpers; thread-safe.

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/redis/atomic_write.h"
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

}  // namespace skillbridge
