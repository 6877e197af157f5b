#pragma once
// EvaluationHarness: the real evaluation service in this process (ServiceHarness: real gRPC on
// 127.0.0.1:0, its own real redis-server, one bearer token per role), and helpers that drive the
// common workflow steps. Used by the service tests. Not thread-safe except the stub.

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "common/store/clock.h"
#include "services/evaluation/evaluation_service_traits.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/support/redis_server.h"
#include "tests/support/service_harness.h"
#include "tests/support/test_auth.h"

namespace skillbridge::testing {

namespace ev = ::skillbridge::evaluation::v1;

class EvaluationHarness final {
 public:
  // Starts redis-server and the service; the clock reads 2026-06-15 10:00 +08:00.
  absl::Status Start() { return service_.Start(); }
  void Stop() { service_.Stop(); }

  ev::EvaluationService::Stub& stub() { return service_.stub(); }
  std::shared_ptr<grpc::Channel> channel() { return service_.channel(); }
  RedisServerProcess& redis() { return service_.redis(); }
  RedisClient& redis_client() { return service_.redis_client(); }
  ManualClock& clock() { return service_.clock(); }
  int port() const { return service_.port(); }
  std::string address() const { return service_.address(); }

  // A client context carrying `token` (none when empty) and a 10 s deadline.
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) { return ContextWithToken(token); }

  // Number of keys matching `pattern` (e.g. "evaluation:cert:*").
  long long CountKeys(const std::string& pattern) { return service_.CountKeys(pattern); }

  // Creates an org in `district` for `credit_code` (as ADMIN) and takes it to FILED with a scope
  // of 6-18-02-04 焊工 up to 二级/技师 and 6-30-99-00 up to 三级.
  ev::EvaluationOrg CreateFiledOrg(const std::string& credit_code, const std::string& district,
                                   ev::OrgKind kind = ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);

  // A draft for person `n` (PersonId(n), name 张三N) at 6-18-02-04 / level, issued 2026-05-20.
  static ev::CertificateDraft Draft(int n, const std::string& issuer,
                                    common::v1::SkillLevel level = common::v1::SKILL_LEVEL_3_SENIOR);
  static std::string PersonName(int n);

  // A promotion request for person `n` at 6-18-02-04 / level: request_id "cpromo-<entry>-<digit>",
  // competition CP0000000001, contest CT0000000001, entry "EN" + n in 12 digits, year 2026, the
  // employer CreditCode(500 + n) in 370202 (district A).
  static ev::IssuePromotionCertificateRequest PromotionRequest(
      int n, common::v1::SkillLevel level = common::v1::SKILL_LEVEL_3_SENIOR);
  static std::string EntryId(int n);

  // Writes `token` as a SERVICE token file in the harness's temporary directory (after Start());
  // returns its path.
  std::string WriteTokenFile(const std::string& name, const std::string& token) {
    return service_.environment().WriteTokenFile(name, token);
  }

 private:
  ServiceHarness<evaluation::EvaluationServiceTraits> service_;
};

}  // namespace skillbridge::testing
