// Unit tests of the competition promotion rules of evaluation: validation of
// IssuePromotionCertificate requests, the promotion number space, the same-result test, a
// person's highest level in an occupation, and every level a person holds (GetPersonQualifications).
// Pure: no Redis, no gRPC.

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "common/validation/certificate_number.h"
#include "gtest/gtest.h"
#include "services/evaluation/domain/person_level.h"
#include "services/evaluation/domain/promotion_certificate.h"
#include "tests/support/test_ids.h"

namespace skillbridge::evaluation {
namespace {

using common::v1::SkillLevel;

class PromotionRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = ReferenceData::LoadFromDirectory(std::string(SKILLBRIDGE_SOURCE_DIR) + "/reference");
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    reference_ = *loaded;
    context_.reference = reference_.get();
    context_.today.set_year(2026);
    context_.today.set_month(6);
    context_.today.set_day(15);
  }

  static v1::IssuePromotionCertificateRequest Good() {
    v1::IssuePromotionCertificateRequest request;
    request.set_request_id("cpromo-EN000000000001-2");
    request.mutable_person()->set_id_number("34052419800101001x");
    request.mutable_person()->set_name("王五");
    request.set_occupation_code("6-18-02-04");
    request.set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
    v1::CompetitionRef* ref = request.mutable_competition();
    ref->set_competition_id("CP0000000007");
    ref->set_contest_id("CT0000000012");
    ref->set_entry_id("EN000000000001");
    ref->set_year(2025);
    ref->set_employer_credit_code(testing::CreditCode(9));
    ref->set_district_code("370211");
    return request;
  }

  std::vector<std::string> FieldsOf(const v1::IssuePromotionCertificateRequest& request) const {
    auto result = ValidatePromotionRequest(request, context_);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    std::vector<std::string> fields;
    for (const FieldViolation& violation : FieldViolationsOf(result.status())) {
      fields.push_back(violation.field);
    }
    return fields;
  }

  std::shared_ptr<const ReferenceData> reference_;
  ValidationContext context_;
};

TEST_F(PromotionRulesTest, AGoodRequestBecomesAPromotionCertificateOfToday) {
  auto cert = ValidatePromotionRequest(Good(), context_);
  ASSERT_TRUE(cert.ok()) << cert.status();
  EXPECT_TRUE(cert->number().empty());
  EXPECT_EQ(cert->type(), v1::CERTIFICATE_TYPE_SKILL_LEVEL);
  EXPECT_EQ(cert->basis(), v1::CERTIFICATE_BASIS_COMPETITION_PROMOTION);
  EXPECT_EQ(cert->person().id_number(), "34052419800101001X");
  EXPECT_EQ(cert->person().gender(), common::v1::GENDER_MALE);
  EXPECT_EQ(cert->occupation_name(), "焊工");
  EXPECT_EQ(cert->industry_chain_code(), "IC06");
  EXPECT_EQ(cert->issue_date().SerializeAsString(), context_.today.SerializeAsString());
  EXPECT_EQ(cert->status(), v1::CERTIFICATE_STATUS_VALID);
  EXPECT_TRUE(cert->issuer().credit_code().empty());
  EXPECT_EQ(cert->issuer().district_code(), "370211");
  EXPECT_EQ(cert->competition().SerializeAsString(), Good().competition().SerializeAsString());
}

TEST_F(PromotionRulesTest, EveryBadFieldIsNamed) {
  auto request = Good();
  request.clear_request_id();
  request.mutable_person()->set_id_number("340524198001010010");
  request.set_level(common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN);
  request.mutable_competition()->set_competition_id("CT0000000007");
  request.mutable_competition()->set_contest_id("CT000000001");
  request.mutable_competition()->set_entry_id("");
  request.mutable_competition()->set_year(1900);
  request.mutable_competition()->set_employer_credit_code("91370200");
  request.mutable_competition()->set_district_code("110101");
  request.set_industry_chain_code("IC99");
  EXPECT_EQ(FieldsOf(request),
            (std::vector<std::string>{"request_id", "person.id_number", "level", "competition.competition_id",
                                      "competition.contest_id", "competition.entry_id", "competition.year",
                                      "competition.employer_credit_code", "competition.district_code",
                                      "industry_chain_code"}));
}

TEST_F(PromotionRulesTest, LevelsAreFiveToOneAndOfferedByTheOccupation) {
  for (SkillLevel level : {common::v1::SKILL_LEVEL_5_JUNIOR, common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN}) {
    auto request = Good();
    request.set_level(level);
    EXPECT_TRUE(ValidatePromotionRequest(request, context_).ok()) << level;
  }
  for (SkillLevel level : {common::v1::SKILL_LEVEL_UNSPECIFIED, common::v1::SKILL_LEVEL_APPRENTICE,
                           common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN}) {
    auto request = Good();
    request.set_level(level);
    EXPECT_EQ(FieldsOf(request), std::vector<std::string>{"level"}) << level;
  }
  auto request = Good();
  request.set_occupation_code("4-14-02-02");  // 健康管理师: 三级 and up only
  request.set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  EXPECT_EQ(FieldsOf(request), std::vector<std::string>{"level"});
}

TEST_F(PromotionRulesTest, NumbersLieInTheProvinciallyFiledPromotionSpace) {
  auto cert = ValidatePromotionRequest(Good(), context_);
  ASSERT_TRUE(cert.ok());
  auto number = GeneratePromotionNumber(*cert, 42);
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(*number, "S000037999999262000042");
  auto parts = ParseCertificateNumber(*number, "n");
  ASSERT_TRUE(parts.ok());
  EXPECT_TRUE(IsPromotionNumber(*parts));
  EXPECT_EQ(PromotionSerialSeries(*cert), "S:0000:999999:26:2");
  EXPECT_EQ(GeneratePromotionNumber(*cert, 0).status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(GeneratePromotionNumber(*cert, 1000000).status().code(), absl::StatusCode::kResourceExhausted);
  auto assessed = ParseCertificateNumber("S000037000001262000042", "n");  // provincially filed, a real site
  ASSERT_TRUE(assessed.ok());
  EXPECT_FALSE(IsPromotionNumber(*assessed));
}

TEST_F(PromotionRulesTest, TheSameResultIsTheSameCompetitionContestAndEntry) {
  auto wanted = ValidatePromotionRequest(Good(), context_);
  ASSERT_TRUE(wanted.ok());
  v1::Certificate existing = *wanted;
  existing.set_number("S000037999999262000001");
  EXPECT_TRUE(IsSameCompetitionResult(existing, *wanted));
  v1::Certificate other_entry = existing;
  other_entry.mutable_competition()->set_entry_id("EN000000000002");
  EXPECT_FALSE(IsSameCompetitionResult(other_entry, *wanted));
  v1::Certificate assessment = existing;
  assessment.set_basis(v1::CERTIFICATE_BASIS_ASSESSMENT);
  EXPECT_FALSE(IsSameCompetitionResult(assessment, *wanted));
  v1::Certificate no_reference = existing;
  no_reference.clear_competition();
  EXPECT_FALSE(IsSameCompetitionResult(no_reference, *wanted));
}

v1::Certificate Held(const std::string& number, SkillLevel level, int day,
                     v1::CertificateType type = v1::CERTIFICATE_TYPE_SKILL_LEVEL,
                     v1::CertificateStatus status = v1::CERTIFICATE_STATUS_VALID) {
  v1::Certificate cert;
  cert.set_number(number);
  cert.mutable_person()->set_id_number("34052419800101001X");
  cert.set_occupation_code("6-18-02-04");
  cert.set_type(type);
  cert.set_level(level);
  cert.set_status(status);
  cert.mutable_issue_date()->set_year(2025);
  cert.mutable_issue_date()->set_month(1);
  cert.mutable_issue_date()->set_day(day);
  return cert;
}

v1::Introduction Introduced(const std::string& id, SkillLevel level) {
  v1::Introduction intro;
  intro.set_id(id);
  intro.mutable_person()->set_id_number("34052419800101001X");
  intro.set_occupation_code("6-18-02-04");
  intro.set_level(level);
  intro.set_outside_certificate_number("OUT-" + id);
  intro.mutable_arrival_date()->set_year(2024);
  intro.mutable_arrival_date()->set_month(1);
  intro.mutable_arrival_date()->set_day(1);
  return intro;
}

TEST(PersonLevelTest, TheHighestCountingRecordWinsWhateverTheOrder) {
  const PersonLevelQuery query{"34052419800101001X", "6-18-02-04"};
  std::vector<v1::Certificate> certificates = {
      Held("A4", common::v1::SKILL_LEVEL_4_INTERMEDIATE, 1),
      Held("B3-late", common::v1::SKILL_LEVEL_3_SENIOR, 9),
      Held("C3-early", common::v1::SKILL_LEVEL_3_SENIOR, 2),
      Held("D1-revoked", common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, 1, v1::CERTIFICATE_TYPE_SKILL_LEVEL,
           v1::CERTIFICATE_STATUS_REVOKED),
      Held("E-special", common::v1::SKILL_LEVEL_UNSPECIFIED, 1, v1::CERTIFICATE_TYPE_SPECIAL_ABILITY),
  };
  v1::Certificate other_occupation = Held("F2-other", common::v1::SKILL_LEVEL_2_TECHNICIAN, 1);
  other_occupation.set_occupation_code("6-30-99-00");
  certificates.push_back(other_occupation);
  v1::Certificate other_person = Held("G2-other", common::v1::SKILL_LEVEL_2_TECHNICIAN, 1);
  other_person.mutable_person()->set_id_number(testing::PersonId(1));
  certificates.push_back(other_person);

  PersonLevel level = HighestLevel(query, certificates, {});
  EXPECT_EQ(level.level, common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(level.certificate_number, "C3-early");
  EXPECT_TRUE(level.introduction_id.empty());
  std::reverse(certificates.begin(), certificates.end());
  EXPECT_EQ(HighestLevel(query, certificates, {}).certificate_number, "C3-early");

  // An introduction at the same level loses to the certificate; above it, it wins.
  EXPECT_EQ(
      HighestLevel(query, certificates, {Introduced("INT1", common::v1::SKILL_LEVEL_3_SENIOR)}).certificate_number,
      "C3-early");
  level = HighestLevel(query, certificates, {Introduced("INT2", common::v1::SKILL_LEVEL_2_TECHNICIAN)});
  EXPECT_EQ(level.level, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(level.certificate_number, "OUT-INT2");
  EXPECT_EQ(level.introduction_id, "INT2");

  // Access qualifications count too; nothing at all is UNSPECIFIED.
  EXPECT_EQ(
      HighestLevel(
          query,
          {Held("Q1", common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, 1, v1::CERTIFICATE_TYPE_ACCESS_QUALIFICATION)}, {})
          .level,
      common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
  level = HighestLevel(query, {}, {});
  EXPECT_EQ(level.level, common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_TRUE(level.certificate_number.empty());
}

TEST_F(PromotionRulesTest, PersonLevelQuestionsAreValidated) {
  v1::GetPersonLevelRequest request;
  request.set_id_number("34052419800101001x");
  request.set_occupation_code("6-18-02-04");
  auto query = ValidatePersonLevelRequest(request, *reference_);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->id_number, "34052419800101001X");
  request.set_id_number("340524198001010010");
  request.set_occupation_code("6-99-99-99");
  auto refused = ValidatePersonLevelRequest(request, *reference_);
  ASSERT_FALSE(refused.ok());
  std::vector<std::string> fields;
  for (const FieldViolation& violation : FieldViolationsOf(refused.status())) {
    fields.push_back(violation.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"id_number", "occupation_code"}));
}

std::vector<std::string> RowsOf(const std::vector<v1::HeldLevel>& levels) {
  std::vector<std::string> rows;
  for (const v1::HeldLevel& held : levels) {
    rows.push_back(Concat(common::v1::SkillLevel_Name(held.level()), " ", held.since().year(), "-",
                          held.since().month(), "-", held.since().day(), " ", held.certificate_number(), " ",
                          held.occupation_code()));
  }
  return rows;
}

TEST(HeldLevelsTest, OneRowPerLevelHighestFirstWithTheEarliestRecordWhateverTheOrder) {
  const PersonLevelQuery any{"34052419800101001X", ""};
  std::vector<v1::Certificate> certificates = {
      Held("A4", common::v1::SKILL_LEVEL_4_INTERMEDIATE, 5),
      Held("B3-late", common::v1::SKILL_LEVEL_3_SENIOR, 9),
      Held("C3-early", common::v1::SKILL_LEVEL_3_SENIOR, 2),
      Held("D1-revoked", common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, 1, v1::CERTIFICATE_TYPE_SKILL_LEVEL,
           v1::CERTIFICATE_STATUS_REVOKED),
      Held("E-special", common::v1::SKILL_LEVEL_UNSPECIFIED, 1, v1::CERTIFICATE_TYPE_SPECIAL_ABILITY),
      Held("Q2", common::v1::SKILL_LEVEL_2_TECHNICIAN, 20, v1::CERTIFICATE_TYPE_ACCESS_QUALIFICATION),
  };
  v1::Certificate other_occupation = Held("F3-other", common::v1::SKILL_LEVEL_3_SENIOR, 1);
  other_occupation.set_occupation_code("6-30-99-00");
  certificates.push_back(other_occupation);
  v1::Certificate other_person = Held("G1-other", common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN, 1);
  other_person.mutable_person()->set_id_number(testing::PersonId(1));
  certificates.push_back(other_person);
  // An introduction dates from its outside certificate's issue date (2024: before every
  // certificate above), not from the arrival.
  v1::Introduction intro = Introduced("INT1", common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  intro.mutable_outside_issue_date()->set_year(2024);
  intro.mutable_outside_issue_date()->set_month(3);
  intro.mutable_outside_issue_date()->set_day(3);
  intro.mutable_arrival_date()->set_year(2025);

  const std::vector<std::string> expected{
      "SKILL_LEVEL_2_TECHNICIAN 2025-1-20 Q2 6-18-02-04",
      "SKILL_LEVEL_3_SENIOR 2025-1-1 F3-other 6-30-99-00",
      "SKILL_LEVEL_4_INTERMEDIATE 2024-3-3 OUT-INT1 6-18-02-04",
  };
  EXPECT_EQ(RowsOf(HeldLevels(any, certificates, {intro})), expected);
  std::reverse(certificates.begin(), certificates.end());
  EXPECT_EQ(RowsOf(HeldLevels(any, certificates, {intro})), expected);

  // One occupation only.
  const PersonLevelQuery welding{"34052419800101001X", "6-18-02-04"};
  EXPECT_EQ(RowsOf(HeldLevels(welding, certificates, {})), (std::vector<std::string>{
                                                               "SKILL_LEVEL_2_TECHNICIAN 2025-1-20 Q2 6-18-02-04",
                                                               "SKILL_LEVEL_3_SENIOR 2025-1-2 C3-early 6-18-02-04",
                                                               "SKILL_LEVEL_4_INTERMEDIATE 2025-1-5 A4 6-18-02-04",
                                                           }));
  // Same date: the certificate before the introduction.
  intro.mutable_outside_issue_date()->set_year(2025);
  intro.mutable_outside_issue_date()->set_month(1);
  intro.mutable_outside_issue_date()->set_day(5);
  EXPECT_EQ(RowsOf(HeldLevels(welding, certificates, {intro})).back(),
            "SKILL_LEVEL_4_INTERMEDIATE 2025-1-5 A4 6-18-02-04");
  EXPECT_TRUE(HeldLevels(any, {}, {}).empty());
}

TEST_F(PromotionRulesTest, QualificationQuestionsAreValidated) {
  v1::GetPersonQualificationsRequest request;
  request.set_id_number("34052419800101001x");
  auto query = ValidatePersonQualificationsRequest(request, *reference_);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->id_number, "34052419800101001X");
  EXPECT_TRUE(query->occupation_code.empty());
  request.set_occupation_code("6-18-02-04");
  query = ValidatePersonQualificationsRequest(request, *reference_);
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->occupation_code, "6-18-02-04");
  request.set_id_number("340524198001010010");
  request.set_occupation_code("6-99-99-99");
  auto refused = ValidatePersonQualificationsRequest(request, *reference_);
  ASSERT_FALSE(refused.ok());
  std::vector<std::string> fields;
  for (const FieldViolation& violation : FieldViolationsOf(refused.status())) {
    fields.push_back(violation.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"id_number", "occupation_code"}));
}

}  // namespace
}  // namespace skillbridge::evaluation
