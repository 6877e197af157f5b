// Unit tests of the evaluation domain rules: filing transitions, issuance checks, number
// generation, and the validation of drafts, new organisations, scopes and enterprises. Pure: no
// Redis, no gRPC.

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "common/reference/reference_data.h"
#include "common/status/errors.h"
#include "common/validation/certificate_number.h"
#include "common/validation/credit_code.h"
#include "gtest/gtest.h"
#include "services/evaluation/domain/certificate_issuance.h"
#include "services/evaluation/domain/filing.h"
#include "services/evaluation/domain/request_validation.h"
#include "tests/support/test_ids.h"

namespace skillbridge::evaluation {
namespace {

using common::v1::SkillLevel;

TEST(FilingWorkflowTest, AllowedTransitions) {
  EXPECT_EQ(*NextFilingState(v1::FILING_STATE_APPLIED, FilingAction::kStartAssessment),
            v1::FILING_STATE_UNDER_ASSESSMENT);
  EXPECT_EQ(*NextFilingState(v1::FILING_STATE_UNDER_ASSESSMENT, FilingAction::kApprove), v1::FILING_STATE_FILED);
  EXPECT_EQ(*NextFilingState(v1::FILING_STATE_FILED, FilingAction::kSuspend), v1::FILING_STATE_SUSPENDED);
  EXPECT_EQ(*NextFilingState(v1::FILING_STATE_SUSPENDED, FilingAction::kApprove), v1::FILING_STATE_FILED);
  for (auto state : {v1::FILING_STATE_APPLIED, v1::FILING_STATE_UNDER_ASSESSMENT, v1::FILING_STATE_FILED,
                     v1::FILING_STATE_SUSPENDED}) {
    EXPECT_EQ(*NextFilingState(state, FilingAction::kRevoke), v1::FILING_STATE_REVOKED);
  }
}

TEST(FilingWorkflowTest, RefusedTransitionsNameTheReason) {
  const struct {
    v1::FilingState from;
    FilingAction action;
  } refused[] = {
      {v1::FILING_STATE_APPLIED, FilingAction::kApprove},
      {v1::FILING_STATE_APPLIED, FilingAction::kSuspend},
      {v1::FILING_STATE_UNDER_ASSESSMENT, FilingAction::kStartAssessment},
      {v1::FILING_STATE_FILED, FilingAction::kApprove},
      {v1::FILING_STATE_FILED, FilingAction::kStartAssessment},
      {v1::FILING_STATE_SUSPENDED, FilingAction::kSuspend},
      {v1::FILING_STATE_REVOKED, FilingAction::kApprove},
      {v1::FILING_STATE_REVOKED, FilingAction::kRevoke},
  };
  for (const auto& c : refused) {
    auto next = NextFilingState(c.from, c.action);
    ASSERT_FALSE(next.ok());
    EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ReasonOf(next.status()), "INVALID_FILING_TRANSITION");
  }
}

v1::EvaluationOrg FiledOrg(v1::OrgKind kind = v1::ORG_KIND_SOCIAL_TRAINING_EVALUATION) {
  v1::EvaluationOrg org;
  org.mutable_org()->set_credit_code(testing::CreditCode(7));
  org.mutable_org()->set_district_code("370202");
  org.set_kind(kind);
  org.set_state(v1::FILING_STATE_FILED);
  org.set_org_code("0042");
  auto* scope = org.add_scope();
  scope->set_occupation_code("6-18-02-04");
  scope->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  return org;
}

v1::Certificate Cert(SkillLevel level, std::string occupation = "6-18-02-04") {
  v1::Certificate cert;
  cert.set_type(v1::CERTIFICATE_TYPE_SKILL_LEVEL);
  cert.set_occupation_code(occupation);
  cert.set_level(level);
  cert.mutable_issue_date()->set_year(2026);
  return cert;
}

TEST(IssuanceTest, FiledOrgWithinScopeMayIssue) {
  EXPECT_TRUE(CheckOrgMayIssue(FiledOrg(), Cert(common::v1::SKILL_LEVEL_5_JUNIOR)).ok());
  EXPECT_TRUE(CheckOrgMayIssue(FiledOrg(), Cert(common::v1::SKILL_LEVEL_2_TECHNICIAN)).ok());
}

TEST(IssuanceTest, AboveHighestLevelOrOtherOccupationIsOutsideScope) {
  auto above = CheckOrgMayIssue(FiledOrg(), Cert(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN));
  EXPECT_EQ(ReasonOf(above), "OUTSIDE_FILED_SCOPE");
  auto other = CheckOrgMayIssue(FiledOrg(), Cert(common::v1::SKILL_LEVEL_4_INTERMEDIATE, "6-18-01-01"));
  EXPECT_EQ(ReasonOf(other), "OUTSIDE_FILED_SCOPE");
}

TEST(IssuanceTest, OnlyFiledOrgsIssue) {
  for (auto state : {v1::FILING_STATE_APPLIED, v1::FILING_STATE_UNDER_ASSESSMENT, v1::FILING_STATE_SUSPENDED,
                     v1::FILING_STATE_REVOKED}) {
    v1::EvaluationOrg org = FiledOrg();
    org.set_state(state);
    auto status = CheckOrgMayIssue(org, Cert(common::v1::SKILL_LEVEL_4_INTERMEDIATE));
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(ReasonOf(status), "ORG_NOT_FILED");
  }
}

TEST(IssuanceTest, GeneratedNumbersFollowTheFormat) {
  auto number = GenerateCertificateNumber(FiledOrg(), Cert(common::v1::SKILL_LEVEL_3_SENIOR), "000123", 42);
  ASSERT_TRUE(number.ok());
  EXPECT_EQ(*number, "S004237000123263000042");
  EXPECT_EQ(number->size(), 22u);
  auto employer = GenerateCertificateNumber(FiledOrg(v1::ORG_KIND_ENTERPRISE_SELF_EVALUATION),
                                            Cert(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN), "000001", 1);
  EXPECT_EQ(*employer, "Y004237000001261000001");
  auto principal =
      GenerateCertificateNumber(FiledOrg(), Cert(common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN), "000001", 7);
  EXPECT_EQ(*principal,
            "TJ0042370000012600000"
            "7");
  EXPECT_TRUE(ParseCertificateNumber(*number, "n").ok());
  EXPECT_TRUE(ParseCertificateNumber(*principal, "n").ok());
}

TEST(IssuanceTest, SerialsAreBounded) {
  EXPECT_FALSE(GenerateCertificateNumber(FiledOrg(), Cert(common::v1::SKILL_LEVEL_3_SENIOR), "000001", 0).ok());
  auto over = GenerateCertificateNumber(FiledOrg(), Cert(common::v1::SKILL_LEVEL_3_SENIOR), "000001", 1000000);
  EXPECT_EQ(over.status().code(), absl::StatusCode::kResourceExhausted);
}

TEST(IssuanceTest, SuppliedNumbersMustBelongToTheOrg) {
  EXPECT_TRUE(CheckSuppliedNumberBelongsToOrg("S004237000123263000042", FiledOrg(), "n").ok());
  EXPECT_TRUE(CheckSuppliedNumberBelongsToOrg("S000037000123263000042", FiledOrg(), "n").ok());   // provincial
  EXPECT_FALSE(CheckSuppliedNumberBelongsToOrg("Y004237000123263000042", FiledOrg(), "n").ok());  // prefix
  EXPECT_FALSE(CheckSuppliedNumberBelongsToOrg("S004337000123263000042", FiledOrg(), "n").ok());  // org code
}

class DraftValidationTest : public ::testing::Test {
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

  v1::CertificateDraft Good() const {
    v1::CertificateDraft draft;
    draft.set_type(v1::CERTIFICATE_TYPE_SKILL_LEVEL);
    draft.set_basis(v1::CERTIFICATE_BASIS_ASSESSMENT);
    draft.mutable_person()->set_id_number("34052419800101001x");
    draft.mutable_person()->set_name("王五");
    draft.set_occupation_code("6-18-02-04");
    draft.set_level(common::v1::SKILL_LEVEL_3_SENIOR);
    draft.set_issuer_credit_code(testing::CreditCode(7));
    draft.mutable_issue_date()->set_year(2026);
    draft.mutable_issue_date()->set_month(6);
    draft.mutable_issue_date()->set_day(15);
    return draft;
  }

  std::string FirstField(const v1::CertificateDraft& draft) const {
    auto result = ValidateDraft(draft, "certificate", context_);
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    auto violations = FieldViolationsOf(result.status());
    return violations.empty() ? "" : violations.front().field;
  }

  std::shared_ptr<const ReferenceData> reference_;
  ValidationContext context_;
};

TEST_F(DraftValidationTest, GoodDraftIsNormalised) {
  auto draft = ValidateDraft(Good(), "certificate", context_);
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->certificate.person().id_number(), "34052419800101001X");
  EXPECT_EQ(draft->certificate.person().gender(), common::v1::GENDER_MALE);
  EXPECT_EQ(draft->certificate.person().birth_date().year(), 1980);
  EXPECT_EQ(draft->certificate.occupation_name(), "焊工");
  EXPECT_FALSE(draft->certificate.industry_chain_code().empty());
  EXPECT_EQ(draft->site_serial, "000001");
}

TEST_F(DraftValidationTest, EachBadFieldIsNamed) {
  auto bad_check = Good();
  bad_check.mutable_person()->set_id_number("340524198001010011");
  EXPECT_EQ(FirstField(bad_check), "certificate.person.id_number");
  auto bad_birth = Good();
  bad_birth.mutable_person()->set_id_number(testing::CitizenId("340524", "19810229", 1));
  EXPECT_EQ(FirstField(bad_birth), "certificate.person.id_number");
  auto no_name = Good();
  no_name.mutable_person()->clear_name();
  EXPECT_EQ(FirstField(no_name), "certificate.person.name");
  auto long_name = Good();
  long_name.mutable_person()->set_name(std::string(300, 'a'));
  EXPECT_EQ(FirstField(long_name), "certificate.person.name");
  auto unknown_level = Good();
  unknown_level.set_level(static_cast<SkillLevel>(99));
  EXPECT_EQ(FirstField(unknown_level), "certificate.level");
  auto unknown_type = Good();
  unknown_type.set_type(static_cast<v1::CertificateType>(42));
  EXPECT_EQ(FirstField(unknown_type), "certificate.type");
  auto apprentice = Good();
  apprentice.set_level(common::v1::SKILL_LEVEL_APPRENTICE);
  EXPECT_EQ(FirstField(apprentice), "certificate.level");
  auto future = Good();
  future.mutable_issue_date()->set_day(16);
  EXPECT_EQ(FirstField(future), "certificate.issue_date");
  auto impossible = Good();
  impossible.mutable_issue_date()->set_month(2);
  impossible.mutable_issue_date()->set_day(30);
  EXPECT_EQ(FirstField(impossible), "certificate.issue_date");
  auto bad_issuer = Good();
  bad_issuer.set_issuer_credit_code("91370200000000001A");
  EXPECT_EQ(FirstField(bad_issuer), "certificate.issuer_credit_code");
  auto bad_occupation = Good();
  bad_occupation.set_occupation_code("6-18-02");
  EXPECT_EQ(FirstField(bad_occupation), "certificate.occupation_code");
  auto unknown_occupation = Good();
  unknown_occupation.set_occupation_code("8-99-99-99");
  EXPECT_EQ(FirstField(unknown_occupation), "certificate.occupation_code");
  auto bad_chain = Good();
  bad_chain.set_industry_chain_code("NOPE");
  EXPECT_EQ(FirstField(bad_chain), "certificate.industry_chain_code");
  auto wrong_year_digits = Good();
  wrong_year_digits.set_number("S004237000123253000042");
  EXPECT_EQ(FirstField(wrong_year_digits), "certificate.number");
  auto wrong_level_digit = Good();
  wrong_level_digit.set_number("S004237000123264000042");
  EXPECT_EQ(FirstField(wrong_level_digit), "certificate.number");
  auto short_number = Good();
  short_number.set_number("S0042");
  EXPECT_EQ(FirstField(short_number), "certificate.number");
}

TEST_F(DraftValidationTest, AllViolationsAreReported) {
  v1::CertificateDraft empty;
  auto result = ValidateDraft(empty, "certificates[3]", context_);
  ASSERT_FALSE(result.ok());
  auto violations = FieldViolationsOf(result.status());
  EXPECT_GE(violations.size(), 6u);
  for (const auto& violation : violations) {
    EXPECT_EQ(violation.field.rfind("certificates[3].", 0), 0u) << violation.field;
  }
}

TEST_F(DraftValidationTest, ClientGivenGenderAndBirthDateAreReplacedByTheDerivedOnes) {
  auto given = Good();
  given.mutable_person()->set_gender(common::v1::GENDER_FEMALE);
  given.mutable_person()->mutable_birth_date()->set_year(2001);
  auto draft = ValidateDraft(given, "certificate", context_);
  ASSERT_TRUE(draft.ok()) << draft.status();
  EXPECT_EQ(draft->certificate.person().gender(), common::v1::GENDER_MALE);
  EXPECT_EQ(draft->certificate.person().birth_date().year(), 1980);
}

TEST_F(DraftValidationTest, IssueDatesBefore1950AreRefused) {
  auto old = Good();
  old.mutable_issue_date()->set_year(1949);
  EXPECT_EQ(FirstField(old), "certificate.issue_date");
}

TEST_F(DraftValidationTest, SpecialAbilityCertificatesCarryNoLevel) {
  auto special = Good();
  special.set_type(v1::CERTIFICATE_TYPE_SPECIAL_ABILITY);
  EXPECT_EQ(FirstField(special), "certificate.level");
  special.set_level(common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_TRUE(ValidateDraft(special, "certificate", context_).ok());
}

class RegisterValidationTest : public DraftValidationTest {
 protected:
  static v1::CreateEvaluationOrgRequest CreateOrg() {
    v1::CreateEvaluationOrgRequest request;
    request.mutable_org()->set_credit_code(LowerCase(CodeWithLetters()));
    request.mutable_org()->set_name("青岛某评价机构");
    request.mutable_org()->set_district_code("370202");
    request.set_kind(v1::ORG_KIND_TECHNICAL_SCHOOL);
    auto* entry = request.add_scope();
    entry->set_occupation_code("6-18-02-04");
    entry->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
    request.set_contact_phone("0532-8888 0000");
    return request;
  }
  static std::string CodeWithLetters() {
    const std::string first17 = "91370200MA3CBK0A1";
    return first17 + CreditCodeCheckCharacter(first17);
  }
  static std::string LowerCase(std::string text) {
    for (char& c : text) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
  }
  static std::vector<std::string> Fields(const absl::Status& status) {
    std::vector<std::string> fields;
    for (const auto& violation : FieldViolationsOf(status)) {
      fields.push_back(violation.field);
    }
    return fields;
  }
};

TEST_F(RegisterValidationTest, NewOrgsAreNormalised) {
  auto org = ValidateCreateOrg(CreateOrg(), context_);
  ASSERT_TRUE(org.ok()) << org.status();
  EXPECT_EQ(org->org().credit_code(), CodeWithLetters());
  EXPECT_EQ(org->kind(), v1::ORG_KIND_TECHNICAL_SCHOOL);
  EXPECT_EQ(org->scope_size(), 1);
  EXPECT_EQ(org->contact_phone(), "0532-8888 0000");
  EXPECT_EQ(org->state(), v1::FILING_STATE_UNSPECIFIED);  // the handler sets it
}

TEST_F(RegisterValidationTest, EveryBadFieldOfANewOrgIsNamed) {
  auto request = CreateOrg();
  request.set_request_id("has spaces");
  request.mutable_org()->set_district_code("110101");
  request.set_kind(static_cast<v1::OrgKind>(0));
  request.mutable_scope(0)->set_highest_level(common::v1::SKILL_LEVEL_UNSPECIFIED);
  *request.add_scope() = request.scope(0);
  request.set_contact_phone("call me");
  auto org = ValidateCreateOrg(request, context_);
  ASSERT_FALSE(org.ok());
  EXPECT_EQ(Fields(org.status()),
            (std::vector<std::string>{"request_id", "org.district_code", "kind", "scope[0].highest_level",
                                      "scope[1].highest_level", "scope[1].occupation_code", "contact_phone"}));
}

TEST_F(RegisterValidationTest, ScopeLevelsMustBeOnesTheOccupationOffers) {
  google::protobuf::RepeatedPtrField<v1::ScopeEntry> scope;
  auto* offered = scope.Add();
  offered->set_occupation_code("4-14-02-02");  // 健康管理师: 三级 to 一级 only
  offered->set_highest_level(common::v1::SKILL_LEVEL_3_SENIOR);
  auto* not_offered = scope.Add();
  not_offered->set_occupation_code("4-14-02-02");
  not_offered->set_highest_level(common::v1::SKILL_LEVEL_5_JUNIOR);
  auto* unknown = scope.Add();
  unknown->set_occupation_code("6-18-02-04");
  unknown->set_highest_level(static_cast<common::v1::SkillLevel>(42));
  FieldViolations violations;
  CheckScope(scope, "scope", *reference_, violations);
  std::vector<std::string> fields;
  for (const auto& violation : violations.violations()) {
    fields.push_back(violation.field);
  }
  EXPECT_EQ(fields,
            (std::vector<std::string>{"scope[1].highest_level", "scope[1].occupation_code", "scope[2].highest_level"}));
}

TEST_F(RegisterValidationTest, EnterprisesAreNormalisedAndChecked) {
  v1::UpsertEnterpriseRequest request;
  request.mutable_enterprise()->mutable_org()->set_credit_code(LowerCase(CodeWithLetters()));
  request.mutable_enterprise()->mutable_org()->set_name("某企业");
  request.mutable_enterprise()->mutable_org()->set_district_code("370211");
  request.mutable_enterprise()->set_above_designated_size(true);
  request.mutable_enterprise()->set_self_evaluation_eligible(true);
  request.mutable_enterprise()->set_employee_count(1200);
  auto enterprise = ValidateEnterprise(request, context_);
  ASSERT_TRUE(enterprise.ok()) << enterprise.status();
  EXPECT_EQ(enterprise->org().credit_code(), CodeWithLetters());
  EXPECT_EQ(enterprise->employee_count(), 1200);

  request.set_expected_version(-1);
  request.mutable_enterprise()->set_above_designated_size(false);
  request.mutable_enterprise()->set_employee_count(-5);
  auto refused = ValidateEnterprise(request, context_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(Fields(refused.status()), (std::vector<std::string>{"expected_version", "enterprise.employee_count",
                                                                "enterprise.self_evaluation_eligible"}));
}

}  // namespace
}  // namespace skillbridge::evaluation
