// Competition promotions (竞赛晋升) in the evaluation service, over real gRPC and a real
// redis-server: IssuePromotionCertificate (the provincially filed number space, the competition
// reference on the certificate, attribution, stats, change feed and audit; idempotent replay,
// a request_id reused for other content, duplicates and the same result asked for again under
// another request_id) and GetPersonLevel (certificates, revocation, other occupations,
// introductions).

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using common::v1::SkillLevel;

class EvaluationPromotionTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override { ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok()); }

  ev::EvaluationService::Stub& stub() { return harness_->stub(); }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) { return EvaluationHarness::Context(token); }

  grpc::Status Promote(const ev::IssuePromotionCertificateRequest& request, ev::IssuePromotionCertificateResponse* out,
                       const std::string& token = kServiceToken) {
    return stub().IssuePromotionCertificate(As(token).get(), request, out);
  }

  ev::GetPersonLevelResponse LevelOf(int person, const std::string& occupation = "6-18-02-04") {
    ev::GetPersonLevelRequest request;
    request.set_id_number(PersonId(person));
    request.set_occupation_code(occupation);
    ev::GetPersonLevelResponse response;
    const grpc::Status status = stub().GetPersonLevel(As(kServiceToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  // Issues an assessment certificate (basis ASSESSMENT) by the filed org CreditCode(1).
  ev::Certificate Assess(int person, SkillLevel level, const std::string& occupation = "6-18-02-04") {
    ev::IssueCertificateRequest request;
    *request.mutable_certificate() = EvaluationHarness::Draft(person, CreditCode(1), level);
    request.mutable_certificate()->set_occupation_code(occupation);
    ev::IssueCertificateResponse response;
    const grpc::Status status = stub().IssueCertificate(As(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.certificate();
  }
};

TEST_F(EvaluationPromotionTest, IssuesANumberedCertificateTracedToItsResult) {
  const ev::IssuePromotionCertificateRequest request = EvaluationHarness::PromotionRequest(1);
  ev::IssuePromotionCertificateResponse issued;
  const grpc::Status status = Promote(request, &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const ev::Certificate& cert = issued.certificate();
  // S + 0000 (provincially filed) + 37 + 999999 (competition promotions) + 26 + 3 (三级) + serial.
  EXPECT_EQ(cert.number(), "S000037999999263000001");
  EXPECT_FALSE(issued.previously_issued());
  EXPECT_EQ(cert.type(), ev::CERTIFICATE_TYPE_SKILL_LEVEL);
  EXPECT_EQ(cert.basis(), ev::CERTIFICATE_BASIS_COMPETITION_PROMOTION);
  EXPECT_EQ(cert.status(), ev::CERTIFICATE_STATUS_VALID);
  EXPECT_EQ(cert.level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(cert.person().id_number(), PersonId(1));
  EXPECT_NE(cert.person().gender(), common::v1::GENDER_UNSPECIFIED);
  EXPECT_FALSE(cert.occupation_name().empty());
  EXPECT_EQ(cert.industry_chain_code(), "IC06");  // 焊工's default chain
  EXPECT_EQ(cert.issue_date().year(), 2026);      // the harness's today, 2026-06-15
  EXPECT_EQ(cert.issue_date().month(), 6);
  EXPECT_EQ(cert.issue_date().day(), 15);
  EXPECT_TRUE(cert.issuer().credit_code().empty());
  EXPECT_EQ(cert.issuer().district_code(), kDistrictA);
  EXPECT_EQ(cert.competition().SerializeAsString(), request.competition().SerializeAsString());
  EXPECT_EQ(cert.version(), 1);

  // Read back: the same, with the competition reference; a district officer of the entrant's
  // district may read it, another may not.
  ev::GetCertificateRequest get;
  get.set_number(cert.number());
  ev::GetCertificateResponse got;
  ASSERT_TRUE(stub().GetCertificate(As(kAdminToken).get(), get, &got).ok());
  EXPECT_EQ(got.certificate().SerializeAsString(), cert.SerializeAsString());
  ASSERT_TRUE(stub().GetCertificate(As(kDistrictAToken).get(), get, &got).ok());
  const grpc::Status foreign = stub().GetCertificate(As(kDistrictBToken).get(), get, &got);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ev::ListCertificatesRequest list;
  list.set_id_number(PersonId(1));
  ev::ListCertificatesResponse listed;
  ASSERT_TRUE(stub().ListCertificates(As(kServiceToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.certificates_size(), 1);
  EXPECT_EQ(listed.certificates(0).competition().entry_id(), EvaluationHarness::EntryId(1));
  list.Clear();
  list.set_district_code(kDistrictA);
  ASSERT_TRUE(stub().ListCertificates(As(kAdminToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.certificates_size(), 1);

  // The next promotion of the year and level takes the next serial; another level its own series.
  ASSERT_TRUE(Promote(EvaluationHarness::PromotionRequest(2), &issued).ok());
  EXPECT_EQ(issued.certificate().number(), "S000037999999263000002");
  ASSERT_TRUE(Promote(EvaluationHarness::PromotionRequest(3, common::v1::SKILL_LEVEL_2_TECHNICIAN), &issued).ok());
  EXPECT_EQ(issued.certificate().number(), "S000037999999262000001");

  // Counted like any certificate: stats of the entrant's district, and the change feed.
  ev::GetEvaluationStatsRequest stats_request;
  stats_request.set_year(2026);
  ev::GetEvaluationStatsResponse stats;
  ASSERT_TRUE(stub().GetEvaluationStats(As(kAdminToken).get(), stats_request, &stats).ok());
  EXPECT_EQ(stats.total_issued(), 3);
  int64_t senior_in_a = 0;
  for (const ev::EvaluationStatsRow& row : stats.rows()) {
    if (row.district_code() == kDistrictA && row.level() == common::v1::SKILL_LEVEL_3_SENIOR &&
        row.type() == ev::CERTIFICATE_TYPE_SKILL_LEVEL) {
      senior_in_a += row.issued();
    }
  }
  EXPECT_EQ(senior_in_a, 2);
  ev::ListEventsRequest events_request;
  ev::ListEventsResponse events;
  ASSERT_TRUE(stub().ListEvents(As(kServiceToken).get(), events_request, &events).ok());
  ASSERT_EQ(events.events_size(), 3);
  const ev::CertificateIssued& first = events.events(0).certificate_issued();
  EXPECT_EQ(first.number(), "S000037999999263000001");
  EXPECT_EQ(first.basis(), ev::CERTIFICATE_BASIS_COMPETITION_PROMOTION);
  EXPECT_EQ(first.district_code(), kDistrictA);
  EXPECT_TRUE(first.issuer_credit_code().empty());
  EXPECT_EQ(first.competition().entry_id(), EvaluationHarness::EntryId(1));
  EXPECT_EQ(first.competition().employer_credit_code(), CreditCode(501));

  // Audited under the certificate's resource name, as the SERVICE principal.
  ev::ListAuditEntriesRequest audit_request;
  ev::ListAuditEntriesResponse audit;
  ASSERT_TRUE(stub().ListAuditEntries(As(kAdminToken).get(), audit_request, &audit).ok());
  bool audited = false;
  for (const common::v1::AuditEntry& entry : audit.entries()) {
    if (entry.method() == "/skillbridge.evaluation.v1.EvaluationService/IssuePromotionCertificate" &&
        entry.resource() == "certificates/S000037999999263000001") {
      audited = true;
      EXPECT_EQ(entry.role(), common::v1::ROLE_SERVICE);
      EXPECT_EQ(entry.outcome(), "OK");
      EXPECT_EQ(entry.request_id(), request.request_id());
    }
  }
  EXPECT_TRUE(audited);
}

TEST_F(EvaluationPromotionTest, ARetryIsReplayedAndARequestIdReusedForOtherContentIsRefused) {
  const ev::IssuePromotionCertificateRequest request = EvaluationHarness::PromotionRequest(1);
  ev::IssuePromotionCertificateResponse first;
  ASSERT_TRUE(Promote(request, &first).ok());
  const long long keys = harness_->CountKeys("*");

  auto retry = As(kServiceToken);
  ev::IssuePromotionCertificateResponse again;
  ASSERT_TRUE(stub().IssuePromotionCertificate(retry.get(), request, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), first.SerializeAsString());
  const auto& trailers = retry->GetServerTrailingMetadata();
  const auto replayed = trailers.find("skillbridge-replayed");
  ASSERT_NE(replayed, trailers.end());
  EXPECT_EQ(std::string(replayed->second.data(), replayed->second.size()), "true");
  EXPECT_EQ(harness_->CountKeys("*"), keys);

  // The same request_id with another level, or for another person: refused, nothing written.
  ev::IssuePromotionCertificateRequest other = request;
  other.set_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  ev::IssuePromotionCertificateResponse refused;
  grpc::Status status = Promote(other, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "REQUEST_ID_REUSED");
  other = EvaluationHarness::PromotionRequest(2);
  other.set_request_id(request.request_id());
  status = Promote(other, &refused);
  EXPECT_EQ(ReasonOf(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 1);

  // Without a request_id nothing is issued.
  other = EvaluationHarness::PromotionRequest(3);
  other.clear_request_id();
  status = Promote(other, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "request_id");
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 1);
}

TEST_F(EvaluationPromotionTest, DuplicatesAreRefusedButTheSameResultIsAnsweredWithItsCertificate) {
  harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
  // The person already holds 三级 by assessment: a promotion to 三级 is a duplicate.
  Assess(1, common::v1::SKILL_LEVEL_3_SENIOR);
  ev::IssuePromotionCertificateResponse response;
  grpc::Status status = Promote(EvaluationHarness::PromotionRequest(1), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(status), "DUPLICATE_CERTIFICATE");

  // This entry's certificate, asked for again by another caller under another request_id: the
  // first certificate, nothing written.
  const ev::IssuePromotionCertificateRequest request = EvaluationHarness::PromotionRequest(2);
  ev::IssuePromotionCertificateResponse first;
  ASSERT_TRUE(Promote(request, &first).ok());
  const long long keys = harness_->CountKeys("*");
  ev::IssuePromotionCertificateRequest by_admin = request;
  by_admin.set_request_id("manual-retry-1");
  ev::IssuePromotionCertificateResponse again;
  status = Promote(by_admin, &again, kAdminToken);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(again.previously_issued());
  EXPECT_EQ(again.certificate().number(), first.certificate().number());
  EXPECT_EQ(again.certificate().competition().entry_id(), EvaluationHarness::EntryId(2));
  EXPECT_FALSE(again.certificate().occupation_name().empty());
  EXPECT_EQ(harness_->CountKeys("*"), keys);

  // Another entry (another competition result) at the same level: a duplicate.
  ev::IssuePromotionCertificateRequest other_entry = request;
  other_entry.set_request_id("cpromo-other-entry");
  other_entry.mutable_competition()->set_entry_id("EN999999999999");
  status = Promote(other_entry, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(status), "DUPLICATE_CERTIFICATE");
  EXPECT_EQ(harness_->CountKeys("*"), keys);

  // Roles: neither an institution nor a district officer may issue promotions.
  status = Promote(EvaluationHarness::PromotionRequest(4), &response, kInstitutionAToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = Promote(EvaluationHarness::PromotionRequest(4), &response, kDistrictAToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // An organisation may not supply a number in the promotion space.
  ev::IssueCertificateRequest supplied;
  *supplied.mutable_certificate() = EvaluationHarness::Draft(5, CreditCode(1));
  supplied.mutable_certificate()->set_number("S000037999999263000077");
  ev::IssueCertificateResponse issued;
  status = stub().IssueCertificate(As(kAdminToken).get(), supplied, &issued);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "certificate.number");
}

// Callers racing for the same result, each under its own request_id (and some under the same
// one): one certificate, and every caller is answered with it.
TEST_F(EvaluationPromotionTest, RacingRequestsForOneResultAllGetTheOneCertificate) {
  constexpr int kCallers = 8;
  std::vector<grpc::Status> statuses(kCallers);
  std::vector<ev::IssuePromotionCertificateResponse> answers(kCallers);
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      ev::IssuePromotionCertificateRequest request = EvaluationHarness::PromotionRequest(7);
      request.set_request_id("race-" + std::to_string(c % 4));
      statuses[c] = Promote(request, &answers[c]);
    });
  }
  for (std::thread& caller : callers) {
    caller.join();
  }
  for (int c = 0; c < kCallers; ++c) {
    ASSERT_TRUE(statuses[c].ok()) << "caller " << c << ": " << statuses[c].error_message();
    EXPECT_EQ(answers[c].certificate().number(), answers[0].certificate().number());
  }
  EXPECT_EQ(harness_->CountKeys("evaluation:cert:*"), 1);
  ev::ListEventsRequest events_request;
  ev::ListEventsResponse events;
  ASSERT_TRUE(stub().ListEvents(As(kServiceToken).get(), events_request, &events).ok());
  EXPECT_EQ(events.events_size(), 1);
}

TEST_F(EvaluationPromotionTest, PersonLevelIsTheHighestValidCertificateOrIntroduction) {
  harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
  // Nothing yet.
  ev::GetPersonLevelResponse level = LevelOf(1);
  EXPECT_EQ(level.level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_TRUE(level.certificate_number().empty());

  // 四级 by assessment; a 三级 in another occupation does not count.
  const ev::Certificate intermediate = Assess(1, common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  Assess(1, common::v1::SKILL_LEVEL_3_SENIOR, "6-30-99-00");
  level = LevelOf(1);
  EXPECT_EQ(level.level(), common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  EXPECT_EQ(level.certificate_number(), intermediate.number());
  EXPECT_EQ(LevelOf(1, "6-30-99-00").level(), common::v1::SKILL_LEVEL_3_SENIOR);

  // A promotion to 三级 raises it; revoked, it no longer counts.
  ev::IssuePromotionCertificateResponse promoted;
  ASSERT_TRUE(Promote(EvaluationHarness::PromotionRequest(1), &promoted).ok());
  level = LevelOf(1);
  EXPECT_EQ(level.level(), common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ(level.certificate_number(), promoted.certificate().number());
  ev::RevokeCertificateRequest revoke;
  revoke.set_number(promoted.certificate().number());
  revoke.set_reason("竞赛成绩更正");
  ev::RevokeCertificateResponse revoked;
  ASSERT_TRUE(stub().RevokeCertificate(As(kDistrictAToken).get(), revoke, &revoked).ok());
  EXPECT_EQ(LevelOf(1).level(), common::v1::SKILL_LEVEL_4_INTERMEDIATE);

  // An introduction with an outside 二级 certificate in the occupation counts.
  ev::RegisterIntroductionRequest intro;
  ev::Introduction* in = intro.mutable_introduction();
  in->mutable_person()->set_id_number(PersonId(1));
  in->mutable_person()->set_name(EvaluationHarness::PersonName(1));
  in->mutable_employer()->set_credit_code(CreditCode(20));
  in->mutable_employer()->set_name("青岛某企业");
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
  ASSERT_TRUE(stub().RegisterIntroduction(As(kAdminToken).get(), intro, &registered).ok());
  level = LevelOf(1);
  EXPECT_EQ(level.level(), common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ(level.certificate_number(), "S110037000001192000123");
  EXPECT_EQ(level.introduction_id(), registered.introduction().id());

  // Another person, and an invalid ID number.
  EXPECT_EQ(LevelOf(2).level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
  ev::GetPersonLevelRequest bad;
  bad.set_id_number(PersonId(1).substr(0, 17) + (PersonId(1)[17] == '0' ? "1" : "0"));
  bad.set_occupation_code("6-18-02-04");
  ev::GetPersonLevelResponse answer;
  const grpc::Status status = stub().GetPersonLevel(As(kServiceToken).get(), bad, &answer);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "id_number");
}

}  // namespace
}  // namespace skillbridge::testing
