#pragma once
// EvaluationHandlers: one method per RPC of skillbridge.evaluation.v1.EvaluationService, as plain
// synchronous code: validate the request, check the caller's scope, apply the domain rules, and
// read or write through the store. No gRPC types: the adapter (evaluation_service.h) wraps these
// with ServiceRuntime. Thread-safe (stateless besides immutable references).

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/reference/reference_data.h"
#include "common/server/call_context.h"
#include "services/evaluation/domain/request_validation.h"
#include "services/evaluation/store/evaluation_store.h"
#include "skillbridge/evaluation/v1/evaluation.pb.h"

namespace skillbridge::evaluation {

class EvaluationHandlers final {
 public:
  EvaluationHandlers(EvaluationStore& store, std::shared_ptr<const ReferenceData> reference)
      : store_(store), reference_(std::move(reference)) {}

  absl::Status CreateEvaluationOrg(const CallContext& call, const v1::CreateEvaluationOrgRequest& request,
                                   v1::CreateEvaluationOrgResponse* response);
  absl::Status GetEvaluationOrg(const CallContext& call, const v1::GetEvaluationOrgRequest& request,
                                v1::GetEvaluationOrgResponse* response);
  absl::Status ListEvaluationOrgs(const CallContext& call, const v1::ListEvaluationOrgsRequest& request,
                                  v1::ListEvaluationOrgsResponse* response);
  absl::Status StartFilingAssessment(const CallContext& call, const v1::StartFilingAssessmentRequest& request,
                                     v1::StartFilingAssessmentResponse* response);
  absl::Status ApproveFiling(const CallContext& call, const v1::ApproveFilingRequest& request,
                             v1::ApproveFilingResponse* response);
  absl::Status SuspendFiling(const CallContext& call, const v1::SuspendFilingRequest& request,
                             v1::SuspendFilingResponse* response);
  absl::Status RevokeFiling(const CallContext& call, const v1::RevokeFilingRequest& request,
                            v1::RevokeFilingResponse* response);
  absl::Status UpdateFilingScope(const CallContext& call, const v1::UpdateFilingScopeRequest& request,
                                 v1::UpdateFilingScopeResponse* response);

  absl::Status IssueCertificate(const CallContext& call, const v1::IssueCertificateRequest& request,
                                v1::IssueCertificateResponse* response);
  absl::Status BatchIssueCertificates(const CallContext& call, const v1::BatchIssueCertificatesRequest& request,
                                      v1::BatchIssueCertificatesResponse* response);
  absl::Status GetCertificate(const CallContext& call, const v1::GetCertificateRequest& request,
                              v1::GetCertificateResponse* response);
  absl::Status ListCertificates(const CallContext& call, const v1::ListCertificatesRequest& request,
                                v1::ListCertificatesResponse* response);
  absl::Status RevokeCertificate(const CallContext& call, const v1::RevokeCertificateRequest& request,
                                 v1::RevokeCertificateResponse* response);
  absl::Status VerifyCertificate(const CallContext& call, const v1::VerifyCertificateRequest& request,
                                 v1::VerifyCertificateResponse* response);

  absl::Status RegisterIntroduction(const CallContext& call, const v1::RegisterIntroductionRequest& request,
                                    v1::RegisterIntroductionResponse* response);
  absl::Status ListIntroductions(const CallContext& call, const v1::ListIntroductionsRequest& request,
                                 v1::ListIntroductionsResponse* response);

  absl::Status UpsertEnterprise(const CallContext& call, const v1::UpsertEnterpriseRequest& request,
                                v1::UpsertEnterpriseResponse* response);
  absl::Status GetEnterprise(const CallContext& call, const v1::GetEnterpriseRequest& request,
                             v1::GetEnterpriseResponse* response);
  absl::Status ListEnterprises(const CallContext& call, const v1::ListEnterprisesRequest& request,
                               v1::ListEnterprisesResponse* response);
  absl::Status GetSelfEvaluationCoverage(const CallContext& call, const v1::GetSelfEvaluationCoverageRequest& request,
                                         v1::GetSelfEvaluationCoverageResponse* response);

  absl::Status GetEvaluationStats(const CallContext& call, const v1::GetEvaluationStatsRequest& request,
                                  v1::GetEvaluationStatsResponse* response);
  absl::Status ListEvents(const CallContext& call, const v1::ListEventsRequest& request,
                          v1::ListEventsResponse* response);
  absl::Status ListAuditEntries(const CallContext& call, const v1::ListAuditEntriesRequest& request,
                                v1::ListAuditEntriesResponse* response);

 private:
  struct TransitionRequest;
  absl::StatusOr<v1::EvaluationOrg> Transition(const CallContext& call, const TransitionRequest& request);
  ValidationContext ContextFor(const CallContext& call) const;

  EvaluationStore& store_;
  std::shared_ptr<const ReferenceData> reference_;
};

}  // namespace skillbridge::evaluation
