#pragma once
// EducationHarness: the real education service in this process (ServiceHarness: real gRPC on
// 127.0.0.1:0, its own real redis-server), asking the real evaluation service (EvaluationHarness,
// in this process too, over its own redis-server) for schools' filings through
// GrpcEvaluationFiling. Both clocks read 2026-06-15 10:00 +08:00 and can be moved together. The
// feed and audit readers return everything written so far.
// Not thread-safe except the stubs.

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "services/education/education_service_traits.h"
#include "skillbridge/education/v1/education.grpc.pb.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/service_harness.h"

namespace skillbridge::testing {

namespace ed = ::skillbridge::education::v1;

class EducationHarness final {
 public:
  EducationHarness() = default;
  ~EducationHarness();

  absl::Status Start();
  void Stop();

  ed::EducationService::Stub& stub() { return service_.stub(); }
  std::shared_ptr<grpc::Channel> channel() { return service_.channel(); }
  EvaluationHarness& evaluation() { return *evaluation_; }
  RedisClient& redis_client() { return service_.redis_client(); }
  long long CountKeys(const std::string& pattern) { return service_.CountKeys(pattern); }
  // Moves both services' clocks.
  void Advance(absl::Duration d);
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    return EvaluationHarness::Context(token);
  }

  std::vector<ed::EducationEvent> Events();
  std::vector<common::v1::AuditEntry> AuditEntries();

 private:
  std::unique_ptr<EvaluationHarness> evaluation_;
  ServiceHarness<education::EducationServiceTraits> service_;
};

}  // namespace skillbridge::testing
