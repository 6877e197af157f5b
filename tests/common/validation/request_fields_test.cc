// The shared request-field checks: each Check* accepts good input silently and reports bad input
// under the field path given (prefixes included), normalising where documented.

#include "common/validation/request_fields.h"

#include <string>
#include <vector>

#include "common/validation/citizen_id.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace skillbridge {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kMaleId = "34052419800101001X";  // sequence 001: odd, male; born 1980-01-01
constexpr const char* kOrgCode = "91350100M000100Y43";

std::string FemaleId() {
  const std::string first17 = "37020219950228002";  // sequence 002: even, female; born 1995-02-28
  return first17 + CitizenIdCheckCharacter(first17);
}

const ReferenceData& Reference() {
  static const auto* reference = [] {
    Occupation welder{"6-18-02-04", "焊工", {}, "IC07"};
    welder.levels = {common::v1::SKILL_LEVEL_5_JUNIOR, common::v1::SKILL_LEVEL_4_INTERMEDIATE,
                     common::v1::SKILL_LEVEL_3_SENIOR};
    Occupation merchant{"4-01-02-02", "电子商务师", {}, ""};
    merchant.levels = {common::v1::SKILL_LEVEL_5_JUNIOR, common::v1::SKILL_LEVEL_4_INTERMEDIATE,
                       common::v1::SKILL_LEVEL_3_SENIOR, common::v1::SKILL_LEVEL_2_TECHNICIAN,
                       common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN};
    auto built = ReferenceData::FromTables({{"370202", "市南区"}, {"370211", "黄岛区"}}, {{"IC07", "智能装备", true}},
                                           {welder, merchant});
    EXPECT_TRUE(built.ok()) << built.status();
    return new std::shared_ptr<const ReferenceData>(*built);
  }();
  return **reference;
}

std::vector<std::string> Fields(const FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : violations.violations()) {
    fields.push_back(violation.field);
  }
  return fields;
}

std::string FirstDescription(const FieldViolations& violations) {
  return violations.empty() ? "" : violations.violations().front().description;
}

common::v1::Date MakeDate(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST(FieldPathTest, JoinsPrefixAndField) {
  EXPECT_EQ(FieldPath("", "name"), "name");
  EXPECT_EQ(FieldPath("rows[3].person", "id_number"), "rows[3].person.id_number");
}

TEST(CheckRequestIdTest, EmptyOrWellFormed) {
  for (const char* good : {"", "a", "sim-2021-2026-org-91370211ABC", "x.y_z:1-2"}) {
    FieldViolations violations;
    CheckRequestId(good, violations);
    EXPECT_TRUE(violations.empty()) << good;
  }
  for (const std::string& bad : {std::string("has space"), std::string("slash/"), std::string(129, 'a')}) {
    FieldViolations violations;
    CheckRequestId(bad, violations);
    EXPECT_THAT(Fields(violations), ElementsAre("request_id")) << bad;
  }
}

TEST(CheckTextTest, RequiredLengthAndControlCharacters) {
  FieldViolations ok;
  CheckText("青岛海川职业培训学校", "org.name", /*required=*/true, 10, ok);
  CheckText("", "note", /*required=*/false, 10, ok);
  EXPECT_TRUE(ok.empty());

  FieldViolations blank;
  CheckText(" \u3000 ", "org.name", /*required=*/true, 10, blank);
  EXPECT_THAT(Fields(blank), ElementsAre("org.name"));
  EXPECT_EQ(FirstDescription(blank), "is required");

  FieldViolations too_long;
  CheckText("一二三四五六七八九十十", "org.name", /*required=*/true, 10, too_long);  // 11 code points
  EXPECT_THAT(FirstDescription(too_long), HasSubstr("at most 10 characters, got 11"));

  FieldViolations control;
  CheckText("line\nbreak", "reason", /*required=*/true, 100, control);
  EXPECT_THAT(Fields(control), ElementsAre("reason"));
  EXPECT_THAT(FirstDescription(control), HasSubstr("control characters"));

  FieldViolations invalid;
  CheckText("bad \xFF byte", "reason", /*required=*/true, 100, invalid);
  EXPECT_THAT(FirstDescription(invalid), HasSubstr("not valid UTF-8"));
}

TEST(CheckReasonTest, RequiredAndAtMostFiveHundredCharacters) {
  FieldViolations ok;
  CheckReason(std::string(kMaxReasonChars, 'x'), "reason", ok);
  EXPECT_TRUE(ok.empty());
  FieldViolations missing;
  CheckReason("", "reason", missing);
  EXPECT_THAT(Fields(missing), ElementsAre("reason"));
  FieldViolations long_reason;
  CheckReason(std::string(kMaxReasonChars + 1, 'x'), "reason", long_reason);
  EXPECT_THAT(Fields(long_reason), ElementsAre("reason"));
}

TEST(CheckPersonTest, AValidPersonIsNormalisedWithGenderAndBirthDateFromTheId) {
  common::v1::PersonRef person;
  person.set_id_number("34052419800101001x");  // lower-case x
  person.set_name("王伟");
  person.set_gender(common::v1::GENDER_FEMALE);  // given by the client: ignored
  *person.mutable_birth_date() = MakeDate(1999, 9, 9);
  FieldViolations violations;
  common::v1::PersonRef normalized;
  CheckPerson(person, "certificate.person", violations, &normalized);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(normalized.id_number(), kMaleId);
  EXPECT_EQ(normalized.name(), "王伟");
  EXPECT_EQ(normalized.gender(), common::v1::GENDER_MALE);
  EXPECT_EQ(normalized.birth_date().year(), 1980);
  EXPECT_EQ(normalized.birth_date().month(), 1);
  EXPECT_EQ(normalized.birth_date().day(), 1);

  person.set_id_number(FemaleId());
  person.set_gender(common::v1::GENDER_MALE);
  CheckPerson(person, "", violations, &normalized);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(normalized.gender(), common::v1::GENDER_FEMALE);
  EXPECT_EQ(normalized.birth_date().year(), 1995);
  EXPECT_EQ(normalized.birth_date().month(), 2);
  EXPECT_EQ(normalized.birth_date().day(), 28);
}

TEST(CheckPersonTest, BadFieldsAreNamedUnderThePrefixAndNothingIsNormalised) {
  common::v1::PersonRef person;
  std::string mistyped = kMaleId;
  mistyped.back() = '5';
  person.set_id_number(mistyped);
  FieldViolations violations;
  common::v1::PersonRef normalized;
  normalized.set_name("unchanged");
  CheckPerson(person, "rows[3].person", violations, &normalized);
  EXPECT_THAT(Fields(violations), ElementsAre("rows[3].person.id_number", "rows[3].person.name"));
  EXPECT_THAT(FirstDescription(violations), HasSubstr("check character"));
  EXPECT_EQ(FirstDescription(violations).find(mistyped), std::string::npos) << "the full number is never echoed";
  EXPECT_EQ(normalized.name(), "unchanged");

  FieldViolations missing;
  CheckPerson(common::v1::PersonRef(), "person", missing);
  EXPECT_THAT(Fields(missing), ElementsAre("person.id_number", "person.name"));
}

TEST(CheckCreditCodeTest, CanonicalFormOnly) {
  FieldViolations ok;
  CheckCreditCode(kOrgCode, "credit_code", ok);
  CheckOptionalCreditCode("", "filter.credit_code", ok);
  CheckOptionalCreditCode(kOrgCode, "filter.credit_code", ok);
  EXPECT_TRUE(ok.empty());

  FieldViolations lower;
  CheckCreditCode("91350100m000100y43", "credit_code", lower);
  EXPECT_THAT(Fields(lower), ElementsAre("credit_code"));
  EXPECT_THAT(FirstDescription(lower), HasSubstr("lower case"));

  FieldViolations bad;
  CheckCreditCode("", "credit_code", bad);
  CheckOptionalCreditCode("91350100M000100Y44", "filter.credit_code", bad);
  EXPECT_THAT(Fields(bad), ElementsAre("credit_code", "filter.credit_code"));
}

TEST(CheckOrgRefTest, ALowerCaseCreditCodeIsUpperCasedAndOnlyTheThreeFieldsAreKept) {
  common::v1::OrgRef org;
  org.set_credit_code("91350100m000100y43");
  org.set_name("青岛海川职业培训学校");
  org.set_district_code("370211");
  FieldViolations violations;
  common::v1::OrgRef normalized;
  CheckOrgRef(org, "org", Reference(), violations, &normalized);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(normalized.credit_code(), kOrgCode);
  EXPECT_EQ(normalized.name(), "青岛海川职业培训学校");
  EXPECT_EQ(normalized.district_code(), "370211");
}

TEST(CheckOrgRefTest, EveryBadFieldIsNamed) {
  common::v1::OrgRef org;
  org.set_credit_code("91350100M000100Y44");
  org.set_name(std::string(kMaxOrgNameChars + 1, 'x'));
  org.set_district_code("370299");
  FieldViolations violations;
  CheckOrgRef(org, "enterprise", Reference(), violations);
  EXPECT_THAT(Fields(violations), ElementsAre("enterprise.credit_code", "enterprise.name", "enterprise.district_code"));
  EXPECT_EQ(violations.violations().back().description, "unknown district code 370299");

  FieldViolations empty;
  CheckOrgRef(common::v1::OrgRef(), "", Reference(), empty);
  EXPECT_THAT(Fields(empty), ElementsAre("credit_code", "name", "district_code"));
}

TEST(CheckDistrictTest, KnownFormatAndRequired) {
  FieldViolations ok;
  CheckDistrict(Reference(), "370202", "district_code", /*required=*/true, ok);
  CheckDistrict(Reference(), "", "filter.district_code", /*required=*/false, ok);
  EXPECT_TRUE(ok.empty());

  FieldViolations bad;
  CheckDistrict(Reference(), "", "district_code", /*required=*/true, bad);
  CheckDistrict(Reference(), "3702", "filter.district_code", /*required=*/false, bad);
  CheckDistrict(Reference(), "370299", "org.district_code", /*required=*/false, bad);
  EXPECT_THAT(Fields(bad), ElementsAre("district_code", "filter.district_code", "org.district_code"));
  EXPECT_EQ(bad.violations()[0].description, "a district code is required");
  EXPECT_EQ(bad.violations()[2].description, "unknown district code 370299");
}

TEST(CheckOccupationTest, FormatThenKnown) {
  FieldViolations violations;
  const Occupation* welder = CheckOccupation(Reference(), "6-18-02-04", "occupation_code", violations);
  ASSERT_NE(welder, nullptr);
  EXPECT_EQ(welder->name, "焊工");
  EXPECT_TRUE(violations.empty());

  EXPECT_EQ(CheckOccupation(Reference(), "6-18-0204", "rows[0].occupation_code", violations), nullptr);
  EXPECT_EQ(CheckOccupation(Reference(), "6-99-99-99", "rows[1].occupation_code", violations), nullptr);
  EXPECT_THAT(Fields(violations), ElementsAre("rows[0].occupation_code", "rows[1].occupation_code"));
  EXPECT_EQ(violations.violations()[1].description, "unknown occupation code 6-99-99-99");
}

TEST(CheckOccupationLevelTest, KnownAndOffered) {
  const Occupation* welder = Reference().FindOccupation("6-18-02-04");
  ASSERT_NE(welder, nullptr);
  FieldViolations ok;
  CheckOccupationLevel(Reference(), welder, common::v1::SKILL_LEVEL_3_SENIOR, "level", ok);
  // The offer is not checked when the occupation itself was invalid.
  CheckOccupationLevel(Reference(), nullptr, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, "level", ok);
  EXPECT_TRUE(ok.empty());

  FieldViolations bad;
  CheckOccupationLevel(Reference(), welder, common::v1::SKILL_LEVEL_UNSPECIFIED, "rows[0].level", bad);
  CheckOccupationLevel(Reference(), welder, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, "rows[1].level", bad);
  EXPECT_THAT(Fields(bad), ElementsAre("rows[0].level", "rows[1].level"));
  EXPECT_EQ(bad.violations()[0].description, "a skill level is required");
  EXPECT_EQ(bad.violations()[1].description, "occupation 6-18-02-04 does not offer 一级/高级技师");
}

TEST(CheckIndustryChainTest, OptionalButKnown) {
  FieldViolations violations;
  CheckIndustryChain(Reference(), "", "industry_chain_code", violations);
  CheckIndustryChain(Reference(), "IC07", "industry_chain_code", violations);
  EXPECT_TRUE(violations.empty());
  CheckIndustryChain(Reference(), "IC99", "filter.industry_chain_code", violations);
  EXPECT_THAT(Fields(violations), ElementsAre("filter.industry_chain_code"));
  EXPECT_EQ(FirstDescription(violations), "unknown industry chain code IC99");
}

TEST(CheckDateTest, RealDatesOnly) {
  FieldViolations violations;
  EXPECT_TRUE(CheckDate(MakeDate(2024, 2, 29), "issue_date", violations));
  EXPECT_TRUE(violations.empty());
  EXPECT_FALSE(CheckDate(common::v1::Date(), "issue_date", violations));
  EXPECT_FALSE(CheckDate(MakeDate(2026, 2, 29), "rows[2].issue_date", violations));
  EXPECT_FALSE(CheckDate(MakeDate(2026, 13, 1), "end_date", violations));
  EXPECT_THAT(Fields(violations), ElementsAre("issue_date", "rows[2].issue_date", "end_date"));
  EXPECT_EQ(FirstDescription(violations), "date is required");
}

TEST(CheckPastDateTest, NotAfterToday) {
  const common::v1::Date today = MakeDate(2026, 6, 15);
  FieldViolations violations;
  EXPECT_TRUE(CheckPastDate(MakeDate(2026, 6, 15), "issue_date", today, violations));
  EXPECT_TRUE(CheckPastDate(MakeDate(2025, 12, 31), "issue_date", today, violations));
  EXPECT_TRUE(violations.empty());
  EXPECT_FALSE(CheckPastDate(MakeDate(2026, 6, 16), "issue_date", today, violations));
  EXPECT_FALSE(CheckPastDate(MakeDate(2026, 6, 31), "completed_date", today, violations));
  EXPECT_THAT(Fields(violations), ElementsAre("issue_date", "completed_date"));
  EXPECT_EQ(FirstDescription(violations), "must not be in the future");
}

TEST(CheckYearTest, FilterAndRequired) {
  FieldViolations ok;
  CheckYearFilter(0, "year", ok);
  CheckYearFilter(kMinYear, "year", ok);
  CheckYearFilter(kMaxYear, "year", ok);
  CheckYear(2026, "year", ok);
  EXPECT_TRUE(ok.empty());

  FieldViolations bad;
  CheckYearFilter(kMinYear - 1, "filter.year", bad);
  CheckYearFilter(kMaxYear + 1, "filter.year", bad);
  CheckYear(0, "year", bad);
  CheckYear(kMaxYear + 1, "year", bad);
  EXPECT_THAT(Fields(bad), ElementsAre("filter.year", "filter.year", "year", "year"));
  EXPECT_EQ(bad.violations()[0].description, "must be 0 (any) or a year from 1950 to 2100");
  EXPECT_EQ(bad.violations()[2].description, "a year from 1950 to 2100 is required");
}

TEST(CheckRecordIdTest, RequiredShortAndPlain) {
  FieldViolations ok;
  CheckRecordId("c-2026_000042", "course_id", "a course id", ok);
  CheckRecordId(std::string(kMaxRecordIdChars, 'a'), "course_id", "a course id", ok);
  EXPECT_TRUE(ok.empty());

  FieldViolations bad;
  CheckRecordId("", "course_id", "a course id", bad);
  CheckRecordId(std::string(kMaxRecordIdChars + 1, 'a'), "enrollment_id", "an enrolment id", bad);
  CheckRecordId("../etc", "claim_id", "a claim id", bad);
  CheckRecordId("a:b", "claim_id", "a claim id", bad);
  EXPECT_THAT(Fields(bad), ElementsAre("course_id", "enrollment_id", "claim_id", "claim_id"));
  EXPECT_EQ(bad.violations()[0].description, "a course id is required");
  EXPECT_EQ(bad.violations()[1].description,
            "an enrolment id is at most 64 characters of letters, digits, '_' and '-'");
}

TEST(CheckEnumTest, DefinedAndRequired) {
  const auto is_valid = [](int value) { return common::v1::Gender_IsValid(value); };
  FieldViolations ok;
  CheckEnum(common::v1::GENDER_MALE, is_valid, /*required=*/true, "gender", "a gender", ok);
  CheckEnum(0, is_valid, /*required=*/false, "filter.gender", "a gender", ok);
  EXPECT_TRUE(ok.empty());

  FieldViolations bad;
  CheckEnum(0, is_valid, /*required=*/true, "gender", "a gender", bad);
  CheckEnum(99, is_valid, /*required=*/false, "filter.gender", "a gender", bad);
  EXPECT_THAT(Fields(bad), ElementsAre("gender", "filter.gender"));
  EXPECT_EQ(bad.violations()[0].description, "a gender is required");
  EXPECT_EQ(bad.violations()[1].description, "unknown value for a gender");
}

TEST(CheckExpectedVersionTest, ZeroSkipsTheCheckOtherwiseItMustMatch) {
  EXPECT_TRUE(CheckExpectedVersion(7, 0, "course c-1").ok());
  EXPECT_TRUE(CheckExpectedVersion(7, 7, "course c-1").ok());
  const absl::Status stale = CheckExpectedVersion(7, 6, "course c-1");
  EXPECT_EQ(stale.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReasonOf(stale), "VERSION_MISMATCH");
  EXPECT_EQ(stale.message(), "course c-1 is at version 7, not 6; read it again and retry");

  FieldViolations violations;
  CheckExpectedVersionField(0, violations);
  CheckExpectedVersionField(12, violations);
  EXPECT_THAT(Fields(violations), IsEmpty());
  CheckExpectedVersionField(-1, violations);
  EXPECT_THAT(Fields(violations), ElementsAre("expected_version"));
}

TEST(RequestFieldsTest, TheRepositoryReferenceDataWorksWithTheChecks) {
  auto reference = ReferenceData::LoadFromDirectory(SKILLBRIDGE_SOURCE_DIR "/reference");
  ASSERT_TRUE(reference.ok()) << reference.status();
  FieldViolations violations;
  CheckDistrict(**reference, "370211", "district_code", /*required=*/true, violations);
  const Occupation* occupation = CheckOccupation(**reference, "4-01-02-02", "occupation_code", violations);
  CheckOccupationLevel(**reference, occupation, common::v1::SKILL_LEVEL_3_SENIOR, "level", violations);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
}

}  // namespace
}  // namespace skillbridge
