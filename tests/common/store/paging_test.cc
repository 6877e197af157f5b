#include "common/store/paging.h"

#include <string>

#include "common/status/errors.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

TEST(PagingTest, ResolvePageSize) {
  EXPECT_EQ(*ResolvePageSize(0), 50);
  EXPECT_EQ(*ResolvePageSize(1), 1);
  EXPECT_EQ(*ResolvePageSize(1000), 1000);
  EXPECT_EQ(*ResolvePageSize(1001), 1000);
  absl::StatusOr<int> negative = ResolvePageSize(-1);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(negative.status().message().find("page_size"), absl::string_view::npos);
}

TEST(PagingTest, TokenRoundTrip) {
  static constexpr char kCursor[] = "org:91310000\x00\xff|2024";
  const std::string cursor(kCursor, sizeof(kCursor) - 1);  // binary-safe: keeps the NUL byte
  const std::string token = EncodePageToken(cursor, "district=07;status=ACTIVE");
  EXPECT_FALSE(token.empty());
  EXPECT_EQ(token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
            std::string::npos)
      << token;
  absl::StatusOr<std::string> decoded = DecodePageToken(token, "district=07;status=ACTIVE");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, cursor);
}

TEST(PagingTest, EmptyTokenIsFirstPageAndEmptyCursorIsNoToken) {
  EXPECT_EQ(*DecodePageToken("", "f"), "");
  EXPECT_EQ(EncodePageToken("", "f"), "");
}

void ExpectRejected(const absl::StatusOr<std::string>& decoded) {
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("page_token"), absl::string_view::npos) << decoded.status();
  EXPECT_EQ(FieldViolationsOf(decoded.status()).size(), 1u);
}

TEST(PagingTest, TokenForAnotherFilterIsRejected) {
  const std::string token = EncodePageToken("cursor-1", "district=07");
  ExpectRejected(DecodePageToken(token, "district=08"));
  ExpectRejected(DecodePageToken(token, ""));
}

TEST(PagingTest, TamperedTokensAreRejected) {
  const std::string token = EncodePageToken("cursor-1", "f");
  for (size_t i = 0; i < token.size(); ++i) {
    std::string tampered = token;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    // Every edit is refused, even one that only changes the last character's unused bits.
    ExpectRejected(DecodePageToken(tampered, "f"));
  }
  // Only the exact spelling the service made: no padding, no whitespace.
  ExpectRejected(DecodePageToken(token + "=", "f"));
  ExpectRejected(DecodePageToken(token + "==", "f"));
  ExpectRejected(DecodePageToken(token.substr(0, 4) + " " + token.substr(4), "f"));
  ExpectRejected(DecodePageToken(token.substr(0, 4) + "\n" + token.substr(4), "f"));
  ExpectRejected(DecodePageToken("not base64 !!", "f"));
  ExpectRejected(DecodePageToken("AAAA", "f"));
  ExpectRejected(DecodePageToken(token.substr(0, token.size() - 4), "f"));
  ExpectRejected(DecodePageToken(token + "AAAA", "f"));
}

}  // namespace
}  // namespace skillbridge
