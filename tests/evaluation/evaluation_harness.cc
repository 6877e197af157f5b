#include "tests/evaluation/evaluation_harness.h"

#include <cstdio>

#include "common/reference/skill_level.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {

ev::EvaluationOrg EvaluationHarness::CreateFiledOrg(const std::string& credit_code, const std::string& district,
                                                    ev::OrgKind kind) {
  ev::CreateEvaluationOrgRequest create;
  create.mutable_org()->set_credit_code(credit_code);
  create.mutable_org()->set_name("青岛测试评价机构" + credit_code.substr(12, 4));
  create.mutable_org()->set_district_code(district);
  create.set_kind(kind);
  auto* weld = create.add_scope();
  weld->set_occupation_code("6-18-02-04");
  weld->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  auto* robot = create.add_scope();
  robot->set_occupation_code("6-30-99-00");
  robot->set_highest_level(common::v1::SKILL_LEVEL_3_SENIOR);
  ev::CreateEvaluationOrgResponse created;
  grpc::Status status = stub().CreateEvaluationOrg(Context(kAdminToken).get(), create, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(credit_code);
  ev::StartFilingAssessmentResponse started;
  status = stub().StartFilingAssessment(Context(kAdminToken).get(), start, &started);
  EXPECT_TRUE(status.ok()) << status.error_message();
  ev::ApproveFilingRequest approve;
  approve.set_credit_code(credit_code);
  ev::ApproveFilingResponse approved;
  status = stub().ApproveFiling(Context(kAdminToken).get(), approve, &approved);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return approved.evaluation_org();
}

std::string EvaluationHarness::PersonName(int n) { return "张三" + std::to_string(n); }

ev::CertificateDraft EvaluationHarness::Draft(int n, const std::string& issuer, common::v1::SkillLevel level) {
  ev::CertificateDraft draft;
  draft.set_type(ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  draft.set_basis(ev::CERTIFICATE_BASIS_ASSESSMENT);
  draft.mutable_person()->set_id_number(PersonId(n));
  draft.mutable_person()->set_name(PersonName(n));
  draft.set_occupation_code("6-18-02-04");
  draft.set_level(level);
  draft.set_issuer_credit_code(issuer);
  draft.mutable_issue_date()->set_year(2026);
  draft.mutable_issue_date()->set_month(5);
  draft.mutable_issue_date()->set_day(20);
  return draft;
}

std::string EvaluationHarness::EntryId(int n) {
  char id[32];
  std::snprintf(id, sizeof(id), "EN%012d", n);
  return id;
}

ev::IssuePromotionCertificateRequest EvaluationHarness::PromotionRequest(int n, common::v1::SkillLevel level) {
  ev::IssuePromotionCertificateRequest request;
  request.set_request_id("cpromo-" + EntryId(n) + "-" + std::to_string(LevelDigit(level).value_or(0)));
  request.mutable_person()->set_id_number(PersonId(n));
  request.mutable_person()->set_name(PersonName(n));
  request.set_occupation_code("6-18-02-04");
  request.set_level(level);
  ev::CompetitionRef* ref = request.mutable_competition();
  ref->set_competition_id("CP0000000001");
  ref->set_contest_id("CT0000000001");
  ref->set_entry_id(EntryId(n));
  ref->set_year(2026);
  ref->set_employer_credit_code(CreditCode(500 + n));
  ref->set_district_code(kDistrictA);
  return request;
}

}  // namespace skillbridge::testing
