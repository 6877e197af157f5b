#pragma once
// The idempotency plumbing every service's mutation handlers share (DESIGN §5: a retry with the
// same request_id returns the first result):
//  - IdempotencyKeyFor: where a request's idempotency record lives;
//  - MutationMetaFor: the audit entry of the call plus, when there is an idempotency key, the
//    response to keep under it;
//  - ReplayIdempotent: fills the response from an earlier request with the same key (true when
//    it did), before any validation against current state;
//  - FinishMutation: after the atomic write, a replayed outcome (a racing duplicate won) replaces
//    the fresh response with the stored one; FinishMutationWithDrawnId also puts an id drawn in
//    the write into the fresh response.
// Pure apart from the store lookup; thread-safe as the store is.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/server/call_context.h"
#include "common/status/macros.h"
#include "common/store/mutation.h"
#include "google/protobuf/message.h"

namespace skillbridge {

// The key of a request's idempotency record in the store whose keys start with `store_prefix`
// (e.g. "evaluation:"): "<store_prefix>idem:<method>:<principal>:<request_id>", so the same
// request_id of another caller or method never collides; "" when request_id is empty (no record).
inline std::string IdempotencyKeyFor(std::string_view store_prefix, const CallContext& call,
                                     std::string_view request_id) {
  if (request_id.empty()) {
    return std::string();
  }
  std::string key(store_prefix);
  key.append("idem:").append(call.method).append(":").append(call.principal.name).append(":").append(request_id);
  return key;
}

inline MutationMeta MutationMetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                                    std::string idempotency_key, const google::protobuf::Message& response) {
  MutationMeta meta;
  meta.audit = call.AuditEntryFor(resource, request_id);
  meta.idempotency_key = std::move(idempotency_key);
  if (!meta.idempotency_key.empty()) {
    meta.response_bytes = response.SerializeAsString();
  }
  return meta;
}

// `store.LookupIdempotent(key)` → absl::StatusOr<std::optional<std::string>>.
template <typename Store, typename Response>
absl::StatusOr<bool> ReplayIdempotent(Store& store, const std::string& key, Response* response) {
  auto stored = store.LookupIdempotent(key);
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return false;
  }
  if (!response->ParseFromString(**stored)) {
    return absl::DataLossError("stored idempotent response does not parse");
  }
  return true;
}

template <typename Response>
absl::Status FinishMutation(const absl::StatusOr<WriteOutcome>& outcome, Response* response) {
  if (!outcome.ok()) {
    return outcome.status();
  }
  if (outcome->replayed && !response->ParseFromString(outcome->replay_bytes)) {
    return absl::DataLossError("stored idempotent response does not parse");
  }
  return absl::OkStatus();
}

// FinishMutation for a write that drew its record's id (MutationMeta::id_sequence): when it was
// applied, `set_id(drawn id)` puts the id in the fresh response where the marker stood.
template <typename Response, typename SetId>
absl::Status FinishMutationWithDrawnId(const absl::StatusOr<WriteOutcome>& outcome, Response* response, SetId set_id) {
  SB_RETURN_IF_ERROR(FinishMutation(outcome, response));
  if (!outcome->replayed) {
    if (outcome->sequence_text.empty()) {
      return absl::InternalError("the write drew no id");
    }
    set_id(outcome->sequence_text);
  }
  return absl::OkStatus();
}

}  // namespace skillbridge
