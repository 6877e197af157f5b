#include "services/training/api/training_service.h"

namespace skillbridge::training {

#define SKILLBRIDGE_DEFINE_RPC(Method)                                                                            \
  grpc::ServerUnaryReactor* TrainingGrpcService::Method(                                                          \
      grpc::CallbackServerContext* context, const v1::Method##Request* request, v1::Method##Response* response) { \
    return runtime_.Handle(context, request, response, #Method,                                                   \
                           [this](const CallContext& call, const v1::Method##Request& req,                        \
                                  v1::Method##Response* resp) { return handlers_.Method(call, req, resp); });     \
  }

SKILLBRIDGE_DEFINE_RPC(CreateInstitution)
SKILLBRIDGE_DEFINE_RPC(UpdateInstitution)
SKILLBRIDGE_DEFINE_RPC(UpdateInstitutionContact)
SKILLBRIDGE_DEFINE_RPC(GetInstitution)
SKILLBRIDGE_DEFINE_RPC(ListInstitutions)
SKILLBRIDGE_DEFINE_RPC(UpsertCatalogEntry)
SKILLBRIDGE_DEFINE_RPC(GetCatalogEntry)
SKILLBRIDGE_DEFINE_RPC(ListCatalogEntries)
SKILLBRIDGE_DEFINE_RPC(CreateCourse)
SKILLBRIDGE_DEFINE_RPC(GetCourse)
SKILLBRIDGE_DEFINE_RPC(ListCourses)
SKILLBRIDGE_DEFINE_RPC(CancelCourse)
SKILLBRIDGE_DEFINE_RPC(EnrollPerson)
SKILLBRIDGE_DEFINE_RPC(BatchEnrollPersons)
SKILLBRIDGE_DEFINE_RPC(CompleteEnrollment)
SKILLBRIDGE_DEFINE_RPC(DropEnrollment)
SKILLBRIDGE_DEFINE_RPC(GetEnrollment)
SKILLBRIDGE_DEFINE_RPC(ListEnrollments)
SKILLBRIDGE_DEFINE_RPC(SubmitSubsidyClaim)
SKILLBRIDGE_DEFINE_RPC(ApproveSubsidyClaim)
SKILLBRIDGE_DEFINE_RPC(RejectSubsidyClaim)
SKILLBRIDGE_DEFINE_RPC(MarkSubsidyClaimPaid)
SKILLBRIDGE_DEFINE_RPC(GetSubsidyClaim)
SKILLBRIDGE_DEFINE_RPC(ListSubsidyClaims)
SKILLBRIDGE_DEFINE_RPC(GetTrainingStats)
SKILLBRIDGE_DEFINE_RPC(ListEvents)
SKILLBRIDGE_DEFINE_RPC(ListAuditEntries)

#undef SKILLBRIDGE_DEFINE_RPC

}  // namespace skillbridge::training
