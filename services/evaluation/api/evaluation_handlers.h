#pragma once
// EvaluationHandlers: one method per RPC of skillbridge.evaluation.v1.EvaluationService, as plain
// synchronous code: validate the request, check the caller's scope, apply the domain rules, and
// read or write through the store. No gRPC types: the adapter generated from the RPC table
// (evaluation_service_traits.h) wraps these with ServiceRuntime, which has already cleared the
// request's output-only and unknown fields. The definitions are split by resource:
// org_handlers.cc (organisations and their filing), certificate_handlers.cc,
// register_handlers.cc (introductions, enterprises, coverage), promotion_handlers.cc (competition
// promotion certificates and a person's level) and feed_handlers.cc (stats, change feed, audit). Errors: as documented
// per RPC in docs/api.md. Thread-safe (immutable references and a thread-safe issuer cache).

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "services/evaluation/api/evaluation_rpcs.h"
#include "services/evaluation/api/issuer_cache.h"
#include "services/evaluation/store/evaluation_store.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

class EvaluationHandlers final {
 public:
  EvaluationHandlers(EvaluationStore& store, std::shared_ptr<const ReferenceData> reference)
      : store_(store), reference_(std::move(reference)) {}

  SKILLBRIDGE_EVALUATION_RPCS(SB_DECLARE_HANDLER)

 private:
  // The filing steps and the scope update share one path (org_handlers.cc).
  struct TransitionRequest;
  absl::Status Transition(const CallContext& call, const TransitionRequest& request);

  EvaluationStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  IssuerCache issuers_;  // the organisations certificates are issued by (certificate_handlers.cc)
};

}  // namespace skillbridge::evaluation
