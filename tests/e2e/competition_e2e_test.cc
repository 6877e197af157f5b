// End to end: the real skillbridge-competition and skillbridge-evaluation binaries, each over its
// own real redis-server, driven over TCP:
//  - published results become promotion certificates in evaluation, one per promoted entrant,
//    with "one step up" for an entrant who already holds the rule's level;
//  - results published while evaluation is down (killed -9): the publication succeeds, the
//    promotions wait, and each completes exactly once after evaluation returns;
//  - competition killed -9 right after publishing, while its worker is issuing: restarted, it
//    finishes the pending promotions from its store, each exactly once.

#include <csignal>
#include <fstream>
#include <map>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "absl/time/clock.h"
#include "common/redis/redis_client.h"
#include "common/reference/bureau_calendar.h"
#include "common/status/macros.h"
#include "common/util/concat.h"
#include "gtest/gtest.h"
#include "skillbridge/competition/v1/competition.grpc.pb.h"
#include "skillbridge/evaluation/v1/evaluation.grpc.pb.h"
#include "tests/support/process.h"
#include "tests/support/redis_server.h"
#include "tests/support/service_process.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace cp = ::skillbridge::competition::v1;
namespace ev = ::skillbridge::evaluation::v1;
using SteadyClock = std::chrono::steady_clock;

constexpr char kWelder[] = "6-18-02-04";  // 焊工: levels 5..1

std::unique_ptr<grpc::ClientContext> As(const std::string& token, int seconds = 30) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(seconds));
  return context;
}

int ThisYear() { return static_cast<int>(BureauDay(absl::Now()).year()); }

class CompetitionEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    state_ = new State();
    ASSERT_TRUE(state_->evaluation_redis.Start().ok());
    ASSERT_TRUE(state_->competition_redis.Start().ok());
    auto dir = MakeTempDir("competition-e2e");
    ASSERT_TRUE(dir.ok());
    state_->auth = WriteTestAuthConfig(*dir);
    state_->token_file = *dir + "/service-token";
    std::ofstream(state_->token_file) << kServiceToken << "\n";
    const absl::Status evaluation = StartEvaluation();
    ASSERT_TRUE(evaluation.ok()) << evaluation;
    const absl::Status competition = StartCompetition();
    ASSERT_TRUE(competition.ok()) << competition;
  }
  static void TearDownTestSuite() {
    delete state_;
    state_ = nullptr;
  }

  static absl::Status StartEvaluation() {
    SB_RETURN_IF_ERROR(
        state_->evaluation.Start("evaluation", ServiceFlags(state_->evaluation_redis.uri(), state_->auth)));
    state_->evaluation_stub = ev::EvaluationService::NewStub(state_->evaluation.Channel());
    return absl::OkStatus();
  }
  static absl::Status StartCompetition() {
    std::vector<std::string> flags = ServiceFlags(state_->competition_redis.uri(), state_->auth);
    flags.insert(flags.end(), {"--evaluation_address=" + state_->evaluation.address(),
                               "--evaluation_token_file=" + state_->token_file, "--evaluation_timeout_ms=1000"});
    SB_RETURN_IF_ERROR(state_->competition.Start("competition", flags));
    state_->stub = cp::CompetitionService::NewStub(state_->competition.Channel());
    return absl::OkStatus();
  }

  static cp::CompetitionService::Stub& competition() { return *state_->stub; }
  static ev::EvaluationService::Stub& evaluation() { return *state_->evaluation_stub; }

  // A competition of `level` with one employees' welding contest, filed, opened, with `entrants`
  // persons (PersonId(first + i)) registered, and closed. Returns the contest id; `entries` gets
  // id number → entry id.
  static std::string ClosedContest(const std::string& tag, cp::CompetitionLevel level, int first, int entrants,
                                   std::map<std::string, std::string>* entries) {
    cp::CreateCompetitionRequest create;
    create.set_request_id("e2e-create-" + tag);
    cp::Competition* c = create.mutable_competition();
    c->set_title(Concat("端到端测试竞赛 ", tag));
    c->set_level(level);
    c->set_year(ThisYear());
    c->mutable_organiser()->set_credit_code(CreditCode(7000 + first));
    c->mutable_organiser()->set_name("青岛市某区人力资源和社会保障局");
    c->mutable_organiser()->set_district_code(kDistrictA);
    cp::CreateCompetitionResponse created;
    grpc::Status status = competition().CreateCompetition(As(kAdminToken).get(), create, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    const std::string id = created.competition().id();

    cp::AddContestRequest add;
    add.set_request_id("e2e-contest-" + tag);
    add.mutable_contest()->set_competition_id(id);
    add.mutable_contest()->set_title("焊工（职工组）");
    add.mutable_contest()->set_occupation_code(kWelder);
    add.mutable_contest()->set_group(cp::CONTEST_GROUP_EMPLOYEES);
    cp::AddContestResponse added;
    status = competition().AddContest(As(kAdminToken).get(), add, &added);
    EXPECT_TRUE(status.ok()) << status.error_message();

    cp::FileCompetitionRequest file;
    file.set_request_id("e2e-file-" + tag);
    file.set_id(id);
    cp::FileCompetitionResponse filed;
    EXPECT_TRUE(competition().FileCompetition(As(kAdminToken).get(), file, &filed).ok());
    cp::OpenCompetitionRequest open;
    open.set_request_id("e2e-open-" + tag);
    open.set_id(id);
    cp::OpenCompetitionResponse opened;
    EXPECT_TRUE(competition().OpenCompetition(As(kAdminToken).get(), open, &opened).ok());

    cp::BatchRegisterEntriesRequest batch;
    batch.set_request_id("e2e-entries-" + tag);
    for (int i = 0; i < entrants; ++i) {
      cp::EntryDraft* draft = batch.add_entries();
      draft->set_contest_id(added.contest().id());
      draft->mutable_person()->set_id_number(PersonId(first + i));
      draft->mutable_person()->set_name("参赛者");
      draft->mutable_affiliation()->set_credit_code(CreditCode(8000 + i % 5));
      draft->mutable_affiliation()->set_name("青岛某制造有限公司");
      draft->mutable_affiliation()->set_district_code(i % 2 == 0 ? kDistrictA : kDistrictB);
    }
    cp::BatchRegisterEntriesResponse registered;
    status = competition().BatchRegisterEntries(As(kAdminToken).get(), batch, &registered);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(registered.accepted_count(), entrants);
    for (const cp::BatchRegisterResult& result : registered.results()) {
      (*entries)[result.entry().person().id_number()] = result.entry().id();
    }

    cp::CloseCompetitionRequest close;
    close.set_request_id("e2e-close-" + tag);
    close.set_id(id);
    cp::CloseCompetitionResponse closed;
    EXPECT_TRUE(competition().CloseCompetition(As(kAdminToken).get(), close, &closed).ok());
    return added.contest().id();
  }

  // Ranks 1..n in the order of PersonId(first + i), gold for the first, bronze for 2-3, none after.
  static grpc::Status Publish(const std::string& tag, const std::string& contest_id, int first, int entrants,
                              const std::map<std::string, std::string>& entries) {
    cp::PublishResultsRequest publish;
    publish.set_request_id("e2e-publish-" + tag);
    publish.set_contest_id(contest_id);
    for (int i = 0; i < entrants; ++i) {
      cp::ResultRow* row = publish.add_results();
      row->set_entry_id(entries.at(PersonId(first + i)));
      row->set_rank(i + 1);
      row->set_award(i == 0 ? cp::AWARD_GOLD : i < 3 ? cp::AWARD_BRONZE : cp::AWARD_NONE);
    }
    cp::PublishResultsResponse published;
    return competition().PublishResults(As(kAdminToken).get(), publish, &published);
  }

  // Waits until no promotion of `contest_id` is PENDING (or `limit` passes); returns the entries.
  static std::vector<cp::Entry> SettledEntries(const std::string& contest_id, std::chrono::seconds limit) {
    const auto give_up = SteadyClock::now() + limit;
    std::vector<cp::Entry> entries;
    while (true) {
      entries.clear();
      cp::ListEntriesRequest list;
      list.set_contest_id(contest_id);
      list.set_page_size(1000);
      cp::ListEntriesResponse page;
      const grpc::Status status = competition().ListEntries(As(kAdminToken, 5).get(), list, &page);
      bool pending = !status.ok();
      for (const cp::Entry& entry : page.entries()) {
        entries.push_back(entry);
        pending = pending || entry.promotion().status() == cp::PROMOTION_STATUS_PENDING;
      }
      if (!pending || SteadyClock::now() > give_up) {
        return entries;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
  }

  // The valid competition-promotion certificates evaluation holds for a person.
  static std::vector<ev::Certificate> PromotionCertificates(const std::string& id_number) {
    ev::ListCertificatesRequest list;
    list.set_id_number(id_number);
    list.set_page_size(100);
    ev::ListCertificatesResponse page;
    std::vector<ev::Certificate> out;
    const grpc::Status status = evaluation().ListCertificates(As(kAdminToken).get(), list, &page);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const ev::Certificate& certificate : page.certificates()) {
      if (certificate.basis() == ev::CERTIFICATE_BASIS_COMPETITION_PROMOTION) {
        out.push_back(certificate);
      }
    }
    return out;
  }

  // Every promoted entrant has exactly one promotion certificate, the one its entry names, at the
  // entry's target level; returns how many were issued.
  static int ExpectExactlyOneCertificateEach(const std::vector<cp::Entry>& entries) {
    int issued = 0;
    for (const cp::Entry& entry : entries) {
      if (entry.promotion().status() != cp::PROMOTION_STATUS_ISSUED) {
        continue;
      }
      ++issued;
      const std::vector<ev::Certificate> certificates = PromotionCertificates(entry.person().id_number());
      int for_this_entry = 0;
      for (const ev::Certificate& certificate : certificates) {
        if (certificate.competition().entry_id() == entry.id()) {
          ++for_this_entry;
          EXPECT_EQ(certificate.number(), entry.promotion().certificate_number());
          EXPECT_EQ(certificate.level(), entry.promotion().target_level());
        }
      }
      EXPECT_EQ(for_this_entry, 1) << entry.id();
    }
    return issued;
  }

  struct State {
    RedisServerProcess evaluation_redis;
    RedisServerProcess competition_redis;
    std::string auth;
    std::string token_file;
    ServiceProcess evaluation;
    ServiceProcess competition;
    std::unique_ptr<ev::EvaluationService::Stub> evaluation_stub;
    std::unique_ptr<cp::CompetitionService::Stub> stub;
  };
  static inline State* state_ = nullptr;
};

// Municipal class I, employees: the top 10 are promoted to 技师 (二级); the entrant ranked first
// already holds 技师 in welding and so is promoted to 高级技师 (一级).
TEST_F(CompetitionEndToEndTest, PublishedResultsBecomeOnePromotionCertificateEach) {
  // The first entrant already holds 技师 in welding (a promotion of an earlier contest).
  ev::IssuePromotionCertificateRequest earlier;
  earlier.set_request_id("e2e-earlier-level");
  earlier.mutable_person()->set_id_number(PersonId(100));
  earlier.mutable_person()->set_name("参赛者");
  earlier.set_occupation_code(kWelder);
  earlier.set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  ev::CompetitionRef* ref = earlier.mutable_competition();
  ref->set_competition_id("CP9000000001");
  ref->set_contest_id("CT9000000001");
  ref->set_entry_id("EN900000000001");
  ref->set_year(ThisYear() - 1);
  ref->set_employer_credit_code(CreditCode(8000));
  ref->set_district_code(kDistrictA);
  ev::IssuePromotionCertificateResponse earlier_issued;
  const grpc::Status earlier_status =
      evaluation().IssuePromotionCertificate(As(kServiceToken).get(), earlier, &earlier_issued);
  ASSERT_TRUE(earlier_status.ok()) << earlier_status.error_message();

  std::map<std::string, std::string> entries;
  const std::string contest = ClosedContest("happy", cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, 100, 14, &entries);
  const grpc::Status published = Publish("happy", contest, 100, 14, entries);
  ASSERT_TRUE(published.ok()) << published.error_message();

  const std::vector<cp::Entry> settled = SettledEntries(contest, std::chrono::seconds(60));
  ASSERT_EQ(settled.size(), 14u);
  for (const cp::Entry& entry : settled) {
    if (entry.rank() > 10) {
      EXPECT_NE(entry.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << entry.id();
      continue;
    }
    EXPECT_EQ(entry.promotion().status(), cp::PROMOTION_STATUS_ISSUED)
        << entry.id() << " " << entry.promotion().reason();
    EXPECT_EQ(entry.promotion().target_level(),
              entry.rank() == 1 ? common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN : common::v1::SKILL_LEVEL_2_TECHNICIAN)
        << entry.id();
  }
  EXPECT_EQ(ExpectExactlyOneCertificateEach(settled), 10);
}

// Evaluation is killed before the results are published: the publication does not need it; the
// promotions wait (retried with backoff, the failure visible) and complete once it is back.
TEST_F(CompetitionEndToEndTest, ResultsPublishedWhileEvaluationIsDownCompleteAfterItReturns) {
  std::map<std::string, std::string> entries;
  const std::string contest = ClosedContest("eval-down", cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I, 200, 12, &entries);
  state_->evaluation.Kill9();
  const grpc::Status published = Publish("eval-down", contest, 200, 12, entries);
  ASSERT_TRUE(published.ok()) << published.error_message();

  std::this_thread::sleep_for(std::chrono::seconds(3));
  cp::GetEntryRequest get;
  get.set_id(entries.at(PersonId(200)));
  cp::GetEntryResponse waiting;
  ASSERT_TRUE(competition().GetEntry(As(kAdminToken).get(), get, &waiting).ok());
  EXPECT_EQ(waiting.entry().promotion().status(), cp::PROMOTION_STATUS_PENDING);
  EXPECT_GE(waiting.entry().promotion().issue_attempts(), 1);
  EXPECT_FALSE(waiting.entry().promotion().last_issue_error().empty());

  const absl::Status restarted = StartEvaluation();
  ASSERT_TRUE(restarted.ok()) << restarted;
  const std::vector<cp::Entry> settled = SettledEntries(contest, std::chrono::seconds(90));
  int promoted = 0;
  for (const cp::Entry& entry : settled) {
    if (entry.rank() <= 10) {
      ++promoted;
      EXPECT_EQ(entry.promotion().status(), cp::PROMOTION_STATUS_ISSUED)
          << entry.id() << " " << entry.promotion().last_issue_error();
    }
  }
  EXPECT_EQ(promoted, 10);
  EXPECT_EQ(ExpectExactlyOneCertificateEach(settled), 10);
}

// Competition is killed -9 right after publishing 300 promotions, its worker mid-way through them
// (some are still in the store's due set at the kill), and restarted: the pending work is in its
// store, and every promotion ends with exactly one certificate.
TEST_F(CompetitionEndToEndTest, CompetitionKilledWhileIssuingFinishesEachPromotionOnceAfterRestart) {
  if (!state_->evaluation.IsRunning()) {
    ASSERT_TRUE(StartEvaluation().ok());
  }
  std::map<std::string, std::string> entries;
  // Enterprise contest: the top 30% (300 of 1,000) are promoted to 中级工.
  const std::string contest = ClosedContest("kill", cp::COMPETITION_LEVEL_ENTERPRISE, 1000, 1000, &entries);
  const grpc::Status published = Publish("kill", contest, 1000, 1000, entries);
  ASSERT_TRUE(published.ok()) << published.error_message();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  state_->competition.Kill9();
  auto redis = RedisClient::Create(state_->competition_redis.ClientOptions());
  ASSERT_TRUE(redis.ok()) << redis.status();
  const auto due = (*redis)->Command({"ZCARD", "competition:promo:due"});
  ASSERT_TRUE(due.ok()) << due.status();
  EXPECT_GT(due->integer(), 0) << "the kill came after the worker had finished: the test proves nothing";
  const absl::Status restarted = StartCompetition();
  ASSERT_TRUE(restarted.ok()) << restarted;

  const std::vector<cp::Entry> settled = SettledEntries(contest, std::chrono::seconds(120));
  ASSERT_EQ(settled.size(), 1000u);
  int promoted = 0;
  for (const cp::Entry& entry : settled) {
    if (entry.rank() <= 300) {
      ++promoted;
      EXPECT_EQ(entry.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << entry.id();
    } else {
      EXPECT_NE(entry.promotion().status(), cp::PROMOTION_STATUS_ISSUED) << entry.id();
    }
  }
  EXPECT_EQ(promoted, 300);
  EXPECT_EQ(ExpectExactlyOneCertificateEach(settled), 300);
}

}  // namespace
}  // namespace skillbridge::testing
