#pragma once
// SuiteHarnessTest<Harness>: a gtest fixture base that starts one `Harness` (EvaluationHarness,
// TrainingHarness, AggregatorHarness, ...) for the whole test suite and stops it after the last
// test, so each suite pays for redis-server and the service once. Tests reach it as `harness_`.
// Derived fixtures that need a clean store per test flush it in their own SetUp().
// Not thread-safe (gtest runs a suite's tests one by one).

#include "absl/status/status.h"
#include "gtest/gtest.h"

namespace skillbridge::testing {

template <typename Harness>
class SuiteHarnessTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    harness_ = new Harness();
    const absl::Status started = harness_->Start();
    ASSERT_TRUE(started.ok()) << started;
  }
  static void TearDownTestSuite() {
    delete harness_;
    harness_ = nullptr;
  }

  static inline Harness* harness_ = nullptr;
};

}  // namespace skillbridge::testing
