// The promotion worker on a real redis-server, asking the real evaluation service (in this
// process) through GrpcPromotionIssuer: pending work left by a worker that stopped (a service
// killed before its turn) is done by the next one; two workers racing over the same due
// promotions get each certificate issued once; an attempt whose answer was lost (evaluation
// issued, the worker died before recording it) is asked again with the same request_id and gets
// the same certificate; a level check that fails is retried with backoff and then steps the
// target up; a checked promotion is never checked again.

#include "services/competition/promotion/promotion_worker.h"

#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/util/proto_time.h"
#include "gtest/gtest.h"
#include "services/competition/client/grpc_promotion_issuer.h"
#include "services/competition/domain/promotion_outcome.h"
#include "services/competition/store/keys.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/redis_server.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace cp = ::skillbridge::competition::v1;
using competition::CompetitionStore;
using competition::GrpcPromotionIssuer;
using competition::PromotionWorker;

constexpr char kService[] = "skillbridge.competition.v1.CompetitionService";

class PromotionWorkerTest : public RedisTest {
 protected:
  static void SetUpTestSuite() {
    RedisTest::SetUpTestSuite();
    evaluation_ = new EvaluationHarness();
    const absl::Status started = evaluation_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }
  static void TearDownTestSuite() {
    delete evaluation_;
    evaluation_ = nullptr;
    RedisTest::TearDownTestSuite();
  }

  void SetUp() override {
    RedisTest::SetUp();
    ASSERT_TRUE(evaluation_->redis_client().Command({"FLUSHALL"}).ok());
    store_ = std::make_unique<CompetitionStore>(redis(), redis());
    ASSERT_TRUE(store_->Initialize().ok());
    PeerOptions options;
    options.address = evaluation_->address();
    options.token_file = evaluation_->WriteTokenFile("worker-token", kServiceToken);
    auto issuer = GrpcPromotionIssuer::Create(options);
    ASSERT_TRUE(issuer.ok()) << issuer.status();
    issuer_ = std::move(*issuer);
  }

  // A PENDING promotion of person n's entry (2026, 焊工, rule level 三级/高级工, its level not
  // checked yet), due now, as a publication leaves it: the record, the person's yearly slot and
  // the due set. `checked`: its level checked already (the person held nothing), as the worker
  // leaves it before asking for the certificate.
  std::string PendingEntry(int n, bool checked = false) {
    const std::string id = EvaluationHarness::EntryId(n);
    cp::Entry entry;
    entry.set_id(id);
    entry.set_contest_id("CT0000000001");
    entry.set_competition_id("CP0000000001");
    entry.mutable_person()->set_id_number(PersonId(n));
    entry.mutable_person()->set_name(EvaluationHarness::PersonName(n));
    entry.mutable_affiliation()->set_credit_code(CreditCode(500 + n));
    entry.mutable_affiliation()->set_district_code("370202");
    entry.set_year(2026);
    entry.set_level(cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_II);
    entry.set_occupation_code("6-18-02-04");
    entry.set_rank(1);
    entry.set_award(cp::AWARD_GOLD);
    entry.mutable_promotion()->set_status(cp::PROMOTION_STATUS_PENDING);
    entry.mutable_promotion()->set_target_level(common::v1::SKILL_LEVEL_3_SENIOR);
    if (checked) {
      SetTimestamp(clock_.Now(), entry.mutable_promotion()->mutable_level_check_time());
    }
    entry.set_version(2);
    EXPECT_TRUE(redis().Command({"SET", competition::keys::Entry(id), entry.SerializeAsString()}).ok());
    EXPECT_TRUE(redis().Command({"SET", competition::keys::PromotionYear(PersonId(n), 2026), id}).ok());
    EXPECT_TRUE(redis().Command({"ZADD", std::string(competition::keys::kPromotionsDue), "0", id}).ok());
    return id;
  }

  std::unique_ptr<PromotionWorker> NewWorker() {
    return std::make_unique<PromotionWorker>(*store_, *issuer_, clock_, kService);
  }

  cp::Entry Entry(const std::string& id) {
    auto stored = store_->GetEntry(id);
    EXPECT_TRUE(stored.ok() && stored->has_value());
    return (*stored)->record;
  }

  // Gives person n `level` in 焊工 with a promotion certificate of another (2025) competition.
  void GiveLevel(int n, common::v1::SkillLevel level) {
    ev::IssuePromotionCertificateRequest request = EvaluationHarness::PromotionRequest(n, level);
    request.set_request_id("prior-" + std::to_string(n));
    request.mutable_competition()->set_entry_id("EN9000000000" + std::to_string(n));
    request.mutable_competition()->set_year(2025);
    ev::IssuePromotionCertificateResponse response;
    const grpc::Status status = evaluation_->stub().IssuePromotionCertificate(
        EvaluationHarness::Context(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  long long StreamLength(std::string_view stream) {
    auto length = redis().Command({"XLEN", std::string(stream)});
    EXPECT_TRUE(length.ok());
    return length.ok() ? length->integer() : -1;
  }

  int CertificatesOf(int n) {
    ev::ListCertificatesRequest request;
    request.set_id_number(PersonId(n));
    ev::ListCertificatesResponse response;
    EXPECT_TRUE(
        evaluation_->stub().ListCertificates(EvaluationHarness::Context(kAdminToken).get(), request, &response).ok());
    return response.certificates_size();
  }

  static inline EvaluationHarness* evaluation_ = nullptr;
  ManualClock clock_{absl::FromUnixSeconds(1781488800)};
  std::unique_ptr<CompetitionStore> store_;
  std::unique_ptr<GrpcPromotionIssuer> issuer_;
};

TEST_F(PromotionWorkerTest, WorkLeftByAStoppedWorkerIsDoneByTheNext) {
  const std::string id = PendingEntry(1);
  {
    std::unique_ptr<PromotionWorker> stopped = NewWorker();
    stopped->Start();
    stopped->Stop();  // before its first round: the service went down
  }
  ASSERT_EQ(Entry(id).promotion().status(), cp::PROMOTION_STATUS_PENDING);
  std::unique_ptr<PromotionWorker> next = NewWorker();
  auto attempted = next->RunOnce();
  ASSERT_TRUE(attempted.ok()) << attempted.status();
  EXPECT_EQ(*attempted, 1);
  const cp::Entry issued = Entry(id);
  EXPECT_EQ(issued.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << issued.promotion().last_issue_error();
  EXPECT_EQ(issued.promotion().issue_attempts(), 1);
  EXPECT_TRUE(issued.promotion().has_level_check_time());
  EXPECT_EQ(issued.version(), 4);  // the level check, then the certificate
  EXPECT_EQ(CertificatesOf(1), 1);
  EXPECT_TRUE(store_->DuePromotions(clock_.Now(), 10)->empty());
  // Nothing is left to do.
  EXPECT_EQ(*next->RunOnce(), 0);
}

TEST_F(PromotionWorkerTest, TwoWorkersRacingIssueEachCertificateOnce) {
  std::vector<std::string> ids;
  for (int n = 10; n < 16; ++n) {
    ids.push_back(PendingEntry(n));
  }
  std::unique_ptr<PromotionWorker> a = NewWorker();
  std::unique_ptr<PromotionWorker> b = NewWorker();
  std::thread ta([&] { EXPECT_TRUE(a->RunOnce().ok()); });
  std::thread tb([&] { EXPECT_TRUE(b->RunOnce().ok()); });
  ta.join();
  tb.join();
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(Entry(ids[i]).promotion().status(), cp::PROMOTION_STATUS_ISSUED) << ids[i];
    EXPECT_EQ(CertificatesOf(10 + static_cast<int>(i)), 1);
  }
  // One PromotionChanged each (the level checks left the targets as they were: no event).
  EXPECT_EQ(StreamLength(competition::keys::kEvents), static_cast<long long>(ids.size()));
  // Each check and each certificate audited once.
  EXPECT_EQ(StreamLength(competition::keys::kAudit), static_cast<long long>(2 * ids.size()));
}

TEST_F(PromotionWorkerTest, AnAnswerLostIsAskedAgainAndGetsTheSameCertificate) {
  const std::string id = PendingEntry(21, /*checked=*/true);
  const cp::Entry pending = Entry(id);
  // Its level was checked and recorded; evaluation issued the certificate, but the worker died
  // before recording it (evaluation now reports 三级: the check is not made again).
  competition::PromotionIssue issue;
  issue.request_id = competition::PromotionRequestId(id, common::v1::SKILL_LEVEL_3_SENIOR);
  issue.id_number = PersonId(21);
  issue.name = EvaluationHarness::PersonName(21);
  issue.occupation_code = "6-18-02-04";
  issue.level = common::v1::SKILL_LEVEL_3_SENIOR;
  issue.competition_id = pending.competition_id();
  issue.contest_id = pending.contest_id();
  issue.entry_id = id;
  issue.employer_credit_code = CreditCode(521);
  issue.district_code = "370202";
  issue.year = 2026;
  auto first = issuer_->Issue(issue, absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->kind, competition::IssueOutcome::Kind::kIssued) << first->reason;
  std::unique_ptr<PromotionWorker> worker = NewWorker();
  ASSERT_TRUE(worker->RunOnce().ok());
  const cp::Entry issued = Entry(id);
  EXPECT_EQ(issued.promotion().status(), cp::PROMOTION_STATUS_ISSUED);
  EXPECT_EQ(issued.promotion().certificate_number(), first->certificate_number);
  EXPECT_EQ(CertificatesOf(21), 1);
}

TEST_F(PromotionWorkerTest, AFailedLevelCheckIsRetriedWithBackoffThenTheTargetIsSteppedUp) {
  const std::string id = PendingEntry(31);
  std::unique_ptr<PromotionWorker> worker = NewWorker();
  // Evaluation cannot answer the level question.
  evaluation_->redis().Kill9();
  auto attempted = worker->RunOnce();
  ASSERT_TRUE(attempted.ok()) << attempted.status();
  EXPECT_EQ(*attempted, 1);
  const cp::Entry waiting = Entry(id);
  EXPECT_EQ(waiting.promotion().status(), cp::PROMOTION_STATUS_PENDING);
  EXPECT_EQ(waiting.promotion().issue_attempts(), 1);
  EXPECT_FALSE(waiting.promotion().has_level_check_time());
  EXPECT_EQ(waiting.promotion().target_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_NE(waiting.promotion().last_issue_error().find("UNAVAILABLE"), std::string::npos)
      << waiting.promotion().last_issue_error();
  EXPECT_EQ(waiting.version(), 3);
  // Due again after the backoff, not before; no event or audit entry for a failed attempt.
  EXPECT_TRUE(store_->DuePromotions(clock_.Now(), 10)->empty());
  EXPECT_EQ(*store_->DuePromotions(clock_.Now() + competition::IssueBackoff(1), 10), std::vector<std::string>{id});
  EXPECT_EQ(StreamLength(competition::keys::kEvents), 0);
  EXPECT_EQ(StreamLength(competition::keys::kAudit), 0);
  ASSERT_TRUE(evaluation_->redis().Restart().ok());
  // Meanwhile the person reached the rule's level: the target is one above it.
  GiveLevel(31, common::v1::SKILL_LEVEL_3_SENIOR);
  clock_.Advance(competition::IssueBackoff(1));
  attempted = worker->RunOnce();
  ASSERT_TRUE(attempted.ok()) << attempted.status();
  EXPECT_EQ(*attempted, 1);
  const cp::Entry issued = Entry(id);
  ASSERT_EQ(issued.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << issued.promotion().last_issue_error();
  EXPECT_EQ(issued.promotion().current_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(issued.promotion().target_level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_TRUE(issued.promotion().has_level_check_time());
  EXPECT_EQ(issued.promotion().issue_attempts(), 2);
  EXPECT_TRUE(issued.promotion().last_issue_error().empty());
  EXPECT_EQ(CertificatesOf(31), 2);
  // PromotionChanged for the new target, then for the certificate; the check and the issue audited.
  EXPECT_EQ(StreamLength(competition::keys::kEvents), 2);
  EXPECT_EQ(StreamLength(competition::keys::kAudit), 2);
  EXPECT_TRUE(store_->DuePromotions(clock_.Now() + absl::Hours(1), 10)->empty());
}

TEST_F(PromotionWorkerTest, ACheckedPromotionIsAskedForAtItsRecordedTargetWithoutCheckingAgain) {
  // Checked before (the person held nothing), its certificate not asked for yet.
  const std::string id = PendingEntry(41, /*checked=*/true);
  // Since then the person reached 三级: checked again, the target would step up to 二级. It is
  // not: the certificate is asked for at the recorded 三级, which evaluation refuses as held.
  GiveLevel(41, common::v1::SKILL_LEVEL_3_SENIOR);
  ASSERT_TRUE(NewWorker()->RunOnce().ok());
  const cp::Entry refused = Entry(id);
  EXPECT_EQ(refused.promotion().status(), cp::PROMOTION_STATUS_REFUSED);
  EXPECT_EQ(refused.promotion().reason(), "DUPLICATE_CERTIFICATE");
  EXPECT_EQ(refused.promotion().target_level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(StreamLength(competition::keys::kAudit), 1);  // the certificate request only
  // The refusal released the person's yearly slot.
  auto slot = redis().Command({"EXISTS", competition::keys::PromotionYear(PersonId(41), 2026)});
  ASSERT_TRUE(slot.ok());
  EXPECT_EQ(slot->integer(), 0);
}

TEST_F(PromotionWorkerTest, ALevelQuestionEvaluationRefusesForGoodEndsRefusedAndReleasesTheSlot) {
  const std::string id = PendingEntry(61);
  // An ID number evaluation rejects (its check digit broken), holding its own yearly slot.
  cp::Entry entry = Entry(id);
  std::string bad_id = PersonId(61);
  bad_id[17] = bad_id[17] == '0' ? '1' : '0';
  entry.mutable_person()->set_id_number(bad_id);
  ASSERT_TRUE(redis().Command({"SET", competition::keys::Entry(id), entry.SerializeAsString()}).ok());
  ASSERT_TRUE(redis().Command({"DEL", competition::keys::PromotionYear(PersonId(61), 2026)}).ok());
  ASSERT_TRUE(redis().Command({"SET", competition::keys::PromotionYear(bad_id, 2026), id}).ok());
  ASSERT_TRUE(NewWorker()->RunOnce().ok());
  const cp::Entry refused = Entry(id);
  EXPECT_EQ(refused.promotion().status(), cp::PROMOTION_STATUS_REFUSED);
  EXPECT_FALSE(refused.promotion().reason().empty());
  EXPECT_EQ(refused.promotion().issue_attempts(), 1);
  auto slot = redis().Command({"EXISTS", competition::keys::PromotionYear(bad_id, 2026)});
  ASSERT_TRUE(slot.ok());
  EXPECT_EQ(slot->integer(), 0);
  EXPECT_EQ(StreamLength(competition::keys::kEvents), 1);
  EXPECT_EQ(StreamLength(competition::keys::kAudit), 1);
  EXPECT_TRUE(store_->DuePromotions(clock_.Now() + absl::Hours(1), 10)->empty());
}

}  // namespace
}  // namespace skillbridge::testing
