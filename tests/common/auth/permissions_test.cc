#include "common/auth/permissions.h"

#include <algorithm>
#include <string>
#include <vector>

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using common::v1::Role;
using ::testing::HasSubstr;

constexpr const char* kShinan = "370202";
constexpr const char* kHuangdao = "370211";
constexpr const char* kOwnOrg = "91350100M000100Y43";
constexpr const char* kOtherOrg = "914403001922038216";

Principal Make(Role role) {
  Principal p;
  p.name = std::string(RoleName(role));
  p.role = role;
  if (role == common::v1::ROLE_DISTRICT_OFFICER) {
    p.district_code = kShinan;
  }
  if (role == common::v1::ROLE_INSTITUTION) {
    p.credit_code = kOwnOrg;
  }
  return p;
}

std::vector<Role> AllRoles() {
  return {common::v1::ROLE_UNSPECIFIED, common::v1::ROLE_ADMIN,    common::v1::ROLE_DISTRICT_OFFICER,
          common::v1::ROLE_INSTITUTION, common::v1::ROLE_VERIFIER, common::v1::ROLE_VIEWER,
          common::v1::ROLE_SERVICE};
}

void ExpectOutOfScope(const absl::Status& status, const std::string& expected_substring = "") {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  EXPECT_THAT(std::string(status.message()), HasSubstr(expected_substring));
}

PermissionTable SampleTable() {
  return PermissionTable({
      {"IssueCertificate",
       {common::v1::ROLE_ADMIN, common::v1::ROLE_INSTITUTION, common::v1::ROLE_SERVICE},
       MethodKind::kMutation},
      {"VerifyCertificate",
       {common::v1::ROLE_ADMIN, common::v1::ROLE_VERIFIER, common::v1::ROLE_SERVICE},
       MethodKind::kRead},
      {"ListEvents", {common::v1::ROLE_SERVICE}, MethodKind::kLongPoll},
  });
}

TEST(PermissionTableTest, FindReturnsEntry) {
  PermissionTable table = SampleTable();
  ASSERT_NE(table.Find("IssueCertificate"), nullptr);
  EXPECT_EQ(table.Find("IssueCertificate")->kind, MethodKind::kMutation);
  EXPECT_EQ(table.Find("ListEvents")->kind, MethodKind::kLongPoll);
  EXPECT_EQ(table.Find("VerifyCertificate")->kind, MethodKind::kRead);
  EXPECT_EQ(table.Find("Nope"), nullptr);
  EXPECT_EQ(table.entries().size(), 3u);
}

TEST(PermissionTableTest, CheckEveryMethodForEveryRole) {
  PermissionTable table = SampleTable();
  for (const MethodPermission& entry : table.entries()) {
    for (Role role : AllRoles()) {
      const bool allowed = std::find(entry.roles.begin(), entry.roles.end(), role) != entry.roles.end();
      absl::Status status = table.Check(entry.method, Make(role));
      if (allowed) {
        EXPECT_TRUE(status.ok()) << entry.method << " " << RoleName(role) << ": " << status;
      } else {
        ASSERT_FALSE(status.ok()) << entry.method << " " << RoleName(role);
        EXPECT_EQ(status.code(), absl::StatusCode::kPermissionDenied);
        EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED");
        EXPECT_EQ(status.message(), "role " + std::string(RoleName(role)) + " may not call " + entry.method);
      }
    }
  }
}

TEST(PermissionTableTest, UnknownMethodIsInternal) {
  absl::Status status = SampleTable().Check("DeleteEverything", Make(common::v1::ROLE_ADMIN));
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_THAT(std::string(status.message()), HasSubstr("DeleteEverything"));
}

TEST(PermissionTableTest, DuplicateMethodKeepsFirstEntry) {
  PermissionTable table(
      {{"Get", {common::v1::ROLE_ADMIN}, MethodKind::kRead}, {"Get", {common::v1::ROLE_VIEWER}, MethodKind::kRead}});
  EXPECT_TRUE(table.Check("Get", Make(common::v1::ROLE_ADMIN)).ok());
  EXPECT_FALSE(table.Check("Get", Make(common::v1::ROLE_VIEWER)).ok());
}

TEST(CheckDistrictScopeTest, EveryRole) {
  for (Role role : AllRoles()) {
    const Principal p = Make(role);
    const absl::Status own = CheckDistrictScope(p, kShinan);
    const absl::Status other = CheckDistrictScope(p, kHuangdao);
    switch (role) {
      case common::v1::ROLE_ADMIN:
      case common::v1::ROLE_SERVICE:
        EXPECT_TRUE(own.ok());
        EXPECT_TRUE(other.ok());
        break;
      case common::v1::ROLE_DISTRICT_OFFICER:
        EXPECT_TRUE(own.ok());
        ExpectOutOfScope(other, "acts only in district 370202, not in district 370211");
        break;
      default:
        ExpectOutOfScope(own, "role " + std::string(RoleName(role)) + " may not act on district records");
        ExpectOutOfScope(other);
        break;
    }
  }
}

TEST(CheckDistrictScopeTest, OfficerWithoutDistrictIsNeverInScope) {
  Principal p = Make(common::v1::ROLE_DISTRICT_OFFICER);
  p.district_code.clear();
  ExpectOutOfScope(CheckDistrictScope(p, ""));
}

// Org scope: (own org in own district), (own org elsewhere), (other org in own district),
// (other org elsewhere).
TEST(CheckOrgScopeTest, EveryRole) {
  for (Role role : AllRoles()) {
    const Principal p = Make(role);
    const absl::Status own_here = CheckOrgScope(p, kOwnOrg, kShinan);
    const absl::Status own_elsewhere = CheckOrgScope(p, kOwnOrg, kHuangdao);
    const absl::Status other_here = CheckOrgScope(p, kOtherOrg, kShinan);
    const absl::Status other_elsewhere = CheckOrgScope(p, kOtherOrg, kHuangdao);
    switch (role) {
      case common::v1::ROLE_ADMIN:
      case common::v1::ROLE_SERVICE:
        EXPECT_TRUE(own_here.ok() && own_elsewhere.ok() && other_here.ok() && other_elsewhere.ok());
        break;
      case common::v1::ROLE_DISTRICT_OFFICER:
        EXPECT_TRUE(own_here.ok());
        EXPECT_TRUE(other_here.ok());
        ExpectOutOfScope(own_elsewhere, "belongs to district 370211");
        ExpectOutOfScope(other_elsewhere, "acts only in district 370202");
        break;
      case common::v1::ROLE_INSTITUTION:
        EXPECT_TRUE(own_here.ok());
        EXPECT_TRUE(own_elsewhere.ok());
        ExpectOutOfScope(other_here, "may act only on the records of 91350100M000100Y43, not of 914403001922038216");
        ExpectOutOfScope(other_elsewhere);
        break;
      default:
        ExpectOutOfScope(own_here, "may not act on the records of an organisation");
        ExpectOutOfScope(own_elsewhere);
        ExpectOutOfScope(other_here);
        ExpectOutOfScope(other_elsewhere);
        break;
    }
  }
}

TEST(CheckOrgReadScopeTest, EveryRole) {
  for (Role role : AllRoles()) {
    const Principal p = Make(role);
    const absl::Status own_here = CheckOrgReadScope(p, kOwnOrg, kShinan);
    const absl::Status other_here = CheckOrgReadScope(p, kOtherOrg, kShinan);
    const absl::Status other_elsewhere = CheckOrgReadScope(p, kOtherOrg, kHuangdao);
    switch (role) {
      case common::v1::ROLE_ADMIN:
      case common::v1::ROLE_SERVICE:
      case common::v1::ROLE_VERIFIER:
      case common::v1::ROLE_VIEWER:
        EXPECT_TRUE(own_here.ok() && other_here.ok() && other_elsewhere.ok()) << RoleName(role);
        break;
      case common::v1::ROLE_DISTRICT_OFFICER:
        EXPECT_TRUE(own_here.ok());
        EXPECT_TRUE(other_here.ok());
        ExpectOutOfScope(other_elsewhere);
        break;
      case common::v1::ROLE_INSTITUTION:
        EXPECT_TRUE(own_here.ok());
        ExpectOutOfScope(other_here);
        ExpectOutOfScope(other_elsewhere);
        break;
      default:
        ExpectOutOfScope(own_here);
        ExpectOutOfScope(other_here);
        ExpectOutOfScope(other_elsewhere);
        break;
    }
  }
}

TEST(CheckOrgScopeTest, InstitutionWithoutCreditCodeIsNeverInScope) {
  Principal p = Make(common::v1::ROLE_INSTITUTION);
  p.credit_code.clear();
  ExpectOutOfScope(CheckOrgScope(p, "", kShinan));
}

// A DISTRICT_OFFICER's list filter: empty becomes its district, its own passes, another is refused.
// Every other role's filter is left as it is.
TEST(ScopeDistrictFilterTest, EveryRole) {
  for (Role role : AllRoles()) {
    const Principal p = Make(role);
    std::string empty;
    std::string own = kShinan;
    std::string other = kHuangdao;
    const absl::Status empty_status = ScopeDistrictFilter(p, &empty);
    const absl::Status own_status = ScopeDistrictFilter(p, &own);
    const absl::Status other_status = ScopeDistrictFilter(p, &other);
    EXPECT_TRUE(own_status.ok()) << RoleName(role);
    EXPECT_EQ(own, kShinan);
    if (role == common::v1::ROLE_DISTRICT_OFFICER) {
      EXPECT_TRUE(empty_status.ok());
      EXPECT_EQ(empty, kShinan);
      ExpectOutOfScope(other_status, "acts only in district 370202, not in district 370211");
    } else {
      EXPECT_TRUE(empty_status.ok()) << RoleName(role);
      EXPECT_EQ(empty, "") << RoleName(role);
      EXPECT_TRUE(other_status.ok()) << RoleName(role);
      EXPECT_EQ(other, kHuangdao);
    }
  }
}

// An INSTITUTION's credit-code filter: empty becomes its own code, its own passes, another is
// refused. Every other role's filter is left as it is.
TEST(ScopeInstitutionFilterTest, EveryRole) {
  for (Role role : AllRoles()) {
    const Principal p = Make(role);
    std::string empty;
    std::string own = kOwnOrg;
    std::string other = kOtherOrg;
    const absl::Status empty_status = ScopeInstitutionFilter(p, &empty);
    const absl::Status own_status = ScopeInstitutionFilter(p, &own);
    const absl::Status other_status = ScopeInstitutionFilter(p, &other);
    EXPECT_TRUE(own_status.ok()) << RoleName(role);
    EXPECT_EQ(own, kOwnOrg);
    if (role == common::v1::ROLE_INSTITUTION) {
      EXPECT_TRUE(empty_status.ok());
      EXPECT_EQ(empty, kOwnOrg);
      ExpectOutOfScope(other_status, "an institution may read only its own records");
      EXPECT_EQ(other, kOtherOrg);
    } else {
      EXPECT_TRUE(empty_status.ok()) << RoleName(role);
      EXPECT_EQ(empty, "") << RoleName(role);
      EXPECT_TRUE(other_status.ok()) << RoleName(role);
      EXPECT_EQ(other, kOtherOrg);
    }
  }
}

// District read scope: the district's officer, and the roles that read across districts.
TEST(CheckDistrictReadScopeTest, EveryRole) {
  for (Role role : AllRoles()) {
    const Principal p = Make(role);
    const absl::Status own = CheckDistrictReadScope(p, kShinan);
    const absl::Status other = CheckDistrictReadScope(p, kHuangdao);
    switch (role) {
      case common::v1::ROLE_ADMIN:
      case common::v1::ROLE_SERVICE:
      case common::v1::ROLE_VERIFIER:
      case common::v1::ROLE_VIEWER:
        EXPECT_TRUE(own.ok()) << RoleName(role);
        EXPECT_TRUE(other.ok()) << RoleName(role);
        break;
      case common::v1::ROLE_DISTRICT_OFFICER:
        EXPECT_TRUE(own.ok());
        ExpectOutOfScope(other);
        break;
      default:
        ExpectOutOfScope(own);
        ExpectOutOfScope(other);
    }
  }
}

// A principal whose own scope code is missing must not turn an empty filter into "everything".
TEST(ScopeFiltersTest, PrincipalWithoutItsOwnCodeReadsNothing) {
  Principal officer = Make(common::v1::ROLE_DISTRICT_OFFICER);
  officer.district_code.clear();
  std::string district;
  ExpectOutOfScope(ScopeDistrictFilter(officer, &district));
  EXPECT_EQ(district, "");
  Principal institution = Make(common::v1::ROLE_INSTITUTION);
  institution.credit_code.clear();
  std::string credit_code;
  ExpectOutOfScope(ScopeInstitutionFilter(institution, &credit_code));
  EXPECT_EQ(credit_code, "");
}

TEST(MaySeePersonalDataTest, EveryRole) {
  EXPECT_TRUE(MaySeePersonalData(Make(common::v1::ROLE_ADMIN)));
  EXPECT_TRUE(MaySeePersonalData(Make(common::v1::ROLE_SERVICE)));
  EXPECT_TRUE(MaySeePersonalData(Make(common::v1::ROLE_VERIFIER)));
  EXPECT_TRUE(MaySeePersonalData(Make(common::v1::ROLE_DISTRICT_OFFICER)));
  EXPECT_TRUE(MaySeePersonalData(Make(common::v1::ROLE_INSTITUTION)));
  EXPECT_FALSE(MaySeePersonalData(Make(common::v1::ROLE_VIEWER)));
  EXPECT_FALSE(MaySeePersonalData(Make(common::v1::ROLE_UNSPECIFIED)));
}

}  // namespace
}  // namespace skillbridge
