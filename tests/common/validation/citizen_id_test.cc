#include "common/validation/citizen_id.h"

#include <string>

#include "common/status/errors.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Appends the correct check character to 17 digits.
std::string WithCheck(const std::string& first17) { return first17 + CitizenIdCheckCharacter(first17); }

void ExpectInvalid(const std::string& text, const std::string& expected_substring) {
  absl::StatusOr<CitizenId> id = ParseCitizenId(text, "person.id_number");
  ASSERT_FALSE(id.ok()) << text;
  EXPECT_EQ(id.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(id.status().message()), HasSubstr(expected_substring)) << text;
  EXPECT_THAT(std::string(id.status().message()), ::testing::StartsWith("person.id_number: "));
  ASSERT_EQ(FieldViolationsOf(id.status()).size(), 1u);
  EXPECT_EQ(FieldViolationsOf(id.status())[0].field, "person.id_number");
  if (text.size() == 18) {
    EXPECT_THAT(std::string(id.status().message()), Not(HasSubstr(text))) << "message echoes the number";
  }
}

TEST(CitizenIdTest, PublishedValidExamples) {
  for (const char* text : {"34052419800101001X", "11010519491231002X"}) {
    absl::StatusOr<CitizenId> id = ParseCitizenId(text, "id");
    ASSERT_TRUE(id.ok()) << text << ": " << id.status();
    EXPECT_EQ(id->number, text);
  }
}

TEST(CitizenIdTest, DerivesBirthDateAndGender) {
  absl::StatusOr<CitizenId> id = ParseCitizenId("34052419800101001X", "id");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->birth_year, 1980);
  EXPECT_EQ(id->birth_month, 1);
  EXPECT_EQ(id->birth_day, 1);
  EXPECT_TRUE(id->male);  // 17th digit 1

  absl::StatusOr<CitizenId> female = ParseCitizenId("11010519491231002X", "id");
  ASSERT_TRUE(female.ok());
  EXPECT_EQ(female->birth_year, 1949);
  EXPECT_EQ(female->birth_month, 12);
  EXPECT_EQ(female->birth_day, 31);
  EXPECT_FALSE(female->male);  // 17th digit 2
}

TEST(CitizenIdTest, LowerCaseXIsNormalised) {
  absl::StatusOr<CitizenId> id = ParseCitizenId("34052419800101001x", "id");
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->number, "34052419800101001X");
}

// The GB 11643-1999 example 440524188001010014 has a correct check character, but its holder was
// born in 1880, before the 1900..2100 range this system accepts.
TEST(CitizenIdTest, StandardExampleBornIn1880IsOutOfRange) {
  EXPECT_EQ(CitizenIdCheckCharacter("44052418800101001"), '4');
  ExpectInvalid("440524188001010014", "birth year (characters 7-10) must be between 1900 and 2100");
}

TEST(CitizenIdTest, CheckCharacterComputation) {
  EXPECT_EQ(CitizenIdCheckCharacter("34052419800101001"), 'X');
  EXPECT_EQ(CitizenIdCheckCharacter("44052418800101001"), '4');
  EXPECT_EQ(CitizenIdCheckCharacter("1234"), '\0');
  EXPECT_EQ(CitizenIdCheckCharacter("3405241980010100A"), '\0');
}

TEST(CitizenIdTest, EveryAlteredCheckCharacterIsRejected) {
  const std::string valid = "34052419800101001X";
  for (char c : std::string("0123456789")) {
    ExpectInvalid(valid.substr(0, 17) + c, "check character");
  }
  const std::string valid2 = "11010519491231002X";
  for (char c : std::string("0123456789")) {
    ExpectInvalid(valid2.substr(0, 17) + c, "check character");
  }
}

TEST(CitizenIdTest, CheckMismatchMessageShowsOnlyMaskedNumber) {
  absl::StatusOr<CitizenId> id = ParseCitizenId("340524198001010010", "id");
  ASSERT_FALSE(id.ok());
  EXPECT_THAT(std::string(id.status().message()), HasSubstr("340524********0010"));
  EXPECT_THAT(std::string(id.status().message()), Not(HasSubstr("19800101")));
}

TEST(CitizenIdTest, WrongLength) {
  ExpectInvalid("", "required");
  ExpectInvalid("34052419800101001", "must be 18 characters");
  ExpectInvalid("34052419800101001X1", "must be 18 characters");
  ExpectInvalid("340524800101001", "got 15");  // old 15-digit numbers are not accepted
}

TEST(CitizenIdTest, BadCharacterAtEveryPosition) {
  const std::string valid = "34052419800101001X";
  for (size_t i = 0; i < 17; ++i) {
    std::string text = valid;
    text[i] = 'A';
    ExpectInvalid(text, "character " + std::to_string(i + 1) + " must be a digit, got 'A'");
  }
  std::string last = valid;
  last[17] = 'Y';
  ExpectInvalid(last, "character 18 must be a digit or X, got 'Y'");
  std::string space = valid;
  space[3] = ' ';
  ExpectInvalid(space, "character 4 must be a digit, got a space");
}

TEST(CitizenIdTest, NonAsciiInputIsRejected) {
  ExpectInvalid("３４０５２４１９８００１０１００１Ｘ", "character 1 is not an ASCII digit");
  ExpectInvalid("3405241980０101001X", "character 11 is not an ASCII digit");
}

TEST(CitizenIdTest, AreaCodeMustNotStartWithZero) { ExpectInvalid(WithCheck("04052419800101001"), "area code"); }

TEST(CitizenIdTest, OtherProvincesAreAccepted) {
  for (const char* area : {"110105", "440524", "650102", "370202", "820000"}) {
    const std::string number = WithCheck(std::string(area) + "19900615123");
    EXPECT_TRUE(ParseCitizenId(number, "id").ok()) << number;
  }
}

TEST(CitizenIdTest, ImpossibleBirthDates) {
  ExpectInvalid(WithCheck("37020219800230001"), "birth date");  // 30 February
  ExpectInvalid(WithCheck("37020219800001001"), "month must be 01-12");
  ExpectInvalid(WithCheck("37020219801301001"), "month must be 01-12");
  ExpectInvalid(WithCheck("37020219800100001"), "birth date");  // day 0
  ExpectInvalid(WithCheck("37020219800431001"), "that month has 30 days");
  ExpectInvalid(WithCheck("37020219810229001"), "that month has 28 days");
}

TEST(CitizenIdTest, LeapYears) {
  EXPECT_TRUE(ParseCitizenId(WithCheck("11010520000229001"), "id").ok());  // divisible by 400
  EXPECT_TRUE(ParseCitizenId(WithCheck("11010519960229001"), "id").ok());  // divisible by 4
  ExpectInvalid(WithCheck("11010519000229001"), "birth date");             // 1900 is not a leap year
  ExpectInvalid(WithCheck("11010521000229001"), "birth date");             // nor is 2100
}

TEST(CitizenIdTest, BirthYearBoundaries) {
  EXPECT_TRUE(ParseCitizenId(WithCheck("11010519000101001"), "id").ok());
  EXPECT_TRUE(ParseCitizenId(WithCheck("11010521001231001"), "id").ok());
  ExpectInvalid(WithCheck("11010518991231001"), "between 1900 and 2100");
  ExpectInvalid(WithCheck("11010521010101001"), "between 1900 and 2100");
}

TEST(MaskCitizenIdTest, KeepsFirstSixAndLastFour) {
  EXPECT_EQ(MaskCitizenId("34052419800101001X"), "340524********001X");
  EXPECT_EQ(MaskCitizenId("370202199001011237"), "370202********1237");
}

TEST(MaskCitizenIdTest, ShortInput) {
  EXPECT_EQ(MaskCitizenId(""), "");
  EXPECT_EQ(MaskCitizenId("1234567890"), "**********");
  EXPECT_EQ(MaskCitizenId("340524800101001"), "340524*****1001");
}

TEST(MaskIdNumbersInTextTest, MasksIdShapedRuns) {
  EXPECT_EQ(MaskIdNumbersInText("person 34052419800101001X issued"), "person 340524********001X issued");
  EXPECT_EQ(MaskIdNumbersInText("34052419800101001x"), "340524********001x");
  EXPECT_EQ(MaskIdNumbersInText("a=440524188001010014,b=11010519491231002X."),
            "a=440524********0014,b=110105********002X.");  // shape only: no check of date or check digit
  EXPECT_EQ(MaskIdNumbersInText("身份证号34052419800101001X已登记"), "身份证号340524********001X已登记");
  EXPECT_EQ(MaskIdNumbersInText("key:evaluation:person:34052419800101001X"),
            "key:evaluation:person:340524********001X");
}

// An ID number inside a longer token (a request id, a record id, a district code field that
// holds one) is masked too.
TEST(MaskIdNumbersInTextTest, MasksIdNumbersInsideLongerTokens) {
  EXPECT_EQ(MaskIdNumbersInText("request_id r370202199001011237"), "request_id r370202********1237");
  EXPECT_EQ(MaskIdNumbersInText("C370202199001011237"), "C370202********1237");
  EXPECT_EQ(MaskIdNumbersInText("A34052419800101001X"), "A340524********001X");
  EXPECT_EQ(MaskIdNumbersInText("34052419800101001XA"), "340524********001XA");
  EXPECT_EQ(MaskIdNumbersInText("x370202199001011237370202200012310011y"), "x370202********1237370202********0011y");
  EXPECT_EQ(MaskIdNumbersInText("district 3702021990010112379"), "district 370202********12379");
  // Numbers that follow or overlap one another are all masked (no whole number left).
  EXPECT_EQ(MaskIdNumbersInText("ref 11010519491231370202199001011237 end"),
            "ref 110105********370202********1237 end");
  // A mistyped check character is still personal data.
  EXPECT_EQ(MaskIdNumbersInText("id-370202199001011230-"), "id-370202********1230-");
}

TEST(MaskIdNumbersInTextTest, LeavesOtherRunsAlone) {
  // 19 digits without a plausible birth date, 17 digits and a credit code are not ID numbers.
  EXPECT_EQ(MaskIdNumbersInText("1234567890123456789"), "1234567890123456789");
  EXPECT_EQ(MaskIdNumbersInText("12345678901234567"), "12345678901234567");
  EXPECT_EQ(MaskIdNumbersInText("S000137000001263057409"), "S000137000001263057409");
  EXPECT_EQ(MaskIdNumbersInText("91350100M000100Y43"), "91350100M000100Y43");
  EXPECT_EQ(MaskIdNumbersInText(""), "");
  EXPECT_EQ(MaskIdNumbersInText("no numbers here"), "no numbers here");
}

}  // namespace
}  // namespace skillbridge
