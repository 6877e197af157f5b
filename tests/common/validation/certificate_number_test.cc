#include "common/validation/certificate_number.h"

#include <string>

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using ::testing::HasSubstr;

void ExpectInvalid(const std::string& number, const std::string& expected_substring) {
  absl::StatusOr<CertificateNumberParts> parts = ParseCertificateNumber(number, "certificate_number");
  ASSERT_FALSE(parts.ok()) << number;
  EXPECT_EQ(parts.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parts.status().message()), HasSubstr(expected_substring)) << number;
  ASSERT_EQ(FieldViolationsOf(parts.status()).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(parts.status())[0].field, "certificate_number");
}

TEST(CertificateNumberTest, ParsesEmployerNumber) {
  absl::StatusOr<CertificateNumberParts> parts = ParseCertificateNumber("Y000037000001233000123", "n");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->prefix, "Y");
  EXPECT_EQ(parts->org_code, "0000");
  EXPECT_EQ(parts->province, "37");
  EXPECT_EQ(parts->site_serial, "000001");
  EXPECT_EQ(parts->year_two_digits, 23);
  EXPECT_EQ(parts->level_digit, 3);
  EXPECT_EQ(parts->serial, "000123");
}

TEST(CertificateNumberTest, ParsesSocialOrganisationNumber) {
  absl::StatusOr<CertificateNumberParts> parts = ParseCertificateNumber("S123437021005051999999", "n");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->prefix, "S");
  EXPECT_EQ(parts->org_code, "1234");
  EXPECT_EQ(parts->province, "37");
  EXPECT_EQ(parts->site_serial, "021005");
  EXPECT_EQ(parts->year_two_digits, 5);
  EXPECT_EQ(parts->level_digit, 1);
  EXPECT_EQ(parts->serial, "999999");
}

TEST(CertificateNumberTest, ParsesTwoLetterNumber) {
  absl::StatusOr<CertificateNumberParts> parts = ParseCertificateNumber(
      "TJ0000370000012400000"
      "7",
      "n");
  ASSERT_TRUE(parts.ok()) << parts.status();
  EXPECT_EQ(parts->prefix, "TJ");
  EXPECT_EQ(parts->org_code, "0000");
  EXPECT_EQ(parts->province, "37");
  EXPECT_EQ(parts->site_serial, "000001");
  EXPECT_EQ(parts->year_two_digits, 24);
  EXPECT_EQ(parts->level_digit, 0);
  EXPECT_EQ(parts->serial, "000007");
  // Y or S followed by a letter is a two-letter number too.
  ASSERT_TRUE(ParseCertificateNumber("YS00003700000124000007", "n").ok());
  EXPECT_EQ(ParseCertificateNumber("YS00003700000124000007", "n")->prefix, "YS");
}

TEST(CertificateNumberTest, EveryLevelDigit) {
  for (int level = 1; level <= 5; ++level) {
    const std::string number = "Y00003700000123" + std::to_string(level) + "000123";
    absl::StatusOr<CertificateNumberParts> parts = ParseCertificateNumber(number, "n");
    ASSERT_TRUE(parts.ok()) << number;
    EXPECT_EQ(parts->level_digit, level);
  }
  ExpectInvalid("Y000037000001230000123", "character 16 is the level digit and must be 1-5, got '0'");
  ExpectInvalid("Y000037000001236000123", "got '6'");
  ExpectInvalid("Y000037000001239000123", "got '9'");
}

TEST(CertificateNumberTest, FormatIsInverseOfParse) {
  for (const char* number :
       {"Y000037000001233000123", "S123437021005051999999", "TJ00003700000124000007", "AB99999999999999999999"}) {
    const std::string text(number);
    absl::StatusOr<CertificateNumberParts> parts = ParseCertificateNumber(text, "n");
    ASSERT_TRUE(parts.ok()) << text << ": " << parts.status();
    EXPECT_EQ(FormatCertificateNumber(*parts), text);
    absl::StatusOr<CertificateNumberParts> again = ParseCertificateNumber(FormatCertificateNumber(*parts), "n");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, *parts);
  }
}

TEST(CertificateNumberTest, FormatPadsYear) {
  CertificateNumberParts parts;
  parts.prefix = "S";
  parts.org_code = "0000";
  parts.province = "37";
  parts.site_serial = "000002";
  parts.year_two_digits = 7;
  parts.level_digit = 2;
  parts.serial = "000042";
  EXPECT_EQ(FormatCertificateNumber(parts), "S000037000002072000042");
}

TEST(CertificateNumberTest, WrongLength) {
  ExpectInvalid("", "required");
  ExpectInvalid("Y00003700000123300012", "must be 22 characters, got 21");
  ExpectInvalid("Y0000370000012330001234", "must be 22 characters, got 23");
}

TEST(CertificateNumberTest, Prefix) {
  ExpectInvalid("X000037000001233000123", "must start with Y (employer) or S (social organisation)");
  ExpectInvalid("1000037000001233000123", "must start with Y");
  ExpectInvalid("y000037000001233000123", "upper case");
  ExpectInvalid("Tj00003700000124000007", "upper case");
  ExpectInvalid("1J00003700000124000007", "character 1 must be a letter");
  ExpectInvalid("Y-00037000001233000123", "character 2 must be a digit");
}

TEST(CertificateNumberTest, NonDigitAtEveryDigitPosition) {
  const std::string valid = "Y000037000001233000123";
  for (size_t i = 2; i < valid.size(); ++i) {
    std::string number = valid;
    number[i] = 'A';
    ExpectInvalid(number, "character " + std::to_string(i + 1) + " must be a digit, got 'A'");
  }
  const std::string two_letter = "TJ00003700000124000007";
  for (size_t i = 2; i < two_letter.size(); ++i) {
    std::string number = two_letter;
    number[i] = '#';
    ExpectInvalid(number, "character " + std::to_string(i + 1) + " must be a digit, got '#'");
  }
}

}  // namespace
}  // namespace skillbridge
