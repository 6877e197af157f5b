#include "common/store/index_page.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/support/redis_server.h"

namespace skillbridge {
namespace {

using ::skillbridge::testing::RedisTest;

class IndexPageTest : public RedisTest {
 protected:
  void Fill(const std::string& key, int n) {
    std::vector<std::string> argv = {"ZADD", key};
    for (int i = 0; i < n; ++i) {
      argv.push_back("0");
      argv.push_back(absl::StrCat("m", absl::Dec(i, absl::kZeroPad3)));
    }
    ASSERT_TRUE(redis().Command(argv).ok());
  }
};

TEST_F(IndexPageTest, PagesThroughTheWholeIndex) {
  Fill("idx", 25);
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    absl::StatusOr<IndexPage> page = ReadIndexPage(redis(), "idx", cursor, 10);
    ASSERT_TRUE(page.ok()) << page.status();
    ++pages;
    seen.insert(seen.end(), page->members.begin(), page->members.end());
    cursor = page->next_cursor;
  } while (!cursor.empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_EQ(seen.front(), "m000");
  EXPECT_EQ(seen.back(), "m024");
}

TEST_F(IndexPageTest, ExactlyFullLastPageHasNoNextCursor) {
  Fill("idx", 20);
  absl::StatusOr<IndexPage> first = ReadIndexPage(redis(), "idx", "", 10);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->next_cursor, "m009");
  absl::StatusOr<IndexPage> second = ReadIndexPage(redis(), "idx", first->next_cursor, 10);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->members.size(), 10u);
  EXPECT_EQ(second->members.front(), "m010");
  EXPECT_EQ(second->next_cursor, "");
}

TEST_F(IndexPageTest, EmptyIndexAndBadLimit) {
  absl::StatusOr<IndexPage> page = ReadIndexPage(redis(), "none", "", 10);
  ASSERT_TRUE(page.ok());
  EXPECT_TRUE(page->members.empty());
  EXPECT_EQ(page->next_cursor, "");
  EXPECT_EQ(ReadIndexPage(redis(), "none", "", 0).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(IndexPageTest, CursorNeedNotBeAMember) {
  Fill("idx", 5);
  absl::StatusOr<IndexPage> page = ReadIndexPage(redis(), "idx", "m001x", 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->members.size(), 3u);
  EXPECT_EQ(page->members.front(), "m002");
}

TEST_F(IndexPageTest, FetchValuesReportsMissingKeys) {
  ASSERT_TRUE(redis().Command({"MSET", "a", "1", "c", std::string("\0x", 2)}).ok());
  absl::StatusOr<std::vector<FetchedValue>> values = FetchValues(redis(), {"a", "b", "c"});
  ASSERT_TRUE(values.ok()) << values.status();
  ASSERT_EQ(values->size(), 3u);
  EXPECT_TRUE((*values)[0].found);
  EXPECT_EQ((*values)[0].value, "1");
  EXPECT_FALSE((*values)[1].found);
  EXPECT_TRUE((*values)[2].found);
  EXPECT_EQ((*values)[2].value, std::string("\0x", 2));
  absl::StatusOr<std::vector<FetchedValue>> none = FetchValues(redis(), {});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace skillbridge
