// Aggregator: the RPC table against the policy written out below (docs/api.md, aggregator
// section), RPC by RPC and role by role, and against the proto; then every RPC × every role over
// real gRPC against a real aggregator (no source connected), and calls without a valid token. The
// HTTP API checks the same table (aggregator_server_test.cc). A change of who may call what is a
// deliberate change of this oracle too.

#include "gtest/gtest.h"
#include "tests/aggregator/aggregator_harness.h"
#include "tests/support/permission_matrix.h"
#include "tests/support/suite_harness.h"

namespace skillbridge::testing {
namespace {

constexpr char kService[] = "skillbridge.aggregator.v1.AggregatorService";

PermissionTable Table() { return aggregator::AggregatorServer::Permissions(); }

// A = ADMIN, D = DISTRICT_OFFICER, I = INSTITUTION, V = VERIFIER, W = VIEWER, S = SERVICE.
const PermissionOracle& Oracle() {
  static const auto* oracle = new PermissionOracle{
      {"ListIndicators", {"ADIVWS", MethodKind::kRead}},
      {"GetDashboard", {"ADIVWS", MethodKind::kRead}},
      {"GetTrend", {"ADIVWS", MethodKind::kRead}},
      {"GetDistrictRanking", {"ADIVWS", MethodKind::kRead}},
      {"GetIndustryChainView", {"ADIVWS", MethodKind::kRead}},
      {"SetTarget", {"A", MethodKind::kMutation}},
      {"ListTargets", {"ADIVWS", MethodKind::kRead}},
      // What each role may read of the person in the sources: ADMIN and SERVICE all, a
      // DISTRICT_OFFICER their district's records, VERIFIER the verification view; VIEWER none.
      {"GetTalentProfile", {"ADVS", MethodKind::kRead}},
      {"GetSourceStatus", {"ADIVWS", MethodKind::kRead}},
      {"RebuildViews", {"A", MethodKind::kMutation}},
      {"ListAuditEntries", {"A", MethodKind::kRead}},
  };
  return *oracle;
}

class AggregatorPermissionsTest : public SuiteHarnessTest<AggregatorHarness> {
 protected:
  void SetUp() override { ASSERT_NE(harness_, nullptr); }
};

TEST_F(AggregatorPermissionsTest, TableListsExactlyTheRpcsOfTheProto) { ExpectTableMatchesService(Table(), kService); }

TEST_F(AggregatorPermissionsTest, TableMatchesThePolicyForEveryRpcAndRole) {
  ExpectTableMatchesOracle(Table(), Oracle());
}

TEST_F(AggregatorPermissionsTest, EveryRpcTimesEveryRole) {
  ExpectEveryRpcTimesEveryRole(*harness_->channel(), kService, Table());
}

TEST_F(AggregatorPermissionsTest, NoTokenOrUnknownTokenIsUnauthenticated) {
  ExpectUnauthenticatedWithoutValidToken(*harness_->channel(), kService, Table());
}

}  // namespace
}  // namespace skillbridge::testing
