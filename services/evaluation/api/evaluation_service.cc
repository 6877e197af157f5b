#include "services/evaluation/api/evaluation_service.h"

namespace skillbridge::evaluation {

#define SKILLBRIDGE_DEFINE_RPC(Method)                                                                            \
  grpc::ServerUnaryReactor* EvaluationGrpcService::Method(                                                        \
      grpc::CallbackServerContext* context, const v1::Method##Request* request, v1::Method##Response* response) { \
    return runtime_.Handle(context, request, response, #Method,                                                   \
                           [this](const CallContext& call, const v1::Method##Request& req,                        \
                                  v1::Method##Response* resp) { return handlers_.Method(call, req, resp); });     \
  }

SKILLBRIDGE_DEFINE_RPC(CreateEvaluationOrg)
SKILLBRIDGE_DEFINE_RPC(GetEvaluationOrg)
SKILLBRIDGE_DEFINE_RPC(ListEvaluationOrgs)
SKILLBRIDGE_DEFINE_RPC(StartFilingAssessment)
SKILLBRIDGE_DEFINE_RPC(ApproveFiling)
SKILLBRIDGE_DEFINE_RPC(SuspendFiling)
SKILLBRIDGE_DEFINE_RPC(RevokeFiling)
SKILLBRIDGE_DEFINE_RPC(UpdateFilingScope)
SKILLBRIDGE_DEFINE_RPC(IssueCertificate)
SKILLBRIDGE_DEFINE_RPC(BatchIssueCertificates)
SKILLBRIDGE_DEFINE_RPC(GetCertificate)
SKILLBRIDGE_DEFINE_RPC(ListCertificates)
SKILLBRIDGE_DEFINE_RPC(RevokeCertificate)
SKILLBRIDGE_DEFINE_RPC(VerifyCertificate)
SKILLBRIDGE_DEFINE_RPC(RegisterIntroduction)
SKILLBRIDGE_DEFINE_RPC(ListIntroductions)
SKILLBRIDGE_DEFINE_RPC(UpsertEnterprise)
SKILLBRIDGE_DEFINE_RPC(GetEnterprise)
SKILLBRIDGE_DEFINE_RPC(ListEnterprises)
SKILLBRIDGE_DEFINE_RPC(GetSelfEvaluationCoverage)
SKILLBRIDGE_DEFINE_RPC(GetEvaluationStats)
SKILLBRIDGE_DEFINE_RPC(ListEvents)
SKILLBRIDGE_DEFINE_RPC(ListAuditEntries)

#undef SKILLBRIDGE_DEFINE_RPC

}  // namespace skillbridge::evaluation
