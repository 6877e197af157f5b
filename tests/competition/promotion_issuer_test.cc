// GrpcPromotionIssuer (services/competition/client/grpc_promotion_issuer.h) against the real
// evaluation service in this process (EvaluationHarness: real gRPC, real redis-server): the
// person's level, a promotion certificate issued, its replay, refusals for good, and the answers
// the caller retries (a token evaluation does not know, evaluation stopped, no time left).

#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/competition/client/grpc_promotion_issuer.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using competition::GrpcPromotionIssuer;
using competition::IssueOutcome;
using competition::PromotionIssue;

// The issue the competition service would send for entrant `n` (as EvaluationHarness::PromotionRequest).
PromotionIssue IssueFor(int n, common::v1::SkillLevel level = common::v1::SKILL_LEVEL_3_SENIOR) {
  const ev::IssuePromotionCertificateRequest request = EvaluationHarness::PromotionRequest(n, level);
  PromotionIssue issue;
  issue.request_id = request.request_id();
  issue.id_number = request.person().id_number();
  issue.name = request.person().name();
  issue.occupation_code = request.occupation_code();
  issue.level = request.level();
  issue.competition_id = request.competition().competition_id();
  issue.contest_id = request.competition().contest_id();
  issue.entry_id = request.competition().entry_id();
  issue.employer_credit_code = request.competition().employer_credit_code();
  issue.district_code = request.competition().district_code();
  issue.year = request.competition().year();
  return issue;
}

std::unique_ptr<GrpcPromotionIssuer> IssuerFor(EvaluationHarness& evaluation, const std::string& token,
                                               std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
  PeerOptions options;
  options.address = evaluation.address();
  options.token_file = evaluation.WriteTokenFile("competition-token", token);
  options.timeout = timeout;
  auto issuer = GrpcPromotionIssuer::Create(options);
  EXPECT_TRUE(issuer.ok()) << issuer.status();
  return issuer.ok() ? std::move(*issuer) : nullptr;
}

absl::Time InFiveSeconds() { return absl::Now() + absl::Seconds(5); }

class PromotionIssuerTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    issuer_ = IssuerFor(*harness_, kServiceToken);
    ASSERT_NE(issuer_, nullptr);
  }

  std::unique_ptr<GrpcPromotionIssuer> issuer_;
};

TEST_F(PromotionIssuerTest, IssuesAndAReplayAnswersTheSameNumber) {
  const absl::StatusOr<IssueOutcome> issued = issuer_->Issue(IssueFor(1), InFiveSeconds());
  ASSERT_TRUE(issued.ok()) << issued.status();
  EXPECT_EQ(issued->kind, IssueOutcome::Kind::kIssued);
  EXPECT_EQ(issued->certificate_number, "S000037999999263000001");

  const absl::StatusOr<IssueOutcome> again = issuer_->Issue(IssueFor(1), InFiveSeconds());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->kind, IssueOutcome::Kind::kIssued);
  EXPECT_EQ(again->certificate_number, issued->certificate_number);
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 1);

  // The certificate in evaluation carries the competition result it was issued for.
  ev::GetCertificateRequest get;
  get.set_number(issued->certificate_number);
  ev::GetCertificateResponse got;
  ASSERT_TRUE(harness_->stub().GetCertificate(EvaluationHarness::Context(kAdminToken).get(), get, &got).ok());
  EXPECT_EQ(got.certificate().basis(), ev::CERTIFICATE_BASIS_COMPETITION_PROMOTION);
  EXPECT_EQ(got.certificate().competition().entry_id(), EvaluationHarness::EntryId(1));
  EXPECT_EQ(got.certificate().competition().year(), 2026);
}

TEST_F(PromotionIssuerTest, HighestLevelFollowsTheCertificatesIssued) {
  absl::StatusOr<common::v1::SkillLevel> level = issuer_->HighestLevel(PersonId(1), "6-18-02-04", InFiveSeconds());
  ASSERT_TRUE(level.ok()) << level.status();
  EXPECT_EQ(*level, common::v1::SKILL_LEVEL_UNSPECIFIED);
  ASSERT_TRUE(issuer_->Issue(IssueFor(1, common::v1::SKILL_LEVEL_2_TECHNICIAN), InFiveSeconds()).ok());
  level = issuer_->HighestLevel(PersonId(1), "6-18-02-04", InFiveSeconds());
  ASSERT_TRUE(level.ok()) << level.status();
  EXPECT_EQ(*level, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  level = issuer_->HighestLevel(PersonId(1), "6-30-99-00", InFiveSeconds());
  ASSERT_TRUE(level.ok()) << level.status();
  EXPECT_EQ(*level, common::v1::SKILL_LEVEL_UNSPECIFIED);

  std::string bad_id = PersonId(1);
  bad_id[17] = bad_id[17] == '0' ? '1' : '0';
  level = issuer_->HighestLevel(bad_id, "6-18-02-04", InFiveSeconds());
  EXPECT_EQ(level.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(PromotionIssuerTest, RefusalsForGoodAreOutcomesNotErrors) {
  ASSERT_TRUE(issuer_->Issue(IssueFor(1), InFiveSeconds()).ok());

  // Another entry of the same person at the same level: the level is held already.
  PromotionIssue other_entry = IssueFor(1);
  other_entry.entry_id = "EN000000009999";
  other_entry.request_id = "cpromo-EN000000009999-3";
  absl::StatusOr<IssueOutcome> outcome = issuer_->Issue(other_entry, InFiveSeconds());
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->kind, IssueOutcome::Kind::kRefused);
  EXPECT_EQ(outcome->reason, "DUPLICATE_CERTIFICATE");
  EXPECT_TRUE(outcome->certificate_number.empty());

  // The same request_id with other content.
  PromotionIssue reused = IssueFor(1, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  reused.request_id = IssueFor(1).request_id;
  outcome = issuer_->Issue(reused, InFiveSeconds());
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->kind, IssueOutcome::Kind::kRefused);
  EXPECT_EQ(outcome->reason, "REQUEST_ID_REUSED");

  // An ID number with a wrong check character: refused, and the message keeps it masked.
  PromotionIssue invalid = IssueFor(2);
  invalid.id_number[17] = invalid.id_number[17] == '0' ? '1' : '0';
  outcome = issuer_->Issue(invalid, InFiveSeconds());
  ASSERT_TRUE(outcome.ok()) << outcome.status();
  EXPECT_EQ(outcome->kind, IssueOutcome::Kind::kRefused);
  EXPECT_EQ(outcome->reason, "INVALID_FIELD");
  EXPECT_EQ(outcome->message.find(invalid.id_number), std::string::npos) << outcome->message;
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 1);
}

TEST_F(PromotionIssuerTest, ATokenEvaluationDoesNotAcceptIsRetriedNotRefused) {
  for (const std::string& token : {std::string("tok-unknown"), std::string(kViewerToken)}) {
    SCOPED_TRACE(token);
    std::unique_ptr<GrpcPromotionIssuer> issuer = IssuerFor(*harness_, token);
    ASSERT_NE(issuer, nullptr);
    const absl::StatusOr<IssueOutcome> outcome = issuer->Issue(IssueFor(3), InFiveSeconds());
    EXPECT_EQ(outcome.status().code(), absl::StatusCode::kUnavailable) << outcome.status();
    EXPECT_EQ(skillbridge::ReasonOf(outcome.status()), competition::kReasonEvaluationUnavailable);
    const absl::StatusOr<common::v1::SkillLevel> level =
        issuer->HighestLevel(PersonId(3), "6-18-02-04", InFiveSeconds());
    EXPECT_EQ(level.status().code(), absl::StatusCode::kUnavailable) << level.status();
  }
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 0);
}

TEST_F(PromotionIssuerTest, NoTimeLeftSendsNothing) {
  const absl::StatusOr<IssueOutcome> outcome = issuer_->Issue(IssueFor(4), absl::Now() - absl::Seconds(1));
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kDeadlineExceeded) << outcome.status();
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 0);
}

// Evaluation stopped: the caller gets a retryable status, well within its deadline.
TEST(PromotionIssuerStoppedTest, EvaluationStoppedIsRetryableWithinTheDeadline) {
  EvaluationHarness evaluation;
  ASSERT_TRUE(evaluation.Start().ok());
  std::unique_ptr<GrpcPromotionIssuer> issuer = IssuerFor(evaluation, kServiceToken, std::chrono::milliseconds(500));
  ASSERT_NE(issuer, nullptr);
  ASSERT_TRUE(issuer->Issue(IssueFor(5), InFiveSeconds()).ok());
  evaluation.Stop();

  const absl::Time start = absl::Now();
  const absl::StatusOr<IssueOutcome> outcome = issuer->Issue(IssueFor(6), start + absl::Seconds(3));
  const absl::Duration took = absl::Now() - start;
  ASSERT_FALSE(outcome.ok());
  EXPECT_TRUE(outcome.status().code() == absl::StatusCode::kUnavailable ||
              outcome.status().code() == absl::StatusCode::kDeadlineExceeded)
      << outcome.status();
  EXPECT_EQ(skillbridge::ReasonOf(outcome.status()), competition::kReasonEvaluationUnavailable);
  EXPECT_LT(took, absl::Seconds(3));
  const absl::StatusOr<common::v1::SkillLevel> level =
      issuer->HighestLevel(PersonId(6), "6-18-02-04", start + absl::Seconds(3));
  EXPECT_FALSE(level.ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(3));
}

}  // namespace
}  // namespace skillbridge::testing
