// Targets (分解目标): SetTarget (ADMIN; audited; request_id idempotent) and ListTargets.
#include <cmath>

#include "common/server/mutation_replies.h"
#include "common/status/errors.h"
#include "common/status/macros.h"
#include "common/validation/codes.h"
#include "services/aggregator/api/aggregator_handlers.h"
#include "services/aggregator/api/resource_names.h"

namespace skillbridge::aggregator {

absl::Status AggregatorHandlers::SetTarget(const CallContext& call, const v1::SetTargetRequest& request,
                                           v1::SetTargetResponse* response) {
  const v1::Target& t = request.target();
  SB_RETURN_IF_ERROR(ValidateRequestId(request.request_id(), "request_id"));
  if (catalogue_->Find(t.indicator_id()) == nullptr) {
    return InvalidArgumentError("target.indicator_id", "is not an indicator of the catalogue");
  }
  SB_RETURN_IF_ERROR(ValidateYear(t.year(), "target.year"));
  SB_RETURN_IF_ERROR(ValidateDistrict(t.district_code(), "target.district_code"));
  if (!std::isfinite(t.value()) || t.value() < 0 || t.value() > 1e15) {
    return InvalidArgumentError("target.value", "must be a finite number from 0 to 1e15");
  }
  v1::Target* stored = response->mutable_target();
  *stored = t;
  stored->set_updated_by(call.principal.name);
  *stored->mutable_update_time() = ToTimestamp(call.now);
  const std::string idempotency_key = IdempotencyKeyFor(keys::kPrefix, call, request.request_id());
  const MutationMeta meta = MutationMetaFor(call, names::Target(t.indicator_id(), t.year(), t.district_code()),
                                            request.request_id(), idempotency_key, *response);
  return FinishMutation(call, store_.SetTarget(*stored, meta), response);
}

absl::Status AggregatorHandlers::ListTargets(const CallContext&, const v1::ListTargetsRequest& request,
                                             v1::ListTargetsResponse* response) {
  SB_RETURN_IF_ERROR(ValidateYear(request.year(), "year"));
  SB_ASSIGN_OR_RETURN(const auto targets, store_.Targets(request.year()));
  for (const auto& [field, target] : targets) {
    if (request.indicator_id().empty() || target.indicator_id() == request.indicator_id()) {
      *response->add_targets() = target;
    }
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::aggregator
