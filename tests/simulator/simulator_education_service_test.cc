// The education part of the simulator against the real education and evaluation services (real
// gRPC, each over its own real redis-server; EducationHarness) at a small scale: the schools are
// registered with the filing evaluation answers for their organisations, specialties, students,
// withdrawals, transfers, graduations, first destinations, rewards and partnerships arrive as
// planned with no refusal, the service's statistics equal the plan's counts, and a rerun adds
// nothing — also after the idempotency records have expired.

#include <gtest/gtest.h>

#include "tests/education/education_harness.h"
#include "tools/simulator/education_driver.h"
#include "tools/simulator/evaluation_driver.h"

namespace skillbridge::simulator {
namespace {

namespace ed = ::skillbridge::education::v1;
using ::skillbridge::testing::EducationHarness;

class SimulatorEducationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_.Start().ok());
    auto loaded = ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    reference_ = *loaded;
    options_.seed = 2021;
    options_.scale = 0.01;
    options_.year = 2026;  // the harness clocks read 2026-06-15 10:00 +08:00
    options_.concurrency = 3;
    options_.rpc.token = ::skillbridge::testing::kAdminToken;
    options_.rpc.max_attempts = 3;
  }

  absl::StatusOr<EducationReport> Run() {
    auto evaluation_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(harness_.evaluation().port()),
                                                  grpc::InsecureChannelCredentials());
    EvaluationDriver evaluation(evaluation_channel, reference_, options_);
    auto evaluated = evaluation.Run();
    if (!evaluated.ok()) {
      return evaluated.status();
    }
    plan_ = PlanEducation(PlanFor(evaluated->cutoff), *reference_, evaluated->plan.enterprises);
    EducationDriver education(harness_.channel(), evaluation_channel, reference_, options_);
    return education.Run(*evaluated);
  }

  PlanOptions PlanFor(absl::CivilDay cutoff) const {
    PlanOptions plan;
    plan.seed = options_.seed;
    plan.scale = options_.scale;
    plan.year = options_.year;
    plan.cutoff = cutoff;
    return plan;
  }

  void DeleteIdempotencyRecords(RedisClient& redis, const std::string& pattern) {
    auto deleted = redis.Command(
        {"EVAL",
         "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end return n",
         "0", pattern});
    ASSERT_TRUE(deleted.ok()) << deleted.status();
  }

  ed::EducationStatsRow Stats() {
    ed::GetEducationStatsRequest request;
    request.set_year(2026);
    ed::GetEducationStatsResponse response;
    const grpc::Status status = harness_.stub().GetEducationStats(
        EducationHarness::Context(::skillbridge::testing::kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total();
  }

  EducationHarness harness_;
  std::shared_ptr<const ReferenceData> reference_;
  EducationRunOptions options_;
  EducationPlan plan_;
};

TEST_F(SimulatorEducationServiceTest, LoadsTheEducationYearAsPlannedAndARerunAddsNothing) {
  auto first = Run();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->refused, 0) << (first->refusals.empty() ? "" : first->refusals.begin()->first);
  int filed = 0;
  for (const PlannedSchool& school : plan_.schools) {
    filed += school.filed ? 1 : 0;
  }
  EXPECT_EQ(first->schools, kEducationSchools);
  EXPECT_EQ(first->evaluation_orgs_filed, filed);
  EXPECT_EQ(first->schools_filed, filed) << "education asked evaluation for each school's filing";
  EXPECT_EQ(first->specialties, kEducationSpecialties);
  EXPECT_EQ(first->featured, kFeaturedSpecialties);
  EXPECT_EQ(first->specialties_closed, kClosedSpecialties);
  EXPECT_EQ(first->enrolled, first->students_planned);
  const PlannedEducationTotals totals = TotalsOf(plan_, 2026);
  EXPECT_EQ(first->graduated, totals.graduated);
  EXPECT_GT(first->graduated, 0);
  EXPECT_EQ(first->withdrawn, totals.withdrawn);
  EXPECT_EQ(first->transferred, totals.transferred);
  EXPECT_EQ(first->destinations, totals.destinations);
  EXPECT_EQ(first->partnerships, kEducationPartnerships);
  EXPECT_GT(first->partnerships_ended, 0);
  EXPECT_TRUE(first->stats_match_plan);
  EXPECT_EQ(first->stats_students_enrolled, totals.enrolled_now);
  EXPECT_EQ(first->stats_employed_in_city, totals.employed_in_city);
  EXPECT_EQ(first->stats_reward_granted_fen, totals.reward_granted_fen);
  EXPECT_EQ(first->stats_reward_paid_fen, totals.reward_paid_fen);
  const ed::EducationStatsRow before = Stats();

  DeleteIdempotencyRecords(harness_.redis_client(), "education:idem:*");
  DeleteIdempotencyRecords(harness_.evaluation().redis_client(), "evaluation:idem:*");
  auto second = Run();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->refused, 0) << (second->refusals.empty() ? "" : second->refusals.begin()->first);
  EXPECT_TRUE(second->stats_match_plan);
  EXPECT_EQ(second->enrolled, first->enrolled);
  EXPECT_EQ(second->graduated, first->graduated);
  EXPECT_EQ(second->destinations, first->destinations);
  EXPECT_EQ(second->rewards_paid, first->rewards_paid);
  EXPECT_EQ(second->partnerships, first->partnerships);
  const ed::EducationStatsRow after = Stats();
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString()) << after.DebugString() << before.DebugString();
}

}  // namespace
}  // namespace skillbridge::simulator
