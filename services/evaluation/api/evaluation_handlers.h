#pragma once
// EvaluationHandlers: one method per RPC of skillbridge.evaluation.v1.EvaluationService, as plain
// synchronous code: validate the request, check the caller's scope, apply the domain rules, and
// read or write through the store. No gRPC types: the adapter generated from the RPC table
// (evaluation_service_traits.h) wraps these with ServiceRuntime.
// Thread-safe (stateless besides immutable references).

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "services/evaluation/api/evaluation_rpcs.h"
#include "services/evaluation/domain/request_validation.h"
#include "services/evaluation/store/evaluation_store.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

class EvaluationHandlers final {
 public:
  EvaluationHandlers(EvaluationStore& store, std::shared_ptr<const ReferenceData> reference)
      : store_(store), reference_(std::move(reference)) {}

  SKILLBRIDGE_EVALUATION_RPCS(SB_DECLARE_HANDLER)

 private:
  struct TransitionRequest;
  absl::StatusOr<v1::EvaluationOrg> Transition(const CallContext& call, const TransitionRequest& request);
  ValidationContext ContextFor(const CallContext& call) const;

  EvaluationStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
};

}  // namespace skillbridge::evaluation
