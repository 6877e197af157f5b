#include "services/training/api/permission_table.h"

namespace skillbridge::training {

PermissionTable TrainingPermissionTable() {
  using common::v1::Role;
  constexpr Role kAdmin = common::v1::ROLE_ADMIN;
  constexpr Role kDistrict = common::v1::ROLE_DISTRICT_OFFICER;
  constexpr Role kInstitution = common::v1::ROLE_INSTITUTION;
  constexpr Role kVerifier = common::v1::ROLE_VERIFIER;
  constexpr Role kViewer = common::v1::ROLE_VIEWER;
  constexpr Role kService = common::v1::ROLE_SERVICE;
  constexpr MethodKind kRead = MethodKind::kRead;
  constexpr MethodKind kMutation = MethodKind::kMutation;
  return PermissionTable({
      {"CreateInstitution", {kInstitution, kDistrict, kAdmin}, kMutation},
      {"UpdateInstitution", {kDistrict, kAdmin}, kMutation},
      {"UpdateInstitutionContact", {kInstitution, kDistrict, kAdmin}, kMutation},
      {"GetInstitution", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"ListInstitutions", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"UpsertCatalogEntry", {kAdmin}, kMutation},
      {"GetCatalogEntry", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"ListCatalogEntries", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"CreateCourse", {kInstitution, kDistrict, kAdmin}, kMutation},
      {"GetCourse", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"ListCourses", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"CancelCourse", {kInstitution, kDistrict, kAdmin}, kMutation},
      {"EnrollPerson", {kInstitution, kAdmin}, kMutation},
      {"BatchEnrollPersons", {kInstitution, kAdmin}, kMutation},
      {"CompleteEnrollment", {kInstitution, kAdmin}, kMutation},
      {"DropEnrollment", {kInstitution, kAdmin}, kMutation},
      {"GetEnrollment", {kAdmin, kDistrict, kInstitution, kService}, kRead},
      {"ListEnrollments", {kAdmin, kDistrict, kInstitution, kService}, kRead},
      {"SubmitSubsidyClaim", {kInstitution, kDistrict, kAdmin}, kMutation},
      {"ApproveSubsidyClaim", {kDistrict, kAdmin}, kMutation},
      {"RejectSubsidyClaim", {kDistrict, kAdmin}, kMutation},
      {"MarkSubsidyClaimPaid", {kDistrict, kAdmin}, kMutation},
      {"GetSubsidyClaim", {kAdmin, kDistrict, kInstitution, kService}, kRead},
      {"ListSubsidyClaims", {kAdmin, kDistrict, kInstitution, kService}, kRead},
      {"GetTrainingStats", {kAdmin, kDistrict, kVerifier, kViewer, kService}, kRead},
      {"ListEvents", {kAdmin, kService}, MethodKind::kLongPoll},
      {"ListAuditEntries", {kAdmin}, kRead},
  });
}

}  // namespace skillbridge::training
