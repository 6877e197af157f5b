// The incentive part of the simulator against the real incentive and evaluation services (real
// gRPC, each over its own real redis-server; IncentiveHarness) at a small scale: the survey
// arrives whole and the service's summary equals the plan's totals, nominations, awards, platforms,
// grants and bridging decisions arrive as planned with no unexpected refusal, and a rerun adds
// nothing — also after the idempotency records have expired.

#include <gtest/gtest.h>

#include "tests/incentive/incentive_harness.h"
#include "tools/simulator/evaluation_driver.h"
#include "tools/simulator/incentive_driver.h"

namespace skillbridge::simulator {
namespace {

namespace iv = ::skillbridge::incentive::v1;
using ::skillbridge::testing::IncentiveHarness;

class SimulatorIncentiveServiceTest : public ::testing::Test {
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
    options_.survey_enterprises = 120;
  }

  absl::StatusOr<IncentiveReport> Run() {
    auto evaluation_channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(harness_.evaluation().port()),
                                                  grpc::InsecureChannelCredentials());
    EvaluationDriver evaluation(evaluation_channel, reference_, options_);
    auto evaluated = evaluation.Run();
    if (!evaluated.ok()) {
      return evaluated.status();
    }
    IncentiveDriver incentive(harness_.channel(), evaluation_channel, reference_, options_);
    return incentive.Run(*evaluated);
  }

  void DeleteIdempotencyRecords(RedisClient& redis, const std::string& pattern) {
    auto deleted = redis.Command(
        {"EVAL",
         "local n = 0 for _, k in ipairs(redis.call('KEYS', ARGV[1])) do n = n + redis.call('DEL', k) end return n",
         "0", pattern});
    ASSERT_TRUE(deleted.ok()) << deleted.status();
  }

  iv::IncentiveStatsRow Stats() {
    iv::GetIncentiveStatsRequest request;
    request.set_year(2026);
    iv::GetIncentiveStatsResponse response;
    const grpc::Status status = harness_.stub().GetIncentiveStats(
        IncentiveHarness::Context(::skillbridge::testing::kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total();
  }

  IncentiveHarness harness_;
  std::shared_ptr<const ReferenceData> reference_;
  IncentiveRunOptions options_;
};

TEST_F(SimulatorIncentiveServiceTest, LoadsTheIncentiveYearAsPlannedAndARerunAddsNothing) {
  auto first = Run();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->surveys_refused, 0);
  EXPECT_GT(first->enterprises_registered, 0);
  EXPECT_EQ(first->surveyed_enterprises, 120);
  EXPECT_TRUE(first->summary_matches_plan);
  EXPECT_GE(first->skilled_share, 0.5);
  EXPECT_LE(first->skilled_share, 0.6);
  EXPECT_EQ(first->surveys_replaced, first->corrections);
  EXPECT_EQ(first->programmes, 4);
  EXPECT_GT(first->nominations, 0);
  EXPECT_EQ(first->nominations_refused, 0);
  EXPECT_GT(first->awarded, 0);
  EXPECT_GT(first->platforms, 20);
  EXPECT_EQ(first->platforms_revoked, 1);
  EXPECT_GT(first->bridge_approved, 0);
  EXPECT_GT(first->bridge_refused_as_planned, 0);
  EXPECT_EQ(first->bridge_refused_unexpectedly, 0);
  const iv::IncentiveStatsRow before = Stats();
  EXPECT_EQ(before.nominations(), first->nominations);
  EXPECT_EQ(before.honours_awarded(), first->awarded);
  EXPECT_EQ(before.bridge_approved(), first->bridge_approved);

  DeleteIdempotencyRecords(harness_.redis_client(), "incentive:idem:*");
  DeleteIdempotencyRecords(harness_.evaluation().redis_client(), "evaluation:idem:*");
  auto second = Run();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->summary_matches_plan);
  EXPECT_EQ(second->nominations, first->nominations);
  EXPECT_EQ(second->awarded, first->awarded);
  EXPECT_EQ(second->platforms, first->platforms);
  EXPECT_EQ(second->fundings, first->fundings);
  EXPECT_EQ(second->bridge_applications, first->bridge_applications);
  const iv::IncentiveStatsRow after = Stats();
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString()) << after.DebugString() << before.DebugString();
}

}  // namespace
}  // namespace skillbridge::simulator
