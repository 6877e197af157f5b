// Training: every RPC × every role, over real gRPC: a role missing from the permission table gets
// PERMISSION_DENIED (ROLE_NOT_ALLOWED) before anything runs; a listed role gets past the table
// (whatever the request's own fate); no token or an unknown token gets UNAUTHENTICATED. The
// table itself is pinned against the policy written out below (docs/api.md), RPC by RPC and role
// by role, so that a change of who may call what is a deliberate change of this test too.

#include <algorithm>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include <grpcpp/generic/generic_stub.h>

#include "gtest/gtest.h"
#include "services/training/api/permission_table.h"
#include "tests/training/training_harness.h"

namespace skillbridge::testing {
namespace {

struct RoleToken {
  common::v1::Role role;
  const char* token;
};

constexpr RoleToken kRoles[] = {
    {common::v1::ROLE_ADMIN, kAdminToken},
    {common::v1::ROLE_DISTRICT_OFFICER, kDistrictAToken},
    {common::v1::ROLE_INSTITUTION, kInstitutionAToken},
    {common::v1::ROLE_VERIFIER, kVerifierToken},
    {common::v1::ROLE_VIEWER, kViewerToken},
    {common::v1::ROLE_SERVICE, kServiceToken},
};

class TrainingPermissionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    harness_ = new TrainingHarness();
    absl::Status started = harness_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }
  static void TearDownTestSuite() {
    delete harness_;
    harness_ = nullptr;
  }

  // Calls `method` with an empty request message and `token`.
  static grpc::Status CallEmpty(const std::string& method, const std::string& token) {
    grpc::GenericStub generic(harness_->channel());
    auto context = EvaluationHarness::Context(token);
    grpc::ByteBuffer request;
    grpc::Slice empty("");
    request = grpc::ByteBuffer(&empty, 1);
    grpc::ByteBuffer response;
    grpc::Status result;
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    generic.UnaryCall(context.get(), "/skillbridge.training.v1.TrainingService/" + method, grpc::StubOptions(),
                      &request, &response, [&](grpc::Status status) {
                        std::lock_guard<std::mutex> lock(mu);
                        result = std::move(status);
                        done = true;
                        cv.notify_one();
                      });
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return done; });
    return result;
  }

  static TrainingHarness* harness_;
};

TrainingHarness* TrainingPermissionsTest::harness_ = nullptr;

// Who may call what (docs/api.md, training section): A = ADMIN, D = DISTRICT_OFFICER,
// I = INSTITUTION, V = VERIFIER, W = VIEWER (dashboards), S = SERVICE.
const std::map<std::string, std::string>& ExpectedPolicy() {
  static const auto* policy = new std::map<std::string, std::string>{
      {"CreateInstitution", "ADI"},
      {"UpdateInstitution", "AD"},
      {"UpdateInstitutionContact", "ADI"},
      {"GetInstitution", "ADIVWS"},
      {"ListInstitutions", "ADIVWS"},
      {"UpsertCatalogEntry", "A"},
      {"GetCatalogEntry", "ADIVWS"},
      {"ListCatalogEntries", "ADIVWS"},
      {"CreateCourse", "ADI"},
      {"GetCourse", "ADIVWS"},
      {"ListCourses", "ADIVWS"},
      {"CancelCourse", "ADI"},
      {"EnrollPerson", "AI"},
      {"BatchEnrollPersons", "AI"},
      {"CompleteEnrollment", "AI"},
      {"DropEnrollment", "AI"},
      {"GetEnrollment", "ADIS"},
      {"ListEnrollments", "ADIS"},
      {"SubmitSubsidyClaim", "ADI"},
      {"ApproveSubsidyClaim", "AD"},
      {"RejectSubsidyClaim", "AD"},
      {"MarkSubsidyClaimPaid", "AD"},
      {"GetSubsidyClaim", "ADIS"},
      {"ListSubsidyClaims", "ADIS"},
      {"GetTrainingStats", "ADVWS"},
      {"ListEvents", "AS"},
      {"ListAuditEntries", "A"},
  };
  return *policy;
}

char RoleLetter(common::v1::Role role) {
  switch (role) {
    case common::v1::ROLE_ADMIN:
      return 'A';
    case common::v1::ROLE_DISTRICT_OFFICER:
      return 'D';
    case common::v1::ROLE_INSTITUTION:
      return 'I';
    case common::v1::ROLE_VERIFIER:
      return 'V';
    case common::v1::ROLE_VIEWER:
      return 'W';
    case common::v1::ROLE_SERVICE:
      return 'S';
    default:
      return '?';
  }
}

// Mutations are audited; the feed is the one long poll; everything else is a read.
const std::set<std::string>& ExpectedMutations() {
  static const auto* mutations = new std::set<std::string>{
      "CreateInstitution",  "UpdateInstitution",   "UpdateInstitutionContact", "UpsertCatalogEntry",  "CreateCourse",
      "CancelCourse",       "EnrollPerson",        "BatchEnrollPersons",       "CompleteEnrollment",  "DropEnrollment",
      "SubmitSubsidyClaim", "ApproveSubsidyClaim", "RejectSubsidyClaim",       "MarkSubsidyClaimPaid"};
  return *mutations;
}

TEST_F(TrainingPermissionsTest, TableCoversEveryRpcOfTheService) {
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName("skillbridge.training.v1.TrainingService");
  ASSERT_NE(service, nullptr);
  const PermissionTable table = training::TrainingPermissionTable();
  EXPECT_EQ(static_cast<int>(table.entries().size()), service->method_count());
  for (int i = 0; i < service->method_count(); ++i) {
    EXPECT_NE(table.Find(service->method(i)->name()), nullptr) << service->method(i)->name();
  }
}

TEST_F(TrainingPermissionsTest, TableMatchesThePolicyForEveryRpcAndRole) {
  const PermissionTable table = training::TrainingPermissionTable();
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName("skillbridge.training.v1.TrainingService");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(static_cast<int>(ExpectedPolicy().size()), service->method_count());
  for (const auto& [method, letters] : ExpectedPolicy()) {
    EXPECT_NE(service->FindMethodByName(method), nullptr) << method << " is not an RPC of the service";
    const MethodPermission* entry = table.Find(method);
    ASSERT_NE(entry, nullptr) << method;
    for (const auto& role : kRoles) {
      const bool listed = std::find(entry->roles.begin(), entry->roles.end(), role.role) != entry->roles.end();
      const bool expected = letters.find(RoleLetter(role.role)) != std::string::npos;
      EXPECT_EQ(listed, expected) << method << " as " << RoleName(role.role);
    }
    const MethodKind kind = method == "ListEvents"                 ? MethodKind::kLongPoll
                            : ExpectedMutations().contains(method) ? MethodKind::kMutation
                                                                   : MethodKind::kRead;
    EXPECT_EQ(entry->kind, kind) << method;
  }
}

TEST_F(TrainingPermissionsTest, EveryRpcTimesEveryRole) {
  const PermissionTable table = training::TrainingPermissionTable();
  int denied = 0;
  int allowed = 0;
  for (const auto& entry : table.entries()) {
    for (const auto& role : kRoles) {
      const bool listed = std::find(entry.roles.begin(), entry.roles.end(), role.role) != entry.roles.end();
      grpc::Status status = CallEmpty(entry.method, role.token);
      const std::string where = entry.method + " as " + std::string(RoleName(role.role));
      if (listed) {
        EXPECT_FALSE(status.error_code() == grpc::StatusCode::PERMISSION_DENIED &&
                     ReasonOf(status) == "ROLE_NOT_ALLOWED")
            << where << ": " << status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << where;
        EXPECT_NE(status.error_code(), grpc::StatusCode::INTERNAL) << where << ": " << status.error_message();
        EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << where;
        ++allowed;
      } else {
        EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << where;
        EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED") << where;
        ++denied;
      }
    }
  }
  EXPECT_GT(denied, 0);
  EXPECT_GT(allowed, 0);
}

TEST_F(TrainingPermissionsTest, NoTokenOrUnknownTokenIsUnauthenticated) {
  const PermissionTable table = training::TrainingPermissionTable();
  for (const auto& entry : table.entries()) {
    EXPECT_EQ(CallEmpty(entry.method, "").error_code(), grpc::StatusCode::UNAUTHENTICATED) << entry.method;
    EXPECT_EQ(CallEmpty(entry.method, "not-a-known-token").error_code(), grpc::StatusCode::UNAUTHENTICATED)
        << entry.method;
  }
}

}  // namespace
}  // namespace skillbridge::testing
