// The training store on a real redis-server: the claim guards (3 per year, same occupation and
// level once, no lower after higher, one claim per enrolment, completed enrolment) under
// concurrent writers, rejection releasing the counting, and the seat guard; the statistics read
// back as typed rows (the hash-field format written and read in keys.h); a course's
// cancellation with the drop of its open enrolments, all or nothing, and the guard that keeps
// enrolments out of a cancelled course.

#include "services/training/store/training_store.h"

#include <atomic>
#include <thread>
#include <vector>

#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/training/store/keys.h"
#include "tests/support/redis_server.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace tr = ::skillbridge::training::v1;
using training::TrainingStore;

class TrainingStoreTest : public RedisTest {
 protected:
  void SetUp() override {
    RedisTest::SetUp();
    store_ = std::make_unique<TrainingStore>(redis(), redis());
    ASSERT_TRUE(store_->Initialize().ok());
  }

  // A completed enrolment record written directly with its state.
  void CompletedEnrollment(const std::string& id) {
    ASSERT_TRUE(redis()
                    .Command({"HSET", std::string(training::keys::kEnrollmentState), id, "ENROLLMENT_STATE_COMPLETED"})
                    .ok());
  }

  tr::SubsidyClaim Claim(const std::string& id, const std::string& enrollment, const std::string& occupation,
                         common::v1::SkillLevel level, int year = 2026) {
    tr::SubsidyClaim claim;
    claim.set_id(id);
    claim.set_enrollment_id(enrollment);
    claim.mutable_person()->set_id_number(PersonId(1));
    claim.mutable_institution()->set_credit_code(CreditCode(1));
    claim.mutable_institution()->set_district_code("370202");
    claim.set_occupation_code(occupation);
    claim.set_level(level);
    claim.set_claim_year(year);
    claim.set_state(tr::CLAIM_STATE_SUBMITTED);
    claim.set_amount_fen(100000);
    return claim;
  }

  absl::StatusOr<WriteOutcome> Submit(const tr::SubsidyClaim& claim) {
    MutationMeta meta;
    meta.audit.set_method("SubmitSubsidyClaim");
    return store_->SubmitClaim(claim, tr::TrainingEvent(), meta);
  }

  std::unique_ptr<TrainingStore> store_;
};

TEST_F(TrainingStoreTest, EveryCountingRuleIsAGuard) {
  for (int i = 0; i < 6; ++i) {
    CompletedEnrollment("E" + std::to_string(i));
  }
  ASSERT_TRUE(Submit(Claim("S0", "E0", "6-18-02-04", common::v1::SKILL_LEVEL_2_TECHNICIAN)).ok());
  EXPECT_EQ(ReasonOf(Submit(Claim("S1", "E0", "6-30-99-00", common::v1::SKILL_LEVEL_3_SENIOR)).status()),
            "ENROLLMENT_ALREADY_CLAIMED");
  EXPECT_EQ(ReasonOf(Submit(Claim("S1", "E1", "6-18-02-04", common::v1::SKILL_LEVEL_2_TECHNICIAN)).status()),
            "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL");
  EXPECT_EQ(ReasonOf(Submit(Claim("S1", "E1", "6-18-02-04", common::v1::SKILL_LEVEL_3_SENIOR)).status()),
            "HIGHER_LEVEL_ALREADY_SUBSIDISED");
  EXPECT_EQ(ReasonOf(Submit(Claim("S1", "E9", "6-30-99-00", common::v1::SKILL_LEVEL_3_SENIOR)).status()),
            "ENROLLMENT_NOT_COMPLETED");
  ASSERT_TRUE(Submit(Claim("S1", "E1", "6-18-02-04", common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN)).ok());
  ASSERT_TRUE(Submit(Claim("S2", "E2", "6-30-99-00", common::v1::SKILL_LEVEL_3_SENIOR)).ok());
  auto fourth = Submit(Claim("S3", "E3", "6-31-01-03", common::v1::SKILL_LEVEL_3_SENIOR));
  EXPECT_EQ(fourth.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(fourth.status()), "SUBSIDY_YEARLY_LIMIT_REACHED");
  // Another calendar year has its own three.
  EXPECT_TRUE(Submit(Claim("S3", "E3", "6-31-01-03", common::v1::SKILL_LEVEL_3_SENIOR, 2027)).ok());

  auto subsidies = store_->ReadPersonSubsidies(PersonId(1), 2026);
  ASSERT_TRUE(subsidies.ok());
  EXPECT_EQ(subsidies->claims_in_year, 3);
  EXPECT_EQ(subsidies->granted.size(), 4u);

  // Rejecting S2 releases its year slot and its level.
  auto stored = store_->GetClaim("S2");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  tr::SubsidyClaim rejected = (*stored)->record;
  rejected.set_state(tr::CLAIM_STATE_REJECTED);
  MutationMeta meta;
  ASSERT_TRUE(store_->UpdateClaim(**stored, rejected, tr::TrainingEvent(), meta).ok());
  EXPECT_TRUE(Submit(Claim("S4", "E4", "6-18-01-01", common::v1::SKILL_LEVEL_3_SENIOR)).ok());
  EXPECT_TRUE(Submit(Claim("S5", "E2", "6-30-99-00", common::v1::SKILL_LEVEL_3_SENIOR, 2027)).ok());
}

TEST_F(TrainingStoreTest, ConcurrentWritersRespectTheYearlyLimit) {
  const std::vector<std::string> occupations = {"6-18-02-04", "6-30-99-00", "6-31-01-03", "6-18-01-01",
                                                "6-18-01-02", "6-18-01-04", "6-31-01-10", "4-12-01-01"};
  for (size_t i = 0; i < occupations.size(); ++i) {
    CompletedEnrollment("E" + std::to_string(i));
  }
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < occupations.size(); ++i) {
    threads.emplace_back([&, i] {
      auto outcome = Submit(
          Claim("S" + std::to_string(i), "E" + std::to_string(i), occupations[i], common::v1::SKILL_LEVEL_3_SENIOR));
      if (outcome.ok()) {
        ++won;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(won.load(), 3);
}

TEST_F(TrainingStoreTest, SeatsAreGuarded) {
  ASSERT_TRUE(
      redis()
          .Command({"HSET", std::string(training::keys::kInstitutionState), CreditCode(1), "INSTITUTION_STATUS_ACTIVE"})
          .ok());
  std::vector<training::EnrollItem> items;
  for (int i = 0; i < 5; ++i) {
    training::EnrollItem item;
    item.enrollment.set_id("E" + std::to_string(i));
    item.enrollment.set_course_id("C1");
    item.enrollment.mutable_person()->set_id_number(PersonId(i % 4));  // the 5th repeats the 1st person
    item.enrollment.set_institution_credit_code(CreditCode(1));
    item.enrollment.set_state(tr::ENROLLMENT_STATE_ENROLLED);
    item.capacity = 3;
    items.push_back(item);
  }
  auto outcomes = store_->Enroll(items);
  ASSERT_TRUE(outcomes.ok());
  EXPECT_TRUE((*outcomes)[0].ok());
  EXPECT_TRUE((*outcomes)[2].ok());
  EXPECT_EQ(ReasonOf((*outcomes)[3].status()), "COURSE_FULL");
  EXPECT_EQ(ReasonOf((*outcomes)[4].status()), "ALREADY_ENROLLED");
}

TEST_F(TrainingStoreTest, StatsAreReadAsTypedRowsPerCell) {
  // Two completions (one subsidised) and one paid claim in 2026, in two districts.
  auto complete = [&](const std::string& id, const std::string& district, bool subsidised) {
    tr::Enrollment enrollment;
    enrollment.set_id(id);
    enrollment.set_district_code(district);
    enrollment.set_programme(tr::PROGRAMME_GOLDEN_BLUE_COLLAR);
    enrollment.set_industry_chain_code("IC06");
    enrollment.set_state(tr::ENROLLMENT_STATE_ENROLLED);
    Stored<tr::Enrollment> old{enrollment, enrollment.SerializeAsString()};
    ASSERT_TRUE(redis().Command({"SET", training::keys::Enrollment(id), old.bytes}).ok());
    tr::Enrollment completed = enrollment;
    completed.set_state(tr::ENROLLMENT_STATE_COMPLETED);
    completed.mutable_completed_date()->set_year(2026);
    ASSERT_TRUE(store_->CompleteEnrollment(old, completed, subsidised, tr::TrainingEvent(), MutationMeta()).ok());
  };
  complete("E1", "370211", /*subsidised=*/false);
  complete("E2", "370202", /*subsidised=*/true);
  CompletedEnrollment("E3");
  tr::SubsidyClaim claim = Claim("S1", "E3", "6-18-02-04", common::v1::SKILL_LEVEL_3_SENIOR);
  claim.set_programme(tr::PROGRAMME_GOLDEN_BLUE_COLLAR);
  claim.set_industry_chain_code("IC06");
  ASSERT_TRUE(Submit(claim).ok());
  auto stored = store_->GetClaim("S1");
  ASSERT_TRUE(stored.ok() && stored->has_value());
  tr::SubsidyClaim paid = (*stored)->record;
  paid.set_state(tr::CLAIM_STATE_PAID);
  paid.mutable_paid_date()->set_year(2026);
  ASSERT_TRUE(store_->UpdateClaim(**stored, paid, tr::TrainingEvent(), MutationMeta()).ok());
  // A field of another shape is left out.
  ASSERT_TRUE(redis().Command({"HINCRBY", training::keys::Stats(2026), "not|a|stats|field|x", "7"}).ok());

  auto rows = store_->ReadStats(2026);
  ASSERT_TRUE(rows.ok()) << rows.status();
  ASSERT_EQ(rows->size(), 2u);
  const tr::TrainingStatsRow& first = (*rows)[0];  // ordered by district
  EXPECT_EQ(first.district_code(), "370202");
  EXPECT_EQ(first.programme(), tr::PROGRAMME_GOLDEN_BLUE_COLLAR);
  EXPECT_EQ(first.industry_chain_code(), "IC06");
  EXPECT_EQ(first.completed_person_times(), 1);
  EXPECT_EQ(first.subsidised_person_times(), 1);
  EXPECT_EQ(first.claims_paid(), 1);
  EXPECT_EQ(first.amount_paid_fen(), 100000);
  const tr::TrainingStatsRow& second = (*rows)[1];
  EXPECT_EQ(second.district_code(), "370211");
  EXPECT_EQ(second.completed_person_times(), 1);
  EXPECT_EQ(second.subsidised_person_times(), 0);
  EXPECT_EQ(second.claims_paid(), 0);
  auto empty = store_->ReadStats(2025);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->empty());
}

TEST(TrainingStatsKeysTest, FieldsReadBackAsWritten) {
  using training::keys::StatsMeasure;
  for (const StatsMeasure measure :
       {StatsMeasure::kCompleted, StatsMeasure::kSubsidised, StatsMeasure::kPaid, StatsMeasure::kAmount}) {
    const auto key = training::keys::ParseStatsField(training::keys::StatsField("370214", 3, "IC02", measure));
    ASSERT_TRUE(key.has_value());
    EXPECT_EQ(key->district_code, "370214");
    EXPECT_EQ(key->programme, 3);
    EXPECT_EQ(key->industry_chain_code, "IC02");
    EXPECT_EQ(key->measure, measure);
  }
  EXPECT_EQ(training::keys::StatsField("370202", 1, "IC06", StatsMeasure::kAmount), "370202|1|IC06|amount");
  for (const char* field : {"370202|1|IC06", "370202|x|IC06|paid", "370202|1|IC06|refunded", "a|1|b|paid|c"}) {
    EXPECT_FALSE(training::keys::ParseStatsField(field).has_value()) << field;
  }
}

class CourseCancellationStoreTest : public TrainingStoreTest {
 protected:
  void SetUp() override {
    TrainingStoreTest::SetUp();
    ASSERT_TRUE(redis()
                    .Command({"HSET", std::string(training::keys::kInstitutionState), CreditCode(1),
                              "INSTITUTION_STATUS_ACTIVE"})
                    .ok());
    tr::Course course;
    course.set_id("C1");
    course.mutable_institution()->set_credit_code(CreditCode(1));
    course.mutable_institution()->set_district_code("370202");
    course.set_capacity(10);
    course.set_status(tr::COURSE_STATUS_OPEN);
    course.set_year(2026);
    ASSERT_TRUE(store_->CreateCourse(course, tr::TrainingEvent(), MutationMeta()).ok());
  }

  absl::StatusOr<WriteOutcome> EnrollOne(int person) {
    training::EnrollItem item;
    item.enrollment.set_id("E" + std::to_string(person));
    item.enrollment.set_course_id("C1");
    item.enrollment.mutable_person()->set_id_number(PersonId(person));
    item.enrollment.set_institution_credit_code(CreditCode(1));
    item.enrollment.set_state(tr::ENROLLMENT_STATE_ENROLLED);
    item.capacity = 10;
    auto outcomes = store_->Enroll({item});
    if (!outcomes.ok()) {
      return outcomes.status();
    }
    return outcomes->front();
  }

  // The cancellation of C1 as read now: every open enrolment dropped.
  struct Plan {
    Stored<tr::Course> course;
    tr::Course cancelled;
    std::vector<training::CancelDrop> drops;
  };
  Plan PlanCancellation() {
    Plan plan;
    auto course = store_->GetStoredCourse("C1");
    EXPECT_TRUE(course.ok() && course->has_value());
    plan.course = **course;
    plan.cancelled = plan.course.record;
    plan.cancelled.set_status(tr::COURSE_STATUS_CANCELLED);
    plan.cancelled.set_cancel_reason("停办");
    auto enrollments = store_->ReadCourseEnrollments("C1");
    EXPECT_TRUE(enrollments.ok());
    for (auto& enrollment : *enrollments) {
      if (enrollment.record.state() != tr::ENROLLMENT_STATE_ENROLLED) {
        continue;
      }
      training::CancelDrop drop;
      drop.old = enrollment;
      drop.updated = enrollment.record;
      drop.updated.set_state(tr::ENROLLMENT_STATE_DROPPED);
      drop.updated.set_drop_reason("停办");
      drop.event.mutable_enrollment_dropped()->set_enrollment_id(drop.updated.id());
      plan.drops.push_back(std::move(drop));
    }
    return plan;
  }

  absl::StatusOr<WriteOutcome> Cancel(const Plan& plan, const std::string& idempotency_key = "") {
    MutationMeta meta;
    meta.audit.set_method("CancelCourse");
    meta.idempotency_key = idempotency_key;
    meta.response_bytes = "first";
    tr::TrainingEvent event;
    event.mutable_course_changed()->set_course_id("C1");
    return store_->CancelCourse(plan.course, plan.cancelled, plan.drops, event, meta);
  }

  long long Length(const std::string& stream) {
    auto reply = redis().Command({"XLEN", stream});
    return reply.ok() ? reply->integer() : -1;
  }

  std::string Seats() {
    auto reply = redis().Command({"HGET", std::string(training::keys::kSeats), "C1"});
    return reply.ok() && !reply->is_nil() ? std::string(reply->str()) : "";
  }

  tr::EnrollmentState StateOf(const std::string& id) {
    auto stored = store_->GetEnrollment(id);
    return stored.ok() && stored->has_value() ? (*stored)->record.state() : tr::ENROLLMENT_STATE_UNSPECIFIED;
  }
};

TEST_F(CourseCancellationStoreTest, CancelsAndDropsEveryOpenEnrolmentInOneStep) {
  for (int person = 1; person <= 3; ++person) {
    ASSERT_TRUE(EnrollOne(person).ok());
  }
  const long long events = Length(std::string(training::keys::kEvents));
  const long long audit = Length(std::string(training::keys::kAudit));
  const Plan plan = PlanCancellation();
  ASSERT_EQ(plan.drops.size(), 3u);
  ASSERT_TRUE(Cancel(plan).ok());

  auto course = store_->GetCourse("C1");
  ASSERT_TRUE(course.ok() && course->has_value());
  EXPECT_EQ((*course)->status(), tr::COURSE_STATUS_CANCELLED);
  EXPECT_EQ((*course)->enrolled_count(), 0);
  for (int person = 1; person <= 3; ++person) {
    EXPECT_EQ(StateOf("E" + std::to_string(person)), tr::ENROLLMENT_STATE_DROPPED);
  }
  EXPECT_EQ(Seats(), "0");
  // One event and one audit entry for the course, one of each per dropped enrolment.
  EXPECT_EQ(Length(std::string(training::keys::kEvents)), events + 4);
  EXPECT_EQ(Length(std::string(training::keys::kAudit)), audit + 4);

  // The enrolment guard keeps everyone out of the cancelled course, even past the handler.
  auto refused = EnrollOne(9);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(ReasonOf(refused.status()), "COURSE_CANCELLED");
  auto again = EnrollOne(1);  // the dropped person's uniqueness key is gone, the guard still holds
  EXPECT_EQ(ReasonOf(again.status()), "COURSE_CANCELLED");
}

TEST_F(CourseCancellationStoreTest, AnEnrolmentChangedMeanwhileRefusesTheWholeCancellation) {
  for (int person = 1; person <= 3; ++person) {
    ASSERT_TRUE(EnrollOne(person).ok());
  }
  const Plan plan = PlanCancellation();
  // E2 completes between the read and the write.
  auto e2 = store_->GetEnrollment("E2");
  ASSERT_TRUE(e2.ok() && e2->has_value());
  tr::Enrollment completed = (*e2)->record;
  completed.set_state(tr::ENROLLMENT_STATE_COMPLETED);
  completed.mutable_completed_date()->set_year(2026);
  ASSERT_TRUE(store_->CompleteEnrollment(**e2, completed, false, tr::TrainingEvent(), MutationMeta()).ok());
  const long long events = Length(std::string(training::keys::kEvents));

  auto outcome = Cancel(plan);
  EXPECT_EQ(outcome.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(outcome.status()), "CONCURRENT_MODIFICATION");
  auto course = store_->GetCourse("C1");
  ASSERT_TRUE(course.ok() && course->has_value());
  EXPECT_EQ((*course)->status(), tr::COURSE_STATUS_OPEN);
  EXPECT_EQ(StateOf("E1"), tr::ENROLLMENT_STATE_ENROLLED);
  EXPECT_EQ(StateOf("E2"), tr::ENROLLMENT_STATE_COMPLETED);
  EXPECT_EQ(StateOf("E3"), tr::ENROLLMENT_STATE_ENROLLED);
  EXPECT_EQ(Seats(), "3");
  EXPECT_EQ(Length(std::string(training::keys::kEvents)), events);
  EXPECT_TRUE(EnrollOne(4).ok());  // still open
}

TEST_F(CourseCancellationStoreTest, AnEnrolmentArrivingMeanwhileRefusesTheCancellation) {
  ASSERT_TRUE(EnrollOne(1).ok());
  const Plan plan = PlanCancellation();
  ASSERT_TRUE(EnrollOne(2).ok());  // not in the plan: it would stay enrolled in a cancelled course
  auto outcome = Cancel(plan);
  EXPECT_EQ(ReasonOf(outcome.status()), "CONCURRENT_MODIFICATION");
  EXPECT_EQ(StateOf("E1"), tr::ENROLLMENT_STATE_ENROLLED);
  EXPECT_EQ(Seats(), "2");

  // Read again, it goes through.
  ASSERT_TRUE(Cancel(PlanCancellation()).ok());
  EXPECT_EQ(StateOf("E1"), tr::ENROLLMENT_STATE_DROPPED);
  EXPECT_EQ(StateOf("E2"), tr::ENROLLMENT_STATE_DROPPED);
  EXPECT_EQ(Seats(), "0");
}

TEST_F(CourseCancellationStoreTest, AnEmptyCourseAndARacingDuplicate) {
  // No enrolment ever: the seat field does not exist yet.
  const Plan plan = PlanCancellation();
  EXPECT_TRUE(plan.drops.empty());
  ASSERT_TRUE(Cancel(plan, "training:idem:test:dup").ok());
  // The same request planned from the same read, arriving second: replayed, nothing written twice.
  const long long events = Length(std::string(training::keys::kEvents));
  auto replay = Cancel(plan, "training:idem:test:dup");
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(replay->replay_bytes, "first");
  EXPECT_EQ(Length(std::string(training::keys::kEvents)), events);
}

TEST_F(CourseCancellationStoreTest, ARacingDuplicateWithEnrolmentsDropsThemOnce) {
  for (int person = 1; person <= 2; ++person) {
    ASSERT_TRUE(EnrollOne(person).ok());
  }
  const Plan plan = PlanCancellation();
  ASSERT_TRUE(Cancel(plan, "training:idem:test:dup2").ok());
  const long long events = Length(std::string(training::keys::kEvents));
  auto replay = Cancel(plan, "training:idem:test:dup2");
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->replayed);
  EXPECT_EQ(Seats(), "0");  // not -2
  EXPECT_EQ(Length(std::string(training::keys::kEvents)), events);
}

}  // namespace
}  // namespace skillbridge::testing
