// The indicator definitions on hand-computed fixtures, applied through the real Lua script on a
// real redis-server: distinct persons, first-time high-skilled (whatever the arrival order,
// including revocations), coverage, exactly-once cursor guard and rebuild equality.

#include <map>

#include "gtest/gtest.h"
#include "services/aggregator/domain/catalogue.h"
#include "services/aggregator/domain/evaluation_commands.h"
#include "services/aggregator/domain/feed_commands.h"
#include "services/aggregator/domain/training_commands.h"
#include "services/aggregator/store/aggregator_store.h"
#include "tests/aggregator/feed_batch.h"
#include "tests/support/redis_server.h"

namespace skillbridge::aggregator {
namespace {

namespace ev = ::skillbridge::evaluation::v1;
using ::skillbridge::testing::RedisTest;

common::v1::Date MakeDate(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

ev::EvaluationEvent Cert(const std::string& number, const std::string& person, common::v1::SkillLevel level,
                         common::v1::Date date, const std::string& district = "370202",
                         ev::CertificateType type = ev::CERTIFICATE_TYPE_SKILL_LEVEL) {
  ev::EvaluationEvent e;
  ev::CertificateIssued* c = e.mutable_certificate_issued();
  c->set_number(number);
  c->set_id_number(person);
  c->set_type(type);
  c->set_level(level);
  c->set_district_code(district);
  c->set_industry_chain_code("IC07");
  *c->mutable_issue_date() = date;
  return e;
}

ev::EvaluationEvent Revoke(const std::string& number) {
  ev::EvaluationEvent e;
  e.mutable_certificate_revoked()->set_number(number);
  return e;
}

ev::EvaluationEvent Intro(const std::string& id, const std::string& person, common::v1::SkillLevel level,
                          common::v1::Date date) {
  ev::EvaluationEvent e;
  ev::IntroductionRegistered* i = e.mutable_introduction_registered();
  i->set_id(id);
  i->set_id_number(person);
  i->set_level(level);
  i->set_district_code("370211");
  *i->mutable_arrival_date() = date;
  return e;
}

std::pair<int64_t, int64_t> Pair(int64_t a, int64_t b) { return {a, b}; }

ev::EvaluationEvent CertIn(const std::string& number, const std::string& person, const std::string& occupation,
                           common::v1::Date date) {
  ev::EvaluationEvent e = Cert(number, person, common::v1::SKILL_LEVEL_4_INTERMEDIATE, date);
  e.mutable_certificate_issued()->set_occupation_code(occupation);
  return e;
}

training::v1::TrainingEvent Completed(const std::string& enrollment, const std::string& person,
                                      const std::string& occupation, common::v1::Date date,
                                      const std::string& district = "370202") {
  training::v1::TrainingEvent e;
  training::v1::EnrollmentCompleted* c = e.mutable_enrollment_completed();
  c->set_enrollment_id(enrollment);
  c->set_id_number(person);
  c->set_occupation_code(occupation);
  c->set_district_code(district);
  c->set_industry_chain_code("IC07");
  c->set_subsidised(true);
  *c->mutable_completed_date() = date;
  return e;
}

constexpr char kWelder[] = "6-18-02-04";
constexpr char kRobotOperator[] = "6-30-99-00";

constexpr auto k5 = common::v1::SKILL_LEVEL_5_JUNIOR;
constexpr auto k4 = common::v1::SKILL_LEVEL_4_INTERMEDIATE;
constexpr auto k3 = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr auto k2 = common::v1::SKILL_LEVEL_2_TECHNICIAN;

class AggregatorViewsTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    store_ = std::make_unique<AggregatorStore>(redis(), "test-owner");
    ASSERT_TRUE(store_->Initialize().ok());
  }

  // Applies evaluation events as one batch of the evaluation feed, advancing a local cursor
  // "1-0", "2-0", ...
  void Apply(const std::vector<ev::EvaluationEvent>& events) {
    ApplyFeed("evaluation", events, &CommandsForEvaluationEvent, cursor_, batches_);
  }

  // Applies training events as one batch of the training feed.
  void ApplyTraining(const std::vector<training::v1::TrainingEvent>& events) {
    ApplyFeed("training", events, &CommandsForTrainingEvent, training_cursor_, training_batches_);
  }

  template <typename Event, typename Translate>
  void ApplyFeed(const std::string& source, const std::vector<Event>& events, Translate translate, std::string& cursor,
                 int& batches) {
    ApplyFeedBatch(*store_, source, events, translate, cursor, batches);
  }

  int64_t Value(const std::string& indicator, const std::string& bucket) {
    auto v = store_->ReadBuckets(indicator, {bucket});
    EXPECT_TRUE(v.ok());
    return v.ok() ? (*v)[0] : -1;
  }

  std::map<std::string, int64_t> Snapshot() {
    std::map<std::string, int64_t> out;
    for (const char* ind : {ids::kNewlyCertified, ids::kNewlyCertifiedSenior, ids::kNewHighSkilled, ids::kIntroduced,
                            ids::kCertificatesIssued}) {
      for (const char* b : {"2025", "2026", "2026|d:370202", "2026|d:370211", "2026|c:IC07", "2026-03", "2026-05"}) {
        out[std::string(ind) + "/" + b] = Value(ind, b);
      }
    }
    out["persons"] = *store_->CountPersons("");
    return out;
  }

  std::pair<int64_t, int64_t> Conversion(const std::string& bucket) {
    return {Value(ids::kTrainingCertified, bucket), Value(ids::kTrainingCompleted, bucket)};
  }

  std::unique_ptr<AggregatorStore> store_;
  std::string cursor_ = "0";
  int batches_ = 0;
  std::string training_cursor_ = "0";
  int training_batches_ = 0;
};

TEST_F(AggregatorViewsTest, DistinctPersonsCountOncePerYearAndDistrict) {
  // P1: two certificates in 2026 (市南区 and 黄岛区); P2: one in 2026; P3: one in 2025.
  Apply({Cert("A1", "P1", k4, MakeDate(2026, 3, 1)), Cert("A2", "P1", k3, MakeDate(2026, 5, 2), "370211"),
         Cert("A3", "P2", k5, MakeDate(2026, 5, 3)), Cert("A4", "P3", k3, MakeDate(2025, 8, 1))});
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026"), 2);  // P1, P2
  EXPECT_EQ(Value(ids::kNewlyCertified, "2025"), 1);
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026|d:370202"), 2);  // P1 (A1), P2
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026|d:370211"), 1);  // P1 (A2)
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026-05"), 2);        // P1 (A2), P2
  EXPECT_EQ(Value(ids::kNewlyCertifiedSenior, "2026"), 1);     // P1 only
  EXPECT_EQ(Value(ids::kCertificatesIssued, "2026"), 3);
  EXPECT_EQ(*store_->CountPersons(""), 3);
  // Revoking one of P1's two certificates keeps P1 counted; revoking both removes P1.
  Apply({Revoke("A1")});
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026"), 2);
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026|d:370202"), 1);
  Apply({Revoke("A2")});
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026"), 1);
  EXPECT_EQ(Value(ids::kNewlyCertifiedSenior, "2026"), 0);
  // A revoked certificate is still a record: the person stays in the talent database.
  EXPECT_EQ(*store_->CountPersons(""), 3);
  // Special-ability certificates are not qualification/skill-level certificates.
  Apply({Cert("A5", "P4", k4, MakeDate(2026, 5, 3), "370202", ev::CERTIFICATE_TYPE_SPECIAL_ABILITY)});
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026"), 1);
}

TEST_F(AggregatorViewsTest, FirstTimeHighSkilledCountsTheEarliestEvidenceOnly) {
  // P1 already high-skilled in 2025: a 2026 技师 certificate is not a new high-skilled talent.
  Apply({Cert("B1", "P1", k3, MakeDate(2025, 6, 1)), Cert("B2", "P1", k2, MakeDate(2026, 3, 1))});
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2025"), 1);
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2026"), 0);
  // P2: 四级 in 2025, 三级 in 2026 -> first high-skilled in 2026.
  Apply({Cert("B3", "P2", k4, MakeDate(2025, 2, 1)), Cert("B4", "P2", k3, MakeDate(2026, 5, 1))});
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2026"), 1);
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2026-05"), 1);
  // P3: arrives out of order — the 2026 certificate first, then an earlier 2025 introduction.
  Apply({Cert("B5", "P3", k3, MakeDate(2026, 3, 5))});
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2026"), 2);
  Apply({Intro("I1", "P3", k3, MakeDate(2025, 11, 1))});
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2026"), 1);
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2025"), 2);
  EXPECT_EQ(Value(ids::kIntroduced, "2025"), 1);
  // Revoking P1's 2025 certificate makes the 2026 one P1's first.
  Apply({Revoke("B1")});
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2025"), 1);
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2026"), 2);
  EXPECT_EQ(Value(ids::kNewHighSkilled, "2026-03"), 1);
}

TEST_F(AggregatorViewsTest, CoverageIsEligibleEnterprisesWithAFiledSelfEvaluationOrg) {
  auto enterprise = [](const std::string& code, const std::string& district, bool eligible) {
    ev::EvaluationEvent e;
    e.mutable_enterprise_changed()->set_credit_code(code);
    e.mutable_enterprise_changed()->set_district_code(district);
    e.mutable_enterprise_changed()->set_above_designated_size(true);
    e.mutable_enterprise_changed()->set_self_evaluation_eligible(eligible);
    return e;
  };
  auto org = [](const std::string& code, ev::FilingState state) {
    ev::EvaluationEvent e;
    e.mutable_evaluation_org_changed()->set_credit_code(code);
    e.mutable_evaluation_org_changed()->set_kind(ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION);
    e.mutable_evaluation_org_changed()->set_state(state);
    return e;
  };
  Apply({enterprise("E1", "370202", true), enterprise("E2", "370202", true), enterprise("E3", "370211", true),
         enterprise("E4", "370211", false), org("E1", ev::FILING_STATE_FILED), org("E4", ev::FILING_STATE_FILED)});
  EXPECT_EQ(*store_->Coverage(""), Pair(1, 3));
  EXPECT_EQ(*store_->Coverage("370202"), Pair(1, 2));
  Apply({org("E1", ev::FILING_STATE_SUSPENDED), org("E3", ev::FILING_STATE_FILED), enterprise("E2", "370211", true)});
  EXPECT_EQ(*store_->Coverage(""), Pair(1, 3));
  EXPECT_EQ(*store_->Coverage("370202"), Pair(0, 1));
  EXPECT_EQ(*store_->Coverage("370211"), Pair(1, 2));
}

TEST_F(AggregatorViewsTest, AReplayedBatchIsRefusedByTheCursorGuard) {
  const std::vector<ev::EvaluationEvent> events = {Cert("C1", "P1", k3, MakeDate(2026, 5, 2))};
  Apply(events);
  std::vector<FeedCommand> commands = CommandsForEvaluationEvent(events[0]);
  // The same batch again from the old cursor (a consumer that crashed before it saw the reply).
  auto replay = store_->ApplyBatch("evaluation", "0", "1-0", 0, 1, commands);
  ASSERT_TRUE(replay.ok());
  EXPECT_FALSE(replay->applied);
  EXPECT_EQ(replay->cursor, "1-0");
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026"), 1);
  EXPECT_EQ(Value(ids::kCertificatesIssued, "2026"), 1);
  // Even past the guard, a fact seen twice counts once.
  auto again = store_->ApplyBatch("evaluation", "1-0", "2-0", 0, 1, commands);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->applied);
  EXPECT_EQ(Value(ids::kCertificatesIssued, "2026"), 1);
  auto state = store_->SourceState("evaluation");
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->cursor, "2-0");
}

TEST_F(AggregatorViewsTest, RebuildFromZeroGivesTheSameNumbers) {
  const std::vector<std::vector<ev::EvaluationEvent>> batches = {
      {Cert("D1", "P1", k4, MakeDate(2026, 3, 1)), Cert("D2", "P1", k3, MakeDate(2026, 5, 2), "370211")},
      {Intro("I1", "P2", k2, MakeDate(2026, 3, 9)), Cert("D3", "P2", k3, MakeDate(2025, 4, 4))},
      {Revoke("D3"), Cert("D4", "P3", k3, MakeDate(2026, 5, 5))},
  };
  for (const auto& b : batches) {
    Apply(b);
  }
  const auto before = Snapshot();
  MutationMeta meta;
  auto removed = store_->RebuildViews(meta);
  ASSERT_TRUE(removed.ok());
  EXPECT_GT(*removed, 0);
  EXPECT_EQ(store_->SourceState("evaluation")->cursor, "0");
  EXPECT_FALSE(*store_->RebuildPending());
  cursor_ = "0";
  batches_ = 0;
  // Re-consumed in different batch boundaries: one big batch.
  std::vector<ev::EvaluationEvent> all;
  for (const auto& b : batches) {
    all.insert(all.end(), b.begin(), b.end());
  }
  Apply(all);
  EXPECT_EQ(Snapshot(), before);
  EXPECT_EQ(before.at("new_high_skilled_persons/2026"), 3);
  EXPECT_EQ(before.at("newly_certified_persons/2025"), 0);
}

TEST_F(AggregatorViewsTest, ARebuildCutShortIsFinishedBeforeAnythingIsAppliedAgain) {
  const std::vector<ev::EvaluationEvent> events = {Cert("E1", "P1", k4, MakeDate(2026, 3, 1)),
                                                   Cert("E2", "P2", k3, MakeDate(2026, 5, 2), "370211")};
  Apply(events);
  const auto before = Snapshot();
  // A process starts a rebuild and dies before deleting anything: the mark is set, every cursor is
  // gone, the counters are still there.
  MutationMeta meta;
  ASSERT_TRUE(store_->BeginRebuild(meta).ok());
  EXPECT_TRUE(*store_->RebuildPending());
  EXPECT_EQ(store_->SourceState("evaluation")->cursor, "0");
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026"), 2);
  // No consumer (of any replica) may apply on top of the half-deleted views.
  std::vector<FeedCommand> commands = CommandsForEvaluationEvent(events[0]);
  auto refused = store_->ApplyBatch("evaluation", "0", "1-0", 0, 1, commands);
  ASSERT_TRUE(refused.ok()) << refused.status();
  EXPECT_FALSE(refused->applied);
  EXPECT_TRUE(refused->rebuilding);
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026"), 2);
  // While another live process holds the lease, nobody else deletes.
  ASSERT_TRUE(redis().Command({"SET", keys::kRebuildLease, "other-process", "PX", "60000"}).ok());
  auto skipped = store_->CompletePendingRebuild();
  ASSERT_TRUE(skipped.ok()) << skipped.status();
  EXPECT_FALSE(skipped->has_value());
  EXPECT_TRUE(*store_->RebuildPending());
  // Once its lease has gone (the process died), the next one to look finishes the deletion.
  ASSERT_TRUE(redis().Command({"DEL", keys::kRebuildLease}).ok());
  auto finished = store_->CompletePendingRebuild();
  ASSERT_TRUE(finished.ok()) << finished.status();
  ASSERT_TRUE(finished->has_value());
  EXPECT_GT(**finished, 0);
  EXPECT_FALSE(*store_->RebuildPending());
  EXPECT_EQ(Value(ids::kNewlyCertified, "2026"), 0);
  EXPECT_EQ(*store_->CountPersons(""), 0);
  // Nothing pending any more: a second look is a no-op.
  auto again = store_->CompletePendingRebuild();
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->has_value());
  // Re-consumed from zero: the same numbers.
  cursor_ = "0";
  batches_ = 0;
  Apply(events);
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(AggregatorViewsTest, ConversionCountsCompletionsCertifiedInTheSameOccupationWithinTwelveMonths) {
  // Six trainees completing in 2026 (one of them twice, in two occupations):
  //   P1 welder 03-01, certified welder 06-01                  -> converted
  //   P2 welder 03-01, certified 2027-03-01 (the last day)      -> converted
  //   P3 welder 03-01, certified 2027-03-02 (a day too late)    -> not
  //   P4 welder 03-01, certified welder 02-01 (before training) -> not
  //   P5 welder 03-01, certified robot operator 04-01           -> not (other occupation)
  //   P5 robot operator 05-10 (黄岛区), that certificate is older -> not
  //   P6 robot operator 05-10 (黄岛区), certified 09-09           -> converted
  // The certificates arrive before, between and after the completions: the order must not matter.
  Apply({CertIn("K1", "P1", kWelder, MakeDate(2026, 6, 1)), CertIn("K4", "P4", kWelder, MakeDate(2026, 2, 1))});
  ApplyTraining(
      {Completed("E1", "P1", kWelder, MakeDate(2026, 3, 1)), Completed("E2", "P2", kWelder, MakeDate(2026, 3, 1)),
       Completed("E3", "P3", kWelder, MakeDate(2026, 3, 1)), Completed("E4", "P4", kWelder, MakeDate(2026, 3, 1)),
       Completed("E5", "P5", kWelder, MakeDate(2026, 3, 1))});
  Apply({CertIn("K2", "P2", kWelder, MakeDate(2027, 3, 1)), CertIn("K3", "P3", kWelder, MakeDate(2027, 3, 2)),
         CertIn("K5", "P5", kRobotOperator, MakeDate(2026, 4, 1)),
         CertIn("K6", "P6", kRobotOperator, MakeDate(2026, 9, 9))});
  ApplyTraining({Completed("E6", "P5", kRobotOperator, MakeDate(2026, 5, 10), "370211"),
                 Completed("E7", "P6", kRobotOperator, MakeDate(2026, 5, 10), "370211")});
  EXPECT_EQ(Conversion("2026"), Pair(3, 7));  // E1, E2, E7 of 7 completions
  EXPECT_EQ(Conversion("2026|d:370202"), Pair(2, 5));
  EXPECT_EQ(Conversion("2026|d:370211"), Pair(1, 2));
  EXPECT_EQ(Conversion("2026|c:IC07"), Pair(3, 7));
  EXPECT_EQ(Conversion("2026-03"), Pair(2, 5));  // by completion month
  EXPECT_EQ(Conversion("2026-05"), Pair(1, 2));
  EXPECT_EQ(Conversion("2027"), Pair(0, 0));
  // Revoking P1's certificate un-converts E1; a second valid welder certificate converts it again.
  Apply({Revoke("K1")});
  EXPECT_EQ(Conversion("2026"), Pair(2, 7));
  Apply({CertIn("K7", "P1", kWelder, MakeDate(2026, 12, 31))});
  EXPECT_EQ(Conversion("2026"), Pair(3, 7));
  // A replayed certificate does not count twice.
  std::vector<FeedCommand> again = CommandsForEvaluationEvent(CertIn("K7", "P1", kWelder, MakeDate(2026, 12, 31)));
  auto replay = store_->ApplyBatch("evaluation", cursor_, "99-0", 0, 1, again);
  ASSERT_TRUE(replay.ok());
  EXPECT_EQ(Conversion("2026"), Pair(3, 7));
}

TEST_F(AggregatorViewsTest, TargetsAreStoredPerYearIndicatorAndDistrict) {
  v1::Target t;
  t.set_indicator_id("newly_certified_persons");
  t.set_year(2026);
  t.set_district_code("370202");
  t.set_value(6000);
  MutationMeta meta;
  meta.audit.set_method("SetTarget");
  ASSERT_TRUE(store_->SetTarget(t, meta).ok());
  auto targets = store_->Targets(2026);
  ASSERT_TRUE(targets.ok());
  ASSERT_EQ(targets->count("newly_certified_persons|370202"), 1u);
  EXPECT_EQ(targets->at("newly_certified_persons|370202").value(), 6000);
  auto audit = store_->ReadAudit("", 10);
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(audit->entries.size(), 1u);
}

}  // namespace
}  // namespace skillbridge::aggregator
