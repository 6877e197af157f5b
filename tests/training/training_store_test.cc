// The training store on a real redis-server: the claim guards (3 per year, same occupation and
// level once, no lower after higher, one claim per enrolment, completed enrolment) under
// concurrent writers, rejection releasing the counting, and the seat guard.

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

}  // namespace
}  // namespace skillbridge::testing
