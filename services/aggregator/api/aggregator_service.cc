#include "services/aggregator/api/aggregator_service.h"

namespace skillbridge::aggregator {

#define SKILLBRIDGE_DEFINE_RPC(Method)                                                                            \
  grpc::ServerUnaryReactor* AggregatorGrpcService::Method(                                                        \
      grpc::CallbackServerContext* context, const v1::Method##Request* request, v1::Method##Response* response) { \
    return runtime_.Handle(context, request, response, #Method,                                                   \
                           [this](const CallContext& call, const v1::Method##Request& req,                        \
                                  v1::Method##Response* resp) { return handlers_.Method(call, req, resp); });     \
  }

SKILLBRIDGE_DEFINE_RPC(ListIndicators)
SKILLBRIDGE_DEFINE_RPC(GetDashboard)
SKILLBRIDGE_DEFINE_RPC(GetTrend)
SKILLBRIDGE_DEFINE_RPC(GetDistrictRanking)
SKILLBRIDGE_DEFINE_RPC(GetIndustryChainView)
SKILLBRIDGE_DEFINE_RPC(SetTarget)
SKILLBRIDGE_DEFINE_RPC(ListTargets)
SKILLBRIDGE_DEFINE_RPC(GetTalentProfile)
SKILLBRIDGE_DEFINE_RPC(GetSourceStatus)
SKILLBRIDGE_DEFINE_RPC(RebuildViews)
SKILLBRIDGE_DEFINE_RPC(ListAuditEntries)

#undef SKILLBRIDGE_DEFINE_RPC

}  // namespace skillbridge::aggregator
