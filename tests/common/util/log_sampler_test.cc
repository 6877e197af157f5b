#include "common/util/log_sampler.h"

#include <chrono>

#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using std::chrono::milliseconds;

TEST(LogSamplerTest, LetsThroughAtMostTheRatePerSecondAndCountsTheRest) {
  LogSampler sampler(3);
  const auto t0 = std::chrono::steady_clock::time_point() + std::chrono::hours(1);
  EXPECT_EQ(sampler.Admit(t0), 0);
  EXPECT_EQ(sampler.Admit(t0 + milliseconds(1)), 0);
  EXPECT_EQ(sampler.Admit(t0 + milliseconds(2)), 0);
  for (int i = 0; i < 10; ++i) {
    EXPECT_FALSE(sampler.Admit(t0 + milliseconds(10 + i)).has_value());
  }
  // The next second: the first line carries the count of those held back, once.
  EXPECT_EQ(sampler.Admit(t0 + milliseconds(1000)), 10);
  EXPECT_EQ(sampler.Admit(t0 + milliseconds(1001)), 0);
}

}  // namespace
}  // namespace skillbridge
