// GrpcEvaluationFiling (services/education/client) against the real evaluation service
// (EvaluationHarness: real gRPC, its own redis-server), as the education service uses it: an
// organisation FILED is FILED; APPLIED and UNDER_ASSESSMENT are PENDING; SUSPENDED and REVOKED are
// SUSPENDED_OR_REVOKED; an unknown credit code is NOT_FILED; a stopped evaluation is UNAVAILABLE
// with reason EVALUATION_UNAVAILABLE within the call's timeout.

#include <chrono>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/education/client/grpc_evaluation_filing.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using education::GrpcEvaluationFiling;
namespace edu = ::skillbridge::education::v1;

constexpr std::chrono::milliseconds kTimeout{800};

std::unique_ptr<GrpcEvaluationFiling> FilingOf(EvaluationHarness& evaluation) {
  PeerOptions options;
  options.address = evaluation.address();
  options.token_file = evaluation.WriteTokenFile("education-service-token", kServiceToken);
  options.timeout = kTimeout;
  absl::StatusOr<std::unique_ptr<GrpcEvaluationFiling>> filing = GrpcEvaluationFiling::Create(options);
  EXPECT_TRUE(filing.ok()) << filing.status();
  return filing.ok() ? *std::move(filing) : nullptr;
}

class EvaluationFilingTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    filing_ = FilingOf(*harness_);
    ASSERT_NE(filing_, nullptr);
  }

  ev::EvaluationService::Stub& stub() { return harness_->stub(); }

  // An application of CreditCode(n): state APPLIED.
  void Apply(int n) {
    ev::CreateEvaluationOrgRequest create;
    create.mutable_org()->set_credit_code(CreditCode(n));
    create.mutable_org()->set_name("青岛市技师学院" + std::to_string(n));
    create.mutable_org()->set_district_code(kDistrictA);
    create.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
    auto* scope = create.add_scope();
    scope->set_occupation_code("6-18-02-04");
    scope->set_highest_level(common::v1::SKILL_LEVEL_3_SENIOR);
    ev::CreateEvaluationOrgResponse created;
    const grpc::Status status =
        stub().CreateEvaluationOrg(EvaluationHarness::Context(kAdminToken).get(), create, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  edu::FilingStatus Ask(int n) {
    const absl::StatusOr<edu::FilingStatus> answer = filing_->FilingOf(CreditCode(n), absl::InfiniteFuture());
    EXPECT_TRUE(answer.ok()) << answer.status();
    return answer.ok() ? *answer : edu::FILING_STATUS_UNSPECIFIED;
  }

  std::unique_ptr<GrpcEvaluationFiling> filing_;
};

TEST_F(EvaluationFilingTest, EachFilingStateMapsToItsFilingStatus) {
  EXPECT_EQ(Ask(10), edu::FILING_STATUS_NOT_FILED);

  Apply(11);
  EXPECT_EQ(Ask(11), edu::FILING_STATUS_PENDING);
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(CreditCode(11));
  ev::StartFilingAssessmentResponse started;
  ASSERT_TRUE(stub().StartFilingAssessment(EvaluationHarness::Context(kAdminToken).get(), start, &started).ok());
  EXPECT_EQ(Ask(11), edu::FILING_STATUS_PENDING);

  harness_->CreateFiledOrg(CreditCode(12), kDistrictA);
  EXPECT_EQ(Ask(12), edu::FILING_STATUS_FILED);
  ev::SuspendFilingRequest suspend;
  suspend.set_credit_code(CreditCode(12));
  suspend.set_reason("年度检查不合格");
  ev::SuspendFilingResponse suspended;
  ASSERT_TRUE(stub().SuspendFiling(EvaluationHarness::Context(kAdminToken).get(), suspend, &suspended).ok());
  EXPECT_EQ(Ask(12), edu::FILING_STATUS_SUSPENDED_OR_REVOKED);

  harness_->CreateFiledOrg(CreditCode(13), kDistrictB);
  ev::RevokeFilingRequest revoke;
  revoke.set_credit_code(CreditCode(13));
  revoke.set_reason("违规发证");
  ev::RevokeFilingResponse revoked;
  ASSERT_TRUE(stub().RevokeFiling(EvaluationHarness::Context(kAdminToken).get(), revoke, &revoked).ok());
  EXPECT_EQ(Ask(13), edu::FILING_STATUS_SUSPENDED_OR_REVOKED);

  // The others' answers did not change meanwhile.
  EXPECT_EQ(Ask(10), edu::FILING_STATUS_NOT_FILED);
  EXPECT_EQ(Ask(11), edu::FILING_STATUS_PENDING);
}

TEST_F(EvaluationFilingTest, NoTimeLeftBeforeTheCallersDeadlineAsksNothing) {
  const absl::StatusOr<edu::FilingStatus> answer = filing_->FilingOf(CreditCode(10), absl::Now() - absl::Seconds(1));
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(skillbridge::ReasonOf(answer.status()), education::kReasonEvaluationUnavailable);
}

// Its own evaluation, stopped: the question is UNAVAILABLE (EVALUATION_UNAVAILABLE), answered within
// the client's timeout.
TEST(EvaluationFilingStoppedTest, AStoppedEvaluationIsUnavailableWithinTheTimeout) {
  EvaluationHarness evaluation;
  ASSERT_TRUE(evaluation.Start().ok());
  std::unique_ptr<GrpcEvaluationFiling> filing = FilingOf(evaluation);
  ASSERT_NE(filing, nullptr);
  ASSERT_TRUE(filing->FilingOf(CreditCode(1), absl::InfiniteFuture()).ok());
  evaluation.Stop();

  const absl::Duration limit = absl::FromChrono(kTimeout) + absl::Milliseconds(500);
  const absl::Time start = absl::Now();
  const absl::StatusOr<edu::FilingStatus> answer = filing->FilingOf(CreditCode(1), absl::InfiniteFuture());
  EXPECT_LT(absl::Now() - start, limit);
  ASSERT_FALSE(answer.ok());
  EXPECT_EQ(answer.status().code(), absl::StatusCode::kUnavailable) << answer.status();
  EXPECT_EQ(skillbridge::ReasonOf(answer.status()), education::kReasonEvaluationUnavailable);
}

}  // namespace
}  // namespace skillbridge::testing
