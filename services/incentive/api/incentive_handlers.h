#pragma once
// IncentiveHandlers: one method per RPC of skillbridge.incentive.v1.IncentiveService, as plain
// synchronous code: validate the request, check the caller's role and scope, apply the domain
// rules (domain/), ask evaluation what must be checked live (client/evaluation_lookup.h: a
// person's levels, the enterprise register) and read or write through the stores. No gRPC server
// types: the adapter generated from the RPC table (incentive_service_traits.h) wraps these with
// ServiceRuntime, which also clears unknown and OUTPUT_ONLY fields from every request first. The
// methods are declared from the RPC table and defined per part: survey_handlers.cc,
// honour_handlers.cc, platform_handlers.cc, bridge_handlers.cc, feed_handlers.cc (statistics,
// change feed, audit); what they share is in handler_support.h.
// A call that needs evaluation and cannot reach it writes nothing (UNAVAILABLE,
// EVALUATION_UNAVAILABLE). Errors by reason code: docs/api.md (incentive). Thread-safe.

#include <memory>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "services/incentive/api/incentive_rpcs.h"
#include "services/incentive/client/evaluation_lookup.h"
#include "services/incentive/domain/bridge_policy.h"
#include "services/incentive/store/incentive_store.h"
#include "skillbridge/incentive/v1/incentive.pb.h"

namespace skillbridge::incentive {

class IncentiveHandlers final {
 public:
  IncentiveHandlers(IncentiveStore& store, std::shared_ptr<const ReferenceData> reference,
                    std::shared_ptr<EvaluationLookup> evaluation, std::shared_ptr<const BridgePolicy> bridge_policy)
      : store_(store),
        reference_(std::move(reference)),
        evaluation_(std::move(evaluation)),
        bridge_policy_(std::move(bridge_policy)) {}

  SKILLBRIDGE_INCENTIVE_RPCS(SB_DECLARE_HANDLER)

 private:
  IncentiveStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  std::shared_ptr<EvaluationLookup> evaluation_;
  std::shared_ptr<const BridgePolicy> bridge_policy_;
};

}  // namespace skillbridge::incentive
