#pragma once
// What a handler knows about the call it serves: who called, which method, until when, and (for
// mutations) the fingerprint of the request its idempotency record is bound to.
// Built by ServiceRuntime per call; read-only for handlers except `replayed`, which the
// idempotency helpers (mutation_replies.h) set when they answer with an earlier call's result.
// One call, one thread: not for sharing between threads.

#include <string>
#include <string_view>

#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "skillbridge/common/v1/audit.pb.h"

namespace skillbridge {

struct CallContext {
  Principal principal;
  std::string service;  // full gRPC service name, e.g. skillbridge.evaluation.v1.EvaluationService
  std::string method;   // short RPC name, e.g. IssueCertificate
  absl::Time now;       // from the runtime's clock when the work started
  absl::Time deadline = absl::InfiniteFuture();
  std::string peer;
  std::string error_domain;  // ErrorInfo.domain of this service, e.g. "evaluation.skillbridge"
  // Mutations: 32 hex characters of the SHA-256 of the request as the handler sees it (unknown
  // and output-only fields dropped). A retry must send the same request under the same request_id.
  std::string request_fingerprint;
  // Set when the answer is an earlier call's stored result (reported in the log line and as the
  // "skillbridge-replayed: true" trailer).
  mutable bool replayed = false;

  // An audit entry of a successful mutation by this call (outcome "OK").
  common::v1::AuditEntry AuditEntryFor(std::string_view resource, std::string_view request_id) const;
};

}  // namespace skillbridge
