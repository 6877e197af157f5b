#include "services/aggregator/api/permission_table.h"

namespace skillbridge::aggregator {

PermissionTable AggregatorPermissionTable() {
  using common::v1::Role;
  constexpr Role kAdmin = common::v1::ROLE_ADMIN;
  constexpr Role kDistrict = common::v1::ROLE_DISTRICT_OFFICER;
  constexpr Role kInstitution = common::v1::ROLE_INSTITUTION;
  constexpr Role kVerifier = common::v1::ROLE_VERIFIER;
  constexpr Role kViewer = common::v1::ROLE_VIEWER;
  constexpr Role kService = common::v1::ROLE_SERVICE;
  const std::vector<Role> readers = {kAdmin, kDistrict, kInstitution, kVerifier, kViewer, kService};
  return PermissionTable({
      {"ListIndicators", readers, MethodKind::kRead},
      {"GetDashboard", readers, MethodKind::kRead},
      {"GetTrend", readers, MethodKind::kRead},
      {"GetDistrictRanking", readers, MethodKind::kRead},
      {"GetIndustryChainView", readers, MethodKind::kRead},
      {"SetTarget", {kAdmin}, MethodKind::kMutation},
      {"ListTargets", readers, MethodKind::kRead},
      // Everyone allowed reads a profile; only VERIFIER, ADMIN and SERVICE see it unmasked.
      {"GetTalentProfile", {kAdmin, kVerifier, kService, kDistrict, kViewer}, MethodKind::kRead},
      {"GetSourceStatus", readers, MethodKind::kRead},
      {"RebuildViews", {kAdmin}, MethodKind::kMutation},
      {"ListAuditEntries", {kAdmin}, MethodKind::kRead},
  });
}

}  // namespace skillbridge::aggregator
