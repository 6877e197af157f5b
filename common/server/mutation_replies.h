#pragma once
// The idempotency plumbing every service's mutation handlers share (DESIGN §5: a retry with the
// same request_id returns the first result):
//  - IdempotencyKeyFor: where a request's idempotency record lives;
//  - IdempotentRecordFor / ReplayedResponseBytes: a record is the response bound to the
//    fingerprint of the request that made it (CallContext::request_fingerprint); replaying it for
//    a request with another fingerprint is refused (FAILED_PRECONDITION REQUEST_ID_REUSED: a
//    request_id names one request), and a replay marks the call (CallContext::replayed);
//  - MutationMetaFor: the audit entry of the call plus, when there is an idempotency key, the
//    response to keep under it;
//  - ReplayIdempotent: fills the response from an earlier request with the same key (true when
//    it did), before any validation against current state;
//  - FinishMutation: after the atomic write, a replayed outcome (a racing duplicate won) replaces
//    the fresh response with the stored one; FinishMutationWithDrawnId also puts an id drawn in
//    the write into the fresh response.
// Pure apart from the store lookup; thread-safe as the store is (a CallContext is one call's).

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/server/call_context.h"
#include "common/status/errors.h"
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

// The stored form of `response_bytes` under an idempotency key: "\x01", the call's request
// fingerprint (32 characters; zeros when it has none), then the bytes. (A serialized message never
// starts with 0x01, so records of an older format, the bare response, are told apart.)
inline std::string IdempotentRecordFor(const CallContext& call, std::string_view response_bytes) {
  std::string record;
  record.reserve(1 + 32 + response_bytes.size());
  record.push_back('\x01');
  record.append(call.request_fingerprint.size() == 32 ? call.request_fingerprint : std::string(32, '0'));
  record.append(response_bytes.data(), response_bytes.size());
  return record;
}

// Whether a record made with `recorded_fingerprint` may answer this call: yes (and the call is
// marked replayed) when it is this request's fingerprint or unknown (empty or zeros: a record of
// an older format, or made without one); FAILED_PRECONDITION REQUEST_ID_REUSED otherwise (nothing
// is written then: the caller stops here).
inline absl::Status CheckSameRequest(const CallContext& call, std::string_view recorded_fingerprint) {
  constexpr std::string_view kUnknown = "00000000000000000000000000000000";
  if (!recorded_fingerprint.empty() && recorded_fingerprint != kUnknown && call.request_fingerprint.size() == 32 &&
      recorded_fingerprint != call.request_fingerprint) {
    return FailedPreconditionError("REQUEST_ID_REUSED",
                                   "this request_id was used before for a request with other content; a retry "
                                   "must send the same request, a new request needs a new request_id");
  }
  call.replayed = true;
  return absl::OkStatus();
}

// The response bytes of a stored record (IdempotentRecordFor), when it was made for this same
// request (CheckSameRequest).
inline absl::StatusOr<std::string_view> ReplayedResponseBytes(const CallContext& call, std::string_view stored) {
  std::string_view fingerprint;
  if (stored.size() >= 33 && stored[0] == '\x01') {
    fingerprint = stored.substr(1, 32);
    stored.remove_prefix(33);
  }
  SB_RETURN_IF_ERROR(CheckSameRequest(call, fingerprint));
  return stored;
}

// Parses a stored record into `response`: ReplayedResponseBytes, then DATA_LOSS when it does not
// parse.
inline absl::Status ParseReplayed(const CallContext& call, std::string_view stored,
                                  google::protobuf::Message* response) {
  SB_ASSIGN_OR_RETURN(const std::string_view bytes, ReplayedResponseBytes(call, stored));
  if (!response->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("stored idempotent response does not parse");
  }
  return absl::OkStatus();
}

inline MutationMeta MutationMetaFor(const CallContext& call, std::string_view resource, const std::string& request_id,
                                    std::string idempotency_key, const google::protobuf::Message& response) {
  MutationMeta meta;
  meta.audit = call.AuditEntryFor(resource, request_id);
  meta.idempotency_key = std::move(idempotency_key);
  if (!meta.idempotency_key.empty()) {
    meta.response_bytes = IdempotentRecordFor(call, response.SerializeAsString());
  }
  return meta;
}

// `store.LookupIdempotent(key)` → absl::StatusOr<std::optional<std::string>>.
template <typename Store, typename Response>
absl::StatusOr<bool> ReplayIdempotent(Store& store, const CallContext& call, const std::string& key,
                                      Response* response) {
  auto stored = store.LookupIdempotent(key);
  if (!stored.ok()) {
    return stored.status();
  }
  if (!stored->has_value()) {
    return false;
  }
  SB_RETURN_IF_ERROR(ParseReplayed(call, **stored, response));
  return true;
}

template <typename Response>
absl::Status FinishMutation(const CallContext& call, const absl::StatusOr<WriteOutcome>& outcome, Response* response) {
  if (!outcome.ok()) {
    return outcome.status();
  }
  if (outcome->replayed) {
    return ParseReplayed(call, outcome->replay_bytes, response);
  }
  return absl::OkStatus();
}

// FinishMutation for a write that drew its record's id (MutationMeta::id_sequence): when it was
// applied, `set_id(drawn id)` puts the id in the fresh response where the marker stood.
template <typename Response, typename SetId>
absl::Status FinishMutationWithDrawnId(const CallContext& call, const absl::StatusOr<WriteOutcome>& outcome,
                                       Response* response, SetId set_id) {
  SB_RETURN_IF_ERROR(FinishMutation(call, outcome, response));
  if (!outcome->replayed) {
    if (outcome->sequence_text.empty()) {
      return absl::InternalError("the write drew no id");
    }
    set_id(outcome->sequence_text);
  }
  return absl::OkStatus();
}

}  // namespace skillbridge
