#pragma once
// The RPCs of skillbridge.training.v1.TrainingService: the one list besides the proto. Each row is
// X(Method, kind, roles allowed); common/server/rpc_table.h expands it into the handler
// declarations, the gRPC adapter and the permission table. Scope (district, institution) is
// checked per record by the handlers. Who may call what is documented in docs/api.md and pinned
// by tests/training/training_permissions_test.cc.

#define SKILLBRIDGE_TRAINING_RPCS(X)                                                               \
  X(CreateInstitution, kMutation, kInstitution | kDistrict | kAdmin)                               \
  X(UpdateInstitution, kMutation, kDistrict | kAdmin)                                              \
  X(UpdateInstitutionContact, kMutation, kInstitution | kDistrict | kAdmin)                        \
  X(GetInstitution, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)     \
  X(ListInstitutions, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)   \
  X(UpsertCatalogEntry, kMutation, kAdmin)                                                         \
  X(GetCatalogEntry, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)    \
  X(ListCatalogEntries, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService) \
  X(CreateCourse, kMutation, kInstitution | kDistrict | kAdmin)                                    \
  X(GetCourse, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)          \
  X(ListCourses, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)        \
  X(CancelCourse, kMutation, kInstitution | kDistrict | kAdmin)                                    \
  X(EnrollPerson, kMutation, kInstitution | kAdmin)                                                \
  X(BatchEnrollPersons, kMutation, kInstitution | kAdmin)                                          \
  X(CompleteEnrollment, kMutation, kInstitution | kAdmin)                                          \
  X(DropEnrollment, kMutation, kInstitution | kAdmin)                                              \
  X(GetEnrollment, kRead, kAdmin | kDistrict | kInstitution | kService)                            \
  X(ListEnrollments, kRead, kAdmin | kDistrict | kInstitution | kService)                          \
  X(SubmitSubsidyClaim, kMutation, kInstitution | kDistrict | kAdmin)                              \
  X(ApproveSubsidyClaim, kMutation, kDistrict | kAdmin)                                            \
  X(RejectSubsidyClaim, kMutation, kDistrict | kAdmin)                                             \
  X(MarkSubsidyClaimPaid, kMutation, kDistrict | kAdmin)                                           \
  X(GetSubsidyClaim, kRead, kAdmin | kDistrict | kInstitution | kService)                          \
  X(ListSubsidyClaims, kRead, kAdmin | kDistrict | kInstitution | kService)                        \
  X(GetTrainingStats, kRead, kAdmin | kDistrict | kVerifier | kViewer | kService)                  \
  X(ListEvents, kLongPoll, kAdmin | kService)                                                      \
  X(ListAuditEntries, kRead, kAdmin)
