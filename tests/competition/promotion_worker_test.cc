// The promotion worker on a real redis-server, asking the real evaluation service (in this
// process) through GrpcPromotionIssuer: pending work left by a worker that stopped (a service
// killed before its turn) is done by the next one; two workers racing over the same due
// promotions get each certificate issued once; an attempt whose answer was lost (evaluation
// issued, the worker died before recording it) is asked again with the same request_id and gets
// the same certificate.

#include "services/competition/promotion/promotion_worker.h"

#include <memory>
#include <string>
#include <thread>

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

  // A PENDING promotion of person n's entry (2026, 焊工, to 三级/高级工), due now, as a
  // publication leaves it: the record, the person's yearly slot and the due set.
  std::string PendingEntry(int n) {
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
  EXPECT_EQ(issued.version(), 3);
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
  auto events = redis().Command({"XLEN", std::string(competition::keys::kEvents)});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->integer(), static_cast<long long>(ids.size()));  // one PromotionChanged each
}

TEST_F(PromotionWorkerTest, AnAnswerLostIsAskedAgainAndGetsTheSameCertificate) {
  const std::string id = PendingEntry(21);
  const cp::Entry pending = Entry(id);
  // Evaluation issued the certificate, but the worker died before recording it.
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

}  // namespace
}  // namespace skillbridge::testing
