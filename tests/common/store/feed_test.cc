#include "common/store/feed.h"

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace skillbridge {
namespace {

using ::skillbridge::testing::RedisTest;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

class FeedTest : public RedisTest {
 protected:
  std::string Append(const std::string& payload) {
    absl::StatusOr<std::string> id = AppendToStream(redis(), "svc:events", "e", payload);
    EXPECT_TRUE(id.ok()) << id.status();
    return id.ok() ? *id : std::string();
  }
};

TEST(StreamIdTest, Validates) {
  for (const char* ok : {"", "0", "0-0", "1700000000000", "1700000000000-12", "18446744073709551615-0"}) {
    EXPECT_TRUE(ValidateStreamId(ok, "after_id").ok()) << ok;
  }
  for (const char* bad : {"-", "1-", "-1", "a", "1-2-3", "1.5", " 1", "+", "$", "18446744073709551616"}) {
    absl::Status status = ValidateStreamId(bad, "after_id");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(status.message().find("after_id"), absl::string_view::npos) << bad;
  }
}

TEST_F(FeedTest, ReadsFromStartAndResumesAfterAnId) {
  const std::string id1 = Append("one");
  const std::string id2 = Append(std::string("tw\0o", 4));
  const std::string id3 = Append("three");

  absl::StatusOr<FeedPage> all = ReadFeed(redis(), "svc:events", "", 10, milliseconds(0));
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->entries.size(), 3u);
  EXPECT_EQ(all->entries[0].id, id1);
  EXPECT_EQ(all->entries[1].payload, std::string("tw\0o", 4));
  EXPECT_EQ(all->last_id, id3);

  absl::StatusOr<FeedPage> first = ReadFeed(redis(), "svc:events", "", 2, milliseconds(0));
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->entries.size(), 2u);
  EXPECT_EQ(first->last_id, id2);
  absl::StatusOr<FeedPage> rest = ReadFeed(redis(), "svc:events", first->last_id, 2, milliseconds(0));
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->entries.size(), 1u);
  EXPECT_EQ(rest->entries[0].id, id3);
  EXPECT_EQ(rest->entries[0].payload, "three");

  absl::StatusOr<FeedPage> none = ReadFeed(redis(), "svc:events", id3, 2, milliseconds(0));
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->entries.empty());
  EXPECT_EQ(none->last_id, id3);

  // A millisecond-only id means "<ms>-0".
  const std::string ms = id1.substr(0, id1.find('-'));
  absl::StatusOr<FeedPage> from_ms = ReadFeed(redis(), "svc:events", ms, 10, milliseconds(0));
  ASSERT_TRUE(from_ms.ok());
  ASSERT_FALSE(from_ms->entries.empty());
  EXPECT_NE(from_ms->entries[0].id, ms + "-0");
}

TEST_F(FeedTest, MissingStreamAndBadArguments) {
  absl::StatusOr<FeedPage> empty = ReadFeed(redis(), "nothing", "", 10, milliseconds(0));
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->entries.empty());
  EXPECT_EQ(empty->last_id, "");
  EXPECT_EQ(ReadFeed(redis(), "s", "x", 10, milliseconds(0)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadFeed(redis(), "s", "", 0, milliseconds(0)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ReadStreamNewestFirst(redis(), "s", "bad", 1).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(FeedTest, BlockingReadTimesOutWhenNothingArrives) {
  const std::string id = Append("old");
  const auto start = Clock::now();
  absl::StatusOr<FeedPage> page = ReadFeed(redis(), "svc:events", id, 10, milliseconds(200));
  const auto elapsed = Clock::now() - start;
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_TRUE(page->entries.empty());
  EXPECT_EQ(page->last_id, id);
  EXPECT_GE(elapsed, milliseconds(150));
  EXPECT_LT(elapsed, milliseconds(3000));
}

TEST_F(FeedTest, BlockingReadReturnsWhenAnEntryArrives) {
  const std::string id = Append("old");
  std::future<absl::StatusOr<FeedPage>> waiting =
      std::async(std::launch::async, [&id] { return ReadFeed(redis(), "svc:events", id, 10, milliseconds(10000)); });
  std::this_thread::sleep_for(milliseconds(100));
  const auto appended_at = Clock::now();
  const std::string fresh = Append("fresh");
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_LT(Clock::now() - appended_at, std::chrono::seconds(5));
  absl::StatusOr<FeedPage> page = waiting.get();
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].id, fresh);
  EXPECT_EQ(page->entries[0].payload, "fresh");
}

TEST_F(FeedTest, NewestFirstPagesBackwards) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    absl::StatusOr<std::string> id = AppendToStream(redis(), "svc:audit", "a", "entry" + std::to_string(i));
    ASSERT_TRUE(id.ok());
    ids.push_back(*id);
  }
  absl::StatusOr<FeedPage> page = ReadStreamNewestFirst(redis(), "svc:audit", "", 2);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_EQ(page->entries[0].id, ids[4]);
  EXPECT_EQ(page->entries[0].payload, "entry4");
  EXPECT_EQ(page->entries[1].id, ids[3]);
  EXPECT_EQ(page->last_id, ids[3]);

  page = ReadStreamNewestFirst(redis(), "svc:audit", page->last_id, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_EQ(page->entries[0].id, ids[2]);
  EXPECT_EQ(page->entries[1].id, ids[1]);

  page = ReadStreamNewestFirst(redis(), "svc:audit", page->last_id, 2);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->entries.size(), 1u);
  EXPECT_EQ(page->entries[0].id, ids[0]);

  page = ReadStreamNewestFirst(redis(), "svc:audit", ids[0], 2);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->entries.empty());
  EXPECT_EQ(page->last_id, ids[0]);
  page = ReadStreamNewestFirst(redis(), "svc:audit", "0", 2);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->entries.empty());
}

}  // namespace
}  // namespace skillbridge
