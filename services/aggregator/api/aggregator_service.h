#pragma once
// The gRPC adapter of the aggregator: each callback method hands its request to ServiceRuntime
// with the matching AggregatorHandlers method. Thread-safe.

#include "common/server/service_runtime.h"
#include "services/aggregator/api/aggregator_handlers.h"
#include "skillbridge/aggregator/v1/aggregator.grpc.pb.h"

namespace skillbridge::aggregator {

class AggregatorGrpcService final : public v1::AggregatorService::CallbackService {
 public:
  AggregatorGrpcService(ServiceRuntime& runtime, AggregatorHandlers& handlers)
      : runtime_(runtime), handlers_(handlers) {}

#define SKILLBRIDGE_DECLARE_RPC(Method)                                                                      \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context, const v1::Method##Request* request, \
                                   v1::Method##Response* response) override;
  SKILLBRIDGE_DECLARE_RPC(ListIndicators)
  SKILLBRIDGE_DECLARE_RPC(GetDashboard)
  SKILLBRIDGE_DECLARE_RPC(GetTrend)
  SKILLBRIDGE_DECLARE_RPC(GetDistrictRanking)
  SKILLBRIDGE_DECLARE_RPC(GetIndustryChainView)
  SKILLBRIDGE_DECLARE_RPC(SetTarget)
  SKILLBRIDGE_DECLARE_RPC(ListTargets)
  SKILLBRIDGE_DECLARE_RPC(GetTalentProfile)
  SKILLBRIDGE_DECLARE_RPC(GetSourceStatus)
  SKILLBRIDGE_DECLARE_RPC(RebuildViews)
  SKILLBRIDGE_DECLARE_RPC(ListAuditEntries)
#undef SKILLBRIDGE_DECLARE_RPC

 private:
  ServiceRuntime& runtime_;
  AggregatorHandlers& handlers_;
};

}  // namespace skillbridge::aggregator
