#pragma once
// The gRPC adapter of the evaluation service: each callback method hands its request to
// ServiceRuntime (authentication, permission table, executor, error conversion, metrics, logs,
// audit of refusals) with the matching EvaluationHandlers method. Thread-safe.

#include "common/server/service_runtime.h"
#include "services/evaluation/api/evaluation_handlers.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"

namespace skillbridge::evaluation {

class EvaluationGrpcService final : public v1::EvaluationService::CallbackService {
 public:
  EvaluationGrpcService(ServiceRuntime& runtime, EvaluationHandlers& handlers)
      : runtime_(runtime), handlers_(handlers) {}

#define SKILLBRIDGE_DECLARE_RPC(Method)                                                                      \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context, const v1::Method##Request* request, \
                                   v1::Method##Response* response) override;
  SKILLBRIDGE_DECLARE_RPC(CreateEvaluationOrg)
  SKILLBRIDGE_DECLARE_RPC(GetEvaluationOrg)
  SKILLBRIDGE_DECLARE_RPC(ListEvaluationOrgs)
  SKILLBRIDGE_DECLARE_RPC(StartFilingAssessment)
  SKILLBRIDGE_DECLARE_RPC(ApproveFiling)
  SKILLBRIDGE_DECLARE_RPC(SuspendFiling)
  SKILLBRIDGE_DECLARE_RPC(RevokeFiling)
  SKILLBRIDGE_DECLARE_RPC(UpdateFilingScope)
  SKILLBRIDGE_DECLARE_RPC(IssueCertificate)
  SKILLBRIDGE_DECLARE_RPC(BatchIssueCertificates)
  SKILLBRIDGE_DECLARE_RPC(GetCertificate)
  SKILLBRIDGE_DECLARE_RPC(ListCertificates)
  SKILLBRIDGE_DECLARE_RPC(RevokeCertificate)
  SKILLBRIDGE_DECLARE_RPC(VerifyCertificate)
  SKILLBRIDGE_DECLARE_RPC(RegisterIntroduction)
  SKILLBRIDGE_DECLARE_RPC(ListIntroductions)
  SKILLBRIDGE_DECLARE_RPC(UpsertEnterprise)
  SKILLBRIDGE_DECLARE_RPC(GetEnterprise)
  SKILLBRIDGE_DECLARE_RPC(ListEnterprises)
  SKILLBRIDGE_DECLARE_RPC(GetSelfEvaluationCoverage)
  SKILLBRIDGE_DECLARE_RPC(GetEvaluationStats)
  SKILLBRIDGE_DECLARE_RPC(ListEvents)
  SKILLBRIDGE_DECLARE_RPC(ListAuditEntries)
#undef SKILLBRIDGE_DECLARE_RPC

 private:
  ServiceRuntime& runtime_;
  EvaluationHandlers& handlers_;
};

}  // namespace skillbridge::evaluation
