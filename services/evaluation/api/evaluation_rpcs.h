#pragma once
// The RPCs of skillbridge.evaluation.v1.EvaluationService: the one list besides the proto. Each
// row is X(Method, kind, roles allowed); common/server/rpc_table.h expands it into the handler
// declarations, the gRPC adapter and the permission table. Scope (district, organisation) is
// checked per record by the handlers. Who may call what is documented in docs/api.md and pinned
// by tests/evaluation/evaluation_permissions_test.cc.

#define SKILLBRIDGE_EVALUATION_RPCS(X)                                                                    \
  X(CreateEvaluationOrg, kMutation, kInstitution | kDistrict | kAdmin)                                    \
  X(GetEvaluationOrg, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)          \
  X(ListEvaluationOrgs, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)        \
  X(StartFilingAssessment, kMutation, kDistrict | kAdmin)                                                 \
  X(ApproveFiling, kMutation, kDistrict | kAdmin)                                                         \
  X(SuspendFiling, kMutation, kDistrict | kAdmin)                                                         \
  X(RevokeFiling, kMutation, kDistrict | kAdmin)                                                          \
  X(UpdateFilingScope, kMutation, kDistrict | kAdmin)                                                     \
  X(IssueCertificate, kMutation, kInstitution | kAdmin | kService)                                        \
  X(BatchIssueCertificates, kMutation, kInstitution | kAdmin | kService)                                  \
  X(GetCertificate, kRead, kAdmin | kDistrict | kInstitution | kService)                                  \
  X(ListCertificates, kRead, kAdmin | kDistrict | kInstitution | kService)                                \
  X(RevokeCertificate, kMutation, kDistrict | kAdmin)                                                     \
  X(VerifyCertificate, kRead, kVerifier | kAdmin | kService)                                              \
  X(IssuePromotionCertificate, kMutation, kService | kAdmin)                                              \
  X(GetPersonLevel, kRead, kService | kAdmin)                                                             \
  X(GetPersonQualifications, kRead, kService | kAdmin)                                                    \
  X(RegisterIntroduction, kMutation, kDistrict | kAdmin)                                                  \
  X(ListIntroductions, kRead, kDistrict | kAdmin | kService)                                              \
  X(UpsertEnterprise, kMutation, kDistrict | kAdmin)                                                      \
  X(GetEnterprise, kRead, kDistrict | kAdmin | kService)                                                  \
  X(BatchGetEnterprises, kRead, kService | kAdmin | kDistrict)                                            \
  X(ListEnterprises, kRead, kDistrict | kAdmin | kService)                                                \
  X(GetSelfEvaluationCoverage, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService) \
  X(GetEvaluationStats, kRead, kAdmin | kDistrict | kVerifier | kViewer | kService)                       \
  X(ListEvents, kLongPoll, kAdmin | kService)                                                             \
  X(ListAuditEntries, kRead, kAdmin)
