// The competition store on a real redis-server: one entry per person and contest and the
// contest's capacity under parallel registrations, registration only while OPEN, the yearly
// promotion slot claimed atomically across two competitions, a publication applied whole or not
// at all (a changed entry aborts it and leaves every key as it was), and the due set of pending
// promotions with the worker's record of an attempt.

#include "services/competition/store/competition_store.h"

#include <atomic>
#include <thread>
#include <vector>

#include "common/status/errors.h"
#include "common/util/proto_time.h"
#include "gtest/gtest.h"
#include "services/competition/store/keys.h"
#include "tests/support/redis_server.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace cp = ::skillbridge::competition::v1;
using competition::CompetitionStore;
using competition::IssueRecord;
using competition::PublishPlan;
using competition::RegisterItem;
using competition::ResultWrite;

const absl::Time kNow = absl::FromUnixSeconds(1781488800);

class CompetitionStoreTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    store_ = std::make_unique<CompetitionStore>(redis(), redis());
    ASSERT_TRUE(store_->Initialize().ok());
  }

  // A competition `id` in `status` with one contest `contest_id` of `max_entries`.
  void Competition(const std::string& id, const std::string& contest_id, cp::CompetitionStatus status,
                   int max_entries = 100, int year = 2026) {
    cp::Competition competition;
    competition.set_id(id);
    competition.set_title("青岛市职业技能大赛");
    competition.set_level(cp::COMPETITION_LEVEL_PROVINCIAL);
    competition.set_year(year);
    competition.mutable_organiser()->set_credit_code(CreditCode(1));
    competition.set_status(cp::COMPETITION_STATUS_DRAFT);
    competition.set_version(1);
    ASSERT_TRUE(store_->CreateCompetition(competition, cp::CompetitionEvent(), MutationMeta()).ok());
    auto stored = store_->GetCompetition(id);
    ASSERT_TRUE(stored.ok() && stored->has_value());
    cp::Contest contest;
    contest.set_id(contest_id);
    contest.set_competition_id(id);
    contest.set_occupation_code("6-18-02-04");
    contest.set_group(cp::CONTEST_GROUP_EMPLOYEES);
    contest.set_max_entries(max_entries);
    contest.set_year(year);
    contest.set_level(competition.level());
    cp::Competition with_contest = competition;
    with_contest.set_contest_count(1);
    with_contest.set_status(status);
    ASSERT_TRUE(store_->AddContest(**stored, with_contest, contest, cp::CompetitionEvent(), MutationMeta()).ok());
  }

  RegisterItem Item(const std::string& id, const std::string& competition_id, const std::string& contest_id, int person,
                    int max_entries = 100, int year = 2026) {
    RegisterItem item;
    item.entry.set_id(id);
    item.entry.set_contest_id(contest_id);
    item.entry.set_competition_id(competition_id);
    item.entry.mutable_person()->set_id_number(PersonId(person));
    item.entry.mutable_affiliation()->set_credit_code(CreditCode(7));
    item.entry.mutable_affiliation()->set_district_code("370202");
    item.entry.set_year(year);
    item.entry.set_level(cp::COMPETITION_LEVEL_PROVINCIAL);
    item.entry.set_version(1);
    item.max_entries = max_entries;
    return item;
  }

  absl::Status Register(const RegisterItem& item) {
    auto outcomes = store_->Register({item});
    if (!outcomes.ok()) {
      return outcomes.status();
    }
    return (*outcomes)[0].status();
  }

  // A publication plan of the contest granting a PENDING promotion to every entry given, read now.
  PublishPlan Plan(const std::string& competition_id, const std::string& contest_id) {
    PublishPlan plan;
    plan.competition_old = **store_->GetCompetition(competition_id);
    plan.contest_old = **store_->GetContest(contest_id);
    plan.competition = plan.competition_old.record;
    plan.competition.set_published_contest_count(1);
    plan.competition.set_status(cp::COMPETITION_STATUS_RESULTS_PUBLISHED);
    plan.contest = plan.contest_old.record;
    plan.contest.set_results_published(true);
    plan.due = kNow;
    auto entries = store_->ReadContestEntries(contest_id);
    EXPECT_TRUE(entries.ok());
    std::vector<std::pair<std::string, int>> persons;
    for (const auto& entry : *entries) {
      persons.emplace_back(entry.record.person().id_number(), entry.record.year());
    }
    auto holders = store_->ReadYearlyHolders(persons);
    EXPECT_TRUE(holders.ok());
    for (size_t i = 0; i < entries->size(); ++i) {
      ResultWrite& write = plan.entries.emplace_back();
      write.old = (*entries)[i];
      write.updated = write.old.record;
      write.updated.set_rank(static_cast<int>(i) + 1);
      write.updated.set_award(cp::AWARD_GOLD);
      SetTimestamp(kNow, write.updated.mutable_result_publish_time());
      write.yearly_holder = (*holders)[i];
      write.yearly_checked = true;
      auto* promotion = write.updated.mutable_promotion();
      if (write.yearly_holder.empty()) {
        promotion->set_status(cp::PROMOTION_STATUS_PENDING);
        promotion->set_target_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
      } else {
        promotion->set_status(cp::PROMOTION_STATUS_NOT_ELIGIBLE);
        promotion->set_reason("PROMOTION_YEARLY_LIMIT_REACHED");
      }
      write.events.push_back(cp::CompetitionEvent());
      write.events.push_back(cp::CompetitionEvent());
    }
    plan.competition_event = cp::CompetitionEvent();
    plan.meta.audit.set_method("PublishResults");
    return plan;
  }

  long long StreamLength(std::string_view stream) {
    auto reply = redis().Command({"XLEN", std::string(stream)});
    return reply.ok() ? reply->integer() : -1;
  }

  std::unique_ptr<CompetitionStore> store_;
};

TEST_F(CompetitionStoreTest, ParallelRegistrationsOfOnePersonStoreOneEntry) {
  Competition("CP1", "CT1", cp::COMPETITION_STATUS_OPEN);
  constexpr int kThreads = 8;
  std::atomic<int> ok{0};
  std::atomic<int> duplicate{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const absl::Status status = Register(Item("EN" + std::to_string(t), "CP1", "CT1", 1));
      if (status.ok()) {
        ++ok;
      } else if (ReasonOf(status) == "ALREADY_REGISTERED" && status.code() == absl::StatusCode::kAlreadyExists) {
        ++duplicate;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(duplicate.load(), kThreads - 1);
  auto contest = store_->GetContest("CT1");
  ASSERT_TRUE(contest.ok() && contest->has_value());
  EXPECT_EQ((*contest)->record.entry_count(), 1);
  EXPECT_EQ(StreamLength(competition::keys::kEvents), 3);  // competition, contest, one entry
}

TEST_F(CompetitionStoreTest, ParallelRegistrationsNeverPassTheCapacity) {
  Competition("CP1", "CT1", cp::COMPETITION_STATUS_OPEN, /*max_entries=*/5);
  constexpr int kThreads = 20;
  std::atomic<int> ok{0};
  std::atomic<int> full{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      const absl::Status status = Register(Item("EN" + std::to_string(t), "CP1", "CT1", 10 + t, 5));
      if (status.ok()) {
        ++ok;
      } else if (ReasonOf(status) == "CONTEST_FULL") {
        ++full;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(ok.load(), 5);
  EXPECT_EQ(full.load(), kThreads - 5);
  EXPECT_EQ((*store_->GetContest("CT1"))->record.entry_count(), 5);
}

TEST_F(CompetitionStoreTest, EntriesAreTakenOnlyWhileTheCompetitionIsOpen) {
  Competition("CP1", "CT1", cp::COMPETITION_STATUS_CLOSED);
  const absl::Status status = Register(Item("EN1", "CP1", "CT1", 1));
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(status), "COMPETITION_NOT_OPEN");
  auto entry = store_->GetEntry("EN1");
  ASSERT_TRUE(entry.ok());
  EXPECT_FALSE(entry->has_value());
}

TEST_F(CompetitionStoreTest, TheYearlyPromotionSlotGoesToExactlyOneOfTwoCompetitions) {
  Competition("CP1", "CT1", cp::COMPETITION_STATUS_OPEN);
  Competition("CP2", "CT2", cp::COMPETITION_STATUS_OPEN);
  ASSERT_TRUE(Register(Item("EN1", "CP1", "CT1", 1)).ok());
  ASSERT_TRUE(Register(Item("EN2", "CP2", "CT2", 1)).ok());
  for (const char* id : {"CP1", "CP2"}) {
    auto stored = store_->GetCompetition(id);
    cp::Competition closed = (*stored)->record;
    closed.set_status(cp::COMPETITION_STATUS_CLOSED);
    ASSERT_TRUE(store_->UpdateCompetition(**stored, closed, cp::CompetitionEvent(), MutationMeta()).ok());
  }
  // Both publications are decided on the slot being free, then race.
  const PublishPlan first = Plan("CP1", "CT1");
  const PublishPlan second = Plan("CP2", "CT2");
  ASSERT_EQ(first.entries[0].updated.promotion().status(), cp::PROMOTION_STATUS_PENDING);
  ASSERT_EQ(second.entries[0].updated.promotion().status(), cp::PROMOTION_STATUS_PENDING);
  absl::StatusOr<WriteOutcome> a;
  absl::StatusOr<WriteOutcome> b;
  std::thread ta([&] { a = store_->PublishResults(first); });
  std::thread tb([&] { b = store_->PublishResults(second); });
  ta.join();
  tb.join();
  ASSERT_NE(a.ok(), b.ok()) << a.status() << " / " << b.status();
  const absl::Status lost = a.ok() ? b.status() : a.status();
  EXPECT_EQ(lost.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(lost), "CONCURRENT_MODIFICATION");
  const std::string winner = a.ok() ? "EN1" : "EN2";
  auto holders = store_->ReadYearlyHolders({{PersonId(1), 2026}});
  ASSERT_TRUE(holders.ok());
  EXPECT_EQ((*holders)[0], winner);
  // Decided again, the other publication finds the slot taken: NOT_ELIGIBLE, and it is stored.
  const PublishPlan again = a.ok() ? Plan("CP2", "CT2") : Plan("CP1", "CT1");
  EXPECT_EQ(again.entries[0].updated.promotion().status(), cp::PROMOTION_STATUS_NOT_ELIGIBLE);
  ASSERT_TRUE(store_->PublishResults(again).ok());
  auto due = store_->DuePromotions(kNow, 10);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(*due, std::vector<std::string>{winner});
}

TEST_F(CompetitionStoreTest, APublicationIsWrittenWholeOrNotAtAll) {
  Competition("CP1", "CT1", cp::COMPETITION_STATUS_OPEN);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(Register(Item("EN" + std::to_string(i), "CP1", "CT1", 20 + i)).ok());
  }
  {
    auto stored = store_->GetCompetition("CP1");
    cp::Competition closed = (*stored)->record;
    closed.set_status(cp::COMPETITION_STATUS_CLOSED);
    ASSERT_TRUE(store_->UpdateCompetition(**stored, closed, cp::CompetitionEvent(), MutationMeta()).ok());
  }
  const PublishPlan plan = Plan("CP1", "CT1");
  // One entry changes after the plan was read.
  {
    cp::Entry changed = plan.entries[3].old.record;
    changed.set_version(7);
    ASSERT_TRUE(redis().Command({"SET", competition::keys::Entry("EN3"), changed.SerializeAsString()}).ok());
  }
  const long long events = StreamLength(competition::keys::kEvents);
  auto keys_before = redis().Command({"DBSIZE"});
  const absl::StatusOr<WriteOutcome> refused = store_->PublishResults(plan);
  EXPECT_EQ(ReasonOf(refused.status()), "CONCURRENT_MODIFICATION");
  EXPECT_EQ(StreamLength(competition::keys::kEvents), events);
  EXPECT_EQ(redis().Command({"DBSIZE"})->integer(), keys_before->integer());
  EXPECT_FALSE((*store_->GetContest("CT1"))->record.results_published());
  EXPECT_FALSE((*store_->GetEntry("EN0"))->record.has_result_publish_time());
  EXPECT_TRUE(store_->DuePromotions(kNow, 10)->empty());
  // Read again, it is written whole: the contest, five entries with their two events each, the
  // competition's event; five pending promotions; the link key is gone.
  const PublishPlan fresh = Plan("CP1", "CT1");
  ASSERT_TRUE(store_->PublishResults(fresh).ok());
  EXPECT_EQ(StreamLength(competition::keys::kEvents), events + 1 + 10 + 1);
  EXPECT_TRUE((*store_->GetContest("CT1"))->record.results_published());
  EXPECT_EQ((*store_->GetCompetition("CP1"))->record.status(), cp::COMPETITION_STATUS_RESULTS_PUBLISHED);
  EXPECT_EQ(store_->DuePromotions(kNow, 10)->size(), 5u);
  EXPECT_EQ(redis().Command({"EXISTS", competition::keys::Link(competition::keys::Contest("CT1"))})->integer(), 0);
  // The same plan again changes nothing: every guard is stale.
  EXPECT_EQ(ReasonOf(store_->PublishResults(fresh).status()), "CONCURRENT_MODIFICATION");
  EXPECT_EQ(StreamLength(competition::keys::kEvents), events + 12);
}

TEST_F(CompetitionStoreTest, AnAttemptIsRecordedAndLeavesTheDueSetWhenDecided) {
  Competition("CP1", "CT1", cp::COMPETITION_STATUS_OPEN);
  ASSERT_TRUE(Register(Item("EN1", "CP1", "CT1", 1)).ok());
  auto stored = store_->GetCompetition("CP1");
  cp::Competition closed = (*stored)->record;
  closed.set_status(cp::COMPETITION_STATUS_CLOSED);
  ASSERT_TRUE(store_->UpdateCompetition(**stored, closed, cp::CompetitionEvent(), MutationMeta()).ok());
  ASSERT_TRUE(store_->PublishResults(Plan("CP1", "CT1")).ok());
  // A failed attempt: still pending, due one second later.
  IssueRecord retry;
  retry.old = **store_->GetEntry("EN1");
  retry.updated = retry.old.record;
  retry.updated.mutable_promotion()->set_issue_attempts(1);
  retry.updated.mutable_promotion()->set_last_issue_error("UNAVAILABLE");
  retry.next_attempt = kNow + absl::Seconds(1);
  ASSERT_TRUE(store_->RecordIssueAttempt(retry).ok());
  EXPECT_TRUE(store_->DuePromotions(kNow, 10)->empty());
  EXPECT_EQ(store_->DuePromotions(kNow + absl::Seconds(1), 10)->size(), 1u);
  // A stale record of the same attempt is refused.
  EXPECT_EQ(ReasonOf(store_->RecordIssueAttempt(retry).status()), "CONCURRENT_MODIFICATION");
  // Refused by evaluation: the yearly slot is released.
  IssueRecord refused;
  refused.old = **store_->GetEntry("EN1");
  refused.updated = refused.old.record;
  refused.updated.mutable_promotion()->set_status(cp::PROMOTION_STATUS_REFUSED);
  refused.updated.mutable_promotion()->set_reason("INVALID_PERSON");
  refused.event = cp::CompetitionEvent();
  ASSERT_TRUE(store_->RecordIssueAttempt(refused).ok());
  EXPECT_TRUE(store_->DuePromotions(kNow + absl::Hours(1), 10)->empty());
  EXPECT_EQ((*store_->ReadYearlyHolders({{PersonId(1), 2026}}))[0], "");
  auto rows = store_->ReadStats(2026);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);  // the competition's organiser district "" and the entry's 370202
  int64_t promotions = 0;
  int64_t participants = 0;
  int64_t held = 0;
  for (const auto& row : *rows) {
    promotions += row.promotions();
    participants += row.participants();
    held += row.competitions_held();
  }
  EXPECT_EQ(promotions, 0);
  EXPECT_EQ(participants, 1);
  EXPECT_EQ(held, 1);
}

}  // namespace
}  // namespace skillbridge::testing
