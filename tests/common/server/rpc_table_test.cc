// The RPC table expansions: RolesOfMask, SB_PERMISSION_TABLE over a small table (names, kinds,
// roles, and the resulting checks) and SB_DECLARE_HANDLER against a real proto service.

#include "common/server/rpc_table.h"

#include <algorithm>
#include <vector>

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "skillbridge/echo/v1/echo.pb.h"

// A table as a service spells one (the methods need not exist for the permission table).
#define TEST_RPCS(X)                                       \
  X(GetThing, kRead, kAdmin | kDistrict | kViewer)         \
  X(PutThing, kMutation, kAdmin | kInstitution | kService) \
  X(WatchThings, kLongPoll, kService)                      \
  X(Everything, kRead, kAdmin | kDistrict | kInstitution | kVerifier | kViewer | kService)

// SB_DECLARE_HANDLER refers to v1::<Method>Request/Response inside the service's namespace.
#define TEST_ECHO_RPCS(X) X(Echo, kRead, kAdmin)

namespace skillbridge::echo {

class TestEchoHandlers final {
 public:
  TEST_ECHO_RPCS(SB_DECLARE_HANDLER)
};

absl::Status TestEchoHandlers::Echo(const CallContext& call, const v1::EchoRequest& request,
                                    v1::EchoResponse* response) {
  if (call.principal.role != common::v1::ROLE_ADMIN) {
    return absl::PermissionDeniedError("admins only");
  }
  response->set_payload(request.payload());
  return absl::OkStatus();
}

}  // namespace skillbridge::echo

namespace skillbridge {
namespace {

using common::v1::Role;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(RolesOfMaskTest, RolesInEnumOrder) {
  namespace r = rpc_roles;
  EXPECT_THAT(RolesOfMask(0), IsEmpty());
  EXPECT_THAT(RolesOfMask(r::kService | r::kAdmin), ElementsAre(common::v1::ROLE_ADMIN, common::v1::ROLE_SERVICE));
  EXPECT_THAT(RolesOfMask(r::kAdmin | r::kDistrict | r::kInstitution | r::kVerifier | r::kViewer | r::kService),
              ElementsAre(common::v1::ROLE_ADMIN, common::v1::ROLE_DISTRICT_OFFICER, common::v1::ROLE_INSTITUTION,
                          common::v1::ROLE_VERIFIER, common::v1::ROLE_VIEWER, common::v1::ROLE_SERVICE));
}

TEST(RolesOfMaskTest, UnspecifiedAndUnknownBitsAreIgnored) {
  EXPECT_THAT(RolesOfMask(1u << common::v1::ROLE_UNSPECIFIED), IsEmpty());
  EXPECT_THAT(RolesOfMask((1u << 30) | rpc_roles::kViewer), ElementsAre(common::v1::ROLE_VIEWER));
}

TEST(PermissionTableMacroTest, OneEntryPerRowWithItsKindAndRoles) {
  const PermissionTable table = SB_PERMISSION_TABLE(TEST_RPCS);
  ASSERT_EQ(table.entries().size(), 4u);
  EXPECT_EQ(table.entries()[0].method, "GetThing");
  EXPECT_EQ(table.entries()[1].method, "PutThing");
  EXPECT_EQ(table.entries()[2].method, "WatchThings");
  EXPECT_EQ(table.entries()[3].method, "Everything");

  const MethodPermission* get = table.Find("GetThing");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->kind, MethodKind::kRead);
  EXPECT_THAT(get->roles,
              ElementsAre(common::v1::ROLE_ADMIN, common::v1::ROLE_DISTRICT_OFFICER, common::v1::ROLE_VIEWER));
  const MethodPermission* put = table.Find("PutThing");
  ASSERT_NE(put, nullptr);
  EXPECT_EQ(put->kind, MethodKind::kMutation);
  EXPECT_THAT(put->roles, ElementsAre(common::v1::ROLE_ADMIN, common::v1::ROLE_INSTITUTION, common::v1::ROLE_SERVICE));
  const MethodPermission* watch = table.Find("WatchThings");
  ASSERT_NE(watch, nullptr);
  EXPECT_EQ(watch->kind, MethodKind::kLongPoll);
  EXPECT_THAT(watch->roles, ElementsAre(common::v1::ROLE_SERVICE));
  EXPECT_EQ(table.Find("Everything")->roles.size(), 6u);
}

TEST(PermissionTableMacroTest, ChecksFollowTheRows) {
  const PermissionTable table = SB_PERMISSION_TABLE(TEST_RPCS);
  Principal principal;
  principal.name = "someone";
  for (const Role role : {common::v1::ROLE_ADMIN, common::v1::ROLE_DISTRICT_OFFICER, common::v1::ROLE_INSTITUTION,
                          common::v1::ROLE_VERIFIER, common::v1::ROLE_VIEWER, common::v1::ROLE_SERVICE}) {
    principal.role = role;
    for (const MethodPermission& entry : table.entries()) {
      const bool listed = std::find(entry.roles.begin(), entry.roles.end(), role) != entry.roles.end();
      const absl::Status status = table.Check(entry.method, principal);
      EXPECT_EQ(status.ok(), listed) << entry.method << " " << RoleName(role);
      if (!listed) {
        EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED");
      }
    }
  }
  principal.role = common::v1::ROLE_VERIFIER;
  EXPECT_FALSE(table.Check("GetThing", principal).ok());
  EXPECT_TRUE(table.Check("Everything", principal).ok());
}

TEST(DeclareHandlerTest, DeclaresTheHandlerSignature) {
  echo::TestEchoHandlers handlers;
  CallContext call;
  call.principal.role = common::v1::ROLE_ADMIN;
  echo::v1::EchoRequest request;
  request.set_payload("ping");
  echo::v1::EchoResponse response;
  ASSERT_TRUE(handlers.Echo(call, request, &response).ok());
  EXPECT_EQ(response.payload(), "ping");
  const PermissionTable table = SB_PERMISSION_TABLE(TEST_ECHO_RPCS);
  ASSERT_EQ(table.entries().size(), 1u);
  EXPECT_EQ(table.entries()[0].method, "Echo");
}

}  // namespace
}  // namespace skillbridge
