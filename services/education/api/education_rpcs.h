#pragma once
// The RPCs of skillbridge.education.v1.EducationService: the one list besides the proto. Each row
// is X(Method, kind, roles allowed); common/server/rpc_table.h expands it into the handler
// declarations, the gRPC adapter and the permission table. Scope (a school's own records, a
// district officer's district) is checked per record by the handlers. Who may call what is
// documented in docs/api.md and pinned by tests/education/education_permissions_test.cc.

#define SKILLBRIDGE_EDUCATION_RPCS(X)                                                            \
  X(RegisterSchool, kMutation, kAdmin | kDistrict)                                               \
  X(GetSchool, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)        \
  X(ListSchools, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)      \
  X(UpdateSchool, kMutation, kAdmin | kDistrict)                                                 \
  X(RefreshSchoolFiling, kMutation, kAdmin | kDistrict | kInstitution)                           \
  X(CloseSchool, kMutation, kAdmin)                                                              \
  X(CreateSpecialty, kMutation, kAdmin | kDistrict | kInstitution)                               \
  X(GetSpecialty, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)     \
  X(ListSpecialties, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)  \
  X(UpdateSpecialty, kMutation, kAdmin | kDistrict | kInstitution)                               \
  X(SetSpecialtyFeatured, kMutation, kAdmin)                                                     \
  X(CloseSpecialty, kMutation, kAdmin | kDistrict | kInstitution)                                \
  X(EnrolStudent, kMutation, kAdmin | kDistrict | kInstitution)                                  \
  X(BatchEnrolStudents, kMutation, kAdmin | kDistrict | kInstitution)                            \
  X(GetStudent, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)       \
  X(ListStudents, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)     \
  X(GraduateStudent, kMutation, kAdmin | kDistrict | kInstitution)                               \
  X(BatchGraduateStudents, kMutation, kAdmin | kDistrict | kInstitution)                         \
  X(WithdrawStudent, kMutation, kAdmin | kDistrict | kInstitution)                               \
  X(TransferStudent, kMutation, kAdmin | kDistrict | kInstitution)                               \
  X(RecordFirstEmployment, kMutation, kAdmin | kDistrict | kInstitution)                         \
  X(GrantEmploymentReward, kMutation, kAdmin | kDistrict)                                        \
  X(MarkEmploymentRewardPaid, kMutation, kAdmin)                                                 \
  X(CreatePartnership, kMutation, kAdmin | kDistrict | kInstitution)                             \
  X(GetPartnership, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)   \
  X(ListPartnerships, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService) \
  X(EndPartnership, kMutation, kAdmin | kDistrict | kInstitution)                                \
  X(GetEducationStats, kRead, kAdmin | kDistrict | kVerifier | kViewer | kService)               \
  X(ListEvents, kLongPoll, kAdmin | kService)                                                    \
  X(ListAuditEntries, kRead, kAdmin)
