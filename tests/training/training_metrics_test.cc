// skillbridge_training_claim_verifications_total over the real training and evaluation services:
// a verified claim, a refused certificate and evaluation being down each move their own series,
// and a claim refused before its certificate is checked moves none.

#include <string>

#include "gtest/gtest.h"
#include "tests/support/metrics_text.h"
#include "tests/training/training_harness.h"

namespace skillbridge::testing {
namespace {

constexpr common::v1::SkillLevel kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr char kCounter[] = "skillbridge_training_claim_verifications_total";

class TrainingMetricsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::Status started = harness_.Start();
    ASSERT_TRUE(started.ok()) << started;
    institution_ = harness_.CreateInstitution(1, kDistrictA).org().credit_code();
    harness_.PublishCatalog(2026, kWelder, kSenior, 130000);
  }

  tr::Enrollment Completed(int person) {
    const tr::Course course = harness_.CreateCourse(institution_, kWelder, kSenior);
    return harness_.CompletedEnrollment(course.id(), person);
  }

  std::string Count(const std::string& result) {
    return MetricValue(harness_.Metrics(), kCounter, {"result=\"" + result + "\""});
  }

  TrainingHarness harness_;
  std::string institution_;
};

TEST_F(TrainingMetricsTest, ClaimVerificationsAreCountedByResult) {
  EXPECT_EQ(Count("verified"), "0");
  EXPECT_EQ(Count("refused"), "0");
  EXPECT_EQ(Count("evaluation_unavailable"), "0");

  const tr::Enrollment first = Completed(11);
  ASSERT_TRUE(harness_.Submit(first.id(), harness_.IssueCertificate(11, kWelder, kSenior), nullptr).ok());
  EXPECT_EQ(Count("verified"), "1");

  // Another person's certificate: evaluation answers NOT_FOUND for this person.
  const tr::Enrollment second = Completed(12);
  const std::string others = harness_.IssueCertificate(13, kWelder, kSenior);
  EXPECT_EQ(harness_.Submit(second.id(), others, nullptr).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("refused"), "1");

  // Refused before the certificate is checked (already claimed): no series moves.
  EXPECT_EQ(harness_.Submit(first.id(), others, nullptr).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Count("verified"), "1");
  EXPECT_EQ(Count("refused"), "1");

  const std::string own = harness_.IssueCertificate(12, kWelder, kSenior);
  harness_.evaluation().Stop();
  EXPECT_EQ(harness_.Submit(second.id(), own, nullptr).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Count("evaluation_unavailable"), "1");
  EXPECT_EQ(Count("verified"), "1");
}

}  // namespace
}  // namespace skillbridge::testing
