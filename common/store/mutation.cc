#include "common/store/mutation.h"

#include "absl/strings/str_cat.h"
#include "common/status/errors.h"

namespace skillbridge {

AtomicWrite NewAtomicWrite(const MutationMeta& meta, std::string_view event_stream, std::string event_payload,
                           std::string_view audit_stream) {
  AtomicWrite write;
  write.idempotency_key = meta.idempotency_key;
  if (!meta.idempotency_key.empty()) {
    write.idempotency_value = meta.response_bytes;
  }
  write.event_stream = std::string(event_stream);
  write.event_payload = std::move(event_payload);
  write.audit_stream = std::string(audit_stream);
  write.audit_payload = meta.audit.SerializeAsString();
  write.sequence = meta.id_sequence;
  return write;
}

absl::StatusOr<WriteOutcome> OutcomeOf(const AtomicWriteResult& result, const RefusalTable& refusals) {
  switch (result.outcome) {
    case AtomicWriteResult::Outcome::kApplied:
      return WriteOutcome{false, std::string(), result.sequence_text};
    case AtomicWriteResult::Outcome::kReplayed:
      return WriteOutcome{true, result.replay_value, std::string()};
    case AtomicWriteResult::Outcome::kRefused:
      break;
  }
  auto it = refusals.find(result.refused_reason);
  if (it == refusals.end()) {
    return ErrorWithReason(absl::StatusCode::kAborted, result.refused_reason,
                           absl::StrCat("the write was refused (", result.refused_reason, "); retry"));
  }
  return ErrorWithReason(it->second.code, result.refused_reason, it->second.message);
}

}  // namespace skillbridge
