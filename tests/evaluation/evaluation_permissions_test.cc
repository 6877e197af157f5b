// Evaluation: the RPC table against the policy written out below (docs/api.md, evaluation
// section), RPC by RPC and role by role, and against the proto; then every RPC × every role over
// real gRPC, and calls without a valid token. A change of who may call what is a deliberate
// change of this oracle too.

#include "gtest/gtest.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/permission_matrix.h"
#include "tests/support/suite_harness.h"

namespace skillbridge::testing {
namespace {

using Traits = evaluation::EvaluationServiceTraits;
constexpr char kService[] = "skillbridge.evaluation.v1.EvaluationService";

// A = ADMIN, D = DISTRICT_OFFICER, I = INSTITUTION, V = VERIFIER, W = VIEWER, S = SERVICE.
const PermissionOracle& Oracle() {
  static const auto* oracle = new PermissionOracle{
      {"CreateEvaluationOrg", {"ADI", MethodKind::kMutation}},
      {"GetEvaluationOrg", {"ADIVWS", MethodKind::kRead}},
      {"ListEvaluationOrgs", {"ADIVWS", MethodKind::kRead}},
      {"StartFilingAssessment", {"AD", MethodKind::kMutation}},
      {"ApproveFiling", {"AD", MethodKind::kMutation}},
      {"SuspendFiling", {"AD", MethodKind::kMutation}},
      {"RevokeFiling", {"AD", MethodKind::kMutation}},
      {"UpdateFilingScope", {"AD", MethodKind::kMutation}},
      {"IssueCertificate", {"AIS", MethodKind::kMutation}},
      {"BatchIssueCertificates", {"AIS", MethodKind::kMutation}},
      {"GetCertificate", {"ADIS", MethodKind::kRead}},
      {"ListCertificates", {"ADIS", MethodKind::kRead}},
      {"RevokeCertificate", {"AD", MethodKind::kMutation}},
      {"VerifyCertificate", {"AVS", MethodKind::kRead}},
      {"IssuePromotionCertificate", {"AS", MethodKind::kMutation}},
      {"GetPersonLevel", {"AS", MethodKind::kRead}},
      {"GetPersonQualifications", {"AS", MethodKind::kRead}},
      {"RegisterIntroduction", {"AD", MethodKind::kMutation}},
      {"ListIntroductions", {"ADS", MethodKind::kRead}},
      {"UpsertEnterprise", {"AD", MethodKind::kMutation}},
      {"GetEnterprise", {"ADS", MethodKind::kRead}},
      {"BatchGetEnterprises", {"ADS", MethodKind::kRead}},
      {"ListEnterprises", {"ADS", MethodKind::kRead}},
      {"GetSelfEvaluationCoverage", {"ADIVWS", MethodKind::kRead}},
      {"GetEvaluationStats", {"ADVWS", MethodKind::kRead}},
      {"ListEvents", {"AS", MethodKind::kLongPoll}},
      {"ListAuditEntries", {"A", MethodKind::kRead}},
  };
  return *oracle;
}

class EvaluationPermissionsTest : public SuiteHarnessTest<EvaluationHarness> {};

TEST_F(EvaluationPermissionsTest, TableListsExactlyTheRpcsOfTheProto) {
  ExpectTableMatchesService(Traits::Permissions(), kService);
}

TEST_F(EvaluationPermissionsTest, TableMatchesThePolicyForEveryRpcAndRole) {
  ExpectTableMatchesOracle(Traits::Permissions(), Oracle());
}

TEST_F(EvaluationPermissionsTest, EveryRpcTimesEveryRole) {
  ExpectEveryRpcTimesEveryRole(*harness_->channel(), kService, Traits::Permissions());
}

TEST_F(EvaluationPermissionsTest, NoTokenOrUnknownTokenIsUnauthenticated) {
  ExpectUnauthenticatedWithoutValidToken(*harness_->channel(), kService, Traits::Permissions());
}

}  // namespace
}  // namespace skillbridge::testing
