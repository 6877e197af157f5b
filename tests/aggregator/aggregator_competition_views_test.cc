// The competition indicators on hand-computed fixtures, applied through the real Lua script on a
// real redis-server: competitions held once their results are published, participants of
// competitions not cancelled (whatever order the cancellation and the entries arrive in),
// promotions in their latest state (corrections, issue, refusal), the promotions certified by
// evaluation's certificates (either feed first, revocation), replays and rebuild equality.

#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/competition_commands.h"
#include "services/aggregator/domain/evaluation_commands.h"
#include "services/aggregator/store/aggregator_store.h"
#include "tests/aggregator/feed_batch.h"
#include "tests/support/redis_server.h"

namespace skillbridge::aggregator {
namespace {

namespace cp = ::skillbridge::competition::v1;
namespace ev = ::skillbridge::evaluation::v1;
using ::skillbridge::testing::RedisTest;

constexpr char kNational[] = "2026|l:NATIONAL";
constexpr char kMunicipal[] = "2026|l:MUNICIPAL_CLASS_I";

cp::CompetitionEvent Competition(const std::string& id, cp::CompetitionStatus status,
                                 cp::CompetitionLevel level = cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I,
                                 const std::string& district = "370211") {
  cp::CompetitionEvent e;
  cp::CompetitionChanged* c = e.mutable_competition_changed();
  c->set_competition_id(id);
  c->set_year(2026);
  c->set_level(level);
  c->set_district_code(district);
  c->set_status(status);
  return e;
}

cp::CompetitionEvent Entry(const std::string& id, const std::string& competition, const std::string& person,
                           const std::string& district,
                           cp::CompetitionLevel level = cp::COMPETITION_LEVEL_MUNICIPAL_CLASS_I) {
  cp::CompetitionEvent e;
  cp::EntryRegistered* r = e.mutable_entry_registered();
  r->set_entry_id(id);
  r->set_contest_id("CT-" + competition);
  r->set_competition_id(competition);
  r->set_id_number(person);
  r->set_year(2026);
  r->set_level(level);
  r->set_industry_chain_code("IC07");
  r->set_district_code(district);
  return e;
}

cp::CompetitionEvent Promotion(const std::string& entry, const std::string& person, cp::PromotionStatus status,
                               const std::string& number = "", const std::string& district = "370202") {
  cp::CompetitionEvent e;
  cp::PromotionChanged* p = e.mutable_promotion_changed();
  p->set_entry_id(entry);
  p->set_competition_id("CP1");
  p->set_id_number(person);
  p->set_year(2026);
  p->set_level(cp::COMPETITION_LEVEL_NATIONAL);
  p->set_district_code(district);
  p->set_industry_chain_code("IC07");
  p->set_status(status);
  p->set_certificate_number(number);
  return e;
}

ev::EvaluationEvent PromotionCertificate(const std::string& number, const std::string& person,
                                         ev::CertificateBasis basis = ev::CERTIFICATE_BASIS_COMPETITION_PROMOTION) {
  ev::EvaluationEvent e;
  ev::CertificateIssued* c = e.mutable_certificate_issued();
  c->set_number(number);
  c->set_id_number(person);
  c->set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  c->set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  c->set_district_code("370202");
  c->mutable_issue_date()->set_year(2026);
  c->mutable_issue_date()->set_month(10);
  c->mutable_issue_date()->set_day(8);
  c->set_basis(basis);
  return e;
}

ev::EvaluationEvent Revoke(const std::string& number) {
  ev::EvaluationEvent e;
  e.mutable_certificate_revoked()->set_number(number);
  return e;
}

std::pair<int64_t, int64_t> Pair(int64_t a, int64_t b) { return {a, b}; }

class AggregatorCompetitionViewsTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    store_ = std::make_unique<AggregatorStore>(redis(), "test-owner");
    ASSERT_TRUE(store_->Initialize().ok());
  }

  // One batch of the competition feed.
  void Apply(const std::vector<cp::CompetitionEvent>& events) {
    ApplyFeedBatch(*store_, "competition", events, &CommandsForCompetitionEvent, Cursor("competition"), batches_);
  }
  // One batch of the evaluation feed.
  void ApplyEvaluation(const std::vector<ev::EvaluationEvent>& events) {
    ApplyFeedBatch(*store_, "evaluation", events, &CommandsForEvaluationEvent, Cursor("evaluation"), batches_);
  }

  // The cursor of `source` ("0" before its first batch).
  std::string& Cursor(const std::string& source) { return cursors_.emplace(source, "0").first->second; }

  int64_t Value(const std::string& indicator, const std::string& bucket) {
    auto v = store_->ReadBuckets(indicator, {bucket});
    EXPECT_TRUE(v.ok());
    return v.ok() ? (*v)[0] : -1;
  }

  // {certified, promotions} of a bucket.
  std::pair<int64_t, int64_t> Certified(const std::string& bucket) {
    return {Value(ids::kCompetitionPromotionsWithCertificate, bucket), Value(ids::kCompetitionPromotions, bucket)};
  }

  std::map<std::string, int64_t> Snapshot() {
    std::map<std::string, int64_t> out;
    for (const char* ind : {ids::kCompetitionsHeld, ids::kCompetitionParticipants, ids::kCompetitionPromotions,
                            ids::kCompetitionPromotionsWithCertificate}) {
      for (const char* b :
           {"2026", "2026|d:370202", "2026|d:370203", "2026|d:370211", "2026|c:IC07", kNational, kMunicipal}) {
        out[std::string(ind) + "/" + b] = Value(ind, b);
      }
    }
    out["persons"] = *store_->CountPersons("");
    return out;
  }

  std::unique_ptr<AggregatorStore> store_;
  std::map<std::string, std::string> cursors_;
  int batches_ = 0;
};

TEST_F(AggregatorCompetitionViewsTest, ACompetitionIsHeldOnceItsResultsArePublishedByDistrictAndLevel) {
  Apply({Competition("CP1", cp::COMPETITION_STATUS_DRAFT), Competition("CP1", cp::COMPETITION_STATUS_FILED),
         Competition("CP1", cp::COMPETITION_STATUS_OPEN), Competition("CP1", cp::COMPETITION_STATUS_CLOSED)});
  EXPECT_EQ(Value(ids::kCompetitionsHeld, "2026"), 0);
  Apply({Competition("CP1", cp::COMPETITION_STATUS_RESULTS_PUBLISHED),
         Competition("CP2", cp::COMPETITION_STATUS_RESULTS_PUBLISHED, cp::COMPETITION_LEVEL_NATIONAL, "")});
  // The same state told twice (a feed that repeats it) counts once.
  Apply({Competition("CP1", cp::COMPETITION_STATUS_RESULTS_PUBLISHED)});
  Apply({Competition("CP3", cp::COMPETITION_STATUS_CANCELLED)});
  EXPECT_EQ(Value(ids::kCompetitionsHeld, "2026"), 2);
  EXPECT_EQ(Value(ids::kCompetitionsHeld, "2026|d:370211"), 1);  // CP2 is city-wide: no district
  EXPECT_EQ(Value(ids::kCompetitionsHeld, kMunicipal), 1);
  EXPECT_EQ(Value(ids::kCompetitionsHeld, kNational), 1);
  EXPECT_EQ(Value(ids::kCompetitionsHeld, "2025"), 0);
}

TEST_F(AggregatorCompetitionViewsTest, ParticipantsAreEntriesOfCompetitionsNotCancelledWhateverTheOrder) {
  // CP1: EN1 (市南区), EN2 (市北区). CP2: EN3 before its cancellation, EN4 told after it.
  Apply(
      {Entry("EN1", "CP1", "P1", "370202"), Entry("EN2", "CP1", "P2", "370203"), Entry("EN3", "CP2", "P3", "370202")});
  EXPECT_EQ(Value(ids::kCompetitionParticipants, "2026"), 3);
  Apply({Competition("CP2", cp::COMPETITION_STATUS_CANCELLED)});
  EXPECT_EQ(Value(ids::kCompetitionParticipants, "2026"), 2);
  Apply({Entry("EN4", "CP2", "P4", "370202")});
  EXPECT_EQ(Value(ids::kCompetitionParticipants, "2026"), 2);
  EXPECT_EQ(Value(ids::kCompetitionParticipants, "2026|d:370202"), 1);
  EXPECT_EQ(Value(ids::kCompetitionParticipants, "2026|d:370203"), 1);
  EXPECT_EQ(Value(ids::kCompetitionParticipants, "2026|c:IC07"), 2);
  EXPECT_EQ(Value(ids::kCompetitionParticipants, kMunicipal), 2);
  // A registration twice (the same entry) counts once; every entrant is in the talent database.
  Apply({Entry("EN1", "CP1", "P1", "370202")});
  EXPECT_EQ(Value(ids::kCompetitionParticipants, "2026"), 2);
  EXPECT_EQ(*store_->CountPersons(""), 4);
  EXPECT_EQ(*store_->CountPersons("370202"), 3);
}

TEST_F(AggregatorCompetitionViewsTest, APromotionCountsOnceInItsLatestStateAndCorrectionsMoveIt) {
  Apply({Promotion("EN1", "P1", cp::PROMOTION_STATUS_PENDING),
         Promotion("EN2", "P2", cp::PROMOTION_STATUS_PENDING, "", "370203")});
  EXPECT_EQ(Certified("2026"), Pair(0, 2));
  // Told again (the same event in a later batch): unchanged.
  Apply({Promotion("EN1", "P1", cp::PROMOTION_STATUS_PENDING)});
  EXPECT_EQ(Certified("2026"), Pair(0, 2));
  // A correction takes EN2's promotion away; refused by evaluation is not a promotion either.
  Apply({Promotion("EN2", "P2", cp::PROMOTION_STATUS_NOT_ELIGIBLE, "", "370203")});
  EXPECT_EQ(Certified("2026"), Pair(0, 1));
  EXPECT_EQ(Certified("2026|d:370203"), Pair(0, 0));
  Apply({Promotion("EN1", "P1", cp::PROMOTION_STATUS_REFUSED)});
  EXPECT_EQ(Certified("2026"), Pair(0, 0));
  // Corrected again into a promotion in another district: counted there only.
  Apply({Promotion("EN2", "P2", cp::PROMOTION_STATUS_PENDING, "", "370202")});
  EXPECT_EQ(Certified("2026"), Pair(0, 1));
  EXPECT_EQ(Certified("2026|d:370202"), Pair(0, 1));
  EXPECT_EQ(Certified("2026|d:370203"), Pair(0, 0));
  EXPECT_EQ(Certified(kNational), Pair(0, 1));
}

TEST_F(AggregatorCompetitionViewsTest, APromotionIsCertifiedWhenEvaluationHoldsItsCertificateWhicheverFeedComesFirst) {
  // N1: evaluation's certificate first, then competition's ISSUED. N2: the other way round.
  // N3: ISSUED, but evaluation's certificate of that number is not a promotion certificate.
  ApplyEvaluation(
      {PromotionCertificate("N1", "P1"), PromotionCertificate("N3", "P3", ev::CERTIFICATE_BASIS_ASSESSMENT)});
  Apply({Promotion("EN1", "P1", cp::PROMOTION_STATUS_PENDING), Promotion("EN2", "P2", cp::PROMOTION_STATUS_PENDING),
         Promotion("EN3", "P3", cp::PROMOTION_STATUS_PENDING)});
  EXPECT_EQ(Certified("2026"), Pair(0, 3));
  Apply({Promotion("EN1", "P1", cp::PROMOTION_STATUS_ISSUED, "N1"),
         Promotion("EN2", "P2", cp::PROMOTION_STATUS_ISSUED, "N2"),
         Promotion("EN3", "P3", cp::PROMOTION_STATUS_ISSUED, "N3")});
  EXPECT_EQ(Certified("2026"), Pair(1, 3));
  ApplyEvaluation({PromotionCertificate("N2", "P2")});
  EXPECT_EQ(Certified("2026"), Pair(2, 3));
  EXPECT_EQ(Certified("2026|d:370202"), Pair(2, 3));
  EXPECT_EQ(Certified("2026|c:IC07"), Pair(2, 3));
  EXPECT_EQ(Certified(kNational), Pair(2, 3));
  // The same certificate and the same ISSUED again: counted once.
  ApplyEvaluation({PromotionCertificate("N2", "P2")});
  Apply({Promotion("EN2", "P2", cp::PROMOTION_STATUS_ISSUED, "N2")});
  EXPECT_EQ(Certified("2026"), Pair(2, 3));
  // A revoked certificate no longer certifies its promotion; issued anew under the same number, it does.
  ApplyEvaluation({Revoke("N1")});
  EXPECT_EQ(Certified("2026"), Pair(1, 3));
  ApplyEvaluation({PromotionCertificate("N1", "P1")});
  EXPECT_EQ(Certified("2026"), Pair(2, 3));
}

TEST_F(AggregatorCompetitionViewsTest, AReplayedBatchIsRefusedAndARebuildFromZeroGivesTheSameNumbers) {
  const std::vector<std::vector<cp::CompetitionEvent>> competition_batches = {
      {Competition("CP1", cp::COMPETITION_STATUS_OPEN), Entry("EN1", "CP1", "P1", "370202"),
       Entry("EN2", "CP1", "P2", "370203"), Entry("EN3", "CP2", "P3", "370202")},
      {Competition("CP2", cp::COMPETITION_STATUS_CANCELLED), Competition("CP1", cp::COMPETITION_STATUS_CLOSED),
       Promotion("EN1", "P1", cp::PROMOTION_STATUS_PENDING), Promotion("EN2", "P2", cp::PROMOTION_STATUS_PENDING)},
      {Competition("CP1", cp::COMPETITION_STATUS_RESULTS_PUBLISHED),
       Promotion("EN1", "P1", cp::PROMOTION_STATUS_ISSUED, "N1"),
       Promotion("EN2", "P2", cp::PROMOTION_STATUS_NOT_ELIGIBLE, "", "370203")},
  };
  const std::vector<ev::EvaluationEvent> evaluation = {PromotionCertificate("N1", "P1")};
  Apply(competition_batches[0]);
  ApplyEvaluation(evaluation);
  Apply(competition_batches[1]);
  // A consumer that did not see the reply sends the second batch again from the old cursor.
  std::vector<FeedCommand> commands;
  for (const auto& e : competition_batches[1]) {
    for (auto& c : CommandsForCompetitionEvent(e)) {
      commands.push_back(std::move(c));
    }
  }
  auto replay = store_->ApplyBatch("competition", "1-0", "3-0", 0, 4, commands);
  ASSERT_TRUE(replay.ok());
  EXPECT_FALSE(replay->applied);
  Apply(competition_batches[2]);
  const auto before = Snapshot();
  EXPECT_EQ(before.at("competitions_held/2026"), 1);
  EXPECT_EQ(before.at("competition_participants/2026"), 2);
  EXPECT_EQ(before.at("competition_promotions/2026"), 1);
  EXPECT_EQ(before.at("competition_promotions_with_certificate/2026"), 1);

  MutationMeta meta;
  auto removed = store_->RebuildViews(meta);
  ASSERT_TRUE(removed.ok());
  EXPECT_GT(*removed, 0);
  cursors_.clear();
  // Re-consumed from zero, competition's whole feed first, evaluation's after it.
  std::vector<cp::CompetitionEvent> all;
  for (const auto& b : competition_batches) {
    all.insert(all.end(), b.begin(), b.end());
  }
  Apply(all);
  ApplyEvaluation(evaluation);
  EXPECT_EQ(Snapshot(), before);
}

}  // namespace
}  // namespace skillbridge::aggregator
