#include "common/validation/credit_code.h"

#include <string>

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using ::testing::HasSubstr;

void ExpectInvalid(const std::string& code, const std::string& expected_substring) {
  absl::Status status = ValidateCreditCode(code, "org.credit_code");
  ASSERT_FALSE(status.ok()) << code;
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()), HasSubstr(expected_substring)) << code;
  ASSERT_EQ(FieldViolationsOf(status).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(status)[0].field, "org.credit_code");
}

// The example of GB 32100-2015 and codes printed on published business licences.
TEST(CreditCodeTest, PublishedValidExamples) {
  for (const char* code : {"91350100M000100Y43", "914403001922038216", "91110108551385082Q"}) {
    EXPECT_TRUE(ValidateCreditCode(code, "c").ok()) << code << ": " << ValidateCreditCode(code, "c");
  }
}

TEST(CreditCodeTest, CheckCharacterComputation) {
  EXPECT_EQ(CreditCodeCheckCharacter("91350100M000100Y4"), '3');
  EXPECT_EQ(CreditCodeCheckCharacter("91440300192203821"), '6');
  // Σ mod 31 == 0 gives 31, which is written as 0.
  EXPECT_EQ(CreditCodeCheckCharacter("91370200MA3C00004"), '0');
  EXPECT_EQ(CreditCodeCheckCharacter("91370200MA3C0000E"), 'Y');
  EXPECT_EQ(CreditCodeCheckCharacter("short"), '\0');
  EXPECT_EQ(CreditCodeCheckCharacter("91350100I000100Y4"), '\0');
}

TEST(CreditCodeTest, BuiltCodesValidate) {
  for (const char* first17 : {"91370200MA3C00004", "91370200MA3C0000E", "52370200MJD000001", "12370200004000000"}) {
    const std::string code = std::string(first17) + CreditCodeCheckCharacter(first17);
    EXPECT_TRUE(ValidateCreditCode(code, "c").ok()) << code;
  }
  EXPECT_TRUE(ValidateCreditCode("91370200MA3C000040", "c").ok());
  EXPECT_TRUE(ValidateCreditCode("91370200MA3C0000EY", "c").ok());
}

TEST(CreditCodeTest, EveryWrongCheckCharacterIsRejected) {
  const std::string valid = "91350100M000100Y43";
  for (char c : std::string("0123456789ABCDEFGHJKLMNPQRTUWXY")) {
    if (c == '3') {
      continue;
    }
    ExpectInvalid(valid.substr(0, 17) + c, "check character");
  }
}

TEST(CreditCodeTest, SingleCharacterChangesAreCaught) {
  const std::string valid = "91350100M000100Y43";
  for (size_t i = 0; i < 17; ++i) {
    std::string code = valid;
    code[i] = code[i] == '1' ? '2' : '1';
    EXPECT_FALSE(ValidateCreditCode(code, "c").ok()) << code;
  }
}

TEST(CreditCodeTest, WrongLength) {
  ExpectInvalid("", "required");
  ExpectInvalid("91350100M000100Y4", "must be 18 characters, got 17");
  ExpectInvalid("91350100M000100Y433", "must be 18 characters, got 19");
}

TEST(CreditCodeTest, ExcludedLettersAtEveryPosition) {
  const std::string valid = "91350100M000100Y43";
  for (char bad : std::string("IOZSV*-")) {
    for (size_t i = 0; i < 18; ++i) {
      std::string code = valid;
      code[i] = bad;
      ExpectInvalid(code, "character " + std::to_string(i + 1) + " '" + std::string(1, bad) + "' is not allowed");
    }
  }
}

TEST(CreditCodeTest, LowerCaseIsRejectedByValidateWithClearMessage) {
  ExpectInvalid("91350100m000100y43", "character 9 'm' is lower case");
}

TEST(CreditCodeTest, NormalizeUpperCasesThenValidates) {
  absl::StatusOr<std::string> code = NormalizeCreditCode("91350100m000100y43", "c");
  ASSERT_TRUE(code.ok()) << code.status();
  EXPECT_EQ(*code, "91350100M000100Y43");
  EXPECT_EQ(*NormalizeCreditCode("914403001922038216", "c"), "914403001922038216");
  absl::StatusOr<std::string> bad = NormalizeCreditCode("91350100m000100y44", "org.credit_code");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("org.credit_code: "));
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("check character"));
}

}  // namespace
}  // namespace skillbridge
