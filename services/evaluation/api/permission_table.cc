#include "services/evaluation/api/permission_table.h"

namespace skillbridge::evaluation {

PermissionTable EvaluationPermissionTable() {
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
      {"CreateEvaluationOrg", {kInstitution, kDistrict, kAdmin}, kMutation},
      {"GetEvaluationOrg", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"ListEvaluationOrgs", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"StartFilingAssessment", {kDistrict, kAdmin}, kMutation},
      {"ApproveFiling", {kDistrict, kAdmin}, kMutation},
      {"SuspendFiling", {kDistrict, kAdmin}, kMutation},
      {"RevokeFiling", {kDistrict, kAdmin}, kMutation},
      {"UpdateFilingScope", {kDistrict, kAdmin}, kMutation},
      {"IssueCertificate", {kInstitution, kAdmin, kService}, kMutation},
      {"BatchIssueCertificates", {kInstitution, kAdmin, kService}, kMutation},
      {"GetCertificate", {kAdmin, kDistrict, kInstitution, kService}, kRead},
      {"ListCertificates", {kAdmin, kDistrict, kInstitution, kService}, kRead},
      {"RevokeCertificate", {kDistrict, kAdmin}, kMutation},
      {"VerifyCertificate", {kVerifier, kAdmin, kService}, kRead},
      {"RegisterIntroduction", {kDistrict, kAdmin}, kMutation},
      {"ListIntroductions", {kDistrict, kAdmin, kService}, kRead},
      {"UpsertEnterprise", {kDistrict, kAdmin}, kMutation},
      {"GetEnterprise", {kDistrict, kAdmin, kService}, kRead},
      {"ListEnterprises", {kDistrict, kAdmin, kService}, kRead},
      {"GetSelfEvaluationCoverage", {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService}, kRead},
      {"GetEvaluationStats", {kAdmin, kDistrict, kVerifier, kViewer, kService}, kRead},
      {"ListEvents", {kAdmin, kService}, MethodKind::kLongPoll},
      {"ListAuditEntries", {kAdmin}, kRead},
  });
}

}  // namespace skillbridge::evaluation
