// Training: every RPC × every role, over real gRPC: a role missing from the permission table gets
// PERMISSION_DENIED (ROLE_NOT_ALLOWED) before anything runs; a listed role gets past the table
// (whatever the request's own fate); no token or an unknown token gets UNAUTHENTICATED.

#include <algorithm>
#include <condition_variable>
#include <mutex>

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
