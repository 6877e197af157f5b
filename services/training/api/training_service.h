#pragma once
// The gRPC adapter of the training service: each callback method hands its request to
// ServiceRuntime (authentication, permission table, executor, error conversion, metrics, logs,
// audit of refusals) with the matching TrainingHandlers method. Thread-safe.

#include "common/server/service_runtime.h"
#include "services/training/api/training_handlers.h"
#include "skillbridge/training/v1/training.grpc.pb.h"

namespace skillbridge::training {

class TrainingGrpcService final : public v1::TrainingService::CallbackService {
 public:
  TrainingGrpcService(ServiceRuntime& runtime, TrainingHandlers& handlers) : runtime_(runtime), handlers_(handlers) {}

#define SKILLBRIDGE_DECLARE_RPC(Method)                                                                      \
  grpc::ServerUnaryReactor* Method(grpc::CallbackServerContext* context, const v1::Method##Request* request, \
                                   v1::Method##Response* response) override;
  SKILLBRIDGE_DECLARE_RPC(CreateInstitution)
  SKILLBRIDGE_DECLARE_RPC(UpdateInstitution)
  SKILLBRIDGE_DECLARE_RPC(UpdateInstitutionContact)
  SKILLBRIDGE_DECLARE_RPC(GetInstitution)
  SKILLBRIDGE_DECLARE_RPC(ListInstitutions)
  SKILLBRIDGE_DECLARE_RPC(UpsertCatalogEntry)
  SKILLBRIDGE_DECLARE_RPC(GetCatalogEntry)
  SKILLBRIDGE_DECLARE_RPC(ListCatalogEntries)
  SKILLBRIDGE_DECLARE_RPC(CreateCourse)
  SKILLBRIDGE_DECLARE_RPC(GetCourse)
  SKILLBRIDGE_DECLARE_RPC(ListCourses)
  SKILLBRIDGE_DECLARE_RPC(CancelCourse)
  SKILLBRIDGE_DECLARE_RPC(EnrollPerson)
  SKILLBRIDGE_DECLARE_RPC(BatchEnrollPersons)
  SKILLBRIDGE_DECLARE_RPC(CompleteEnrollment)
  SKILLBRIDGE_DECLARE_RPC(DropEnrollment)
  SKILLBRIDGE_DECLARE_RPC(GetEnrollment)
  SKILLBRIDGE_DECLARE_RPC(ListEnrollments)
  SKILLBRIDGE_DECLARE_RPC(SubmitSubsidyClaim)
  SKILLBRIDGE_DECLARE_RPC(ApproveSubsidyClaim)
  SKILLBRIDGE_DECLARE_RPC(RejectSubsidyClaim)
  SKILLBRIDGE_DECLARE_RPC(MarkSubsidyClaimPaid)
  SKILLBRIDGE_DECLARE_RPC(GetSubsidyClaim)
  SKILLBRIDGE_DECLARE_RPC(ListSubsidyClaims)
  SKILLBRIDGE_DECLARE_RPC(GetTrainingStats)
  SKILLBRIDGE_DECLARE_RPC(ListEvents)
  SKILLBRIDGE_DECLARE_RPC(ListAuditEntries)
#undef SKILLBRIDGE_DECLARE_RPC

 private:
  ServiceRuntime& runtime_;
  TrainingHandlers& handlers_;
};

}  // namespace skillbridge::training
