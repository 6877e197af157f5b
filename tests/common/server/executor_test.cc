#include "common/server/executor.h"

#include <atomic>
#include <vector>

#include <gtest/gtest.h>

#include "absl/synchronization/notification.h"

namespace skillbridge {
namespace {

TEST(BoundedExecutorTest, RunsSubmittedTasks) {
  std::atomic<int> ran{0};
  {
    BoundedExecutor executor("test", 2, 100);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(executor.TrySubmit([&ran] { ran.fetch_add(1); }));
    }
    executor.Shutdown();  // runs what is queued
  }
  EXPECT_EQ(ran.load(), 50);
}

TEST(BoundedExecutorTest, RefusesWhenQueueIsFull) {
  BoundedExecutor executor("test", 1, 2);
  absl::Notification started;
  absl::Notification release;
  ASSERT_TRUE(executor.TrySubmit([&] {
    started.Notify();
    release.WaitForNotification();
  }));
  started.WaitForNotification();
  EXPECT_EQ(executor.busy(), 1u);
  std::atomic<int> ran{0};
  EXPECT_TRUE(executor.TrySubmit([&ran] { ran.fetch_add(1); }));
  EXPECT_TRUE(executor.TrySubmit([&ran] { ran.fetch_add(1); }));
  EXPECT_EQ(executor.queued(), 2u);
  EXPECT_FALSE(executor.TrySubmit([&ran] { ran.fetch_add(1); }));
  release.Notify();
  executor.Shutdown();
  EXPECT_EQ(ran.load(), 2);
  EXPECT_EQ(executor.queued(), 0u);
  EXPECT_EQ(executor.busy(), 0u);
}

TEST(BoundedExecutorTest, RefusesAfterShutdownAndShutdownIsIdempotent) {
  BoundedExecutor executor("test", 3, 10);
  EXPECT_EQ(executor.threads(), 3u);
  EXPECT_EQ(executor.name(), "test");
  executor.Shutdown();
  executor.Shutdown();
  EXPECT_FALSE(executor.TrySubmit([] {}));
}

TEST(BoundedExecutorTest, ZeroQueueRefusesEverything) {
  BoundedExecutor executor("test", 1, 0);
  EXPECT_FALSE(executor.TrySubmit([] {}));
}

TEST(BoundedExecutorTest, ThrowingTaskDoesNotKillTheWorker) {
  BoundedExecutor executor("test", 1, 10);
  std::atomic<int> ran{0};
  ASSERT_TRUE(executor.TrySubmit([] { throw std::runtime_error("boom"); }));
  ASSERT_TRUE(executor.TrySubmit([&ran] { ran.fetch_add(1); }));
  executor.Shutdown();
  EXPECT_EQ(ran.load(), 1);
}

}  // namespace
}  // namespace skillbridge
