#pragma once
// EvaluationHarness: a real EvaluationServer (in this process, real gRPC on 127.0.0.1:0) over a
// real redis-server, with one bearer token per role, and helpers that drive the common
// workflow steps. Used by the service tests. Not thread-safe except the stub.

#include <memory>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "common/store/clock.h"
#include "services/evaluation/evaluation_server.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/support/redis_server.h"

namespace skillbridge::testing {

namespace ev = ::skillbridge::evaluation::v1;

// Tokens configured in every harness.
inline constexpr char kAdminToken[] = "tok-admin";
inline constexpr char kDistrictAToken[] = "tok-district-370202";   // 市南区
inline constexpr char kDistrictBToken[] = "tok-district-370211";   // 黄岛区
inline constexpr char kInstitutionAToken[] = "tok-institution-a";  // CreditCode(1)
inline constexpr char kInstitutionBToken[] = "tok-institution-b";  // CreditCode(2)
inline constexpr char kVerifierToken[] = "tok-verifier";
inline constexpr char kViewerToken[] = "tok-viewer";
inline constexpr char kServiceToken[] = "tok-service";
inline constexpr char kDistrictA[] = "370202";
inline constexpr char kDistrictB[] = "370211";

// Writes the auth config for the tokens above into `dir`; returns its path.
std::string WriteTestAuthConfig(const std::string& dir);

class EvaluationHarness final {
 public:
  EvaluationHarness();
  ~EvaluationHarness();

  // Starts redis-server and the service; the clock reads 2026-06-15 10:00 +08:00.
  absl::Status Start();
  void Stop();

  ev::EvaluationService::Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  RedisServerProcess& redis() { return redis_; }
  RedisClient& redis_client() { return *client_; }
  ManualClock& clock() { return clock_; }
  int port() const;

  // A client context carrying `token` (none when empty) and a 10 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token);

  // Number of keys matching `pattern` (e.g. "evaluation:cert:*").
  long long CountKeys(const std::string& pattern);

  // Creates an org in `district` for `credit_code` (as ADMIN) and takes it to FILED with a scope
  // of 6-18-02-04 焊工 up to 二级/技师 and 6-30-99-00 up to 三级.
  ev::EvaluationOrg CreateFiledOrg(const std::string& credit_code, const std::string& district,
                                   ev::OrgKind kind = ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);

  // A draft for person `n` (PersonId(n), name 张三N) at 6-18-02-04 / level, issued 2026-05-20.
  static ev::CertificateDraft Draft(int n, const std::string& issuer,
                                    common::v1::SkillLevel level = common::v1::SKILL_LEVEL_3_SENIOR);
  static std::string PersonName(int n);

 private:
  RedisServerProcess redis_;
  std::unique_ptr<RedisClient> client_;
  ManualClock clock_;
  std::string temp_dir_;
  std::unique_ptr<evaluation::EvaluationServer> server_;
  std::thread waiter_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<ev::EvaluationService::Stub> stub_;
};

// The ErrorInfo reason in a status's details ("" when none).
std::string ReasonOf(const grpc::Status& status);
// The first BadRequest field violation's field path ("" when none).
std::string FirstFieldOf(const grpc::Status& status);

}  // namespace skillbridge::testing
