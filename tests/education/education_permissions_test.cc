// Education: the RPC table against the policy written out below (docs/api.md, education section),
// RPC by RPC and role by role, and against the proto; then every RPC × every role over real gRPC,
// and calls without a valid token. Only the role gate is asserted (scope is each handler's, tested
// with its part). A change of who may call what is a deliberate change of this oracle too.

#include "gtest/gtest.h"
#include "tests/education/education_harness.h"
#include "tests/support/permission_matrix.h"
#include "tests/support/suite_harness.h"

namespace skillbridge::testing {
namespace {

using Traits = education::EducationServiceTraits;
constexpr char kService[] = "skillbridge.education.v1.EducationService";

// A = ADMIN, D = DISTRICT_OFFICER, I = INSTITUTION (a school), V = VERIFIER, W = VIEWER,
// S = SERVICE.
const PermissionOracle& Oracle() {
  static const auto* oracle = new PermissionOracle{
      // Schools: registered, changed and closed by the bureau; a school refreshes its own filing.
      {"RegisterSchool", {"AD", MethodKind::kMutation}},
      {"GetSchool", {"ADIVWS", MethodKind::kRead}},
      {"ListSchools", {"ADIVWS", MethodKind::kRead}},
      {"UpdateSchool", {"AD", MethodKind::kMutation}},
      {"RefreshSchoolFiling", {"ADI", MethodKind::kMutation}},
      {"CloseSchool", {"A", MethodKind::kMutation}},
      // Specialties: the school, its district officer, the city bureau; featured by the city bureau.
      {"CreateSpecialty", {"ADI", MethodKind::kMutation}},
      {"GetSpecialty", {"ADIVWS", MethodKind::kRead}},
      {"ListSpecialties", {"ADIVWS", MethodKind::kRead}},
      {"UpdateSpecialty", {"ADI", MethodKind::kMutation}},
      {"SetSpecialtyFeatured", {"A", MethodKind::kMutation}},
      {"CloseSpecialty", {"ADI", MethodKind::kMutation}},
      // Student records: kept by the school; rewards decided by the bureau.
      {"EnrolStudent", {"ADI", MethodKind::kMutation}},
      {"BatchEnrolStudents", {"ADI", MethodKind::kMutation}},
      {"GetStudent", {"ADIVWS", MethodKind::kRead}},
      {"ListStudents", {"ADIVWS", MethodKind::kRead}},
      {"GraduateStudent", {"ADI", MethodKind::kMutation}},
      {"BatchGraduateStudents", {"ADI", MethodKind::kMutation}},
      {"WithdrawStudent", {"ADI", MethodKind::kMutation}},
      {"TransferStudent", {"ADI", MethodKind::kMutation}},
      {"RecordFirstEmployment", {"ADI", MethodKind::kMutation}},
      {"GrantEmploymentReward", {"AD", MethodKind::kMutation}},
      {"MarkEmploymentRewardPaid", {"A", MethodKind::kMutation}},
      // Partnerships: the school, its district officer, the city bureau.
      {"CreatePartnership", {"ADI", MethodKind::kMutation}},
      {"GetPartnership", {"ADIVWS", MethodKind::kRead}},
      {"ListPartnerships", {"ADIVWS", MethodKind::kRead}},
      {"EndPartnership", {"ADI", MethodKind::kMutation}},
      // Statistics, feed, audit.
      {"GetEducationStats", {"ADVWS", MethodKind::kRead}},
      {"ListEvents", {"AS", MethodKind::kLongPoll}},
      {"ListAuditEntries", {"A", MethodKind::kRead}},
  };
  return *oracle;
}

class EducationPermissionsTest : public SuiteHarnessTest<EducationHarness> {};

TEST_F(EducationPermissionsTest, TableListsExactlyTheRpcsOfTheProto) {
  ExpectTableMatchesService(Traits::Permissions(), kService);
}

TEST_F(EducationPermissionsTest, TableMatchesThePolicyForEveryRpcAndRole) {
  EXPECT_EQ(Oracle().size(), 30u);
  ExpectTableMatchesOracle(Traits::Permissions(), Oracle());
}

TEST_F(EducationPermissionsTest, EveryRpcTimesEveryRole) {
  ExpectEveryRpcTimesEveryRole(*harness_->channel(), kService, Traits::Permissions());
}

TEST_F(EducationPermissionsTest, NoTokenOrUnknownTokenIsUnauthenticated) {
  ExpectUnauthenticatedWithoutValidToken(*harness_->channel(), kService, Traits::Permissions());
}

}  // namespace
}  // namespace skillbridge::testing
