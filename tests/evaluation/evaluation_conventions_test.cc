// The API conventions of docs/api.md as the evaluation service applies them, over real gRPC and a
// real redis-server: optimistic concurrency with `expected_version` (UpdateFilingScope,
// UpsertEnterprise) and the versions records carry, output-only fields ignored on input, batch
// items answered with a google.rpc.Status, normalised credit codes, and the resource names the
// audit trail records.

#include <cctype>
#include <set>
#include <string>

#include "common/server/batch_results.h"
#include "common/status/errors.h"
#include "common/validation/credit_code.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

class EvaluationConventionsTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override { ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok()); }

  ev::EvaluationService::Stub& stub() { return harness_->stub(); }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) { return EvaluationHarness::Context(token); }

  grpc::Status UpdateScope(const std::string& credit_code, int64_t expected_version, ev::EvaluationOrg* out) {
    ev::UpdateFilingScopeRequest request;
    request.set_credit_code(credit_code);
    auto* entry = request.add_scope();
    entry->set_occupation_code("6-18-02-04");
    entry->set_highest_level(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
    request.set_expected_version(expected_version);
    ev::UpdateFilingScopeResponse response;
    grpc::Status status = stub().UpdateFilingScope(As(kDistrictAToken).get(), request, &response);
    *out = response.evaluation_org();
    return status;
  }

  static ev::UpsertEnterpriseRequest Enterprise(int n, int employees) {
    ev::UpsertEnterpriseRequest request;
    ev::Enterprise* enterprise = request.mutable_enterprise();
    enterprise->mutable_org()->set_credit_code(CreditCode(n));
    enterprise->mutable_org()->set_name("企业" + std::to_string(n));
    enterprise->mutable_org()->set_district_code(kDistrictA);
    enterprise->set_above_designated_size(true);
    enterprise->set_employee_count(employees);
    return request;
  }

  grpc::Status Upsert(const ev::UpsertEnterpriseRequest& request, ev::Enterprise* out) {
    ev::UpsertEnterpriseResponse response;
    grpc::Status status = stub().UpsertEnterprise(As(kDistrictAToken).get(), request, &response);
    *out = response.enterprise();
    return status;
  }
};

TEST_F(EvaluationConventionsTest, UpdateFilingScopeChecksTheExpectedVersion) {
  const ev::EvaluationOrg filed = harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
  ASSERT_EQ(filed.version(), 3);  // created, assessed, filed

  ev::EvaluationOrg updated;
  grpc::Status stale = UpdateScope(CreditCode(1), 2, &updated);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(stale), "VERSION_MISMATCH");
  EXPECT_NE(stale.error_message().find("evaluationOrgs/"), std::string::npos) << stale.error_message();
  EXPECT_NE(stale.error_message().find("at version 3, not 2"), std::string::npos) << stale.error_message();
  // Nothing changed.
  ev::GetEvaluationOrgRequest get;
  get.set_credit_code(CreditCode(1));
  ev::GetEvaluationOrgResponse got;
  ASSERT_TRUE(stub().GetEvaluationOrg(As(kAdminToken).get(), get, &got).ok());
  EXPECT_EQ(got.evaluation_org().version(), 3);
  EXPECT_EQ(got.evaluation_org().scope_size(), 2);

  ASSERT_TRUE(UpdateScope(CreditCode(1), 3, &updated).ok());
  EXPECT_EQ(updated.version(), 4);
  ASSERT_EQ(updated.scope_size(), 1);
  EXPECT_EQ(updated.scope(0).highest_level(), common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
  // 0: no check.
  ASSERT_TRUE(UpdateScope(CreditCode(1), 0, &updated).ok());
  EXPECT_EQ(updated.version(), 5);
  // Negative is malformed.
  grpc::Status negative = UpdateScope(CreditCode(1), -1, &updated);
  EXPECT_EQ(negative.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(negative), "expected_version");
}

TEST_F(EvaluationConventionsTest, EnterprisesCarryAVersionAndUpsertsCheckTheExpectedOne) {
  ev::Enterprise stored;
  ASSERT_TRUE(Upsert(Enterprise(1, 500), &stored).ok());
  EXPECT_EQ(stored.version(), 1);

  ev::UpsertEnterpriseRequest change = Enterprise(1, 650);
  change.set_expected_version(1);
  ASSERT_TRUE(Upsert(change, &stored).ok());
  EXPECT_EQ(stored.version(), 2);
  EXPECT_EQ(stored.employee_count(), 650);

  // Another writer read version 1 too: refused, nothing changes.
  ev::UpsertEnterpriseRequest late = Enterprise(1, 900);
  late.set_expected_version(1);
  grpc::Status refused = Upsert(late, &stored);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(refused), "VERSION_MISMATCH");
  ev::GetEnterpriseRequest get;
  get.set_credit_code(CreditCode(1));
  ev::GetEnterpriseResponse got;
  ASSERT_TRUE(stub().GetEnterprise(As(kAdminToken).get(), get, &got).ok());
  EXPECT_EQ(got.enterprise().employee_count(), 650);
  EXPECT_EQ(got.enterprise().version(), 2);

  // An enterprise not registered yet has no version to match.
  ev::UpsertEnterpriseRequest unknown = Enterprise(2, 100);
  unknown.set_expected_version(1);
  EXPECT_EQ(ReasonOf(Upsert(unknown, &stored)), "VERSION_MISMATCH");
  EXPECT_EQ(harness_->CountKeys("evaluation:ent:" + CreditCode(2)), 0);
}

TEST_F(EvaluationConventionsTest, OutputOnlyFieldsAreIgnoredOnInput) {
  // Enterprise: version and update time are the server's.
  ev::UpsertEnterpriseRequest upsert = Enterprise(1, 500);
  upsert.mutable_enterprise()->set_version(42);
  upsert.mutable_enterprise()->mutable_update_time()->set_seconds(1);
  ev::Enterprise enterprise;
  ASSERT_TRUE(Upsert(upsert, &enterprise).ok());
  EXPECT_EQ(enterprise.version(), 1);
  EXPECT_EQ(enterprise.update_time().seconds(), absl::ToUnixSeconds(harness_->clock().Now()));

  // Introduction: id and create time are the server's; gender and birth date come from the ID.
  ev::RegisterIntroductionRequest intro;
  ev::Introduction* in = intro.mutable_introduction();
  in->set_id("INT9999999999");
  in->mutable_create_time()->set_seconds(1);
  in->mutable_person()->set_id_number(CitizenId("110105", "19880512", 21));  // odd sequence: male
  in->mutable_person()->set_name("赵六");
  in->mutable_person()->set_gender(common::v1::GENDER_FEMALE);
  in->mutable_person()->mutable_birth_date()->set_year(2001);
  in->mutable_employer()->set_credit_code(CreditCode(1));
  in->mutable_employer()->set_name("企业1");
  in->mutable_employer()->set_district_code(kDistrictA);
  in->set_occupation_code("6-18-02-04");
  in->set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  in->set_outside_certificate_number("S110037000001192000123");
  in->set_outside_issuer("北京市某评价机构");
  in->mutable_outside_issue_date()->set_year(2019);
  in->mutable_outside_issue_date()->set_month(3);
  in->mutable_outside_issue_date()->set_day(1);
  in->mutable_arrival_date()->set_year(2026);
  in->mutable_arrival_date()->set_month(4);
  in->mutable_arrival_date()->set_day(1);
  ev::RegisterIntroductionResponse registered;
  ASSERT_TRUE(stub().RegisterIntroduction(As(kDistrictAToken).get(), intro, &registered).ok());
  EXPECT_EQ(registered.introduction().id(), "INT0000000001");
  EXPECT_NE(registered.introduction().create_time().seconds(), 1);
  EXPECT_EQ(registered.introduction().person().gender(), common::v1::GENDER_MALE);
  EXPECT_EQ(registered.introduction().person().birth_date().year(), 1988);
  EXPECT_EQ(harness_->CountKeys("evaluation:intro:INT9999999999"), 0);

  // Certificate draft: the person's gender and birth date are derived whatever the client says.
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::IssueCertificateRequest issue;
  *issue.mutable_certificate() = EvaluationHarness::Draft(3, org);
  issue.mutable_certificate()->mutable_person()->set_gender(common::v1::GENDER_FEMALE);
  issue.mutable_certificate()->mutable_person()->mutable_birth_date()->set_year(1900);
  ev::IssueCertificateResponse issued;
  ASSERT_TRUE(stub().IssueCertificate(As(kInstitutionAToken).get(), issue, &issued).ok());
  EXPECT_EQ(issued.certificate().person().gender(), common::v1::GENDER_MALE);  // PersonId(3): sequence 3
  EXPECT_NE(issued.certificate().person().birth_date().year(), 1900);
  EXPECT_EQ(issued.certificate().status(), ev::CERTIFICATE_STATUS_VALID);
  EXPECT_EQ(issued.certificate().version(), 1);
  ev::GetCertificateRequest get;
  get.set_number(issued.certificate().number());
  ev::GetCertificateResponse got;
  ASSERT_TRUE(stub().GetCertificate(As(kAdminToken).get(), get, &got).ok());
  EXPECT_EQ(got.certificate().person().gender(), common::v1::GENDER_MALE);
}

TEST_F(EvaluationConventionsTest, BatchItemsCarryTheStatusASingleCallWouldHaveAnswered) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::BatchIssueCertificatesRequest request;
  *request.add_certificates() = EvaluationHarness::Draft(1, org);
  ev::CertificateDraft bad_id = EvaluationHarness::Draft(2, org);
  std::string id = bad_id.person().id_number();
  id[17] = id[17] == '0' ? '1' : '0';
  bad_id.mutable_person()->set_id_number(id);
  *request.add_certificates() = bad_id;
  *request.add_certificates() = EvaluationHarness::Draft(1, org);  // the first one again
  ev::BatchIssueCertificatesResponse response;
  ASSERT_TRUE(stub().BatchIssueCertificates(As(kInstitutionAToken).get(), request, &response).ok());
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.accepted_count(), 1);
  EXPECT_EQ(response.rejected_count(), 2);

  const ev::BatchIssueResult& accepted = response.results(0);
  EXPECT_TRUE(accepted.has_status());
  EXPECT_EQ(accepted.status().code(), 0);
  EXPECT_TRUE(accepted.has_certificate());

  // Invalid input: INVALID_ARGUMENT, ErrorInfo INVALID_FIELD in evaluation's domain, the field path
  // of the item, and no full ID number in the message or the description.
  const google::rpc::Status& invalid = response.results(1).status();
  EXPECT_EQ(response.results(1).index(), 1);
  EXPECT_EQ(invalid.code(), static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  EXPECT_EQ(invalid.message().find(id), std::string::npos) << invalid.message();
  bool saw_info = false;
  bool saw_field = false;
  for (const auto& detail : invalid.details()) {
    google::rpc::ErrorInfo info;
    google::rpc::BadRequest bad_request;
    if (detail.UnpackTo(&info)) {
      saw_info = true;
      EXPECT_EQ(info.reason(), "INVALID_FIELD");
      EXPECT_EQ(info.domain(), "evaluation.skillbridge");
    } else if (detail.UnpackTo(&bad_request)) {
      ASSERT_GE(bad_request.field_violations_size(), 1);
      saw_field = true;
      EXPECT_EQ(bad_request.field_violations(0).field(), "certificates[1].person.id_number");
      EXPECT_EQ(bad_request.field_violations(0).description().find(id), std::string::npos);
    }
  }
  EXPECT_TRUE(saw_info);
  EXPECT_TRUE(saw_field);

  // A rule refusal: the code and reason IssueCertificate would have answered.
  const absl::Status duplicate = ItemStatus(response.results(2).status());
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(skillbridge::ReasonOf(duplicate), "DUPLICATE_CERTIFICATE");
  ev::IssueCertificateRequest single;
  *single.mutable_certificate() = EvaluationHarness::Draft(1, org);
  ev::IssueCertificateResponse single_response;
  grpc::Status single_status = stub().IssueCertificate(As(kInstitutionAToken).get(), single, &single_response);
  EXPECT_EQ(static_cast<int>(single_status.error_code()), response.results(2).status().code());
  EXPECT_EQ(ReasonOf(single_status), "DUPLICATE_CERTIFICATE");
}

TEST_F(EvaluationConventionsTest, LowerCaseCreditCodesInOrgReferencesAreStoredUpperCased) {
  const std::string first17 = "91370200MA3CBK0A1";
  const std::string upper = first17 + CreditCodeCheckCharacter(first17);
  std::string lower = upper;
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  ev::CreateEvaluationOrgRequest create;
  create.mutable_org()->set_credit_code(lower);
  create.mutable_org()->set_name("青岛某评价机构");
  create.mutable_org()->set_district_code(kDistrictA);
  create.set_kind(ev::ORG_KIND_TECHNICAL_SCHOOL);
  ev::CreateEvaluationOrgResponse created;
  ASSERT_TRUE(stub().CreateEvaluationOrg(As(kAdminToken).get(), create, &created).ok());
  EXPECT_EQ(created.evaluation_org().org().credit_code(), upper);
  EXPECT_EQ(harness_->CountKeys("evaluation:org:" + upper), 1);
  // A lone credit code field still takes the canonical form only.
  ev::GetEvaluationOrgRequest get;
  get.set_credit_code(lower);
  ev::GetEvaluationOrgResponse got;
  EXPECT_EQ(stub().GetEvaluationOrg(As(kAdminToken).get(), get, &got).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(EvaluationConventionsTest, TheAuditTrailNamesResourcesByTheirPatterns) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::Enterprise enterprise;
  ASSERT_TRUE(Upsert(Enterprise(2, 300), &enterprise).ok());
  ev::IssueCertificateRequest issue;
  *issue.mutable_certificate() = EvaluationHarness::Draft(1, org);
  ev::IssueCertificateResponse issued;
  ASSERT_TRUE(stub().IssueCertificate(As(kInstitutionAToken).get(), issue, &issued).ok());

  ev::ListAuditEntriesRequest request;
  ev::ListAuditEntriesResponse response;
  ASSERT_TRUE(stub().ListAuditEntries(As(kAdminToken).get(), request, &response).ok());
  std::set<std::string> resources;
  for (const auto& entry : response.entries()) {
    resources.insert(entry.resource());
  }
  EXPECT_TRUE(resources.count("evaluationOrgs/" + org)) << ::testing::PrintToString(resources);
  EXPECT_TRUE(resources.count("enterprises/" + CreditCode(2))) << ::testing::PrintToString(resources);
  EXPECT_TRUE(resources.count("certificates/" + issued.certificate().number())) << ::testing::PrintToString(resources);
}

}  // namespace
}  // namespace skillbridge::testing
