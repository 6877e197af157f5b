#pragma once
// TrainingHarness: the real training service in this process (ServiceHarness: real gRPC on
// 127.0.0.1:0, its own real redis-server), checking certificates with the real evaluation service
// (EvaluationHarness, in this process too, over its own redis-server). Both clocks read 2026-06-15 10:00 +08:00 and
// can be moved together. Helpers drive the common workflow: an active institution, a catalogue
// entry, a course, a completed enrolment, a certificate issued in evaluation.
// Not thread-safe except the stubs.

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/status.h"
#include "common/store/clock.h"
#include "services/training/training_service_traits.h"
#include "skillbridge/training/v1/training.grpc.pb.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/service_harness.h"

namespace skillbridge::testing {

namespace tr = ::skillbridge::training::v1;

// The occupations used by the helpers: 焊工 (6-18-02-04) and others from reference/.
inline constexpr char kWelder[] = "6-18-02-04";

class TrainingHarness final {
 public:
  ~TrainingHarness();

  // Starts evaluation (with its redis) and training (with its own redis).
  absl::Status Start(std::chrono::milliseconds evaluation_timeout = std::chrono::milliseconds(2000));
  void Stop();

  tr::TrainingService::Stub& stub() { return service_.stub(); }
  std::shared_ptr<grpc::Channel> channel() { return service_.channel(); }
  EvaluationHarness& evaluation() { return *evaluation_; }
  RedisClient& redis_client() { return service_.redis_client(); }
  // Sets both services' clocks.
  void SetTime(absl::Time time);

  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    return EvaluationHarness::Context(token);
  }
  long long CountKeys(const std::string& pattern) { return service_.CountKeys(pattern); }
  // The training service's metrics in the Prometheus text format (what /metrics serves).
  std::string Metrics();

  // An ACTIVE institution (CreditCode(n)) in `district`, approved for every occupation given
  // (default: 焊工, 工业机器人系统操作员, 电工, 车工, 铣工, 钳工-free list below).
  tr::Institution CreateInstitution(int n, const std::string& district);
  // Publishes a catalogue entry.
  void PublishCatalog(int year, const std::string& occupation, common::v1::SkillLevel level, int64_t fen);
  // A course of the institution (programme 岗位技能提升, 2026-03-01..2026-05-10).
  tr::Course CreateCourse(const std::string& credit_code, const std::string& occupation, common::v1::SkillLevel level,
                          int capacity = 50, int year = 2026);
  // Enrols person n and completes the enrolment (as ADMIN).
  tr::Enrollment CompletedEnrollment(const std::string& course_id, int person);
  // A filed evaluation org (CreditCode(900 + n)) whose scope covers the helper occupations up to
  // 一级; returns its credit code. Cached per harness.
  std::string EvaluationIssuer();
  // Issues a certificate in evaluation for person n; returns its number.
  std::string IssueCertificate(int person, const std::string& occupation, common::v1::SkillLevel level, int year = 2026,
                               int month = 5, int day = 20);

  // The claim, submitted with `token` (default ADMIN).
  grpc::Status Submit(const std::string& enrollment_id, const std::string& certificate, tr::SubsidyClaim* claim,
                      const std::string& token = kAdminToken);

  // Enrols person n (enrolled 2026-03-01) with `token`; `enrollment` may be null.
  grpc::Status Enroll(const std::string& course_id, int person, tr::Enrollment* enrollment,
                      const std::string& token = kAdminToken);
  // The whole change feed so far (as SERVICE), in order.
  std::vector<tr::TrainingEvent> Events();
  // The whole audit stream (as ADMIN), newest first.
  std::vector<common::v1::AuditEntry> AuditEntries();

 private:
  std::unique_ptr<EvaluationHarness> evaluation_;
  ServiceHarness<training::TrainingServiceTraits> service_;
  std::string issuer_;
};

// Occupations every helper institution and evaluation org is approved for.
const std::vector<std::string>& HelperOccupations();

}  // namespace skillbridge::testing
