// The bad-input corpus of the training service, over real gRPC and a real redis-server (with the
// real evaluation service behind it). Every RPC family is fed a table of malformed requests, each
// made from a valid request by changing one field (wrong check characters in citizen ID numbers
// and credit codes, impossible dates, enum values out of range, oversized texts and lists, control
// and invisible characters, blank required fields, bad update masks, bad request ids, negative
// page sizes, malformed page tokens and stream ids). Each one must be answered INVALID_ARGUMENT,
// reason INVALID_FIELD, with BadRequest field violations naming only the changed field by its path
// in the request ("rows[0].course_id" for a batch row), must leave the store as it was (number of
// keys and length of the change feed; the audit stream, where refusals are recorded, is left out),
// and must leave the service answering normal calls. Separately: invalid UTF-8 put on the wire in
// string fields is refused by gRPC before the service sees it (UNIMPLEMENTED, docs/api.md
// "Requests that do not parse") and stores nothing; unknown and output-only fields are ignored and
// never stored.

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
#include "services/training/api/handler_support.h"
#include "services/training/domain/institution_contact.h"
#include "services/training/store/keys.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"
#include "tests/training/training_harness.h"

namespace skillbridge::testing {
namespace {

common::v1::Date MakeDate(int y, int m, int d) {
  common::v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

using training::kMaxAddressChars;
using training::kMaxApprovedOccupations;
using training::kMaxContactNameChars;
using training::kMaxPaymentReferenceChars;

class TrainingBadInputTest : public SuiteHarnessTest<TrainingHarness> {
 protected:
  // An active institution (CreditCode(1)), a published catalogue entry, a course with a completed
  // enrolment (person 1) that has a submitted claim, and an open enrolment (person 2).
  static void SetUpTestSuite() {
    SuiteHarnessTest::SetUpTestSuite();
    ASSERT_NE(harness_, nullptr);
    harness_->CreateInstitution(1, kDistrictA);
    harness_->PublishCatalog(2026, kWelder, common::v1::SKILL_LEVEL_3_SENIOR, 150000);
    const tr::Course course = harness_->CreateCourse(CreditCode(1), kWelder, common::v1::SKILL_LEVEL_3_SENIOR);
    course_ = new std::string(course.id());
    const tr::Enrollment completed = harness_->CompletedEnrollment(course.id(), 1);
    completed_ = new std::string(completed.id());
    certificate_ = new std::string(harness_->IssueCertificate(1, kWelder, common::v1::SKILL_LEVEL_3_SENIOR));
    tr::SubsidyClaim claim;
    const grpc::Status submitted = harness_->Submit(completed.id(), *certificate_, &claim);
    ASSERT_TRUE(submitted.ok()) << submitted.error_message();
    claim_ = new std::string(claim.id());
    tr::Enrollment open;
    ASSERT_TRUE(harness_->Enroll(course.id(), 2, &open).ok());
    open_ = new std::string(open.id());
  }
  static void TearDownTestSuite() {
    std::cout << "[ corpus   ] " << total_cases_ << " malformed training requests" << std::endl;
    for (std::string** s : {&course_, &completed_, &certificate_, &claim_, &open_}) {
      delete *s;
      *s = nullptr;
    }
    SuiteHarnessTest::TearDownTestSuite();
  }

  static std::unique_ptr<grpc::ClientContext> Context(const std::string& token) {
    return TrainingHarness::Context(token);
  }
  tr::TrainingService::Stub& stub() { return harness_->stub(); }

  StoreSize Size() { return MeasureStore(*harness_, training::keys::kAudit, training::keys::kEvents); }

  // A normal call still succeeds.
  void ExpectAlive() {
    tr::GetInstitutionRequest get;
    get.set_credit_code(CreditCode(1));
    tr::GetInstitutionResponse got;
    const grpc::Status status = stub().GetInstitution(Context(kAdminToken).get(), get, &got);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Request, typename Response>
  using Method = grpc::Status (tr::TrainingService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

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
    return RawUnaryCall(harness_->channel(), "/skillbridge.training.v1.TrainingService/" + method, bytes, kAdminToken);
  }

  std::string KeyHolding(const std::string& marker) { return testing::KeyHolding(harness_->redis_client(), marker); }

  static inline std::string* course_ = nullptr;
  static inline std::string* completed_ = nullptr;
  static inline std::string* certificate_ = nullptr;
  static inline std::string* claim_ = nullptr;
  static inline std::string* open_ = nullptr;
  static inline int total_cases_ = 0;
};

// A record id (course, enrolment, claim): required, at most 64 of [A-Za-z0-9_-].
template <typename R>
void AddRecordIdCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required = true) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
  }
  add("65 characters", Repeat("C", 65));
  add("10,000 characters", Repeat("C", 10000));
  add("space", "C 0000000001");
  add("slash", "C0000000001/..");
  add("colon", "training:course:C0000000001");
  add("U+202E",
      "C000\xe2\x80\xae"
      "0001");
  add("ideographs", "\xe8\xaf\xbe\xe7\xa8\x8b");
}

// A contact phone: digits, '+', '-' and spaces, at most 20, at least 5 digits.
template <typename R>
void AddPhoneCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
  }
  add("letters", "0532-CALL-ME");
  add("21 characters", Repeat("1", 21));
  add("4 digits", "+-12 34");
  add("newline", "0532\n88886666");
  add("full-width digits", "\xef\xbc\x90\xef\xbc\x95\xef\xbc\x93\xef\xbc\x92\xef\xbc\x98");
}

// A contact e-mail: local@domain in printable ASCII, at most 100 characters.
template <typename R>
void AddEmailCases(Cases<R>& cases, const std::string& field, StringSetter<R> set) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  add("no @", "office.example.cn");
  add("101 characters", Repeat("a", 90) + "@example.cn");
  add("space", "office @example.cn");
  add("ideographs", "\xe5\x8a\x9e\xe5\x85\xac@example.cn");
  add("U+202E", "office\xe2\x80\xae@example.cn");
}

// ---------------------------------------------------------------- institutions

using CreateInst = tr::CreateInstitutionRequest;

CreateInst ValidCreateInstitution(int n) {
  CreateInst request;
  request.set_request_id("inst-" + std::to_string(n));
  request.mutable_org()->set_credit_code(CreditCode(n));
  request.mutable_org()->set_name("青岛某职业培训学校");
  request.mutable_org()->set_district_code(kDistrictA);
  request.set_kind(tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
  request.add_approved_occupation_codes(kWelder);
  request.add_approved_occupation_codes("6-30-99-00");
  request.set_contact_name("王五");
  request.set_contact_phone("0532-8888 6666");
  request.set_address("青岛市市南区香港中路1号");
  request.set_contact_email("office@example.cn");
  return request;
}

TEST_F(TrainingBadInputTest, CreateInstitution) {
  Cases<CreateInst> cases;
  AddRequestIdCases<CreateInst>(cases, [](CreateInst& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<CreateInst>(
      cases, "org.credit_code", [](CreateInst& r, const std::string& v) { r.mutable_org()->set_credit_code(v); },
      /*alone=*/false);
  AddTextCases<CreateInst>(
      cases, "org.name", [](CreateInst& r, const std::string& v) { r.mutable_org()->set_name(v); }, true,
      kMaxOrgNameChars);
  AddDistrictCases<CreateInst>(
      cases, "org.district_code", [](CreateInst& r, const std::string& v) { r.mutable_org()->set_district_code(v); },
      true);
  AddEnumCases<CreateInst>(
      cases, "kind", [](CreateInst& r, int v) { r.set_kind(static_cast<tr::InstitutionKind>(v)); }, true);
  AddEnumCases<CreateInst>(
      cases, "status", [](CreateInst& r, int v) { r.set_status(static_cast<tr::InstitutionStatus>(v)); }, false);
  AddOccupationCases<CreateInst>(cases, "approved_occupation_codes[1]",
                                 [](CreateInst& r, const std::string& v) { r.set_approved_occupation_codes(1, v); });
  cases.push_back({"approved_occupation_codes: listed twice",
                   [](CreateInst& r) { r.set_approved_occupation_codes(1, kWelder); }, "approved_occupation_codes[1]"});
  cases.push_back({"approved_occupation_codes: more than the maximum",
                   [](CreateInst& r) {
                     r.clear_approved_occupation_codes();
                     for (int i = 0; i <= kMaxApprovedOccupations; ++i) {
                       r.add_approved_occupation_codes(kWelder);
                     }
                   },
                   "approved_occupation_codes"});
  AddTextCases<CreateInst>(
      cases, "contact_name", [](CreateInst& r, const std::string& v) { r.set_contact_name(v); }, false,
      kMaxContactNameChars);
  AddPhoneCases<CreateInst>(
      cases, "contact_phone", [](CreateInst& r, const std::string& v) { r.set_contact_phone(v); }, false);
  AddTextCases<CreateInst>(
      cases, "address", [](CreateInst& r, const std::string& v) { r.set_address(v); }, false, kMaxAddressChars);
  AddEmailCases<CreateInst>(cases, "contact_email",
                            [](CreateInst& r, const std::string& v) { r.set_contact_email(v); });
  // "more than the maximum" lists the same code 201 times: both the size and the repeats are wrong.
  Cases<CreateInst> single;
  for (auto& c : cases) {
    if (c.name != "approved_occupation_codes: more than the maximum") {
      single.push_back(c);
    }
  }
  const CreateInst valid = ValidCreateInstitution(10);
  Run(&tr::TrainingService::Stub::CreateInstitution, valid, single);
  ExpectAccepted(&tr::TrainingService::Stub::CreateInstitution, valid);
}

TEST_F(TrainingBadInputTest, UpdateInstitutionAndItsContact) {
  {
    using Req = tr::UpdateInstitutionRequest;
    Req valid;
    valid.set_request_id("update-inst-1");
    valid.set_credit_code(CreditCode(1));
    tr::Institution* values = valid.mutable_institution();
    values->mutable_org()->set_name("青岛某职业培训学校（新）");
    values->set_kind(tr::INSTITUTION_KIND_TECHNICAL_SCHOOL);
    values->set_status(tr::INSTITUTION_STATUS_ACTIVE);
    for (const auto& occupation : HelperOccupations()) {
      values->add_approved_occupation_codes(occupation);
    }
    values->set_contact_name("王五");
    values->set_contact_phone("0532-8888 6666");
    values->set_address("青岛市市南区香港中路1号");
    values->set_contact_email("office@example.cn");
    for (const char* path : {"org.name", "kind", "status", "approved_occupation_codes", "contact_name", "contact_phone",
                             "address", "contact_email"}) {
      valid.mutable_update_mask()->add_paths(path);
    }
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    AddCreditCodeCases<Req>(
        cases, "credit_code", [](Req& r, const std::string& v) { r.set_credit_code(v); }, /*alone=*/true);
    cases.push_back({"update_mask: empty", [](Req& r) { r.clear_update_mask(); }, "update_mask"});
    for (const auto& [what, path] :
         std::vector<std::pair<std::string, std::string>>{{"unknown path", "no_such_field"},
                                                          {"not updatable", "org.credit_code"},
                                                          {"output only", "version"},
                                                          {"U+202E", "org.name\xe2\x80\xae"},
                                                          {"10,000 characters", Repeat("a", 10000)}}) {
      cases.push_back({"update_mask.paths[0]: " + what,
                       [path = path](Req& r) { r.mutable_update_mask()->set_paths(0, path); }, "update_mask.paths[0]"});
    }
    cases.push_back({"update_mask.paths[8]: named twice", [](Req& r) { r.mutable_update_mask()->add_paths("kind"); },
                     "update_mask.paths[8]"});
    cases.push_back({"institution: missing",
                     [](Req& r) {
                       r.clear_institution();
                       r.mutable_update_mask()->clear_paths();
                       r.mutable_update_mask()->add_paths("contact_email");
                     },
                     "institution"});
    AddTextCases<Req>(
        cases, "institution.org.name",
        [](Req& r, const std::string& v) { r.mutable_institution()->mutable_org()->set_name(v); }, true,
        kMaxOrgNameChars);
    AddEnumCases<Req>(
        cases, "institution.kind",
        [](Req& r, int v) { r.mutable_institution()->set_kind(static_cast<tr::InstitutionKind>(v)); }, true);
    AddEnumCases<Req>(
        cases, "institution.status",
        [](Req& r, int v) { r.mutable_institution()->set_status(static_cast<tr::InstitutionStatus>(v)); }, true);
    cases.push_back({"institution.status: SUSPENDED without status_reason in the mask",
                     [](Req& r) { r.mutable_institution()->set_status(tr::INSTITUTION_STATUS_SUSPENDED); },
                     "institution.status_reason"});
    AddOccupationCases<Req>(cases, "institution.approved_occupation_codes[2]", [](Req& r, const std::string& v) {
      r.mutable_institution()->set_approved_occupation_codes(2, v);
    });
    AddPhoneCases<Req>(
        cases, "institution.contact_phone",
        [](Req& r, const std::string& v) { r.mutable_institution()->set_contact_phone(v); }, false);
    AddEmailCases<Req>(cases, "institution.contact_email",
                       [](Req& r, const std::string& v) { r.mutable_institution()->set_contact_email(v); });
    AddTextCases<Req>(
        cases, "institution.address", [](Req& r, const std::string& v) { r.mutable_institution()->set_address(v); },
        false, kMaxAddressChars);
    cases.push_back({"expected_version: -1", [](Req& r) { r.set_expected_version(-1); }, "expected_version"});
    Run(&tr::TrainingService::Stub::UpdateInstitution, valid, cases);
    ExpectAccepted(&tr::TrainingService::Stub::UpdateInstitution, valid);
  }
  {
    using Req = tr::UpdateInstitutionContactRequest;
    Req valid;
    valid.set_credit_code(CreditCode(1));
    valid.set_contact_name("赵六");
    valid.set_contact_phone("13800138000");
    valid.set_address("青岛市市南区");
    valid.set_contact_email("school@example.cn");
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    AddCreditCodeCases<Req>(
        cases, "credit_code", [](Req& r, const std::string& v) { r.set_credit_code(v); }, /*alone=*/true);
    AddTextCases<Req>(
        cases, "contact_name", [](Req& r, const std::string& v) { r.set_contact_name(v); }, true, kMaxContactNameChars);
    AddPhoneCases<Req>(
        cases, "contact_phone", [](Req& r, const std::string& v) { r.set_contact_phone(v); }, true);
    AddEmailCases<Req>(cases, "contact_email", [](Req& r, const std::string& v) { r.set_contact_email(v); });
    cases.push_back({"expected_version: -1", [](Req& r) { r.set_expected_version(-1); }, "expected_version"});
    Run(&tr::TrainingService::Stub::UpdateInstitutionContact, valid, cases, kInstitutionAToken);
    ExpectAccepted(&tr::TrainingService::Stub::UpdateInstitutionContact, valid,
                   static_cast<tr::UpdateInstitutionContactResponse*>(nullptr), kInstitutionAToken);
  }
  {
    using Req = tr::GetInstitutionRequest;
    Req valid;
    valid.set_credit_code(CreditCode(1));
    Cases<Req> cases;
    AddCreditCodeCases<Req>(
        cases, "credit_code", [](Req& r, const std::string& v) { r.set_credit_code(v); }, /*alone=*/true);
    Run(&tr::TrainingService::Stub::GetInstitution, valid, cases);
  }
}

// ---------------------------------------------------------------- the catalogue

TEST_F(TrainingBadInputTest, Catalogue) {
  {
    using Req = tr::UpsertCatalogEntryRequest;
    Req valid;
    valid.set_request_id("catalog-2026-robot");
    valid.mutable_entry()->set_year(2026);
    valid.mutable_entry()->set_occupation_code("6-30-99-00");
    valid.mutable_entry()->set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
    valid.mutable_entry()->set_subsidy_fen(120000);
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    for (int year : {0, 1999, 2101, -2026, INT_MAX}) {
      cases.push_back(
          {"entry.year: " + std::to_string(year), [year](Req& r) { r.mutable_entry()->set_year(year); }, "entry.year"});
    }
    AddOccupationCases<Req>(cases, "entry.occupation_code",
                            [](Req& r, const std::string& v) { r.mutable_entry()->set_occupation_code(v); });
    AddEnumCases<Req>(
        cases, "entry.level",
        [](Req& r, int v) { r.mutable_entry()->set_level(static_cast<common::v1::SkillLevel>(v)); }, true);
    for (int64_t fen : {int64_t{0}, int64_t{-1}, training::kMaxSubsidyFen + 1, INT64_MAX, INT64_MIN}) {
      cases.push_back({"entry.subsidy_fen: " + std::to_string(fen),
                       [fen](Req& r) { r.mutable_entry()->set_subsidy_fen(fen); }, "entry.subsidy_fen"});
    }
    cases.push_back({"expected_version: -1", [](Req& r) { r.set_expected_version(-1); }, "expected_version"});
    Run(&tr::TrainingService::Stub::UpsertCatalogEntry, valid, cases);
    ExpectAccepted(&tr::TrainingService::Stub::UpsertCatalogEntry, valid);
  }
  {
    using Req = tr::GetCatalogEntryRequest;
    Req valid;
    valid.set_year(2026);
    valid.set_occupation_code(kWelder);
    valid.set_level(common::v1::SKILL_LEVEL_3_SENIOR);
    Cases<Req> cases;
    cases.push_back({"year: 0", [](Req& r) { r.set_year(0); }, "year"});
    AddOccupationCases<Req>(cases, "occupation_code", [](Req& r, const std::string& v) { r.set_occupation_code(v); });
    AddEnumCases<Req>(
        cases, "level", [](Req& r, int v) { r.set_level(static_cast<common::v1::SkillLevel>(v)); }, true);
    Run(&tr::TrainingService::Stub::GetCatalogEntry, valid, cases);
    ExpectAccepted(&tr::TrainingService::Stub::GetCatalogEntry, valid);
  }
  {
    using Req = tr::ListCatalogEntriesRequest;
    Req valid;
    valid.set_year(2026);
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    cases.push_back({"year: unset", [](Req& r) { r.clear_year(); }, "year"});
    AddOccupationCases<Req>(
        cases, "occupation_code", [](Req& r, const std::string& v) { r.set_occupation_code(v); }, false);
    AddEnumCases<Req>(
        cases, "level", [](Req& r, int v) { r.set_level(static_cast<common::v1::SkillLevel>(v)); }, false);
    Run(&tr::TrainingService::Stub::ListCatalogEntries, valid, cases);
  }
}

// ---------------------------------------------------------------- courses

TEST_F(TrainingBadInputTest, Courses) {
  {
    using Req = tr::CreateCourseRequest;
    Req valid;
    valid.set_request_id("course-new");
    tr::Course* course = valid.mutable_course();
    course->mutable_institution()->set_credit_code(CreditCode(1));
    course->set_title("焊工提升班（二期）");
    course->set_programme(tr::PROGRAMME_ON_THE_JOB_UPGRADE);
    course->set_occupation_code(kWelder);
    course->set_level(common::v1::SKILL_LEVEL_3_SENIOR);
    *course->mutable_start_date() = MakeDate(2026, 7, 1);
    *course->mutable_end_date() = MakeDate(2026, 9, 30);
    course->set_capacity(40);
    using C = tr::Course;
    Cases<C> inner;
    AddCreditCodeCases<C>(
        inner, "institution.credit_code",
        [](C& c, const std::string& v) { c.mutable_institution()->set_credit_code(v); }, /*alone=*/true);
    AddTextCases<C>(
        inner, "title", [](C& c, const std::string& v) { c.set_title(v); }, true, kMaxOrgNameChars);
    AddEnumCases<C>(
        inner, "programme", [](C& c, int v) { c.set_programme(static_cast<tr::Programme>(v)); }, true);
    AddOccupationCases<C>(inner, "occupation_code", [](C& c, const std::string& v) { c.set_occupation_code(v); });
    AddEnumCases<C>(
        inner, "level", [](C& c, int v) { c.set_level(static_cast<common::v1::SkillLevel>(v)); }, true);
    inner.push_back(
        {"industry_chain_code: unknown", [](C& c) { c.set_industry_chain_code("IC99"); }, "industry_chain_code"});
    AddDateCases<C>(
        inner, "start_date", [](C& c) { return c.mutable_start_date(); }, true, false);
    AddDateCases<C>(
        inner, "end_date", [](C& c) { return c.mutable_end_date(); }, true, false);
    inner.push_back(
        {"end_date: before the start date", [](C& c) { *c.mutable_end_date() = MakeDate(2026, 6, 30); }, "end_date"});
    for (int capacity : {0, -1, 10001, INT_MAX, INT_MIN}) {
      inner.push_back(
          {"capacity: " + std::to_string(capacity), [capacity](C& c) { c.set_capacity(capacity); }, "capacity"});
    }
    Cases<Req> cases = Nest<Req, C>(inner, "course", [](Req& r) { return r.mutable_course(); });
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    Run(&tr::TrainingService::Stub::CreateCourse, valid, cases);
    ExpectAccepted(&tr::TrainingService::Stub::CreateCourse, valid);
  }
  {
    using Req = tr::CancelCourseRequest;
    Req valid;
    valid.set_course_id(*course_);
    valid.set_reason("报名人数不足");
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<Req>(cases, "course_id", [](Req& r, const std::string& v) { r.set_course_id(v); });
    AddTextCases<Req>(
        cases, "reason", [](Req& r, const std::string& v) { r.set_reason(v); }, true, kMaxReasonChars);
    Run(&tr::TrainingService::Stub::CancelCourse, valid, cases);
  }
  {
    using Req = tr::GetCourseRequest;
    Req valid;
    valid.set_id(*course_);
    Cases<Req> cases;
    AddRecordIdCases<Req>(cases, "id", [](Req& r, const std::string& v) { r.set_id(v); });
    Run(&tr::TrainingService::Stub::GetCourse, valid, cases);
    ExpectAccepted(&tr::TrainingService::Stub::GetCourse, valid);
  }
}

// ---------------------------------------------------------------- enrolments

// Cases of a person, paths relative to the person.
Cases<common::v1::PersonRef> PersonCases() {
  using P = common::v1::PersonRef;
  Cases<P> cases;
  AddIdNumberCases<P>(cases, "id_number", [](P& p, const std::string& v) { p.set_id_number(v); });
  AddTextCases<P>(
      cases, "name", [](P& p, const std::string& v) { p.set_name(v); }, true, kMaxPersonNameChars);
  return cases;
}

TEST_F(TrainingBadInputTest, EnrollPerson) {
  using Req = tr::EnrollPersonRequest;
  Req valid;
  valid.set_request_id("enrol-3");
  valid.set_course_id(*course_);
  valid.mutable_person()->set_id_number(PersonId(3));
  valid.mutable_person()->set_name(EvaluationHarness::PersonName(3));
  *valid.mutable_enrolled_date() = MakeDate(2026, 3, 1);
  Cases<Req> cases =
      Nest<Req, common::v1::PersonRef>(PersonCases(), "person", [](Req& r) { return r.mutable_person(); });
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<Req>(cases, "course_id", [](Req& r, const std::string& v) { r.set_course_id(v); });
  AddDateCases<Req>(
      cases, "enrolled_date", [](Req& r) { return r.mutable_enrolled_date(); }, false, true);
  Run(&tr::TrainingService::Stub::EnrollPerson, valid, cases);
  ExpectAccepted(&tr::TrainingService::Stub::EnrollPerson, valid);
}

TEST_F(TrainingBadInputTest, BatchEnrollPersons) {
  // Rows 1 and 2 repeat the enrolments made in SetUpTestSuite (refused: already enrolled, so
  // nothing is written); row 0 is the malformed one.
  using Req = tr::BatchEnrollPersonsRequest;
  using Row = tr::EnrollmentRow;
  Req valid;
  for (int person : {4, 1, 2}) {
    Row* row = valid.add_rows();
    row->set_course_id(*course_);
    row->mutable_person()->set_id_number(PersonId(person));
    row->mutable_person()->set_name(EvaluationHarness::PersonName(person));
    *row->mutable_enrolled_date() = MakeDate(2026, 3, 2);
  }
  Cases<Row> row_cases =
      Nest<Row, common::v1::PersonRef>(PersonCases(), "person", [](Row& r) { return r.mutable_person(); });
  AddRecordIdCases<Row>(row_cases, "course_id", [](Row& r, const std::string& v) { r.set_course_id(v); });
  AddDateCases<Row>(
      row_cases, "enrolled_date", [](Row& r) { return r.mutable_enrolled_date(); }, false, true);
  for (const BadCase<Row>& c : row_cases) {
    SCOPED_TRACE("rows[0]." + c.name);
    Req request = valid;
    c.mutate(*request.mutable_rows(0));
    const StoreSize before = Size();
    tr::BatchEnrollPersonsResponse response;
    const grpc::Status status = stub().BatchEnrollPersons(Context(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.results_size(), 3);
    EXPECT_EQ(response.accepted_count(), 0);
    for (int i = 1; i < 3; ++i) {
      EXPECT_EQ(response.results(i).status().code(), static_cast<int>(grpc::StatusCode::ALREADY_EXISTS))
          << response.results(i).status().message();
    }
    const google::rpc::Status& item = response.results(0).status();
    ExpectInvalidField(item.code(), item, item.message(), "rows[0]." + c.field);
    EXPECT_EQ(Size(), before);
    ExpectAlive();
  }
  total_cases_ += static_cast<int>(row_cases.size());

  Cases<Req> cases;
  AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
  cases.push_back({"rows: none", [](Req& r) { r.clear_rows(); }, "rows"});
  cases.push_back({"rows: 5,001 rows (more than the maximum)",
                   [](Req& r) {
                     const Row row = r.rows(0);
                     for (int i = r.rows_size(); i <= training::kMaxBatchRows; ++i) {
                       *r.add_rows() = row;
                     }
                   },
                   "rows"});
  Run(&tr::TrainingService::Stub::BatchEnrollPersons, valid, cases);
}

TEST_F(TrainingBadInputTest, EnrollmentSteps) {
  {
    using Req = tr::CompleteEnrollmentRequest;
    Req valid;
    valid.set_enrollment_id(*open_);
    valid.set_hours(80);
    *valid.mutable_completed_date() = MakeDate(2026, 5, 10);
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<Req>(cases, "enrollment_id", [](Req& r, const std::string& v) { r.set_enrollment_id(v); });
    for (int hours : {0, -1, training::kMaxHours + 1, INT_MAX, INT_MIN}) {
      cases.push_back({"hours: " + std::to_string(hours), [hours](Req& r) { r.set_hours(hours); }, "hours"});
    }
    AddDateCases<Req>(
        cases, "completed_date", [](Req& r) { return r.mutable_completed_date(); }, false, true);
    Run(&tr::TrainingService::Stub::CompleteEnrollment, valid, cases);
  }
  {
    using Req = tr::DropEnrollmentRequest;
    Req valid;
    valid.set_enrollment_id(*open_);
    valid.set_reason("个人原因");
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<Req>(cases, "enrollment_id", [](Req& r, const std::string& v) { r.set_enrollment_id(v); });
    AddTextCases<Req>(
        cases, "reason", [](Req& r, const std::string& v) { r.set_reason(v); }, false, kMaxReasonChars);
    Run(&tr::TrainingService::Stub::DropEnrollment, valid, cases);
  }
  {
    using Req = tr::GetEnrollmentRequest;
    Req valid;
    valid.set_id(*open_);
    Cases<Req> cases;
    AddRecordIdCases<Req>(cases, "id", [](Req& r, const std::string& v) { r.set_id(v); });
    Run(&tr::TrainingService::Stub::GetEnrollment, valid, cases);
    ExpectAccepted(&tr::TrainingService::Stub::GetEnrollment, valid);
  }
}

// ---------------------------------------------------------------- subsidy claims

TEST_F(TrainingBadInputTest, SubsidyClaims) {
  {
    using Req = tr::SubmitSubsidyClaimRequest;
    Req valid;
    valid.set_enrollment_id(*completed_);
    valid.set_certificate_number(*certificate_);
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<Req>(cases, "enrollment_id", [](Req& r, const std::string& v) { r.set_enrollment_id(v); });
    for (const auto& [what, number] :
         std::vector<std::pair<std::string, std::string>>{{"empty", ""},
                                                          {"21 characters", certificate_->substr(0, 21)},
                                                          {"letters", "S0001370000012X4000001"},
                                                          {"10,000 characters", Repeat("S", 10000)},
                                                          {"U+202E", "S0001\xe2\x80\xae"}}) {
      cases.push_back({"certificate_number: " + what, [number = number](Req& r) { r.set_certificate_number(number); },
                       "certificate_number"});
    }
    Run(&tr::TrainingService::Stub::SubmitSubsidyClaim, valid, cases);
  }
  {
    using Req = tr::ApproveSubsidyClaimRequest;
    Req valid;
    valid.set_claim_id(*claim_);
    Cases<Req> cases;
    AddRequestIdCases<Req>(cases, [](Req& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<Req>(cases, "claim_id", [](Req& r, const std::string& v) { r.set_claim_id(v); });
    Run(&tr::TrainingService::Stub::ApproveSubsidyClaim, valid, cases);
  }
  {
    using Req = tr::RejectSubsidyClaimRequest;
    Req valid;
    valid.set_claim_id(*claim_);
    valid.set_reason("材料不全");
    Cases<Req> cases;
    AddRecordIdCases<Req>(cases, "claim_id", [](Req& r, const std::string& v) { r.set_claim_id(v); });
    AddTextCases<Req>(
        cases, "reason", [](Req& r, const std::string& v) { r.set_reason(v); }, true, kMaxReasonChars);
    Run(&tr::TrainingService::Stub::RejectSubsidyClaim, valid, cases);
  }
  {
    using Req = tr::MarkSubsidyClaimPaidRequest;
    Req valid;
    valid.set_claim_id(*claim_);
    *valid.mutable_paid_date() = MakeDate(2026, 6, 15);
    valid.set_payment_reference("PZ-2026-0001");
    Cases<Req> cases;
    AddRecordIdCases<Req>(cases, "claim_id", [](Req& r, const std::string& v) { r.set_claim_id(v); });
    AddDateCases<Req>(
        cases, "paid_date", [](Req& r) { return r.mutable_paid_date(); }, false, true);
    AddTextCases<Req>(
        cases, "payment_reference", [](Req& r, const std::string& v) { r.set_payment_reference(v); }, false,
        kMaxPaymentReferenceChars);
    Run(&tr::TrainingService::Stub::MarkSubsidyClaimPaid, valid, cases);
  }
  {
    using Req = tr::GetSubsidyClaimRequest;
    Req valid;
    valid.set_id(*claim_);
    Cases<Req> cases;
    AddRecordIdCases<Req>(cases, "id", [](Req& r, const std::string& v) { r.set_id(v); });
    Run(&tr::TrainingService::Stub::GetSubsidyClaim, valid, cases);
    ExpectAccepted(&tr::TrainingService::Stub::GetSubsidyClaim, valid);
  }
}

// ---------------------------------------------------------------- lists, stats, feed and audit

TEST_F(TrainingBadInputTest, ListsStatsFeedAndAudit) {
  {
    using Req = tr::ListInstitutionsRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    AddEnumCases<Req>(
        cases, "kind", [](Req& r, int v) { r.set_kind(static_cast<tr::InstitutionKind>(v)); }, false);
    AddEnumCases<Req>(
        cases, "status", [](Req& r, int v) { r.set_status(static_cast<tr::InstitutionStatus>(v)); }, false);
    AddOccupationCases<Req>(
        cases, "occupation_code", [](Req& r, const std::string& v) { r.set_occupation_code(v); }, false);
    Run(&tr::TrainingService::Stub::ListInstitutions, Req(), cases);
  }
  {
    using Req = tr::ListCoursesRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    AddCreditCodeCases<Req>(
        cases, "institution_credit_code", [](Req& r, const std::string& v) { r.set_institution_credit_code(v); },
        /*alone=*/true, /*required=*/false);
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    cases.push_back({"year: 1800", [](Req& r) { r.set_year(1800); }, "year"});
    AddEnumCases<Req>(
        cases, "programme", [](Req& r, int v) { r.set_programme(static_cast<tr::Programme>(v)); }, false);
    AddOccupationCases<Req>(
        cases, "occupation_code", [](Req& r, const std::string& v) { r.set_occupation_code(v); }, false);
    Run(&tr::TrainingService::Stub::ListCourses, Req(), cases);
  }
  {
    using Req = tr::ListEnrollmentsRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    AddIdNumberCases<Req>(
        cases, "id_number", [](Req& r, const std::string& v) { r.set_id_number(v); }, /*required=*/false);
    AddRecordIdCases<Req>(
        cases, "course_id", [](Req& r, const std::string& v) { r.set_course_id(v); }, /*required=*/false);
    AddEnumCases<Req>(
        cases, "state", [](Req& r, int v) { r.set_state(static_cast<tr::EnrollmentState>(v)); }, false);
    cases.push_back({"year: 2101", [](Req& r) { r.set_year(2101); }, "year"});
    // A token bound to another filter.
    Req first;
    first.set_page_size(1);
    tr::ListEnrollmentsResponse page;
    ASSERT_TRUE(stub().ListEnrollments(Context(kAdminToken).get(), first, &page).ok());
    ASSERT_FALSE(page.next_page_token().empty());
    cases.push_back({"page_token: issued for another filter",
                     [token = page.next_page_token()](Req& r) {
                       r.set_page_token(token);
                       r.set_state(tr::ENROLLMENT_STATE_COMPLETED);
                     },
                     "page_token"});
    Run(&tr::TrainingService::Stub::ListEnrollments, Req(), cases);
  }
  {
    using Req = tr::ListSubsidyClaimsRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    AddIdNumberCases<Req>(
        cases, "id_number", [](Req& r, const std::string& v) { r.set_id_number(v); }, /*required=*/false);
    AddEnumCases<Req>(
        cases, "state", [](Req& r, int v) { r.set_state(static_cast<tr::ClaimState>(v)); }, false);
    Run(&tr::TrainingService::Stub::ListSubsidyClaims, Req(), cases);
  }
  {
    using Req = tr::GetTrainingStatsRequest;
    Req valid;
    valid.set_year(2026);
    Cases<Req> cases;
    for (int year : {0, -2026, 1949, 2101, INT_MIN}) {
      cases.push_back({"year: " + std::to_string(year), [year](Req& r) { r.set_year(year); }, "year"});
    }
    AddDistrictCases<Req>(
        cases, "district_code", [](Req& r, const std::string& v) { r.set_district_code(v); }, false);
    Run(&tr::TrainingService::Stub::GetTrainingStats, valid, cases);
  }
  {
    using Req = tr::ListEventsRequest;
    Cases<Req> cases;
    for (const auto& [what, id] :
         std::vector<std::pair<std::string, std::string>>{{"letters", "abc"},
                                                          {"three parts", "1-2-3"},
                                                          {"trailing dash", "1-"},
                                                          {"beyond 64 bits", "99999999999999999999-0"},
                                                          {"10,000 characters", Repeat("1", 10000)}}) {
      cases.push_back({"after_id: " + what, [id = id](Req& r) { r.set_after_id(id); }, "after_id"});
    }
    cases.push_back({"max_events: -1", [](Req& r) { r.set_max_events(-1); }, "max_events"});
    cases.push_back({"wait_ms: INT_MIN", [](Req& r) { r.set_wait_ms(INT_MIN); }, "wait_ms"});
    Run(&tr::TrainingService::Stub::ListEvents, Req(), cases, kServiceToken);
  }
  {
    using Req = tr::ListAuditEntriesRequest;
    Cases<Req> cases;
    AddPageCases<Req>(
        cases, [](Req& r, int v) { r.set_page_size(v); }, [](Req& r, const std::string& v) { r.set_page_token(v); });
    Run(&tr::TrainingService::Stub::ListAuditEntries, Req(), cases);
  }
}

TEST_F(TrainingBadInputTest, HugePageSizesAreCappedNotRefused) {
  // docs/api.md "Paging": 0 → 50, at most 1000. A larger size is served as 1000.
  tr::ListCoursesRequest request;
  request.set_page_size(INT_MAX);
  tr::ListCoursesResponse response;
  const grpc::Status status = stub().ListCourses(Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_LE(response.courses_size(), 1000);
}

// ---------------------------------------------------------------- what does not reach the handlers

TEST_F(TrainingBadInputTest, InvalidUtf8OnTheWireIsRefusedByGrpcAndStoresNothing) {
  tr::GetInstitutionRequest get;
  get.set_credit_code(CreditCode(1));
  ASSERT_TRUE(RawCall("GetInstitution", get.SerializeAsString()).ok());

  tr::EnrollPersonRequest enroll;
  enroll.set_course_id(*course_);
  enroll.mutable_person()->set_id_number(PersonId(5));
  enroll.mutable_person()->set_name(EvaluationHarness::PersonName(5));
  tr::BatchEnrollPersonsRequest batch;
  tr::EnrollmentRow* row = batch.add_rows();
  row->set_course_id(*course_);
  row->mutable_person()->set_id_number(PersonId(5));
  row->mutable_person()->set_name(EvaluationHarness::PersonName(5));
  const CreateInst create = ValidCreateInstitution(40);
  tr::CancelCourseRequest cancel;
  cancel.set_course_id(*course_);
  cancel.set_reason("停办");
  struct Target {
    std::string method;
    std::string valid;
    std::function<std::string(const std::string&)> field;
    std::string name;
  };
  const std::vector<Target> targets = {
      {"EnrollPerson", enroll.SerializeAsString(),
       [](const std::string& v) { return LengthDelimited(3, LengthDelimited(2, v)); }, "person.name"},
      {"EnrollPerson", enroll.SerializeAsString(), [](const std::string& v) { return LengthDelimited(2, v); },
       "course_id"},
      {"BatchEnrollPersons", batch.SerializeAsString(),
       [](const std::string& v) { return LengthDelimited(2, LengthDelimited(2, LengthDelimited(1, v))); },
       "rows[1].person.id_number (a second row)"},
      {"CreateInstitution", create.SerializeAsString(),
       [](const std::string& v) { return LengthDelimited(2, LengthDelimited(2, v)); }, "org.name"},
      {"CreateInstitution", create.SerializeAsString(), [](const std::string& v) { return LengthDelimited(8, v); },
       "address"},
      {"CancelCourse", cancel.SerializeAsString(), [](const std::string& v) { return LengthDelimited(3, v); },
       "reason"},
  };
  int sent = 0;
  for (const Target& target : targets) {
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

TEST_F(TrainingBadInputTest, UnknownAndOutputOnlyFieldsAreIgnoredAndNeverStored) {
  const std::string marker = "MARKER-5c2e";
  tr::CreateCourseRequest create;
  tr::Course* course = create.mutable_course();
  course->mutable_institution()->set_credit_code(CreditCode(1));
  course->mutable_institution()->set_name(marker + "-institution-name");
  course->set_title("焊工提升班（三期）");
  course->set_programme(tr::PROGRAMME_ON_THE_JOB_UPGRADE);
  course->set_occupation_code(kWelder);
  course->set_level(common::v1::SKILL_LEVEL_3_SENIOR);
  *course->mutable_start_date() = MakeDate(2026, 8, 1);
  *course->mutable_end_date() = MakeDate(2026, 9, 1);
  course->set_capacity(30);
  // Output-only fields.
  course->set_id("C-" + marker);
  course->set_status(tr::COURSE_STATUS_CANCELLED);
  course->set_enrolled_count(29);
  course->set_year(1999);
  course->set_subsidised(false);
  course->mutable_create_time()->set_seconds(7);
  course->set_cancel_reason(marker + "-cancel");
  course->mutable_cancel_time()->set_seconds(7);
  // Unknown fields, at the top and inside.
  create.GetReflection()->MutableUnknownFields(&create)->AddLengthDelimited(900, marker + "-top");
  course->GetReflection()->MutableUnknownFields(course)->AddLengthDelimited(901, marker + "-course");
  course->GetReflection()->MutableUnknownFields(course)->AddFixed64(902, 42);
  tr::CreateCourseResponse created;
  grpc::Status status = stub().CreateCourse(Context(kAdminToken).get(), create, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  tr::GetCourseRequest get;
  get.set_id(created.course().id());
  tr::GetCourseResponse got;
  ASSERT_TRUE(stub().GetCourse(Context(kAdminToken).get(), get, &got).ok());
  const tr::Course& stored = got.course();
  EXPECT_TRUE(stored.GetReflection()->GetUnknownFields(stored).empty());
  EXPECT_EQ(stored.id().find(marker), std::string::npos);
  EXPECT_EQ(stored.status(), tr::COURSE_STATUS_OPEN);
  EXPECT_EQ(stored.enrolled_count(), 0);
  EXPECT_EQ(stored.year(), 2026);
  EXPECT_TRUE(stored.subsidised());  // 2026 welder level 3 is in the catalogue
  EXPECT_NE(stored.create_time().seconds(), 7);
  EXPECT_TRUE(stored.cancel_reason().empty());
  EXPECT_FALSE(stored.has_cancel_time());
  EXPECT_EQ(stored.institution().name().find(marker), std::string::npos);  // the institution's own name

  // A catalogue entry's output-only name, time and version.
  tr::UpsertCatalogEntryRequest upsert;
  upsert.mutable_entry()->set_year(2026);
  upsert.mutable_entry()->set_occupation_code("6-31-01-03");
  upsert.mutable_entry()->set_level(common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  upsert.mutable_entry()->set_subsidy_fen(80000);
  upsert.mutable_entry()->set_occupation_name(marker + "-occupation");
  upsert.mutable_entry()->set_version(50);
  upsert.mutable_entry()->mutable_update_time()->set_seconds(7);
  tr::UpsertCatalogEntryResponse upserted;
  ASSERT_TRUE(stub().UpsertCatalogEntry(Context(kAdminToken).get(), upsert, &upserted).ok());
  EXPECT_EQ(upserted.entry().version(), 1);
  EXPECT_EQ(upserted.entry().occupation_name().find(marker), std::string::npos);

  // An enrolment request whose person carries gender and birth date.
  tr::EnrollPersonRequest enroll;
  enroll.set_course_id(created.course().id());
  enroll.mutable_person()->set_id_number(PersonId(7));  // odd sequence: male
  enroll.mutable_person()->set_name(EvaluationHarness::PersonName(7));
  enroll.mutable_person()->set_gender(common::v1::GENDER_FEMALE);
  enroll.mutable_person()->mutable_birth_date()->set_year(1900);
  enroll.mutable_person()
      ->GetReflection()
      ->MutableUnknownFields(enroll.mutable_person())
      ->AddLengthDelimited(903, marker + "-person");
  tr::EnrollPersonResponse enrolled;
  status = stub().EnrollPerson(Context(kAdminToken).get(), enroll, &enrolled);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(enrolled.enrollment().person().gender(), common::v1::GENDER_MALE);
  EXPECT_NE(enrolled.enrollment().person().birth_date().year(), 1900);

  // Nothing the client invented is anywhere in the store.
  EXPECT_EQ(KeyHolding(marker), "");
  EXPECT_FALSE(KeyHolding("\xe7\x84\x8a\xe5\xb7\xa5\xe6\x8f\x90\xe5\x8d\x87\xe7\x8f\xad").empty());  // the search works
}

}  // namespace
}  // namespace skillbridge::testing
