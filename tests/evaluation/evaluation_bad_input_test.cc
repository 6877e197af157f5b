// The bad-input corpus of the evaluation service, over real gRPC and a real redis-server. Every
// RPC family is fed a table of malformed requests, each made from a valid request by changing
// one field (wrong check characters in citizen ID numbers and credit codes, impossible dates,
// enum values out of range, oversized texts and lists, control and invisible characters, blank
// required fields, bad request ids, negative page sizes, malformed page tokens and stream ids).
// Each one must be answered INVALID_ARGUMENT, reason INVALID_FIELD, with BadRequest field
// violations naming only the changed field by its path in the request ("certificates[3].issue_date"
// for a batch item), must leave the store as it was (number of keys and length of the change feed;
// the audit stream, where refusals are recorded, is left out), and must leave the service
// answering normal calls. Separately: invalid UTF-8 put on the wire in string fields is refused
// by gRPC before the service sees it (UNIMPLEMENTED, docs/api.md "Requests that do not parse") and
// stores nothing; unknown and output-only fields are ignored and never stored.

#include <cctype>
#include <climits>
#include <functional>
#include <future>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "common/validation/request_fields.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/evaluation/store/keys.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

class EvaluationBadInputTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  static void SetUpTestSuite() {
    SuiteHarnessTest::SetUpTestSuite();
    ASSERT_NE(harness_, nullptr);
    harness_->CreateFiledOrg(kOrg(), kDistrictA);
    harness_->CreateFiledOrg(CreditCode(3), kDistrictA, ev::ORG_KIND_TECHNICAL_SCHOOL);
    ev::IssueCertificateRequest issue;
    *issue.mutable_certificate() = EvaluationHarness::Draft(1, kOrg());
    ev::IssueCertificateResponse issued;
    const grpc::Status status = harness_->stub().IssueCertificate(Context(kAdminToken).get(), issue, &issued);
    ASSERT_TRUE(status.ok()) << status.error_message();
    certificate_ = new std::string(issued.certificate().number());
  }
  static void TearDownTestSuite() {
    std::cout << "[ corpus   ] " << total_cases_ << " malformed evaluation requests" << std::endl;
    delete certificate_;
    certificate_ = nullptr;
    SuiteHarnessTest::TearDownTestSuite();
  }

  static std::string kOrg() { return CreditCode(1); }
  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    return EvaluationHarness::Context(token);
  }
  ev::EvaluationService::Stub& stub() { return harness_->stub(); }

  StoreSize Size() { return MeasureStore(*harness_, evaluation::keys::kAudit, evaluation::keys::kEvents); }

  // A normal call still succeeds.
  void ExpectAlive() {
    ev::GetEvaluationOrgRequest get;
    get.set_credit_code(kOrg());
    ev::GetEvaluationOrgResponse got;
    const grpc::Status status = stub().GetEvaluationOrg(Context(kAdminToken).get(), get, &got);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Request, typename Response>
  using Method = grpc::Status (ev::EvaluationService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  // Sends every case (as `token`) and checks the answer, the store and that the service lives.
  template <typename Request, typename Response>
  void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases,
           const std::string& token = kAdminToken) {
    RunBadCases<Response>(
        valid, cases,
        [&](const Request& request, Response* response) {
          return (stub().*method)(Context(token).get(), request, response);
        },
        [this] { return Size(); }, [this] { ExpectAlive(); });
    total_cases_ += static_cast<int>(cases.size());
  }

  // The valid request itself is accepted (the cases differ from it by their one field only).
  template <typename Request, typename Response>
  void ExpectAccepted(Method<Request, Response> method, const Request& valid, Response* response = nullptr,
                      const std::string& token = kAdminToken) {
    Response local;
    const grpc::Status status = (stub().*method)(Context(token).get(), valid, response ? response : &local);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // Sends `bytes` as the request of `method` with a generic stub.
  grpc::Status RawCall(const std::string& method, const std::string& bytes) {
    return RawUnaryCall(harness_->channel(), "/skillbridge.evaluation.v1.EvaluationService/" + method, bytes,
                        kAdminToken);
  }

  std::string KeyHolding(const std::string& marker) { return testing::KeyHolding(harness_->redis_client(), marker); }

  static inline std::string* certificate_ = nullptr;
  static inline int total_cases_ = 0;
};

// ---------------------------------------------------------------- organisations and filing

ev::CreateEvaluationOrgRequest ValidCreateOrg(int n) {
  ev::CreateEvaluationOrgRequest request;
  request.set_request_id("create-org-" + std::to_string(n));
  request.mutable_org()->set_credit_code(CreditCode(n));
  request.mutable_org()->set_name("青岛某评价机构");
  request.mutable_org()->set_district_code(kDistrictA);
  request.set_kind(ev::ORG_KIND_SOCIAL_TRAINING_EVALUATION);
  auto* scope = request.add_scope();
  scope->set_occupation_code("6-18-02-04");
  scope->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
  request.set_contact_name("李四");
  request.set_contact_phone("0532-8888 6666");
  return request;
}

using CreateOrg = ev::CreateEvaluationOrgRequest;

TEST_F(EvaluationBadInputTest, CreateEvaluationOrg) {
  Cases<CreateOrg> cases;
  AddRequestIdCases<CreateOrg>(cases, [](CreateOrg& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<CreateOrg>(
      cases, "org.credit_code", [](CreateOrg& r, const std::string& v) { r.mutable_org()->set_credit_code(v); },
      /*alone=*/false);
  AddTextCases<CreateOrg>(
      cases, "org.name", [](CreateOrg& r, const std::string& v) { r.mutable_org()->set_name(v); }, true,
      kMaxOrgNameChars);
  AddDistrictCases<CreateOrg>(
      cases, "org.district_code", [](CreateOrg& r, const std::string& v) { r.mutable_org()->set_district_code(v); },
      true);
  AddEnumCases<CreateOrg>(
      cases, "kind", [](CreateOrg& r, int v) { r.set_kind(static_cast<ev::OrgKind>(v)); }, true);
  AddOccupationCases<CreateOrg>(cases, "scope[0].occupation_code",
                                [](CreateOrg& r, const std::string& v) { r.mutable_scope(0)->set_occupation_code(v); });
  AddEnumCases<CreateOrg>(
      cases, "scope[0].highest_level",
      [](CreateOrg& r, int v) { r.mutable_scope(0)->set_highest_level(static_cast<common::v1::SkillLevel>(v)); }, true);
  cases.push_back({"scope: occupation listed twice", [](CreateOrg& r) { *r.add_scope() = r.scope(0); },
                   "scope[1].occupation_code"});
  cases.push_back({"scope: 201 entries (more than the maximum)",
                   [](CreateOrg& r) {
                     for (int i = 0; i < 200; ++i) {
                       *r.add_scope() = r.scope(0);
                     }
                   },
                   "scope"});
  AddTextCases<CreateOrg>(
      cases, "contact_name", [](CreateOrg& r, const std::string& v) { r.set_contact_name(v); }, false,
      kMaxPersonNameChars);
  for (const auto& [what, phone] : std::vector<std::pair<std::string, std::string>>{
           {"letters", "0532-CALL-ME"}, {"21 characters", Repeat("1", 21)}, {"newline", "0532\n8888"}}) {
    cases.push_back(
        {"contact_phone: " + what, [phone = phone](CreateOrg& r) { r.set_contact_phone(phone); }, "contact_phone"});
  }
  const CreateOrg valid = ValidCreateOrg(10);
  Run(&ev::EvaluationService::Stub::CreateEvaluationOrg, valid, cases);
  ExpectAccepted(&ev::EvaluationService::Stub::CreateEvaluationOrg, valid);
}

TEST_F(EvaluationBadInputTest, FilingWorkflowAndScope) {
  {
    using Req = ev::SuspendFilingRequest;
    Req valid;
    valid.set_credit_code(CreditCode(3));
    valid.set_reason("评价质量问题");
    valid.set_request_id("suspend-3");
    Cases<Req> cases;
    AddCreditCodeCases<Req>(
        cases, "credit_code", [](Req& r, const std::string& v) { r.set_credit_code(v); }, /*alone=*/true);
    AddTextCases<Req>(
        cases, "reason", [](Req& r, const std::string& v) { r.set_reason(v); }, true, kMaxReasonChars);
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    Run(&ev::EvaluationService::Stub::SuspendFiling, valid, cases);
  }
  {
    using Req = ev::RevokeFilingRequest;
    Req valid;
    valid.set_credit_code(CreditCode(3));
    valid.set_reason("撤销");
    Cases<Req> cases;
    AddCreditCodeCases<Req>(
        cases, "credit_code", [](Req& r, const std::string& v) { r.set_credit_code(v); }, /*alone=*/true);
    cases.push_back({"reason: empty", [](Req& r) { r.clear_reason(); }, "reason"});
    cases.push_back({"reason: U+202E",
                     [](Req& r) {
                       r.set_reason(
                           "\xe2\x80\xae"
                           "abc");
                     },
                     "reason"});
    Run(&ev::EvaluationService::Stub::RevokeFiling, valid, cases);
  }
  {
    using Req = ev::StartFilingAssessmentRequest;
    Req valid;
    valid.set_credit_code(CreditCode(3));
    Cases<Req> cases;
    AddCreditCodeCases<Req>(
        cases, "credit_code", [](Req& r, const std::string& v) { r.set_credit_code(v); }, /*alone=*/true);
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    Run(&ev::EvaluationService::Stub::StartFilingAssessment, valid, cases);
  }
  {
    using Req = ev::UpdateFilingScopeRequest;
    Req valid;
    valid.set_credit_code(kOrg());
    auto* entry = valid.add_scope();
    entry->set_occupation_code("6-18-02-04");
    entry->set_highest_level(common::v1::SKILL_LEVEL_2_TECHNICIAN);
    auto* robot = valid.add_scope();
    robot->set_occupation_code("6-30-99-00");
    robot->set_highest_level(common::v1::SKILL_LEVEL_3_SENIOR);
    Cases<Req> cases;
    AddOccupationCases<Req>(cases, "scope[1].occupation_code",
                            [](Req& r, const std::string& v) { r.mutable_scope(1)->set_occupation_code(v); });
    AddEnumCases<Req>(
        cases, "scope[1].highest_level",
        [](Req& r, int v) { r.mutable_scope(1)->set_highest_level(static_cast<common::v1::SkillLevel>(v)); }, true);
    cases.push_back({"scope: 201 entries",
                     [](Req& r) {
                       for (int i = 0; i < 199; ++i) {
                         *r.add_scope() = r.scope(0);
                       }
                     },
                     "scope"});
    cases.push_back({"expected_version: -1", [](Req& r) { r.set_expected_version(-1); }, "expected_version"});
    cases.push_back(
        {"expected_version: INT64_MIN", [](Req& r) { r.set_expected_version(INT64_MIN); }, "expected_version"});
    Run(&ev::EvaluationService::Stub::UpdateFilingScope, valid, cases);
    ExpectAccepted(&ev::EvaluationService::Stub::UpdateFilingScope, valid);
  }
}

// ---------------------------------------------------------------- certificates

// Cases of one certificate draft, paths relative to the draft.
Cases<ev::CertificateDraft> DraftCases() {
  using D = ev::CertificateDraft;
  Cases<D> cases;
  AddEnumCases<D>(
      cases, "type", [](D& d, int v) { d.set_type(static_cast<ev::CertificateType>(v)); }, true);
  AddEnumCases<D>(
      cases, "basis", [](D& d, int v) { d.set_basis(static_cast<ev::CertificateBasis>(v)); }, true);
  AddIdNumberCases<D>(cases, "person.id_number",
                      [](D& d, const std::string& v) { d.mutable_person()->set_id_number(v); });
  AddTextCases<D>(
      cases, "person.name", [](D& d, const std::string& v) { d.mutable_person()->set_name(v); }, true,
      kMaxPersonNameChars);
  AddOccupationCases<D>(cases, "occupation_code", [](D& d, const std::string& v) { d.set_occupation_code(v); });
  AddEnumCases<D>(
      cases, "level", [](D& d, int v) { d.set_level(static_cast<common::v1::SkillLevel>(v)); }, true);
  cases.push_back({"level: apprentice", [](D& d) { d.set_level(common::v1::SKILL_LEVEL_APPRENTICE); }, "level"});
  AddCreditCodeCases<D>(
      cases, "issuer_credit_code", [](D& d, const std::string& v) { d.set_issuer_credit_code(v); }, /*alone=*/true);
  for (const auto& [what, chain] :
       std::vector<std::pair<std::string, std::string>>{{"unknown", "IC99"},
                                                        {"U+200B",
                                                         "IC0\xe2\x80\x8b"
                                                         "1"},
                                                        {"10,000 characters", Repeat("I", 10000)}}) {
    cases.push_back({"industry_chain_code: " + what, [chain = chain](D& d) { d.set_industry_chain_code(chain); },
                     "industry_chain_code"});
  }
  AddDateCases<D>(
      cases, "issue_date", [](D& d) { return d.mutable_issue_date(); }, true, true);
  cases.push_back({"issue_date: 1949-12-31",
                   [](D& d) {
                     d.mutable_issue_date()->set_year(1949);
                     d.mutable_issue_date()->set_month(12);
                     d.mutable_issue_date()->set_day(31);
                   },
                   "issue_date"});
  for (const auto& [what, serial] : std::vector<std::pair<std::string, std::string>>{{"5 digits", "00001"},
                                                                                     {"letters", "00000A"},
                                                                                     {"full-width digits",
                                                                                      "\xef\xbc\x91"
                                                                                      "00001"}}) {
    cases.push_back({"site_serial: " + what, [serial = serial](D& d) { d.set_site_serial(serial); }, "site_serial"});
  }
  for (const auto& [what, number] : std::vector<std::pair<std::string, std::string>>{
           {"21 characters", "S00013700000126300000"},
           {"wrong province", "S000111000001264000001"},
           {"wrong level digit", "S000137000001261000001"},
           {"wrong year digits", "S000137000001254000001"},
           {"letters", "SXXXX37000001264000001"},
           {"reserved for competition promotions", "S000037999999263000001"},
           {"U+202E", "S0001370000012640000\xe2\x80\xae"}}) {
    cases.push_back({"number: " + what, [number = number](D& d) { d.set_number(number); }, "number"});
  }
  return cases;
}

TEST_F(EvaluationBadInputTest, IssueCertificate) {
  using Req = ev::IssueCertificateRequest;
  Req valid;
  valid.set_request_id("issue-2");
  *valid.mutable_certificate() = EvaluationHarness::Draft(2, kOrg());
  Cases<Req> cases =
      Nest<Req, ev::CertificateDraft>(DraftCases(), "certificate", [](Req& r) { return r.mutable_certificate(); });
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  Run(&ev::EvaluationService::Stub::IssueCertificate, valid, cases);
  ExpectAccepted(&ev::EvaluationService::Stub::IssueCertificate, valid);
}

TEST_F(EvaluationBadInputTest, BatchIssueCertificates) {
  // Items 0-2 repeat the certificate issued in SetUpTestSuite (refused as duplicates, so nothing
  // is written); item 3 is the malformed one.
  using Req = ev::BatchIssueCertificatesRequest;
  Req valid;
  for (int i = 0; i < 4; ++i) {
    *valid.add_certificates() = EvaluationHarness::Draft(1, kOrg());
  }
  int items = 0;
  for (const BadCase<ev::CertificateDraft>& c : DraftCases()) {
    SCOPED_TRACE("certificates[3]." + c.name);
    Req request = valid;
    c.mutate(*request.mutable_certificates(3));
    const StoreSize before = Size();
    ev::BatchIssueCertificatesResponse response;
    const grpc::Status status = stub().BatchIssueCertificates(Context(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.results_size(), 4);
    EXPECT_EQ(response.accepted_count(), 0);
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(response.results(i).status().code(), static_cast<int>(grpc::StatusCode::ALREADY_EXISTS));
    }
    const google::rpc::Status& item = response.results(3).status();
    ExpectInvalidField(item.code(), item, item.message(), "certificates[3]." + c.field);
    EXPECT_EQ(Size(), before);
    ExpectAlive();
    ++items;
  }
  total_cases_ += items;

  // The whole call is refused: its request_id, or too few or too many items.
  Cases<Req> cases;
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  cases.push_back({"certificates: none", [](Req& r) { r.clear_certificates(); }, "certificates"});
  cases.push_back({"certificates: 5,001 items (more than the maximum)",
                   [](Req& r) {
                     const ev::CertificateDraft draft = r.certificates(0);
                     for (int i = r.certificates_size(); i < 5001; ++i) {
                       *r.add_certificates() = draft;
                     }
                   },
                   "certificates"});
  Run(&ev::EvaluationService::Stub::BatchIssueCertificates, valid, cases);
}

TEST_F(EvaluationBadInputTest, CertificateReadsRevocationAndVerification) {
  {
    using Req = ev::GetCertificateRequest;
    Req valid;
    valid.set_number(*certificate_);
    Cases<Req> cases;
    for (const auto& [what, number] :
         std::vector<std::pair<std::string, std::string>>{{"empty", ""},
                                                          {"21 characters", certificate_->substr(0, 21)},
                                                          {"letters", "S0001370000012X4000001"},
                                                          {"10,000 characters", Repeat("S", 10000)},
                                                          {"U+202E", "S0001\xe2\x80\xae"}}) {
      cases.push_back({"number: " + what, [number = number](Req& r) { r.set_number(number); }, "number"});
    }
    Run(&ev::EvaluationService::Stub::GetCertificate, valid, cases);
    ExpectAccepted(&ev::EvaluationService::Stub::GetCertificate, valid);
  }
  {
    using Req = ev::VerifyCertificateRequest;
    Req valid;
    valid.set_number(*certificate_);
    valid.set_name(EvaluationHarness::PersonName(1));
    valid.set_id_number(PersonId(1));
    Cases<Req> cases;
    AddIdNumberCases<Req>(cases, "id_number", [](Req& r, const std::string& v) { r.set_id_number(v); });
    AddTextCases<Req>(
        cases, "name", [](Req& r, const std::string& v) { r.set_name(v); }, true, kMaxPersonNameChars);
    cases.push_back({"number: empty", [](Req& r) { r.clear_number(); }, "number"});
    Run(&ev::EvaluationService::Stub::VerifyCertificate, valid, cases, kVerifierToken);
    ev::VerifyCertificateResponse verified;
    ExpectAccepted(&ev::EvaluationService::Stub::VerifyCertificate, valid, &verified, kVerifierToken);
    EXPECT_EQ(verified.result(), ev::VERIFICATION_RESULT_VALID);
  }
  {
    using Req = ev::RevokeCertificateRequest;
    Req valid;
    valid.set_number(*certificate_);
    valid.set_reason("证书信息有误");
    valid.set_request_id("revoke-1");
    Cases<Req> cases;
    AddTextCases<Req>(
        cases, "reason", [](Req& r, const std::string& v) { r.set_reason(v); }, true, kMaxReasonChars);
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    cases.push_back({"number: too short", [](Req& r) { r.set_number("S0001"); }, "number"});
    Run(&ev::EvaluationService::Stub::RevokeCertificate, valid, cases);
  }
}

// ---------------------------------------------------------------- competition promotions

TEST_F(EvaluationBadInputTest, IssuePromotionCertificate) {
  using Req = ev::IssuePromotionCertificateRequest;
  // Person 3: no other case issues them a certificate (IssueCertificate's person 2 already holds
  // 三级 once it has run, and the promotion would be a DUPLICATE_CERTIFICATE).
  const Req valid = EvaluationHarness::PromotionRequest(3);
  Cases<Req> cases;
  cases.push_back({"request_id: empty (required here)", [](Req& r) { r.clear_request_id(); }, "request_id"});
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  AddIdNumberCases<Req>(cases, "person.id_number",
                        [](Req& r, const std::string& v) { r.mutable_person()->set_id_number(v); });
  AddTextCases<Req>(
      cases, "person.name", [](Req& r, const std::string& v) { r.mutable_person()->set_name(v); }, true,
      kMaxPersonNameChars);
  AddOccupationCases<Req>(cases, "occupation_code", [](Req& r, const std::string& v) { r.set_occupation_code(v); });
  AddEnumCases<Req>(
      cases, "level", [](Req& r, int v) { r.set_level(static_cast<common::v1::SkillLevel>(v)); }, true);
  cases.push_back({"level: apprentice", [](Req& r) { r.set_level(common::v1::SKILL_LEVEL_APPRENTICE); }, "level"});
  cases.push_back(
      {"level: 特级技师", [](Req& r) { r.set_level(common::v1::SKILL_LEVEL_PRINCIPAL_TECHNICIAN); }, "level"});
  cases.push_back({"level: 五级 in an occupation without it (4-14-02-02)",
                   [](Req& r) {
                     r.set_occupation_code("4-14-02-02");
                     r.set_level(common::v1::SKILL_LEVEL_5_JUNIOR);
                   },
                   "level"});
  struct IdField {
    std::string field;
    std::function<void(Req&, const std::string&)> set;
    std::string prefix;
    int digits;
  };
  const std::vector<IdField> ids = {
      {"competition.competition_id",
       [](Req& r, const std::string& v) { r.mutable_competition()->set_competition_id(v); }, "CP", 10},
      {"competition.contest_id", [](Req& r, const std::string& v) { r.mutable_competition()->set_contest_id(v); }, "CT",
       10},
      {"competition.entry_id", [](Req& r, const std::string& v) { r.mutable_competition()->set_entry_id(v); }, "EN",
       12},
  };
  for (const IdField& id : ids) {
    const std::string digits(static_cast<size_t>(id.digits), '1');
    for (const auto& [what, value] : std::vector<std::pair<std::string, std::string>>{
             {"empty", ""},
             {"one digit short", id.prefix + digits.substr(1)},
             {"one digit more", id.prefix + digits + "1"},
             {"lower-case prefix", (id.prefix == "CP"   ? "cp"
                                    : id.prefix == "CT" ? "ct"
                                                        : "en") +
                                       digits},
             {"another record's prefix", (id.prefix == "EN" ? "CP" : "EN") + digits},
             {"letter among the digits", id.prefix + "A" + digits.substr(1)},
             {"U+202E", id.prefix + "\xe2\x80\xae" + digits},
             {"10,000 characters", id.prefix + Repeat("1", 10000)}}) {
      cases.push_back({id.field + ": " + what, [set = id.set, value = value](Req& r) { set(r, value); }, id.field});
    }
  }
  for (int year : {0, -1, 1949, 2101, INT_MAX}) {
    cases.push_back({"competition.year: " + std::to_string(year),
                     [year](Req& r) { r.mutable_competition()->set_year(year); }, "competition.year"});
  }
  AddCreditCodeCases<Req>(
      cases, "competition.employer_credit_code",
      [](Req& r, const std::string& v) { r.mutable_competition()->set_employer_credit_code(v); }, /*alone=*/true);
  AddDistrictCases<Req>(
      cases, "competition.district_code",
      [](Req& r, const std::string& v) { r.mutable_competition()->set_district_code(v); }, true);
  cases.push_back(
      {"industry_chain_code: unknown", [](Req& r) { r.set_industry_chain_code("IC99"); }, "industry_chain_code"});
  Run(&ev::EvaluationService::Stub::IssuePromotionCertificate, valid, cases, kServiceToken);
  ExpectAccepted(&ev::EvaluationService::Stub::IssuePromotionCertificate, valid,
                 static_cast<ev::IssuePromotionCertificateResponse*>(nullptr), kServiceToken);
}

TEST_F(EvaluationBadInputTest, GetPersonLevel) {
  using Req = ev::GetPersonLevelRequest;
  Req valid;
  valid.set_id_number(PersonId(1));
  valid.set_occupation_code("6-18-02-04");
  Cases<Req> cases;
  AddIdNumberCases<Req>(cases, "id_number", [](Req& r, const std::string& v) { r.set_id_number(v); });
  AddOccupationCases<Req>(cases, "occupation_code", [](Req& r, const std::string& v) { r.set_occupation_code(v); });
  Run(&ev::EvaluationService::Stub::GetPersonLevel, valid, cases, kServiceToken);
  ev::GetPersonLevelResponse level;
  ExpectAccepted(&ev::EvaluationService::Stub::GetPersonLevel, valid, &level, kServiceToken);
  EXPECT_EQ(level.level(), common::v1::SKILL_LEVEL_3_SENIOR);  // the certificate of SetUpTestSuite
}

TEST_F(EvaluationBadInputTest, GetPersonQualifications) {
  using Req = ev::GetPersonQualificationsRequest;
  Req valid;
  valid.set_id_number(PersonId(1));
  Cases<Req> cases;
  AddIdNumberCases<Req>(cases, "id_number", [](Req& r, const std::string& v) { r.set_id_number(v); });
  // Optional (empty = every occupation), but when given it must be in the catalogue.
  AddOccupationCases<Req>(
      cases, "occupation_code", [](Req& r, const std::string& v) { r.set_occupation_code(v); }, /*required=*/false);
  Run(&ev::EvaluationService::Stub::GetPersonQualifications, valid, cases, kServiceToken);
  ev::GetPersonQualificationsResponse held;
  ExpectAccepted(&ev::EvaluationService::Stub::GetPersonQualifications, valid, &held, kServiceToken);
  ASSERT_EQ(held.levels_size(), 1);  // the certificate of SetUpTestSuite
  EXPECT_EQ(held.levels(0).level(), common::v1::SKILL_LEVEL_3_SENIOR);
}

// ---------------------------------------------------------------- introductions and enterprises

TEST_F(EvaluationBadInputTest, RegisterIntroduction) {
  using Req = ev::RegisterIntroductionRequest;
  Req valid;
  valid.set_request_id("intro-1");
  ev::Introduction* in = valid.mutable_introduction();
  in->mutable_person()->set_id_number(CitizenId("110105", "19880512", 21));
  in->mutable_person()->set_name("赵六");
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

  using I = ev::Introduction;
  Cases<I> inner;
  AddIdNumberCases<I>(inner, "person.id_number",
                      [](I& i, const std::string& v) { i.mutable_person()->set_id_number(v); });
  AddTextCases<I>(
      inner, "person.name", [](I& i, const std::string& v) { i.mutable_person()->set_name(v); }, true,
      kMaxPersonNameChars);
  AddCreditCodeCases<I>(
      inner, "employer.credit_code", [](I& i, const std::string& v) { i.mutable_employer()->set_credit_code(v); },
      /*alone=*/false);
  AddTextCases<I>(
      inner, "employer.name", [](I& i, const std::string& v) { i.mutable_employer()->set_name(v); }, true,
      kMaxOrgNameChars);
  AddDistrictCases<I>(
      inner, "employer.district_code", [](I& i, const std::string& v) { i.mutable_employer()->set_district_code(v); },
      true);
  AddOccupationCases<I>(inner, "occupation_code", [](I& i, const std::string& v) { i.set_occupation_code(v); });
  AddEnumCases<I>(
      inner, "level", [](I& i, int v) { i.set_level(static_cast<common::v1::SkillLevel>(v)); }, true);
  AddTextCases<I>(
      inner, "outside_certificate_number", [](I& i, const std::string& v) { i.set_outside_certificate_number(v); },
      true, 64);
  AddTextCases<I>(
      inner, "outside_issuer", [](I& i, const std::string& v) { i.set_outside_issuer(v); }, true, kMaxOrgNameChars);
  AddDateCases<I>(
      inner, "outside_issue_date", [](I& i) { return i.mutable_outside_issue_date(); }, true, true);
  AddDateCases<I>(
      inner, "arrival_date", [](I& i) { return i.mutable_arrival_date(); }, true, true);
  Cases<Req> cases = Nest<Req, I>(inner, "introduction", [](Req& r) { return r.mutable_introduction(); });
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  Run(&ev::EvaluationService::Stub::RegisterIntroduction, valid, cases, kDistrictAToken);
  ExpectAccepted(&ev::EvaluationService::Stub::RegisterIntroduction, valid,
                 static_cast<ev::RegisterIntroductionResponse*>(nullptr), kDistrictAToken);
}

TEST_F(EvaluationBadInputTest, UpsertEnterprise) {
  using Req = ev::UpsertEnterpriseRequest;
  Req valid;
  valid.set_request_id("ent-30");
  valid.mutable_enterprise()->mutable_org()->set_credit_code(CreditCode(30));
  valid.mutable_enterprise()->mutable_org()->set_name("青岛某制造企业");
  valid.mutable_enterprise()->mutable_org()->set_district_code(kDistrictA);
  valid.mutable_enterprise()->set_above_designated_size(true);
  valid.mutable_enterprise()->set_self_evaluation_eligible(true);
  valid.mutable_enterprise()->set_employee_count(800);
  Cases<Req> cases;
  AddCreditCodeCases<Req>(
      cases, "enterprise.org.credit_code",
      [](Req& r, const std::string& v) { r.mutable_enterprise()->mutable_org()->set_credit_code(v); },
      /*alone=*/false);
  AddTextCases<Req>(
      cases, "enterprise.org.name",
      [](Req& r, const std::string& v) { r.mutable_enterprise()->mutable_org()->set_name(v); }, true, kMaxOrgNameChars);
  AddDistrictCases<Req>(
      cases, "enterprise.org.district_code",
      [](Req& r, const std::string& v) { r.mutable_enterprise()->mutable_org()->set_district_code(v); }, true);
  cases.push_back({"enterprise.industry_chain_code: unknown",
                   [](Req& r) { r.mutable_enterprise()->set_industry_chain_code("IC99"); },
                   "enterprise.industry_chain_code"});
  cases.push_back({"enterprise.employee_count: -1", [](Req& r) { r.mutable_enterprise()->set_employee_count(-1); },
                   "enterprise.employee_count"});
  cases.push_back({"enterprise.employee_count: INT_MAX",
                   [](Req& r) { r.mutable_enterprise()->set_employee_count(INT_MAX); }, "enterprise.employee_count"});
  cases.push_back({"enterprise.self_evaluation_eligible: below designated size",
                   [](Req& r) { r.mutable_enterprise()->set_above_designated_size(false); },
                   "enterprise.self_evaluation_eligible"});
  cases.push_back({"expected_version: -1", [](Req& r) { r.set_expected_version(-1); }, "expected_version"});
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  Run(&ev::EvaluationService::Stub::UpsertEnterprise, valid, cases, kDistrictAToken);
  ExpectAccepted(&ev::EvaluationService::Stub::UpsertEnterprise, valid,
                 static_cast<ev::UpsertEnterpriseResponse*>(nullptr), kDistrictAToken);
  {
    using G = ev::GetEnterpriseRequest;
    G get;
    get.set_credit_code(CreditCode(30));
    Cases<G> reads;
    AddCreditCodeCases<G>(
        reads, "credit_code", [](G& r, const std::string& v) { r.set_credit_code(v); }, /*alone=*/true);
    Run(&ev::EvaluationService::Stub::GetEnterprise, get, reads);
  }
  {
    using G = ev::GetEvaluationOrgRequest;
    G get;
    get.set_credit_code(kOrg());
    Cases<G> reads;
    AddCreditCodeCases<G>(
        reads, "credit_code", [](G& r, const std::string& v) { r.set_credit_code(v); }, /*alone=*/true);
    Run(&ev::EvaluationService::Stub::GetEvaluationOrg, get, reads);
  }
}

TEST_F(EvaluationBadInputTest, BatchGetEnterprises) {
  using Req = ev::BatchGetEnterprisesRequest;
  Req valid;
  valid.add_credit_codes(CreditCode(30));
  valid.add_credit_codes(CreditCode(31));
  Cases<Req> cases;
  AddCreditCodeCases<Req>(
      cases, "credit_codes[1]", [](Req& r, const std::string& v) { r.set_credit_codes(1, v); }, /*alone=*/false);
  cases.push_back({"credit_codes: none", [](Req& r) { r.clear_credit_codes(); }, "credit_codes"});
  cases.push_back({"credit_codes: 5,001",
                   [](Req& r) {
                     for (int i = 0; i < 4999; ++i) {
                       r.add_credit_codes(CreditCode(1000 + i));
                     }
                   },
                   "credit_codes"});
  cases.push_back(
      {"credit_codes[1]: repeats [0]", [](Req& r) { r.set_credit_codes(1, CreditCode(30)); }, "credit_codes[1]"});
  cases.push_back({"credit_codes[1]: repeats [0] in lower case",
                   [](Req& r) {
                     std::string lower = CreditCode(30);
                     for (char& c : lower) {
                       c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                     }
                     r.set_credit_codes(1, lower);
                   },
                   "credit_codes[1]"});
  Run(&ev::EvaluationService::Stub::BatchGetEnterprises, valid, cases, kServiceToken);
  ExpectAccepted(&ev::EvaluationService::Stub::BatchGetEnterprises, valid,
                 static_cast<ev::BatchGetEnterprisesResponse*>(nullptr), kServiceToken);
}

// ---------------------------------------------------------------- lists, stats, feed and audit

TEST_F(EvaluationBadInputTest, ListsStatsFeedAndAudit) {
  {
    using Req = ev::ListEvaluationOrgsRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    AddEnumCases<Req>(
        cases, "kind", [](Req& r, int v) { r.set_kind(static_cast<ev::OrgKind>(v)); }, false);
    AddEnumCases<Req>(
        cases, "state", [](Req& r, int v) { r.set_state(static_cast<ev::FilingState>(v)); }, false);
    // A token bound to another filter.
    Req first;
    first.set_page_size(1);
    ev::ListEvaluationOrgsResponse page;
    ASSERT_TRUE(stub().ListEvaluationOrgs(Context(kAdminToken).get(), first, &page).ok());
    ASSERT_FALSE(page.next_page_token().empty());
    cases.push_back({"page_token: issued for another filter",
                     [token = page.next_page_token()](Req& r) {
                       r.set_page_token(token);
                       r.set_state(ev::FILING_STATE_FILED);
                     },
                     "page_token"});
    Run(&ev::EvaluationService::Stub::ListEvaluationOrgs, Req(), cases);
  }
  {
    using Req = ev::ListCertificatesRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    AddIdNumberCases<Req>(
        cases, "id_number", [](Req& r, const std::string& v) { r.set_id_number(v); }, /*required=*/false);
    AddCreditCodeCases<Req>(
        cases, "issuer_credit_code", [](Req& r, const std::string& v) { r.set_issuer_credit_code(v); },
        /*alone=*/true, /*required=*/false);
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    for (int year : {-1, 1949, 2101, INT_MAX}) {
      cases.push_back({"year: " + std::to_string(year), [year](Req& r) { r.set_year(year); }, "year"});
    }
    AddEnumCases<Req>(
        cases, "level", [](Req& r, int v) { r.set_level(static_cast<common::v1::SkillLevel>(v)); }, false);
    AddEnumCases<Req>(
        cases, "type", [](Req& r, int v) { r.set_type(static_cast<ev::CertificateType>(v)); }, false);
    AddEnumCases<Req>(
        cases, "status", [](Req& r, int v) { r.set_status(static_cast<ev::CertificateStatus>(v)); }, false);
    Run(&ev::EvaluationService::Stub::ListCertificates, Req(), cases);
  }
  {
    using Req = ev::ListIntroductionsRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    AddIdNumberCases<Req>(
        cases, "id_number", [](Req& r, const std::string& v) { r.set_id_number(v); }, /*required=*/false);
    cases.push_back({"year: 1800", [](Req& r) { r.set_year(1800); }, "year"});
    Run(&ev::EvaluationService::Stub::ListIntroductions, Req(), cases);
  }
  {
    using Req = ev::ListEnterprisesRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    Run(&ev::EvaluationService::Stub::ListEnterprises, Req(), cases);
  }
  {
    using Req = ev::GetSelfEvaluationCoverageRequest;
    Cases<Req> cases;
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    Run(&ev::EvaluationService::Stub::GetSelfEvaluationCoverage, Req(), cases);
  }
  {
    using Req = ev::GetEvaluationStatsRequest;
    Req valid;
    valid.set_year(2026);
    Cases<Req> cases;
    for (int year : {0, -2026, 1949, 2101, INT_MIN}) {
      cases.push_back({"year: " + std::to_string(year), [year](Req& r) { r.set_year(year); }, "year"});
    }
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    Run(&ev::EvaluationService::Stub::GetEvaluationStats, valid, cases);
  }
  {
    using Req = ev::ListEventsRequest;
    Cases<Req> cases;
    for (const auto& [what, id] :
         std::vector<std::pair<std::string, std::string>>{{"letters", "abc"},
                                                          {"three parts", "1-2-3"},
                                                          {"dash only", "-"},
                                                          {"trailing dash", "1-"},
                                                          {"21 digits", Repeat("9", 21)},
                                                          {"beyond 64 bits", "99999999999999999999-0"},
                                                          {"10,000 characters", Repeat("1", 10000)},
                                                          {"U+202E", "1\xe2\x80\xae"}}) {
      cases.push_back({"after_id: " + what, [id = id](Req& r) { r.set_after_id(id); }, "after_id"});
    }
    cases.push_back({"max_events: -1", [](Req& r) { r.set_max_events(-1); }, "max_events"});
    cases.push_back({"wait_ms: -1", [](Req& r) { r.set_wait_ms(-1); }, "wait_ms"});
    Run(&ev::EvaluationService::Stub::ListEvents, Req(), cases, kServiceToken);
  }
  {
    using Req = ev::ListAuditEntriesRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    Run(&ev::EvaluationService::Stub::ListAuditEntries, Req(), cases);
  }
}

TEST_F(EvaluationBadInputTest, HugePageSizesAreCappedNotRefused) {
  // docs/api.md "Paging": 0 → 50, at most 1000. A larger size is served as 1000.
  ev::ListEvaluationOrgsRequest request;
  request.set_page_size(INT_MAX);
  ev::ListEvaluationOrgsResponse response;
  const grpc::Status status = stub().ListEvaluationOrgs(Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_LE(response.evaluation_orgs_size(), 1000);
}

// ---------------------------------------------------------------- what does not reach the handlers

TEST_F(EvaluationBadInputTest, InvalidUtf8OnTheWireIsRefusedByGrpcAndStoresNothing) {
  // The valid requests travel the same way and are accepted: the generic call itself works.
  ev::GetEvaluationOrgRequest get;
  get.set_credit_code(kOrg());
  ASSERT_TRUE(RawCall("GetEvaluationOrg", get.SerializeAsString()).ok());

  ev::IssueCertificateRequest issue;
  *issue.mutable_certificate() = EvaluationHarness::Draft(5, kOrg());
  ev::CreateEvaluationOrgRequest create = ValidCreateOrg(40);
  ev::VerifyCertificateRequest verify;
  verify.set_number(*certificate_);
  verify.set_name(EvaluationHarness::PersonName(1));
  verify.set_id_number(PersonId(1));
  struct Target {
    std::string method;
    std::string valid;
    std::function<std::string(const std::string&)> field;  // the bytes that set the field to a value
    std::string name;
  };
  const std::vector<Target> targets = {
      {"IssueCertificate", issue.SerializeAsString(),
       [](const std::string& v) { return LengthDelimited(2, LengthDelimited(4, LengthDelimited(2, v))); },
       "certificate.person.name"},
      {"IssueCertificate", issue.SerializeAsString(),
       [](const std::string& v) { return LengthDelimited(2, LengthDelimited(7, v)); },
       "certificate.issuer_credit_code"},
      {"IssueCertificate", issue.SerializeAsString(), [](const std::string& v) { return LengthDelimited(1, v); },
       "request_id"},
      {"CreateEvaluationOrg", create.SerializeAsString(),
       [](const std::string& v) { return LengthDelimited(2, LengthDelimited(2, v)); }, "org.name"},
      {"CreateEvaluationOrg", create.SerializeAsString(), [](const std::string& v) { return LengthDelimited(5, v); },
       "contact_name"},
      {"VerifyCertificate", verify.SerializeAsString(), [](const std::string& v) { return LengthDelimited(2, v); },
       "name"},
  };
  int sent = 0;
  for (const Target& target : targets) {
    // Sanity: the override with valid text is accepted by the parser (whatever the handler says).
    const grpc::Status parsed = RawCall(target.method, target.valid + target.field("\xe5\xbc\xa0"));
    EXPECT_NE(parsed.error_code(), grpc::StatusCode::UNIMPLEMENTED) << target.method << " " << target.name;
    for (const auto& [what, bytes] : InvalidUtf8()) {
      SCOPED_TRACE(target.method + " " + target.name + ": " + what);
      const StoreSize before = Size();
      const grpc::Status status = RawCall(target.method, target.valid + target.field(bytes));
      // gRPC 1.51's callback API answers a request that does not parse with UNIMPLEMENTED and no
      // details, before the service (and its audit) sees it.
      EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
      EXPECT_EQ(Size(), before);
      ExpectAlive();
      ++sent;
    }
  }
  std::cout << "[ corpus   ] " << sent << " requests with invalid UTF-8" << std::endl;
}

TEST_F(EvaluationBadInputTest, UnknownAndOutputOnlyFieldsAreIgnoredAndNeverStored) {
  const std::string marker = "MARKER-7f3a";
  // Unknown fields at the top and inside the draft and the person.
  ev::IssueCertificateRequest issue;
  *issue.mutable_certificate() = EvaluationHarness::Draft(6, kOrg());
  issue.GetReflection()->MutableUnknownFields(&issue)->AddLengthDelimited(900, marker + "-top");
  ev::CertificateDraft* draft = issue.mutable_certificate();
  draft->GetReflection()->MutableUnknownFields(draft)->AddLengthDelimited(901, marker + "-draft");
  draft->GetReflection()->MutableUnknownFields(draft)->AddVarint(902, 12345);
  common::v1::PersonRef* person = draft->mutable_person();
  person->GetReflection()->MutableUnknownFields(person)->AddLengthDelimited(903, marker + "-person");
  // Output-only fields of the person.
  person->set_gender(common::v1::GENDER_MALE);
  person->mutable_birth_date()->set_year(1900);
  ev::IssueCertificateResponse issued;
  grpc::Status status = stub().IssueCertificate(Context(kAdminToken).get(), issue, &issued);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(issued.GetReflection()->GetUnknownFields(issued).empty());
  ev::GetCertificateRequest get;
  get.set_number(issued.certificate().number());
  ev::GetCertificateResponse got;
  ASSERT_TRUE(stub().GetCertificate(Context(kAdminToken).get(), get, &got).ok());
  EXPECT_TRUE(got.certificate().GetReflection()->GetUnknownFields(got.certificate()).empty());
  EXPECT_TRUE(got.certificate().person().GetReflection()->GetUnknownFields(got.certificate().person()).empty());
  EXPECT_EQ(got.certificate().person().gender(), common::v1::GENDER_FEMALE);  // PersonId(6): even sequence
  EXPECT_NE(got.certificate().person().birth_date().year(), 1900);

  // Output-only fields of an introduction and an enterprise.
  ev::RegisterIntroductionRequest intro;
  ev::Introduction* in = intro.mutable_introduction();
  in->set_id("INT-" + marker);
  in->mutable_create_time()->set_seconds(7);
  in->mutable_person()->set_id_number(CitizenId("110105", "19790101", 33));
  in->mutable_person()->set_name("钱七");
  in->mutable_employer()->set_credit_code(CreditCode(21));
  in->mutable_employer()->set_name("青岛某企业");
  in->mutable_employer()->set_district_code(kDistrictA);
  in->set_occupation_code("6-18-02-04");
  in->set_level(common::v1::SKILL_LEVEL_3_SENIOR);
  in->set_outside_certificate_number("S110037000001194000777");
  in->set_outside_issuer("北京市某评价机构");
  in->mutable_outside_issue_date()->set_year(2019);
  in->mutable_outside_issue_date()->set_month(3);
  in->mutable_outside_issue_date()->set_day(1);
  in->mutable_arrival_date()->set_year(2026);
  in->mutable_arrival_date()->set_month(5);
  in->mutable_arrival_date()->set_day(1);
  in->GetReflection()->MutableUnknownFields(in)->AddLengthDelimited(950, marker + "-intro");
  ev::RegisterIntroductionResponse registered;
  status = stub().RegisterIntroduction(Context(kAdminToken).get(), intro, &registered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(registered.introduction().id().find(marker), std::string::npos);
  EXPECT_NE(registered.introduction().create_time().seconds(), 7);

  ev::UpsertEnterpriseRequest upsert;
  upsert.mutable_enterprise()->mutable_org()->set_credit_code(CreditCode(31));
  upsert.mutable_enterprise()->mutable_org()->set_name("青岛某企业");
  upsert.mutable_enterprise()->mutable_org()->set_district_code(kDistrictA);
  upsert.mutable_enterprise()->set_version(99);
  upsert.mutable_enterprise()->mutable_update_time()->set_seconds(7);
  ev::UpsertEnterpriseResponse upserted;
  ASSERT_TRUE(stub().UpsertEnterprise(Context(kAdminToken).get(), upsert, &upserted).ok());
  ev::GetEnterpriseRequest get_enterprise;
  get_enterprise.set_credit_code(CreditCode(31));
  ev::GetEnterpriseResponse enterprise;
  ASSERT_TRUE(stub().GetEnterprise(Context(kAdminToken).get(), get_enterprise, &enterprise).ok());
  EXPECT_EQ(enterprise.enterprise().version(), 1);
  EXPECT_NE(enterprise.enterprise().update_time().seconds(), 7);

  // Nothing the client invented is anywhere in the store.
  EXPECT_EQ(KeyHolding(marker), "");
  EXPECT_FALSE(KeyHolding("\xe5\xbc\xa0\xe4\xb8\x89"
                          "6")
                   .empty());  // the search does find stored text
}

}  // namespace
}  // namespace skillbridge::testing
