#pragma once
// TrainingHandlers: one method per RPC of skillbridge.training.v1.TrainingService, as plain
// synchronous code: validate the request, check the caller's scope, apply the domain rules, and
// read or write through the store (and, for subsidy claims, check the certificate with the
// evaluation service). No gRPC server types: the adapter (training_service.h) wraps these with
// ServiceRuntime. Thread-safe (stateless besides immutable references).

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "services/training/client/certificate_verifier.h"
#include "services/training/store/training_store.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::training {

inline constexpr int kMaxBatchRows = 5000;

class TrainingHandlers final {
 public:
  TrainingHandlers(TrainingStore& store, std::shared_ptr<const ReferenceData> reference, CertificateVerifier& verifier)
      : store_(store), reference_(std::move(reference)), verifier_(verifier) {}

#define SKILLBRIDGE_TRAINING_HANDLER(Method) \
  absl::Status Method(const CallContext& call, const v1::Method##Request& request, v1::Method##Response* response);
  SKILLBRIDGE_TRAINING_HANDLER(CreateInstitution)
  SKILLBRIDGE_TRAINING_HANDLER(UpdateInstitution)
  SKILLBRIDGE_TRAINING_HANDLER(UpdateInstitutionContact)
  SKILLBRIDGE_TRAINING_HANDLER(GetInstitution)
  SKILLBRIDGE_TRAINING_HANDLER(ListInstitutions)
  SKILLBRIDGE_TRAINING_HANDLER(UpsertCatalogEntry)
  SKILLBRIDGE_TRAINING_HANDLER(GetCatalogEntry)
  SKILLBRIDGE_TRAINING_HANDLER(ListCatalogEntries)
  SKILLBRIDGE_TRAINING_HANDLER(CreateCourse)
  SKILLBRIDGE_TRAINING_HANDLER(GetCourse)
  SKILLBRIDGE_TRAINING_HANDLER(ListCourses)
  SKILLBRIDGE_TRAINING_HANDLER(CancelCourse)
  SKILLBRIDGE_TRAINING_HANDLER(EnrollPerson)
  SKILLBRIDGE_TRAINING_HANDLER(BatchEnrollPersons)
  SKILLBRIDGE_TRAINING_HANDLER(CompleteEnrollment)
  SKILLBRIDGE_TRAINING_HANDLER(DropEnrollment)
  SKILLBRIDGE_TRAINING_HANDLER(GetEnrollment)
  SKILLBRIDGE_TRAINING_HANDLER(ListEnrollments)
  SKILLBRIDGE_TRAINING_HANDLER(SubmitSubsidyClaim)
  SKILLBRIDGE_TRAINING_HANDLER(ApproveSubsidyClaim)
  SKILLBRIDGE_TRAINING_HANDLER(RejectSubsidyClaim)
  SKILLBRIDGE_TRAINING_HANDLER(MarkSubsidyClaimPaid)
  SKILLBRIDGE_TRAINING_HANDLER(GetSubsidyClaim)
  SKILLBRIDGE_TRAINING_HANDLER(ListSubsidyClaims)
  SKILLBRIDGE_TRAINING_HANDLER(GetTrainingStats)
  SKILLBRIDGE_TRAINING_HANDLER(ListEvents)
  SKILLBRIDGE_TRAINING_HANDLER(ListAuditEntries)
#undef SKILLBRIDGE_TRAINING_HANDLER

 private:
  struct ClaimChange;
  absl::Status ChangeClaim(const CallContext& call, const ClaimChange& change);

  TrainingStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
  CertificateVerifier& verifier_;
};

}  // namespace skillbridge::training
