#include "common/validation/codes.h"

#include <string>

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using ::testing::HasSubstr;

void ExpectInvalid(const absl::Status& status, const std::string& field, const std::string& expected_substring) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr(expected_substring));
  ASSERT_EQ(FieldViolationsOf(status).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(status)[0].field, field);
}

TEST(OccupationCodeTest, ValidCodes) {
  for (const char* code : {"6-18-02-04", "6-30-99-00", "4-03-02-01", "1-01-00-00", "8-00-00-00"}) {
    EXPECT_TRUE(ValidateOccupationCodeFormat(code, "occupation").ok()) << code;
  }
}

TEST(OccupationCodeTest, MajorGroupMustBeOneToEight) {
  ExpectInvalid(ValidateOccupationCodeFormat("0-18-02-04", "occupation"), "occupation", "major group");
  ExpectInvalid(ValidateOccupationCodeFormat("9-18-02-04", "occupation"), "occupation", "major group");
}

TEST(OccupationCodeTest, Shape) {
  ExpectInvalid(ValidateOccupationCodeFormat("", "occupation"), "occupation", "required");
  ExpectInvalid(ValidateOccupationCodeFormat("6180204", "occupation"), "occupation", "D-DD-DD-DD");
  ExpectInvalid(ValidateOccupationCodeFormat("6-18-02-041", "occupation"), "occupation", "got 11 characters");
  ExpectInvalid(ValidateOccupationCodeFormat("6-18-02_04", "occupation"), "occupation", "character 8 must be '-'");
  const std::string valid = "6-18-02-04";
  for (size_t i = 0; i < valid.size(); ++i) {
    std::string code = valid;
    code[i] = 'x';
    const std::string expected = valid[i] == '-' ? "must be '-'" : "must be a digit";
    ExpectInvalid(ValidateOccupationCodeFormat(code, "occupation"), "occupation",
                  "character " + std::to_string(i + 1) + " " + expected);
  }
}

TEST(DistrictCodeTest, Valid) {
  for (const char* code : {"370202", "370285", "110105"}) {
    EXPECT_TRUE(ValidateDistrictCodeFormat(code, "district_code").ok()) << code;
  }
}

TEST(DistrictCodeTest, Invalid) {
  ExpectInvalid(ValidateDistrictCodeFormat("", "district_code"), "district_code", "required");
  ExpectInvalid(ValidateDistrictCodeFormat("37020", "district_code"), "district_code", "6 digits");
  ExpectInvalid(ValidateDistrictCodeFormat("3702021", "district_code"), "district_code", "6 digits");
  ExpectInvalid(ValidateDistrictCodeFormat("37O202", "district_code"), "district_code", "character 3 is 'O'");
  ExpectInvalid(ValidateDistrictCodeFormat("070202", "district_code"), "district_code", "must not start with 0");
}

TEST(ValidateDateTest, RealDates) {
  EXPECT_TRUE(ValidateDate(2023, 1, 31, "d").ok());
  EXPECT_TRUE(ValidateDate(2000, 2, 29, "d").ok());
  EXPECT_TRUE(ValidateDate(2024, 2, 29, "d").ok());
  EXPECT_TRUE(ValidateDate(1900, 1, 1, "d").ok());
  EXPECT_TRUE(ValidateDate(2100, 12, 31, "d").ok());
}

TEST(ValidateDateTest, ImpossibleDates) {
  ExpectInvalid(ValidateDate(0, 0, 0, "issue_date"), "issue_date", "required");
  ExpectInvalid(ValidateDate(1900, 2, 29, "d"), "d", "day must be 1-28 for 1900-02, got 29");
  ExpectInvalid(ValidateDate(2023, 2, 29, "d"), "d", "day must be 1-28");
  ExpectInvalid(ValidateDate(2023, 4, 31, "d"), "d", "day must be 1-30");
  ExpectInvalid(ValidateDate(2023, 1, 0, "d"), "d", "day must be 1-31");
  ExpectInvalid(ValidateDate(2023, 13, 1, "d"), "d", "month must be 1-12, got 13");
  ExpectInvalid(ValidateDate(2023, 0, 1, "d"), "d", "month must be 1-12, got 0");
  ExpectInvalid(ValidateDate(1899, 12, 31, "d"), "d", "year must be between 1900 and 2100");
  ExpectInvalid(ValidateDate(2101, 1, 1, "d"), "d", "year must be between 1900 and 2100");
}

// Characters that do not show but change how a name reads or compares are refused.
TEST(ValidateTextTest, RefusesInvisibleAndDirectionChangingCharacters) {
  for (const char* text :
       {"张\u202E三", "张\u200B三", "张\u200D三", "\uFEFF张三", "张三\u2066", "张\u00AD三", "张\u2060三"}) {
    const absl::Status status = ValidateText(text, "person.name", true, 50);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << text;
    EXPECT_NE(status.message().find("invisible or direction-changing"), std::string::npos) << status;
  }
  EXPECT_TRUE(ValidateText("欧阳·娜娜", "person.name", true, 50).ok());
}

TEST(ValidateTextTest, AcceptsChineseAndCountsCodePoints) {
  EXPECT_TRUE(ValidateText("青岛市人力资源和社会保障局", "name", true, 13).ok());
  ExpectInvalid(ValidateText("青岛市人力资源和社会保障局", "name", true, 12), "name", "at most 12 characters, got 13");
  EXPECT_TRUE(ValidateText("😀", "name", true, 1).ok());  // four bytes, one code point
}

TEST(ValidateTextTest, RequiredAndOptional) {
  EXPECT_TRUE(ValidateText("", "note", false, 10).ok());
  ExpectInvalid(ValidateText("", "name", true, 10), "name", "is required");
  ExpectInvalid(ValidateText("   ", "name", true, 10), "name", "is required");
  ExpectInvalid(ValidateText("\xE3\x80\x80", "name", true, 10), "name", "is required");  // U+3000
  EXPECT_TRUE(ValidateText(" a ", "name", true, 10).ok());
}

TEST(ValidateTextTest, RejectsControlCharacters) {
  ExpectInvalid(ValidateText("a\nb", "name", true, 10), "name", "control characters (found U+000A at character 2)");
  ExpectInvalid(ValidateText("a\tb", "name", true, 10), "name", "U+0009");
  ExpectInvalid(ValidateText(std::string("a\0b", 3), "name", true, 10), "name", "U+0000");
  ExpectInvalid(ValidateText("a\x7f", "name", true, 10), "name", "U+007F");
  ExpectInvalid(ValidateText("a\xC2\x85", "name", true, 10), "name", "U+0085");  // NEL, a C1 control
}

TEST(ValidateTextTest, RejectsInvalidUtf8) {
  ExpectInvalid(ValidateText("\xff", "name", true, 10), "name", "not valid UTF-8 (at byte 1)");
  ExpectInvalid(ValidateText("ab\xE9\x9D", "name", true, 10), "name", "not valid UTF-8 (at byte 3)");  // truncated
  ExpectInvalid(ValidateText("\xC0\xAF", "name", true, 10), "name", "not valid UTF-8");                // overlong '/'
  ExpectInvalid(ValidateText("\xED\xA0\x80", "name", true, 10), "name", "not valid UTF-8");            // surrogate
  ExpectInvalid(ValidateText("\xF4\x90\x80\x80", "name", true, 10), "name", "not valid UTF-8");        // > U+10FFFF
  ExpectInvalid(ValidateText("\x80", "name", true, 10), "name", "not valid UTF-8");  // lone continuation
}

TEST(ValidateRequestIdTest, Valid) {
  EXPECT_TRUE(ValidateRequestId("", "request_id").ok());
  EXPECT_TRUE(ValidateRequestId("a", "request_id").ok());
  EXPECT_TRUE(ValidateRequestId("batch-2023.07:item_0001", "request_id").ok());
  EXPECT_TRUE(ValidateRequestId(std::string(128, 'x'), "request_id").ok());
}

TEST(ValidateRequestIdTest, Invalid) {
  ExpectInvalid(ValidateRequestId(std::string(129, 'x'), "request_id"), "request_id", "at most 128 characters");
  ExpectInvalid(ValidateRequestId("a b", "request_id"), "request_id", "character 2 is a space");
  ExpectInvalid(ValidateRequestId("a/b", "request_id"), "request_id", "character 2 is '/'");
  ExpectInvalid(ValidateRequestId("编号", "request_id"), "request_id", "a non-ASCII character");
}

}  // namespace
}  // namespace skillbridge
