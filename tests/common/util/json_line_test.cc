// JsonString and JsonLine: every string a caller may pass (quotes, backslashes, control
// characters, DEL, invalid or overlong UTF-8, surrogates) comes out as one valid JSON string that
// a JSON parser reads back as the same text (U+FFFD for bytes that are not UTF-8); JsonLine writes
// each kind of field as documented and one line per Write().

#include "common/util/json_line.h"

#include <cmath>
#include <limits>
#include <string>
#include <string_view>

#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

// Parses `{"v": <literal>}` with protobuf's JSON parser and returns the string value of "v";
// fails the test when the literal is not valid JSON.
std::string ParseBack(const std::string& literal) {
  google::protobuf::Struct object;
  const auto parsed = google::protobuf::util::JsonStringToMessage("{\"v\":" + literal + "}", &object);
  EXPECT_TRUE(parsed.ok()) << literal << ": " << parsed.ToString();
  const auto& fields = object.fields();
  const auto found = fields.find("v");
  if (found == fields.end()) {
    ADD_FAILURE() << "no value parsed from " << literal;
    return "";
  }
  EXPECT_EQ(found->second.kind_case(), google::protobuf::Value::kStringValue) << literal;
  return found->second.string_value();
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

TEST(JsonStringTest, PlainTextIsQuotedAsItIs) {
  EXPECT_EQ(JsonString(""), "\"\"");
  EXPECT_EQ(JsonString("waiting for redis"), "\"waiting for redis\"");
}

TEST(JsonStringTest, QuotesAndBackslashesAreEscaped) {
  EXPECT_EQ(JsonString("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(JsonString("C:\\path\\"), "\"C:\\\\path\\\\\"");
  EXPECT_EQ(ParseBack(JsonString("a\"b\\c\\\"")), "a\"b\\c\\\"");
}

TEST(JsonStringTest, ControlCharactersAndDelAreEscaped) {
  EXPECT_EQ(JsonString("a\nb"), "\"a\\nb\"");
  EXPECT_EQ(JsonString("a\rb"), "\"a\\rb\"");
  EXPECT_EQ(JsonString("a\tb"), "\"a\\tb\"");
  EXPECT_EQ(JsonString("\x01"), "\"\\u0001\"");
  EXPECT_EQ(JsonString("\x1f"), "\"\\u001f\"");
  EXPECT_EQ(JsonString("\x7f"), "\"\\u007f\"");
  EXPECT_EQ(JsonString(std::string("a\0b", 3)), "\"a\\u0000b\"");
}

TEST(JsonStringTest, EveryAsciiCharacterRoundTripsAndNoRawControlCharacterIsWritten) {
  std::string all;
  for (int c = 0; c < 0x80; ++c) {
    all.push_back(static_cast<char>(c));
  }
  const std::string literal = JsonString(all);
  for (const char c : literal) {
    EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 || c == 0x7F) << "raw control character " << int{c};
  }
  EXPECT_EQ(ParseBack(literal), all);
}

TEST(JsonStringTest, ValidMultiByteUtf8IsKept) {
  const std::string text = "市南区 caf\xC3\xA9 \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF";  // 3-, 2-, 4-byte, U+10FFFF
  EXPECT_EQ(JsonString(text), "\"" + text + "\"");
  EXPECT_EQ(ParseBack(JsonString(text)), text);
}

TEST(JsonStringTest, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(JsonString("a\xFF"
                       "b"),
            "\"a\\ufffdb\"");
  EXPECT_EQ(JsonString("\x80"), "\"\\ufffd\"");                                              // a lone continuation byte
  EXPECT_EQ(JsonString("\xF8\x88\x80\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");  // 5-byte form
  // A sequence cut short: each byte on its own, and what follows is kept.
  EXPECT_EQ(JsonString("\xE5\xB8"
                       "x"),
            "\"\\ufffd\\ufffdx\"");
  EXPECT_EQ(JsonString("\xE5\xB8"), "\"\\ufffd\\ufffd\"");
  EXPECT_EQ(ParseBack(JsonString("a\xFF"
                                 "b")),
            "a" + std::string(kReplacement) + "b");
}

TEST(JsonStringTest, OverlongSurrogateAndOutOfRangeSequencesAreRefused) {
  EXPECT_EQ(JsonString("\xC0\xAF"), "\"\\ufffd\\ufffd\"");                        // overlong '/'
  EXPECT_EQ(JsonString("\xC1\xBF"), "\"\\ufffd\\ufffd\"");                        // overlong U+007F
  EXPECT_EQ(JsonString("\xE0\x80\xAF"), "\"\\ufffd\\ufffd\\ufffd\"");             // overlong, 3 bytes
  EXPECT_EQ(JsonString("\xF0\x80\x80\xAF"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // overlong, 4 bytes
  EXPECT_EQ(JsonString("\xED\xA0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");             // U+D800, a surrogate
  EXPECT_EQ(JsonString("\xED\xBF\xBF"), "\"\\ufffd\\ufffd\\ufffd\"");             // U+DFFF
  EXPECT_EQ(JsonString("\xF4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // above U+10FFFF
  // The smallest valid forms of each length are kept.
  EXPECT_EQ(JsonString("\xC2\x80"), "\"\xC2\x80\"");
  EXPECT_EQ(JsonString("\xE0\xA0\x80"), "\"\xE0\xA0\x80\"");
  EXPECT_EQ(JsonString("\xF0\x90\x80\x80"), "\"\xF0\x90\x80\x80\"");
  EXPECT_EQ(JsonString("\xED\x9F\xBF"), "\"\xED\x9F\xBF\"");  // U+D7FF, just below the surrogates
}

TEST(JsonLineTest, FieldKinds) {
  const std::string line = JsonLine()
                               .Add("text", std::string_view("a\"b"))
                               .Add("c_string", "x")
                               .Add("std_string", std::string("y\n"))
                               .Add("int", -7)
                               .Add("int64", int64_t{-9'000'000'000})
                               .Add("uint64", uint64_t{18'000'000'000'000'000'000u})
                               .Add("double", 1.23456)
                               .Add("yes", true)
                               .Add("no", false)
                               .Add("error", absl::NotFoundError("no \"such\" thing"))
                               .AddRaw("raw", "{\"n\":1}")
                               .str();
  EXPECT_EQ(line,
            "{\"text\":\"a\\\"b\",\"c_string\":\"x\",\"std_string\":\"y\\n\",\"int\":-7,\"int64\":-9000000000,"
            "\"uint64\":18000000000000000000,\"double\":1.235,\"yes\":true,\"no\":false,"
            "\"error\":\"no \\\"such\\\" thing\",\"raw\":{\"n\":1}}");
  google::protobuf::Struct object;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &object).ok()) << line;
  EXPECT_EQ(object.fields().at("error").string_value(), "no \"such\" thing");
}

TEST(JsonLineTest, EmptyObjectAndOkStatus) {
  EXPECT_EQ(JsonLine().str(), "{}");
  EXPECT_EQ(JsonLine().Add("error", absl::OkStatus()).str(), "{\"error\":\"\"}");
}

TEST(JsonLineTest, NonFiniteDoublesAreNull) {
  const std::string line = JsonLine()
                               .Add("nan", std::nan(""))
                               .Add("inf", std::numeric_limits<double>::infinity())
                               .Add("neg", -std::numeric_limits<double>::infinity())
                               .str();
  EXPECT_EQ(line, "{\"nan\":null,\"inf\":null,\"neg\":null}");
  google::protobuf::Struct object;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(line, &object).ok()) << line;
}

TEST(JsonLineTest, WriteIsOneLineOnStderr) {
  ::testing::internal::CaptureStderr();
  JsonLine().Add("level", "warning").Add("msg", "two\nlines").Write();
  const std::string written = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(written, "{\"level\":\"warning\",\"msg\":\"two\\nlines\"}\n");
}

}  // namespace
}  // namespace skillbridge
