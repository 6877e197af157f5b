#include "tests/support/permission_matrix.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include <grpcpp/generic/generic_stub.h>

#include "common/auth/principal.h"
#include "google/protobuf/descriptor.h"
#include "gtest/gtest.h"
#include "tests/support/test_auth.h"

namespace skillbridge::testing {
namespace {

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

bool Lists(const MethodPermission& entry, common::v1::Role role) {
  return std::find(entry.roles.begin(), entry.roles.end(), role) != entry.roles.end();
}

}  // namespace

grpc::Status CallWithEmptyRequest(grpc::Channel& channel, const std::string& service_full_name,
                                  const std::string& method, const std::string& token) {
  grpc::GenericStub generic(std::shared_ptr<grpc::Channel>(&channel, [](grpc::Channel*) {}));
  auto context = ContextWithToken(token);
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1);
  grpc::ByteBuffer response;
  grpc::Status result;
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  generic.UnaryCall(context.get(), "/" + service_full_name + "/" + method, grpc::StubOptions(), &request, &response,
                    [&](grpc::Status status) {
                      std::lock_guard<std::mutex> lock(mu);
                      result = std::move(status);
                      done = true;
                      cv.notify_one();
                    });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  return result;
}

void ExpectTableMatchesService(const PermissionTable& table, const std::string& service_full_name) {
  const auto* service = google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_full_name);
  ASSERT_NE(service, nullptr) << service_full_name;
  EXPECT_EQ(static_cast<int>(table.entries().size()), service->method_count());
  for (int i = 0; i < service->method_count(); ++i) {
    EXPECT_NE(table.Find(service->method(i)->name()), nullptr)
        << service->method(i)->name() << " is an RPC of " << service_full_name << " but has no row in its table";
  }
  for (const MethodPermission& entry : table.entries()) {
    EXPECT_NE(service->FindMethodByName(entry.method), nullptr)
        << entry.method << " has a row but is not an RPC of " << service_full_name;
  }
}

void ExpectTableMatchesOracle(const PermissionTable& table, const PermissionOracle& oracle) {
  EXPECT_EQ(table.entries().size(), oracle.size());
  for (const auto& [method, expected] : oracle) {
    const MethodPermission* entry = table.Find(method);
    ASSERT_NE(entry, nullptr) << method << " is missing from the table";
    for (const RoleToken& role : OneTokenPerRole()) {
      const bool expected_listed = expected.roles.find(RoleLetter(role.role)) != std::string::npos;
      EXPECT_EQ(Lists(*entry, role.role), expected_listed) << method << " as " << RoleName(role.role);
    }
    EXPECT_EQ(entry->kind, expected.kind) << method;
  }
}

void ExpectEveryRpcTimesEveryRole(grpc::Channel& channel, const std::string& service_full_name,
                                  const PermissionTable& table) {
  int denied = 0;
  int allowed = 0;
  for (const MethodPermission& entry : table.entries()) {
    for (const RoleToken& role : OneTokenPerRole()) {
      const grpc::Status status = CallWithEmptyRequest(channel, service_full_name, entry.method, role.token);
      const std::string where = entry.method + " as " + std::string(RoleName(role.role));
      if (Lists(entry, role.role)) {
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

void ExpectUnauthenticatedWithoutValidToken(grpc::Channel& channel, const std::string& service_full_name,
                                            const PermissionTable& table) {
  for (const MethodPermission& entry : table.entries()) {
    EXPECT_EQ(CallWithEmptyRequest(channel, service_full_name, entry.method, "").error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << entry.method;
    EXPECT_EQ(CallWithEmptyRequest(channel, service_full_name, entry.method, "not-a-known-token").error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << entry.method;
  }
}

}  // namespace skillbridge::testing
