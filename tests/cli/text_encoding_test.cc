// Decoding and encoding the bureau's files: UTF-8 with and without BOM, GBK, refusals with lines.

#include "tools/cli/table/text_encoding.h"

#include <gtest/gtest.h>

namespace skillbridge::cli {
namespace {

// "姓名,身份证号\n张三,370202199001011234\n" in GBK (bytes as iconv -t GBK writes them).
const std::string kGbk = "\xD0\xD5\xC3\xFB,\xC9\xED\xB7\xDD\xD6\xA4\xBA\xC5\n\xD5\xC5\xC8\xFD,370202199001011234\n";
const std::string kUtf8 = "姓名,身份证号\n张三,370202199001011234\n";

TEST(TextEncodingTest, Utf8WithoutBomIsDetected) {
  absl::StatusOr<DecodedText> decoded = DecodeText(kUtf8);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, TextEncoding::kUtf8);
  EXPECT_FALSE(decoded->had_bom);
  EXPECT_EQ(decoded->utf8, kUtf8);
}

TEST(TextEncodingTest, Utf8BomIsDetectedAndStripped) {
  absl::StatusOr<DecodedText> decoded = DecodeText("\xEF\xBB\xBF" + kUtf8);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, TextEncoding::kUtf8);
  EXPECT_TRUE(decoded->had_bom);
  EXPECT_EQ(decoded->utf8, kUtf8);
}

TEST(TextEncodingTest, GbkIsDetectedAndDecoded) {
  absl::StatusOr<DecodedText> decoded = DecodeText(kGbk);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->encoding, TextEncoding::kGb18030);
  EXPECT_EQ(decoded->utf8, kUtf8);
}

TEST(TextEncodingTest, ForcedEncodingWinsAndNamesTheLineWhereItFails) {
  absl::StatusOr<DecodedText> as_gbk = DecodeText(kGbk, TextEncoding::kGb18030);
  ASSERT_TRUE(as_gbk.ok()) << as_gbk.status();
  EXPECT_EQ(as_gbk->utf8, kUtf8);
  // GBK bytes read as UTF-8: refused at line 1.
  absl::StatusOr<DecodedText> as_utf8 = DecodeText(kGbk, TextEncoding::kUtf8);
  ASSERT_EQ(as_utf8.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(as_utf8.status().message().find("line 1"), std::string::npos) << as_utf8.status();
  // A UTF-8 file with one broken byte on line 3.
  absl::StatusOr<DecodedText> broken = DecodeText(
      "a\r\n\xEF\xBB\xBF"
      "b\nc\xFF\n",
      TextEncoding::kUtf8);
  ASSERT_EQ(broken.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(broken.status().message().find("line 3"), std::string::npos) << broken.status();
}

TEST(TextEncodingTest, NeitherEncodingIsRefusedWithItsLine) {
  // 0x80 alone is neither UTF-8 nor a GB18030 lead byte followed by a valid trail byte.
  absl::StatusOr<DecodedText> decoded = DecodeText("ok\nok\n\x80\n");
  ASSERT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("line 3"), std::string::npos) << decoded.status();
}

TEST(TextEncodingTest, BinaryFilesAreRefused) {
  absl::StatusOr<DecodedText> decoded = DecodeText(std::string("PK\x03\x04\0\0", 6));
  ASSERT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("NUL"), std::string::npos) << decoded.status();
}

TEST(TextEncodingTest, BomWithForcedGbkIsAContradiction) {
  EXPECT_EQ(DecodeText("\xEF\xBB\xBF" + kUtf8, TextEncoding::kGb18030).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(TextEncodingTest, EncodeWritesBomOrGbkAndRoundTrips) {
  absl::StatusOr<std::string> with_bom = EncodeText(kUtf8, TextEncoding::kUtf8, true);
  ASSERT_TRUE(with_bom.ok());
  EXPECT_EQ(*with_bom, "\xEF\xBB\xBF" + kUtf8);
  absl::StatusOr<std::string> gbk = EncodeText(kUtf8, TextEncoding::kGb18030, true);
  ASSERT_TRUE(gbk.ok()) << gbk.status();
  EXPECT_EQ(*gbk, kGbk);
  // A character outside GBK (but in GB18030) survives the round trip.
  const std::string rare = "𠀀,x\n";
  absl::StatusOr<std::string> encoded = EncodeText(rare, TextEncoding::kGb18030, false);
  ASSERT_TRUE(encoded.ok()) << encoded.status();
  absl::StatusOr<DecodedText> decoded = DecodeText(*encoded, TextEncoding::kGb18030);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->utf8, rare);
  EXPECT_EQ(EncodeText("\xFF", TextEncoding::kUtf8, false).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TextEncodingTest, EncodingNames) {
  EXPECT_EQ(*ParseTextEncoding("GBK"), TextEncoding::kGb18030);
  EXPECT_EQ(*ParseTextEncoding("utf8"), TextEncoding::kUtf8);
  EXPECT_EQ(*ParseTextEncoding("cp936"), TextEncoding::kGb18030);
  absl::StatusOr<TextEncoding> bad = ParseTextEncoding("latin1");
  ASSERT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("latin1"), std::string::npos);
  EXPECT_EQ(TextEncodingName(TextEncoding::kGb18030), "GB18030");
}

}  // namespace
}  // namespace skillbridge::cli
