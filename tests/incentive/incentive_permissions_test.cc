// Incentive: the RPC table against the policy written out below (docs/api.md, incentive section),
// RPC by RPC and role by role, and against the proto; then every RPC × every role over real gRPC,
// and calls without a valid token. A change of who may call what is a deliberate change of this
// oracle too.

#include "gtest/gtest.h"
#include "tests/incentive/incentive_harness.h"
#include "tests/support/permission_matrix.h"
#include "tests/support/suite_harness.h"

namespace skillbridge::testing {
namespace {

using Traits = incentive::IncentiveServiceTraits;
constexpr char kService[] = "skillbridge.incentive.v1.IncentiveService";

// A = ADMIN, D = DISTRICT_OFFICER, I = INSTITUTION, V = VERIFIER, W = VIEWER, S = SERVICE.
const PermissionOracle& Oracle() {
  static const auto* oracle = new PermissionOracle{
      // Wage survey: enterprises submit their own rows, the bureau collects and closes.
      {"SubmitWageSurveys", {"ADI", MethodKind::kMutation}},
      {"GetWageSurvey", {"ADIWS", MethodKind::kRead}},
      {"ListWageSurveys", {"ADWS", MethodKind::kRead}},
      {"CloseSurveyYear", {"A", MethodKind::kMutation}},
      {"GetWageSurveySummary", {"ADVWS", MethodKind::kRead}},
      // Honours: the city bureau runs programmes and awards; districts review; employers nominate.
      {"CreateHonourProgramme", {"A", MethodKind::kMutation}},
      {"GetHonourProgramme", {"ADIVWS", MethodKind::kRead}},
      {"ListHonourProgrammes", {"ADIVWS", MethodKind::kRead}},
      {"CloseHonourProgramme", {"A", MethodKind::kMutation}},
      {"NominateForHonour", {"ADI", MethodKind::kMutation}},
      {"GetNomination", {"ADIVWS", MethodKind::kRead}},
      {"ListNominations", {"ADIVWS", MethodKind::kRead}},
      {"StartNominationReview", {"AD", MethodKind::kMutation}},
      {"AwardNomination", {"A", MethodKind::kMutation}},
      {"RejectNomination", {"AD", MethodKind::kMutation}},
      {"WithdrawNomination", {"ADI", MethodKind::kMutation}},
      {"ListLeadingTalents", {"ADIVWS", MethodKind::kRead}},
      // Platforms: registered by the bureau, evaluated by districts, funded by the city.
      {"CreatePlatform", {"AD", MethodKind::kMutation}},
      {"GetPlatform", {"ADIVWS", MethodKind::kRead}},
      {"ListPlatforms", {"ADIVWS", MethodKind::kRead}},
      {"RevokePlatform", {"A", MethodKind::kMutation}},
      {"RecordPlatformEvaluation", {"AD", MethodKind::kMutation}},
      {"GrantPlatformFunding", {"A", MethodKind::kMutation}},
      {"MarkFundingPaid", {"A", MethodKind::kMutation}},
      {"CancelFunding", {"A", MethodKind::kMutation}},
      {"ListPlatformFundings", {"ADIWS", MethodKind::kRead}},
      // Career bridging: employers apply for their staff, the bureau decides.
      {"ApplyCareerBridge", {"ADI", MethodKind::kMutation}},
      {"GetBridgeApplication", {"ADIVWS", MethodKind::kRead}},
      {"ListBridgeApplications", {"ADIVWS", MethodKind::kRead}},
      {"ApproveBridgeApplication", {"AD", MethodKind::kMutation}},
      {"RejectBridgeApplication", {"AD", MethodKind::kMutation}},
      {"WithdrawBridgeApplication", {"ADI", MethodKind::kMutation}},
      {"ListBridgePolicies", {"ADIVWS", MethodKind::kRead}},
      // Statistics, feed, audit.
      {"GetIncentiveStats", {"ADVWS", MethodKind::kRead}},
      {"ListEvents", {"AS", MethodKind::kLongPoll}},
      {"ListAuditEntries", {"A", MethodKind::kRead}},
  };
  return *oracle;
}

class IncentivePermissionsTest : public SuiteHarnessTest<IncentiveHarness> {};

TEST_F(IncentivePermissionsTest, TableListsExactlyTheRpcsOfTheProto) {
  ExpectTableMatchesService(Traits::Permissions(), kService);
}

TEST_F(IncentivePermissionsTest, TableMatchesThePolicyForEveryRpcAndRole) {
  ExpectTableMatchesOracle(Traits::Permissions(), Oracle());
}

TEST_F(IncentivePermissionsTest, EveryRpcTimesEveryRole) {
  ExpectEveryRpcTimesEveryRole(*harness_->channel(), kService, Traits::Permissions());
}

TEST_F(IncentivePermissionsTest, NoTokenOrUnknownTokenIsUnauthenticated) {
  ExpectUnauthenticatedWithoutValidToken(*harness_->channel(), kService, Traits::Permissions());
}

}  // namespace
}  // namespace skillbridge::testing
