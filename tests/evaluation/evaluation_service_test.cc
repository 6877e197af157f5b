// The evaluation service over real gRPC and a real redis-server: the filing-to-certificate
// workflow, verification, rules, bulk issue, bad input, scopes, idempotency, pagination, the
// change feed, audit, introductions, enterprises, coverage and stats.

#include <set>
#include <thread>
#include <vector>

#include "common/server/batch_results.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using common::v1::SkillLevel;

class EvaluationServiceTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override { ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok()); }

  ev::EvaluationService::Stub& stub() { return harness_->stub(); }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) { return EvaluationHarness::Context(token); }

  grpc::Status Issue(const ev::CertificateDraft& draft, const std::string& token, ev::Certificate* out = nullptr,
                     const std::string& request_id = "") {
    ev::IssueCertificateRequest request;
    *request.mutable_certificate() = draft;
    request.set_request_id(request_id);
    ev::IssueCertificateResponse response;
    grpc::Status status = stub().IssueCertificate(As(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.certificate();
    }
    return status;
  }

  ev::VerificationResult Verify(const std::string& number, int person) {
    ev::VerifyCertificateRequest request;
    request.set_number(number);
    request.set_id_number(PersonId(person));
    request.set_name(EvaluationHarness::PersonName(person));
    ev::VerifyCertificateResponse response;
    grpc::Status status = stub().VerifyCertificate(As(kVerifierToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.result();
  }

  std::vector<ev::Certificate> ListAll(ev::ListCertificatesRequest request, const std::string& token) {
    std::vector<ev::Certificate> all;
    request.set_page_size(200);
    while (true) {
      ev::ListCertificatesResponse response;
      grpc::Status status = stub().ListCertificates(As(token).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const auto& cert : response.certificates()) {
        all.push_back(cert);
      }
      if (!status.ok() || response.next_page_token().empty()) {
        return all;
      }
      request.set_page_token(response.next_page_token());
    }
  }
};

TEST_F(EvaluationServiceTest, FilingToCertificateToVerificationToRevocation) {
  const std::string org_code = CreditCode(1);
  // The institution files its own application.
  ev::CreateEvaluationOrgRequest create;
  create.set_request_id("create-1");
  create.mutable_org()->set_credit_code(org_code);
  create.mutable_org()->set_name("青岛某职业培训学校");
  create.mutable_org()->set_district_code(kDistrictA);
  create.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  auto* scope = create.add_scope();
  scope->set_occupation_code("6-18-02-04");
  scope->set_highest_level(common::v1::SKILL_LEVEL_3_SENIOR);
  ev::CreateEvaluationOrgResponse created;
  ASSERT_TRUE(stub().CreateEvaluationOrg(As(kInstitutionAToken).get(), create, &created).ok());
  EXPECT_EQ(created.evaluation_org().state(), ev::FILING_STATE_APPLIED);

  // Not filed yet: issuing is refused.
  grpc::Status early = Issue(EvaluationHarness::Draft(1, org_code), kInstitutionAToken);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(early), "ORG_NOT_FILED");

  // The district officer of another district may not decide; the org's own district officer may.
  ev::StartFilingAssessmentRequest start;
  start.set_credit_code(org_code);
  ev::StartFilingAssessmentResponse started;
  grpc::Status foreign = stub().StartFilingAssessment(As(kDistrictBToken).get(), start, &started);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(foreign), "OUT_OF_SCOPE");
  ASSERT_TRUE(stub().StartFilingAssessment(As(kDistrictAToken).get(), start, &started).ok());
  ev::ApproveFilingRequest approve;
  approve.set_credit_code(org_code);
  ev::ApproveFilingResponse approved;
  ASSERT_TRUE(stub().ApproveFiling(As(kDistrictAToken).get(), approve, &approved).ok());
  EXPECT_EQ(approved.evaluation_org().state(), ev::FILING_STATE_FILED);
  EXPECT_EQ(approved.evaluation_org().org_code(), "0001");
  grpc::Status twice = stub().ApproveFiling(As(kDistrictAToken).get(), approve, &approved);
  EXPECT_EQ(ReasonOf(twice), "INVALID_FILING_TRANSITION");

  // Issue: the number is generated in the 22-character format.
  ev::Certificate cert;
  grpc::Status issued = Issue(EvaluationHarness::Draft(1, org_code), kInstitutionAToken, &cert);
  ASSERT_TRUE(issued.ok()) << issued.error_message();
  EXPECT_EQ(cert.number(), "S000137000001263000001");
  EXPECT_EQ(cert.issuer().district_code(), kDistrictA);
  EXPECT_EQ(cert.status(), ev::CERTIFICATE_STATUS_VALID);
  EXPECT_EQ(cert.person().gender() != common::v1::GENDER_UNSPECIFIED, true);

  // Another institution may not issue in this org's name.
  grpc::Status impostor = Issue(EvaluationHarness::Draft(2, org_code), kInstitutionBToken);
  EXPECT_EQ(impostor.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // Rules: above the filed scope, and the same person/type/occupation/level twice.
  grpc::Status outside =
      Issue(EvaluationHarness::Draft(3, org_code, common::v1::SKILL_LEVEL_2_TECHNICIAN), kInstitutionAToken);
  EXPECT_EQ(ReasonOf(outside), "OUTSIDE_FILED_SCOPE");
  grpc::Status duplicate = Issue(EvaluationHarness::Draft(1, org_code), kInstitutionAToken);
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(duplicate), "DUPLICATE_CERTIFICATE");

  // Verification: valid; wrong name or ID → NOT_FOUND and nothing else.
  EXPECT_EQ(Verify(cert.number(), 1), ev::VERIFICATION_RESULT_VALID);
  ev::VerifyCertificateRequest wrong;
  wrong.set_number(cert.number());
  wrong.set_id_number(PersonId(1));
  wrong.set_name("李四");
  ev::VerifyCertificateResponse verdict;
  ASSERT_TRUE(stub().VerifyCertificate(As(kVerifierToken).get(), wrong, &verdict).ok());
  EXPECT_EQ(verdict.result(), ev::VERIFICATION_RESULT_NOT_FOUND);
  EXPECT_TRUE(verdict.occupation_code().empty());
  EXPECT_EQ(verdict.level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_EQ(Verify("S000137000001263999999", 1), ev::VERIFICATION_RESULT_NOT_FOUND);

  // Revocation by the district officer, with a reason; then verification says REVOKED.
  ev::RevokeCertificateRequest revoke;
  revoke.set_number(cert.number());
  ev::RevokeCertificateResponse revoked;
  grpc::Status no_reason = stub().RevokeCertificate(As(kDistrictAToken).get(), revoke, &revoked);
  EXPECT_EQ(no_reason.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(no_reason), "reason");
  revoke.set_reason("考核材料造假");
  EXPECT_EQ(stub().RevokeCertificate(As(kDistrictBToken).get(), revoke, &revoked).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub().RevokeCertificate(As(kDistrictAToken).get(), revoke, &revoked).ok());
  EXPECT_EQ(revoked.certificate().status(), ev::CERTIFICATE_STATUS_REVOKED);
  EXPECT_EQ(Verify(cert.number(), 1), ev::VERIFICATION_RESULT_REVOKED);
  grpc::Status again = stub().RevokeCertificate(As(kDistrictAToken).get(), revoke, &revoked);
  EXPECT_EQ(ReasonOf(again), "CERTIFICATE_ALREADY_REVOKED");
  // After revocation the person may be certified again.
  ev::Certificate reissued;
  ASSERT_TRUE(Issue(EvaluationHarness::Draft(1, org_code), kInstitutionAToken, &reissued).ok());
  // Serials are reserved before the uniqueness check, so a refused duplicate may leave a gap.
  EXPECT_EQ(reissued.number().substr(0, 16), "S000137000001263");
  EXPECT_NE(reissued.number(), cert.number());

  // Suspension stops issuing; reinstatement allows it again.
  ev::SuspendFilingRequest suspend;
  suspend.set_credit_code(org_code);
  suspend.set_reason("年度检查不合格");
  ev::SuspendFilingResponse suspended;
  ASSERT_TRUE(stub().SuspendFiling(As(kAdminToken).get(), suspend, &suspended).ok());
  EXPECT_EQ(ReasonOf(Issue(EvaluationHarness::Draft(5, org_code), kInstitutionAToken)), "ORG_NOT_FILED");
  ASSERT_TRUE(stub().ApproveFiling(As(kAdminToken).get(), approve, &approved).ok());
  EXPECT_EQ(approved.evaluation_org().org_code(), "0001");
  EXPECT_TRUE(Issue(EvaluationHarness::Draft(5, org_code), kInstitutionAToken).ok());
}

TEST_F(EvaluationServiceTest, SuppliedNumbersAreValidatedAndUnique) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::CertificateDraft draft = EvaluationHarness::Draft(1, org);
  draft.set_number("S000137000777263000500");
  ev::Certificate cert;
  ASSERT_TRUE(Issue(draft, kInstitutionAToken, &cert).ok());
  EXPECT_EQ(cert.number(), "S000137000777263000500");
  ev::CertificateDraft taken = EvaluationHarness::Draft(2, org);
  taken.set_number("S000137000777263000500");
  grpc::Status status = Issue(taken, kInstitutionAToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(status), "CERTIFICATE_NUMBER_TAKEN");
  ev::CertificateDraft foreign = EvaluationHarness::Draft(3, org);
  foreign.set_number("S009937000777263000501");
  status = Issue(foreign, kInstitutionAToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "certificate.number");
}

TEST_F(EvaluationServiceTest, MalformedRequestsAreRefusedAndStoreNothing) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  const long long certs_before = harness_->CountKeys("evaluation:cert:*");
  const long long events_before = [&] {
    auto len = harness_->redis_client().Command({"XLEN", "evaluation:events"});
    return len.ok() ? len->integer() : -1;
  }();
  struct Case {
    std::string name;
    std::function<void(ev::CertificateDraft&)> spoil;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"bad check digit", [](auto& d) { d.mutable_person()->set_id_number("340524198001010011"); },
       "certificate.person.id_number"},
      {"impossible birth date", [](auto& d) { d.mutable_person()->set_id_number(CitizenId("370202", "19900231", 5)); },
       "certificate.person.id_number"},
      {"too short id", [](auto& d) { d.mutable_person()->set_id_number("3702021990"); },
       "certificate.person.id_number"},
      {"unknown level enum", [](auto& d) { d.set_level(static_cast<SkillLevel>(77)); }, "certificate.level"},
      {"unknown type enum", [](auto& d) { d.set_type(static_cast<ev::CertificateType>(9)); }, "certificate.type"},
      {"oversized name", [](auto& d) { d.mutable_person()->set_name(std::string(5000, 'x')); },
       "certificate.person.name"},
      {"control characters in name", [](auto& d) { d.mutable_person()->set_name("张\x01三"); },
       "certificate.person.name"},
      {"impossible issue date",
       [](auto& d) {
         d.mutable_issue_date()->set_day(31);
         d.mutable_issue_date()->set_month(4);
       },
       "certificate.issue_date"},
      {"future issue date", [](auto& d) { d.mutable_issue_date()->set_year(2027); }, "certificate.issue_date"},
      {"bad credit code", [](auto& d) { d.set_issuer_credit_code("91370200MA3C00000I"); },
       "certificate.issuer_credit_code"},
      {"bad occupation format", [](auto& d) { d.set_occupation_code("61802-04"); }, "certificate.occupation_code"},
      {"oversized number", [](auto& d) { d.set_number(std::string(4000, '9')); }, "certificate.number"},
  };
  for (const auto& c : cases) {
    ev::CertificateDraft draft = EvaluationHarness::Draft(1, org);
    c.spoil(draft);
    grpc::Status status = Issue(draft, kInstitutionAToken);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.name << ": " << status.error_message();
    EXPECT_EQ(FirstFieldOf(status), c.field) << c.name;
    EXPECT_NE(status.error_message().find(c.field), std::string::npos) << c.name << ": " << status.error_message();
  }
  // Bad input on other RPCs.
  ev::CreateEvaluationOrgRequest bad_org;
  bad_org.mutable_org()->set_credit_code(CreditCode(9));
  bad_org.mutable_org()->set_name("机构");
  bad_org.mutable_org()->set_district_code("110101");  // not a Qingdao district
  bad_org.set_kind(ev::ORG_KIND_TECHNICAL_SCHOOL);
  ev::CreateEvaluationOrgResponse org_response;
  grpc::Status status = stub().CreateEvaluationOrg(As(kAdminToken).get(), bad_org, &org_response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "org.district_code");
  ev::ListCertificatesRequest bad_list;
  bad_list.set_page_size(-1);
  ev::ListCertificatesResponse list_response;
  EXPECT_EQ(stub().ListCertificates(As(kAdminToken).get(), bad_list, &list_response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  bad_list.set_page_size(10);
  bad_list.set_page_token("garbage!!");
  status = stub().ListCertificates(As(kAdminToken).get(), bad_list, &list_response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "page_token");

  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), certs_before);
  EXPECT_EQ(harness_->CountKeys("evaluation:org:" + CreditCode(9)), 0);
  auto events_after = harness_->redis_client().Command({"XLEN", "evaluation:events"});
  ASSERT_TRUE(events_after.ok());
  EXPECT_EQ(events_after->integer(), events_before);
}

TEST_F(EvaluationServiceTest, BulkIssueAcceptsGoodRowsAndExplainsBadOnes) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::BatchIssueCertificatesRequest request;
  request.set_request_id("batch-2026-05");
  const int kRows = 3000;
  std::map<int, std::string> expected_reason;
  for (int i = 0; i < kRows; ++i) {
    ev::CertificateDraft draft = EvaluationHarness::Draft(10000 + i, org);
    if (i % 100 == 7) {
      draft.mutable_person()->set_id_number(draft.person().id_number().substr(0, 17) +
                                            (draft.person().id_number()[17] == '1' ? "2" : "1"));
      expected_reason[i] = "INVALID_FIELD";
    } else if (i % 100 == 13) {
      draft.set_level(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
      expected_reason[i] = "OUTSIDE_FILED_SCOPE";
    } else if (i % 100 == 21) {
      draft = EvaluationHarness::Draft(10000 + i - 1, org);  // same person as the row before
      expected_reason[i] = "DUPLICATE_CERTIFICATE";
    }
    *request.add_certificates() = draft;
  }
  ev::BatchIssueCertificatesResponse response;
  grpc::Status status = stub().BatchIssueCertificates(As(kInstitutionAToken).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.results_size(), kRows);
  EXPECT_EQ(response.rejected_count(), static_cast<int>(expected_reason.size()));
  EXPECT_EQ(response.accepted_count(), kRows - static_cast<int>(expected_reason.size()));
  std::set<std::string> numbers;
  for (const auto& result : response.results()) {
    const absl::Status item = ItemStatus(result.status());
    auto it = expected_reason.find(result.index());
    if (it == expected_reason.end()) {
      EXPECT_TRUE(result.has_status()) << result.index();
      EXPECT_TRUE(item.ok()) << result.index() << " " << item;
      numbers.insert(result.certificate().number());
    } else {
      EXPECT_EQ(skillbridge::ReasonOf(item), it->second) << result.index() << " " << item;
      EXPECT_FALSE(result.has_certificate());
      if (it->second == "INVALID_FIELD") {
        EXPECT_EQ(item.code(), absl::StatusCode::kInvalidArgument);
        const auto violations = FieldViolationsOf(item);
        ASSERT_FALSE(violations.empty());
        EXPECT_EQ(violations.front().field, "certificates[" + std::to_string(result.index()) + "].person.id_number");
      }
    }
  }
  EXPECT_EQ(static_cast<int>(numbers.size()), response.accepted_count());
  ev::ListCertificatesRequest list;
  list.set_issuer_credit_code(org);
  EXPECT_EQ(static_cast<int>(ListAll(list, kAdminToken).size()), response.accepted_count());

  // Retrying the same batch returns the same result and stores nothing new.
  ev::BatchIssueCertificatesResponse retried;
  ASSERT_TRUE(stub().BatchIssueCertificates(As(kInstitutionAToken).get(), request, &retried).ok());
  EXPECT_EQ(retried.accepted_count(), response.accepted_count());
  EXPECT_EQ(retried.results(0).certificate().number(), response.results(0).certificate().number());
  // Item by item the first answer, rebuilt from the chunks' records and the stored certificates.
  EXPECT_EQ(retried.SerializeAsString(), response.SerializeAsString());
  EXPECT_EQ(static_cast<int>(ListAll(list, kAdminToken).size()), response.accepted_count());
}

// Duplicates of one IssueCertificate racing each other all get the one certificate: the script
// finds the idempotency record (written with the certificate) before any guard.
TEST_F(EvaluationServiceTest, ConcurrentRetriesOfOneIssueAllGetTheFirstCertificate) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  for (int round = 0; round < 5; ++round) {
    constexpr int kCallers = 8;
    std::vector<grpc::Status> statuses(kCallers);
    std::vector<ev::Certificate> issued(kCallers);
    std::vector<std::thread> callers;
    for (int c = 0; c < kCallers; ++c) {
      callers.emplace_back([&, c] {
        statuses[c] = Issue(EvaluationHarness::Draft(100 + round, org), kInstitutionAToken, &issued[c],
                            "race-" + std::to_string(round));
      });
    }
    for (std::thread& caller : callers) {
      caller.join();
    }
    for (int c = 0; c < kCallers; ++c) {
      ASSERT_TRUE(statuses[c].ok()) << "round " << round << " caller " << c << ": " << statuses[c].error_message();
      EXPECT_EQ(issued[c].number(), issued[0].number());
    }
  }
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 5);
}

// Names are not stored with a certificate; every read shows them from reference data and the
// issuer's record.
TEST_F(EvaluationServiceTest, CertificatesAreStoredWithoutNamesAndReadWithThem) {
  const std::string org = CreditCode(1);
  const ev::EvaluationOrg filed = harness_->CreateFiledOrg(org, kDistrictA);
  ev::Certificate issued;
  ASSERT_TRUE(Issue(EvaluationHarness::Draft(1, org), kInstitutionAToken, &issued).ok());
  ASSERT_FALSE(issued.occupation_name().empty());
  EXPECT_EQ(issued.issuer().name(), filed.org().name());

  auto raw = harness_->redis_client().Command({"GET", "evaluation:cert:" + issued.number()});
  ASSERT_TRUE(raw.ok());
  ev::Certificate stored;
  ASSERT_TRUE(stored.ParseFromString(std::string(raw->str())));
  EXPECT_TRUE(stored.occupation_name().empty());
  EXPECT_TRUE(stored.issuer().name().empty());
  EXPECT_EQ(stored.issuer().credit_code(), org);

  ev::GetCertificateRequest get;
  get.set_number(issued.number());
  ev::GetCertificateResponse got;
  ASSERT_TRUE(stub().GetCertificate(As(kAdminToken).get(), get, &got).ok());
  EXPECT_EQ(got.certificate().SerializeAsString(), issued.SerializeAsString());
  ev::ListCertificatesRequest list;
  list.set_issuer_credit_code(org);
  ev::ListCertificatesResponse listed;
  ASSERT_TRUE(stub().ListCertificates(As(kAdminToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.certificates_size(), 1);
  EXPECT_EQ(listed.certificates(0).SerializeAsString(), issued.SerializeAsString());
}

TEST_F(EvaluationServiceTest, RetriesWithTheSameRequestIdIssueOnce) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::Certificate first;
  ev::Certificate second;
  ASSERT_TRUE(Issue(EvaluationHarness::Draft(1, org), kInstitutionAToken, &first, "req-42").ok());
  ASSERT_TRUE(Issue(EvaluationHarness::Draft(1, org), kInstitutionAToken, &second, "req-42").ok());
  EXPECT_EQ(first.number(), second.number());
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 1);
}

TEST_F(EvaluationServiceTest, ListsPaginateAndRespectScope) {
  const std::string org_a = CreditCode(1);
  const std::string org_b = CreditCode(2);
  harness_->CreateFiledOrg(org_a, kDistrictA);
  harness_->CreateFiledOrg(org_b, kDistrictB);
  for (int i = 0; i < 120; ++i) {
    ASSERT_TRUE(Issue(EvaluationHarness::Draft(i, org_a), kAdminToken).ok());
  }
  for (int i = 0; i < 30; ++i) {
    ASSERT_TRUE(Issue(EvaluationHarness::Draft(500 + i, org_b), kAdminToken).ok());
  }
  ev::ListCertificatesRequest request;
  request.set_page_size(50);
  request.set_district_code(kDistrictA);
  std::vector<int> sizes;
  std::set<std::string> seen;
  while (true) {
    ev::ListCertificatesResponse response;
    ASSERT_TRUE(stub().ListCertificates(As(kAdminToken).get(), request, &response).ok());
    sizes.push_back(response.certificates_size());
    for (const auto& cert : response.certificates()) {
      EXPECT_EQ(cert.issuer().district_code(), kDistrictA);
      seen.insert(cert.number());
    }
    if (response.next_page_token().empty()) {
      break;
    }
    request.set_page_token(response.next_page_token());
    // A token is bound to its filter.
    ev::ListCertificatesRequest other = request;
    other.set_district_code(kDistrictB);
    ev::ListCertificatesResponse refused;
    EXPECT_EQ(stub().ListCertificates(As(kAdminToken).get(), other, &refused).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  EXPECT_EQ(seen.size(), 120u);
  EXPECT_EQ(sizes.front(), 50);

  // A district officer sees only its district; asking for another is refused.
  ev::ListCertificatesRequest mine;
  EXPECT_EQ(ListAll(mine, kDistrictBToken).size(), 30u);
  ev::ListCertificatesRequest theirs;
  theirs.set_district_code(kDistrictA);
  ev::ListCertificatesResponse response;
  EXPECT_EQ(stub().ListCertificates(As(kDistrictBToken).get(), theirs, &response).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // An institution sees only what it issued.
  EXPECT_EQ(ListAll(ev::ListCertificatesRequest(), kInstitutionBToken).size(), 30u);
  // Filters: person, level, year.
  ev::ListCertificatesRequest by_person;
  by_person.set_id_number(PersonId(7));
  EXPECT_EQ(ListAll(by_person, kAdminToken).size(), 1u);
  ev::ListCertificatesRequest by_level;
  by_level.set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(ListAll(by_level, kAdminToken).size(), 0u);
  ev::ListCertificatesRequest by_year;
  by_year.set_year(2026);
  EXPECT_EQ(ListAll(by_year, kAdminToken).size(), 150u);
  by_year.set_year(2025);
  EXPECT_EQ(ListAll(by_year, kAdminToken).size(), 0u);
}

TEST_F(EvaluationServiceTest, FeedIsOrderedResumableAndLongPolls) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(Issue(EvaluationHarness::Draft(i, org), kInstitutionAToken).ok());
  }
  ev::ListEventsRequest request;
  ev::ListEventsResponse all;
  ASSERT_TRUE(stub().ListEvents(As(kServiceToken).get(), request, &all).ok());
  ASSERT_EQ(all.events_size(), 8);  // created, assessment, filed, 5 certificates
  EXPECT_TRUE(all.events(0).has_evaluation_org_changed());
  EXPECT_TRUE(all.events(7).has_certificate_issued());
  EXPECT_EQ(all.last_id(), all.events(7).id());
  for (int i = 1; i < all.events_size(); ++i) {
    EXPECT_LT(all.events(i - 1).id(), all.events(i).id());
  }
  request.set_after_id(all.events(4).id());
  ev::ListEventsResponse rest;
  ASSERT_TRUE(stub().ListEvents(As(kServiceToken).get(), request, &rest).ok());
  ASSERT_EQ(rest.events_size(), 3);
  EXPECT_EQ(rest.events(0).id(), all.events(5).id());

  // Long poll: waits for the next event.
  request.set_after_id(all.last_id());
  request.set_wait_ms(5000);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE(Issue(EvaluationHarness::Draft(99, org), kInstitutionAToken).ok());
  });
  ev::ListEventsResponse waited;
  const auto begin = std::chrono::steady_clock::now();
  ASSERT_TRUE(stub().ListEvents(As(kServiceToken).get(), request, &waited).ok());
  writer.join();
  ASSERT_EQ(waited.events_size(), 1);
  EXPECT_EQ(waited.events(0).certificate_issued().id_number(), PersonId(99));
  EXPECT_LT(std::chrono::steady_clock::now() - begin, std::chrono::seconds(4));

  // Nothing new: an empty answer after the wait, with last_id unchanged.
  request.set_after_id(waited.last_id());
  request.set_wait_ms(200);
  ev::ListEventsResponse empty;
  ASSERT_TRUE(stub().ListEvents(As(kServiceToken).get(), request, &empty).ok());
  EXPECT_EQ(empty.events_size(), 0);
  EXPECT_EQ(empty.last_id(), waited.last_id());

  request.set_after_id("not-an-id");
  EXPECT_EQ(stub().ListEvents(As(kServiceToken).get(), request, &empty).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// A request_id names one request: the same id with other content is refused and writes nothing;
// a true retry is answered with the first result and says so in a trailer.
TEST_F(EvaluationServiceTest, ARequestIdReusedForOtherContentIsRefused) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::IssueCertificateRequest request;
  *request.mutable_certificate() = EvaluationHarness::Draft(1, org);
  request.set_request_id("req-reuse");
  ev::IssueCertificateResponse first;
  ASSERT_TRUE(stub().IssueCertificate(As(kInstitutionAToken).get(), request, &first).ok());

  auto retry_context = As(kInstitutionAToken);
  ev::IssueCertificateResponse again;
  ASSERT_TRUE(stub().IssueCertificate(retry_context.get(), request, &again).ok());
  EXPECT_EQ(again.certificate().number(), first.certificate().number());
  const auto& trailers = retry_context->GetServerTrailingMetadata();
  const auto replayed = trailers.find("skillbridge-replayed");
  ASSERT_NE(replayed, trailers.end());
  EXPECT_EQ(std::string(replayed->second.data(), replayed->second.size()), "true");

  const long long keys_before = harness_->CountKeys("*");
  ev::IssueCertificateRequest other = request;
  other.mutable_certificate()->set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  ev::IssueCertificateResponse refused;
  const grpc::Status status = stub().IssueCertificate(As(kInstitutionAToken).get(), other, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(harness_->CountKeys("*"), keys_before);
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 1);

  // A fresh call is not marked as a replay.
  auto fresh_context = As(kInstitutionAToken);
  ev::IssueCertificateResponse fresh;
  request.set_request_id("req-fresh");
  *request.mutable_certificate() = EvaluationHarness::Draft(2, org);
  ASSERT_TRUE(stub().IssueCertificate(fresh_context.get(), request, &fresh).ok());
  EXPECT_EQ(fresh_context->GetServerTrailingMetadata().count("skillbridge-replayed"), 0u);
}

TEST_F(EvaluationServiceTest, ABatchRequestIdReusedForOtherContentWritesNothing) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::BatchIssueCertificatesRequest request;
  request.set_request_id("batch-reuse");
  for (int i = 0; i < 3; ++i) {
    *request.add_certificates() = EvaluationHarness::Draft(100 + i, org);
  }
  ev::BatchIssueCertificatesResponse first;
  ASSERT_TRUE(stub().BatchIssueCertificates(As(kInstitutionAToken).get(), request, &first).ok());
  ev::BatchIssueCertificatesResponse again;
  ASSERT_TRUE(stub().BatchIssueCertificates(As(kInstitutionAToken).get(), request, &again).ok());
  EXPECT_EQ(again.results(2).certificate().number(), first.results(2).certificate().number());

  const long long keys_before = harness_->CountKeys("*");
  *request.add_certificates() = EvaluationHarness::Draft(200, org);
  ev::BatchIssueCertificatesResponse refused;
  const grpc::Status status = stub().BatchIssueCertificates(As(kInstitutionAToken).get(), request, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(harness_->CountKeys("*"), keys_before);
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 3);
}

// Fields a client invents (unknown to the schema), however large, are dropped before any handler
// sees the request: nothing of them is stored or served back.
TEST_F(EvaluationServiceTest, UnknownFieldsAreNeitherStoredNorServed) {
  ev::CreateEvaluationOrgRequest create;
  create.mutable_org()->set_credit_code(CreditCode(3));
  create.mutable_org()->set_name("青岛测试评价机构");
  create.mutable_org()->set_district_code(kDistrictA);
  create.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  auto* scope = create.add_scope();
  scope->set_occupation_code("6-18-02-04");
  scope->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  create.mutable_org()
      ->GetReflection()
      ->MutableUnknownFields(create.mutable_org())
      ->AddLengthDelimited(999, std::string(200 * 1024, 'u'));
  create.GetReflection()->MutableUnknownFields(&create)->AddVarint(777, 42);
  ev::CreateEvaluationOrgResponse created;
  ASSERT_TRUE(stub().CreateEvaluationOrg(As(kAdminToken).get(), create, &created).ok());
  EXPECT_LT(created.ByteSizeLong(), 1024u) << "nothing unknown in the answer";
  EXPECT_TRUE(created.evaluation_org().org().GetReflection()->GetUnknownFields(created.evaluation_org().org()).empty());
  const absl::StatusOr<RedisReply> stored =
      harness_->redis_client().Command({"STRLEN", "evaluation:org:" + CreditCode(3)});
  ASSERT_TRUE(stored.ok());
  EXPECT_LT(stored->integer(), 1024) << "the 200 KB field was not stored";
}

// Calls without a valid token cost no store write: no audit entry, however many.
TEST_F(EvaluationServiceTest, UnauthenticatedCallsWriteNothing) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  const long long audit_before = harness_->redis_client().Command({"XLEN", "evaluation:audit"})->integer();
  const long long keys_before = harness_->CountKeys("*");
  for (int i = 0; i < 50; ++i) {
    ev::CreateEvaluationOrgRequest create;
    create.mutable_org()->set_credit_code(CreditCode(2));
    ev::CreateEvaluationOrgResponse response;
    auto context = std::make_unique<grpc::ClientContext>();
    if (i % 2 == 0) {
      context->AddMetadata("authorization", "Bearer not-a-token");
    }
    EXPECT_EQ(stub().CreateEvaluationOrg(context.get(), create, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  EXPECT_EQ(harness_->redis_client().Command({"XLEN", "evaluation:audit"})->integer(), audit_before);
  EXPECT_EQ(harness_->CountKeys("*"), keys_before);
  // A refusal of an authenticated caller is still audited.
  EXPECT_FALSE(Issue(EvaluationHarness::Draft(2, org), kInstitutionBToken).ok());
  EXPECT_EQ(harness_->redis_client().Command({"XLEN", "evaluation:audit"})->integer(), audit_before + 1);
}

TEST_F(EvaluationServiceTest, MutationsAndRefusalsAreAudited) {
  const std::string org = CreditCode(1);
  harness_->CreateFiledOrg(org, kDistrictA);
  ev::Certificate issued;
  ASSERT_TRUE(Issue(EvaluationHarness::Draft(1, org), kInstitutionAToken, &issued, "audit-req").ok());
  EXPECT_FALSE(Issue(EvaluationHarness::Draft(2, org), kInstitutionBToken).ok());  // out of scope
  ev::ListAuditEntriesRequest request;
  ev::ListAuditEntriesResponse response;
  ASSERT_TRUE(stub().ListAuditEntries(As(kAdminToken).get(), request, &response).ok());
  ASSERT_GE(response.entries_size(), 5);
  // Newest first: the refusal, then the issue.
  const auto& refusal = response.entries(0);
  EXPECT_EQ(refusal.principal(), "institution-b");
  EXPECT_EQ(refusal.outcome(), "PERMISSION_DENIED");
  EXPECT_NE(refusal.method().find("IssueCertificate"), std::string::npos);
  const auto& issue = response.entries(1);
  EXPECT_EQ(issue.principal(), "institution-a");
  EXPECT_EQ(issue.role(), common::v1::ROLE_INSTITUTION);
  EXPECT_EQ(issue.outcome(), "OK");
  EXPECT_EQ(issue.request_id(), "audit-req");
  // The number drawn in the write, in place of its placeholder.
  EXPECT_EQ(issue.resource(), "certificates/" + issued.number());
  for (const auto& entry : response.entries()) {
    EXPECT_EQ(entry.resource().find(PersonId(1)), std::string::npos) << "ID numbers never appear in audit";
  }
}

TEST_F(EvaluationServiceTest, IntroductionsEnterprisesCoverageAndStats) {
  // Enterprises: two eligible in district A, one not eligible; one eligible in B.
  auto upsert = [&](int n, const std::string& district, bool eligible, const std::string& token) {
    ev::UpsertEnterpriseRequest request;
    auto* enterprise = request.mutable_enterprise();
    enterprise->mutable_org()->set_credit_code(CreditCode(n));
    enterprise->mutable_org()->set_name("企业" + std::to_string(n));
    enterprise->mutable_org()->set_district_code(district);
    enterprise->set_above_designated_size(true);
    enterprise->set_self_evaluation_eligible(eligible);
    enterprise->set_employee_count(800);
    ev::UpsertEnterpriseResponse response;
    return stub().UpsertEnterprise(As(token).get(), request, &response);
  };
  ASSERT_TRUE(upsert(1, kDistrictA, true, kDistrictAToken).ok());
  ASSERT_TRUE(upsert(2, kDistrictA, true, kAdminToken).ok());
  ASSERT_TRUE(upsert(3, kDistrictA, false, kAdminToken).ok());
  ASSERT_TRUE(upsert(4, kDistrictB, true, kAdminToken).ok());
  EXPECT_EQ(upsert(4, kDistrictB, true, kDistrictAToken).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Enterprise 1 files a self-evaluation org.
  harness_->CreateFiledOrg(CreditCode(1), kDistrictA, ev::ORG_KIND_ENTERPRISE_SELF_EVALUATION);
  ev::GetSelfEvaluationCoverageRequest coverage_request;
  ev::GetSelfEvaluationCoverageResponse coverage;
  ASSERT_TRUE(stub().GetSelfEvaluationCoverage(As(kViewerToken).get(), coverage_request, &coverage).ok());
  EXPECT_EQ(coverage.total().eligible(), 3);
  EXPECT_EQ(coverage.total().covered(), 1);
  for (const auto& row : coverage.districts()) {
    if (row.district_code() == kDistrictA) {
      EXPECT_EQ(row.eligible(), 2);
      EXPECT_EQ(row.covered(), 1);
      EXPECT_DOUBLE_EQ(row.ratio(), 0.5);
    }
  }
  // Moving enterprise 2 to district B moves its eligibility.
  ASSERT_TRUE(upsert(2, kDistrictB, true, kAdminToken).ok());
  coverage_request.set_district_code(kDistrictA);
  ASSERT_TRUE(stub().GetSelfEvaluationCoverage(As(kViewerToken).get(), coverage_request, &coverage).ok());
  EXPECT_EQ(coverage.total().eligible(), 1);
  EXPECT_EQ(coverage.total().covered(), 1);

  // Introductions.
  ev::RegisterIntroductionRequest intro;
  intro.set_request_id("intro-1");
  auto* in = intro.mutable_introduction();
  in->mutable_person()->set_id_number(CitizenId("110105", "19880512", 21));
  in->mutable_person()->set_name("赵六");
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
  EXPECT_EQ(stub().RegisterIntroduction(As(kDistrictBToken).get(), intro, &registered).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(stub().RegisterIntroduction(As(kDistrictAToken).get(), intro, &registered).ok());
  EXPECT_FALSE(registered.introduction().id().empty());
  intro.set_request_id("intro-2");
  grpc::Status duplicate = stub().RegisterIntroduction(As(kDistrictAToken).get(), intro, &registered);
  EXPECT_EQ(ReasonOf(duplicate), "DUPLICATE_INTRODUCTION");
  ev::ListIntroductionsRequest list_intros;
  list_intros.set_year(2026);
  ev::ListIntroductionsResponse intros;
  ASSERT_TRUE(stub().ListIntroductions(As(kAdminToken).get(), list_intros, &intros).ok());
  EXPECT_EQ(intros.introductions_size(), 1);

  // Stats by district and level.
  const std::string org = CreditCode(5);
  harness_->CreateFiledOrg(org, kDistrictA);
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(Issue(EvaluationHarness::Draft(i, org, common::v1::SKILL_LEVEL_4_INTERMEDIATE), kAdminToken).ok());
  }
  ASSERT_TRUE(Issue(EvaluationHarness::Draft(9, org, common::v1::SKILL_LEVEL_2_TECHNICIAN), kAdminToken).ok());
  ev::GetEvaluationStatsRequest stats_request;
  stats_request.set_year(2026);
  ev::GetEvaluationStatsResponse stats;
  ASSERT_TRUE(stub().GetEvaluationStats(As(kViewerToken).get(), stats_request, &stats).ok());
  EXPECT_EQ(stats.total_issued(), 5);
  EXPECT_EQ(stats.introductions(), 1);
  int64_t intermediate = 0;
  for (const auto& row : stats.rows()) {
    EXPECT_EQ(row.district_code(), kDistrictA);
    if (row.level() == common::v1::SKILL_LEVEL_4_INTERMEDIATE) {
      intermediate += row.issued();
    }
  }
  EXPECT_EQ(intermediate, 4);
  stats_request.set_year(0);
  EXPECT_EQ(stub().GetEvaluationStats(As(kViewerToken).get(), stats_request, &stats).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace skillbridge::testing
