// Competition: the RPC table against the policy written out below (docs/api.md, competition
// section), RPC by RPC and role by role, and against the proto; then every RPC × every role over
// real gRPC, and calls without a valid token. A change of who may call what is a deliberate
// change of this oracle too.

#include "gtest/gtest.h"
#include "tests/competition/competition_harness.h"
#include "tests/support/permission_matrix.h"
#include "tests/support/suite_harness.h"

namespace skillbridge::testing {
namespace {

using Traits = competition::CompetitionServiceTraits;
constexpr char kService[] = "skillbridge.competition.v1.CompetitionService";

// A = ADMIN, D = DISTRICT_OFFICER, I = INSTITUTION, V = VERIFIER, W = VIEWER, S = SERVICE.
const PermissionOracle& Oracle() {
  static const auto* oracle = new PermissionOracle{
      {"CreateCompetition", {"ADI", MethodKind::kMutation}},
      {"GetCompetition", {"ADIVWS", MethodKind::kRead}},
      {"ListCompetitions", {"ADIVWS", MethodKind::kRead}},
      {"UpdateCompetition", {"ADI", MethodKind::kMutation}},
      {"FileCompetition", {"AD", MethodKind::kMutation}},
      {"OpenCompetition", {"ADI", MethodKind::kMutation}},
      {"CloseCompetition", {"ADI", MethodKind::kMutation}},
      {"CancelCompetition", {"ADI", MethodKind::kMutation}},
      {"AddContest", {"ADI", MethodKind::kMutation}},
      {"GetContest", {"ADIVWS", MethodKind::kRead}},
      {"ListContests", {"ADIVWS", MethodKind::kRead}},
      {"RegisterEntry", {"ADI", MethodKind::kMutation}},
      {"BatchRegisterEntries", {"ADI", MethodKind::kMutation}},
      {"GetEntry", {"ADIVWS", MethodKind::kRead}},
      {"ListEntries", {"ADIVWS", MethodKind::kRead}},
      {"PublishResults", {"ADI", MethodKind::kMutation}},
      {"CorrectResult", {"AD", MethodKind::kMutation}},
      {"GetCompetitionStats", {"ADVWS", MethodKind::kRead}},
      {"ListEvents", {"AS", MethodKind::kLongPoll}},
      {"ListAuditEntries", {"A", MethodKind::kRead}},
  };
  return *oracle;
}

class CompetitionPermissionsTest : public SuiteHarnessTest<CompetitionHarness> {};

TEST_F(CompetitionPermissionsTest, TableListsExactlyTheRpcsOfTheProto) {
  ExpectTableMatchesService(Traits::Permissions(), kService);
}

TEST_F(CompetitionPermissionsTest, TableMatchesThePolicyForEveryRpcAndRole) {
  ExpectTableMatchesOracle(Traits::Permissions(), Oracle());
}

TEST_F(CompetitionPermissionsTest, EveryRpcTimesEveryRole) {
  ExpectEveryRpcTimesEveryRole(*harness_->channel(), kService, Traits::Permissions());
}

TEST_F(CompetitionPermissionsTest, NoTokenOrUnknownTokenIsUnauthenticated) {
  ExpectUnauthenticatedWithoutValidToken(*harness_->channel(), kService, Traits::Permissions());
}

}  // namespace
}  // namespace skillbridge::testing
