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

absl::StatusOr<WriteOutcome> ApplyLinkedWrites(RedisClient& redis, std::vector<AtomicWrite> writes,
                                               const std::string& link, std::string_view what,
                                               const RefusalTable& refusals, std::string_view link_refusal) {
  if (writes.empty()) {
    return absl::InvalidArgumentError("a linked write needs at least one write");
  }
  if (writes.size() > 1) {
    writes.front().ops.push_back(RedisOp{RedisOp::Kind::kSet, link, "", "1"});
    for (size_t i = 1; i < writes.size(); ++i) {
      RedisGuard present;
      present.kind = RedisGuard::Kind::kKeyPresent;
      present.key = link;
      present.reason = std::string(link_refusal);
      writes[i].guards.insert(writes[i].guards.begin(), std::move(present));
    }
    writes.back().ops.push_back(RedisOp{RedisOp::Kind::kDel, link, "", ""});
  }
  absl::StatusOr<std::vector<AtomicWriteResult>> results = ApplyAtomicWrites(redis, writes);
  if (!results.ok()) {
    return results.status();
  }
  if (results->size() != writes.size()) {
    return absl::InternalError("the atomic write returned a result count other than the write count");
  }
  absl::StatusOr<WriteOutcome> outcome = OutcomeOf(results->front(), refusals);
  if (!outcome.ok() || outcome->replayed) {
    return outcome;
  }
  for (size_t i = 1; i < results->size(); ++i) {
    if ((*results)[i].outcome != AtomicWriteResult::Outcome::kApplied) {
      return absl::InternalError(absl::StrCat(absl::string_view(what.data(), what.size()), " was written but its part ",
                                              i, " was refused (", (*results)[i].refused_reason, ")"));
    }
  }
  return outcome;
}

}  // namespace skillbridge
