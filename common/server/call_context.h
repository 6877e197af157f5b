#pragma once
// What a handler knows about the call it serves: who called, which method, until when.
// Built by ServiceRuntime per call; read-only for handlers.

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

  // An audit entry of a successful mutation by this call (outcome "OK").
  common::v1::AuditEntry AuditEntryFor(std::string_view resource, std::string_view request_id) const;
};

}  // namespace skillbridge
