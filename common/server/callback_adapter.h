#pragma once
// SB_CALLBACK_ADAPTER(Name, GrpcService, Handlers, RPCS): the gRPC callback service of a service,
// generated from its RPC table (rpc_table.h). Each method hands its call to ServiceRuntime
// (authentication, permission table, bounded executor, error conversion, metrics, logs, audit of
// refusals) with the matching Handlers method. Used by a service's traits
// (common/server/standard_server.h). Header-only; the adapter is thread-safe (it only forwards).

#include <grpcpp/grpcpp.h>

#include "common/server/call_context.h"
#include "common/server/rpc_table.h"
#include "common/server/service_runtime.h"

// One callback method of the adapter: hands the call to ServiceRuntime with the handler method.
#define SB_ADAPTER_METHOD(Method, Kind, Roles)                                                                   \
  ::grpc::ServerUnaryReactor* Method(::grpc::CallbackServerContext* context, const v1::Method##Request* request, \
                                     v1::Method##Response* response) override {                                  \
    return runtime_.Handle(context, request, response, #Method,                                                  \
                           [this](const ::skillbridge::CallContext& call, const v1::Method##Request& req,        \
                                  v1::Method##Response* resp) { return handlers_.Method(call, req, resp); });    \
  }

// The gRPC callback service `Name` of `GrpcService` (e.g. v1::EvaluationService) forwarding every
// RPC of the table to `Handlers` through the runtime.
#define SB_CALLBACK_ADAPTER(Name, GrpcService, Handlers, RPCS)                                                   \
  class Name final : public GrpcService::CallbackService {                                                       \
   public:                                                                                                       \
    Name(::skillbridge::ServiceRuntime& runtime, Handlers& handlers) : runtime_(runtime), handlers_(handlers) {} \
    RPCS(SB_ADAPTER_METHOD)                                                                                      \
                                                                                                                 \
   private:                                                                                                      \
    ::skillbridge::ServiceRuntime& runtime_;                                                                     \
    Handlers& handlers_;                                                                                         \
  }
