// Training: the RPC table against the policy written out below (docs/api.md, training section),
// RPC by RPC and role by role, and against the proto; then every RPC × every role over real gRPC,
// and calls without a valid token. A change of who may call what is a deliberate change of this
// oracle too.

#include "gtest/gtest.h"
#include "tests/support/permission_matrix.h"
#include "tests/support/suite_harness.h"
#include "tests/training/training_harness.h"

namespace skillbridge::testing {
namespace {

using Traits = training::TrainingServiceTraits;
constexpr char kService[] = "skillbridge.training.v1.TrainingService";

// A = ADMIN, D = DISTRICT_OFFICER, I = INSTITUTION, V = VERIFIER, W = VIEWER, S = SERVICE.
const PermissionOracle& Oracle() {
  static const auto* oracle = new PermissionOracle{
      {"CreateInstitution", {"ADI", MethodKind::kMutation}},
      {"UpdateInstitution", {"AD", MethodKind::kMutation}},
      {"UpdateInstitutionContact", {"ADI", MethodKind::kMutation}},
      {"GetInstitution", {"ADIVWS", MethodKind::kRead}},
      {"ListInstitutions", {"ADIVWS", MethodKind::kRead}},
      {"UpsertCatalogEntry", {"A", MethodKind::kMutation}},
      {"GetCatalogEntry", {"ADIVWS", MethodKind::kRead}},
      {"ListCatalogEntries", {"ADIVWS", MethodKind::kRead}},
      {"CreateCourse", {"ADI", MethodKind::kMutation}},
      {"GetCourse", {"ADIVWS", MethodKind::kRead}},
      {"ListCourses", {"ADIVWS", MethodKind::kRead}},
      {"CancelCourse", {"ADI", MethodKind::kMutation}},
      {"EnrollPerson", {"AI", MethodKind::kMutation}},
      {"BatchEnrollPersons", {"AI", MethodKind::kMutation}},
      {"CompleteEnrollment", {"AI", MethodKind::kMutation}},
      {"DropEnrollment", {"AI", MethodKind::kMutation}},
      {"GetEnrollment", {"ADIS", MethodKind::kRead}},
      {"ListEnrollments", {"ADIS", MethodKind::kRead}},
      {"SubmitSubsidyClaim", {"ADI", MethodKind::kMutation}},
      {"ApproveSubsidyClaim", {"AD", MethodKind::kMutation}},
      {"RejectSubsidyClaim", {"AD", MethodKind::kMutation}},
      {"MarkSubsidyClaimPaid", {"AD", MethodKind::kMutation}},
      {"GetSubsidyClaim", {"ADIS", MethodKind::kRead}},
      {"ListSubsidyClaims", {"ADIS", MethodKind::kRead}},
      {"GetTrainingStats", {"ADVWS", MethodKind::kRead}},
      {"ListEvents", {"AS", MethodKind::kLongPoll}},
      {"ListAuditEntries", {"A", MethodKind::kRead}},
  };
  return *oracle;
}

class TrainingPermissionsTest : public SuiteHarnessTest<TrainingHarness> {};

TEST_F(TrainingPermissionsTest, TableListsExactlyTheRpcsOfTheProto) {
  ExpectTableMatchesService(Traits::Permissions(), kService);
}

TEST_F(TrainingPermissionsTest, TableMatchesThePolicyForEveryRpcAndRole) {
  ExpectTableMatchesOracle(Traits::Permissions(), Oracle());
}

TEST_F(TrainingPermissionsTest, EveryRpcTimesEveryRole) {
  ExpectEveryRpcTimesEveryRole(*harness_->channel(), kService, Traits::Permissions());
}

TEST_F(TrainingPermissionsTest, NoTokenOrUnknownTokenIsUnauthenticated) {
  ExpectUnauthenticatedWithoutValidToken(*harness_->channel(), kService, Traits::Permissions());
}

}  // namespace
}  // namespace skillbridge::testing
