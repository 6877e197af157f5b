// School–enterprise partnerships of the education service over real gRPC, its own real
// redis-server and the real evaluation service: a partnership's workflow (created at an ACTIVE
// school, an order class tied to an ACTIVE specialty, ended once), the education:now counter,
// events and audit entries, idempotent replays and REQUEST_ID_REUSED, expected_version, scope by
// district and school, lists with filters and paging, and the bad-input corpus of
// CreatePartnership and EndPartnership.

#include <cctype>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/education/store/keys.h"
#include "tests/education/education_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace keys = ::skillbridge::education::keys;

constexpr int kCurrentYear = 2026;

class PartnershipTestBase : public SuiteHarnessTest<EducationHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    ASSERT_TRUE(harness_->evaluation().redis_client().Command({"FLUSHALL"}).ok());
  }

  static ed::EducationService::Stub& stub() { return harness_->stub(); }
  static std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) { return EducationHarness::Context(token); }

  static void RegisterSchool(int n, const std::string& district) {
    ed::RegisterSchoolRequest request;
    ed::School* school = request.mutable_school();
    school->mutable_org()->set_credit_code(CreditCode(n));
    school->mutable_org()->set_name("青岛市测试技师学院" + std::to_string(n));
    school->mutable_org()->set_district_code(district);
    school->set_kind(ed::SCHOOL_KIND_TECHNICIAN_COLLEGE);
    school->set_ownership(ed::OWNERSHIP_PUBLIC);
    ed::RegisterSchoolResponse response;
    const grpc::Status status = stub().RegisterSchool(Ctx(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static void OpenSpecialty(int school, const std::string& code) {
    ed::CreateSpecialtyRequest request;
    ed::Specialty* specialty = request.mutable_specialty();
    specialty->set_school_credit_code(CreditCode(school));
    specialty->set_code(code);
    specialty->set_name("工业机器人应用与维护");
    specialty->set_industry_chain_code("IC04");
    specialty->add_levels(ed::TRAINING_LEVEL_SENIOR);
    specialty->set_opened_year(2018);
    ed::CreateSpecialtyResponse response;
    const grpc::Status status = stub().CreateSpecialty(Ctx(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  static ed::Partnership Draft(int school, int enterprise, ed::PartnershipKind kind = ed::PARTNERSHIP_KIND_ORDER_CLASS,
                               const std::string& specialty = "0306-4") {
    ed::Partnership p;
    p.set_school_credit_code(CreditCode(school));
    p.mutable_enterprise()->set_credit_code(CreditCode(enterprise));
    p.mutable_enterprise()->set_name("青岛测试企业" + std::to_string(enterprise));
    p.mutable_enterprise()->set_district_code(kDistrictB);
    p.set_kind(kind);
    if (kind == ed::PARTNERSHIP_KIND_ORDER_CLASS) {
      p.set_specialty_code(specialty);
    }
    p.set_start_year(2025);
    p.set_planned_end_year(2028);
    p.set_places(kind == ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE ? 0 : 40);
    p.set_description("一班一企订单培养");
    return p;
  }

  static grpc::Status Create(const std::string& token, const ed::Partnership& draft, ed::Partnership* out = nullptr,
                             const std::string& request_id = "") {
    ed::CreatePartnershipRequest request;
    request.set_request_id(request_id);
    *request.mutable_partnership() = draft;
    ed::CreatePartnershipResponse response;
    grpc::Status status = stub().CreatePartnership(Ctx(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.partnership();
    }
    return status;
  }

  static ed::Partnership MustCreate(const ed::Partnership& draft) {
    ed::Partnership out;
    const grpc::Status status = Create(kAdminToken, draft, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static grpc::Status End(const std::string& token, const std::string& id, ed::Partnership* out = nullptr,
                          int64_t expected_version = 0, const std::string& request_id = "") {
    ed::EndPartnershipRequest request;
    request.set_request_id(request_id);
    request.set_id(id);
    request.set_year(kCurrentYear);
    request.set_reason("企业转产，合作终止");
    request.set_expected_version(expected_version);
    ed::EndPartnershipResponse response;
    grpc::Status status = stub().EndPartnership(Ctx(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.partnership();
    }
    return status;
  }

  static ed::Partnership Get(const std::string& id, const std::string& token = kViewerToken) {
    ed::GetPartnershipRequest request;
    request.set_id(id);
    ed::GetPartnershipResponse response;
    const grpc::Status status = stub().GetPartnership(Ctx(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.partnership();
  }

  static int64_t ActivePartnerships(const std::string& district) {
    ed::GetEducationStatsRequest request;
    request.set_year(kCurrentYear);
    request.set_district_code(district);
    ed::GetEducationStatsResponse response;
    const grpc::Status status = stub().GetEducationStats(Ctx(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total().active_partnerships();
  }

  static long long EducationKeys() { return harness_->CountKeys("education:*"); }
};

class PartnershipServiceTest : public PartnershipTestBase {};

TEST_F(PartnershipServiceTest, WorkflowFromCreationToEnd) {
  RegisterSchool(1, kDistrictA);
  OpenSpecialty(1, "0306-4");
  // The school itself records an order class with an enterprise of another district.
  ed::Partnership created;
  ASSERT_TRUE(Create(kInstitutionAToken, Draft(1, 50), &created, "order-1").ok());
  EXPECT_EQ(created.id().size(), 10u);
  EXPECT_EQ(created.id().rfind("SP", 0), 0u);
  EXPECT_EQ(created.status(), ed::PARTNERSHIP_STATUS_ACTIVE);
  EXPECT_EQ(created.district_code(), kDistrictA);
  EXPECT_EQ(created.enterprise().district_code(), kDistrictB);
  EXPECT_EQ(created.version(), 1);
  EXPECT_EQ(Get(created.id()).SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(ActivePartnerships(kDistrictA), 1);
  EXPECT_EQ(ActivePartnerships(kDistrictB), 0);

  // Replayed: the first answer, the same id, nothing more stored; another body: REQUEST_ID_REUSED.
  const long long keys_before = EducationKeys();
  ed::Partnership replayed;
  ASSERT_TRUE(Create(kInstitutionAToken, Draft(1, 50), &replayed, "order-1").ok());
  EXPECT_EQ(replayed.SerializeAsString(), created.SerializeAsString());
  EXPECT_EQ(EducationKeys(), keys_before);
  EXPECT_EQ(ReasonOf(Create(kInstitutionAToken, Draft(1, 51), nullptr, "order-1")), "REQUEST_ID_REUSED");

  // A shared training base (no specialty, no places) and an apprenticeship with a lower-case
  // enterprise code, stored upper-cased.
  ed::Partnership base = MustCreate(Draft(1, 51, ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE));
  ed::Partnership apprenticeship_draft = Draft(1, 52, ed::PARTNERSHIP_KIND_APPRENTICESHIP);
  std::string lower = CreditCode(52);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  apprenticeship_draft.mutable_enterprise()->set_credit_code(lower);
  apprenticeship_draft.mutable_enterprise()->clear_district_code();
  const ed::Partnership apprenticeship = MustCreate(apprenticeship_draft);
  EXPECT_EQ(apprenticeship.enterprise().credit_code(), CreditCode(52));
  EXPECT_NE(apprenticeship.id(), base.id());
  EXPECT_EQ(ActivePartnerships(kDistrictA), 3);

  // Ended by the officer with the version read; version mismatch first; ended once.
  grpc::Status status = End(kDistrictAToken, created.id(), nullptr, 5);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  ed::Partnership ended;
  ASSERT_TRUE(End(kDistrictAToken, created.id(), &ended, 1).ok());
  EXPECT_EQ(ended.status(), ed::PARTNERSHIP_STATUS_ENDED);
  EXPECT_EQ(ended.ended_year(), kCurrentYear);
  EXPECT_EQ(ended.end_reason(), "企业转产，合作终止");
  EXPECT_EQ(ended.version(), 2);
  status = End(kAdminToken, created.id());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "PARTNERSHIP_ENDED");
  EXPECT_EQ(ActivePartnerships(kDistrictA), 2);

  // PartnershipChanged with the state after each change; audit entries under its name.
  std::vector<ed::PartnershipChanged> changes;
  for (const ed::EducationEvent& event : harness_->Events()) {
    if (event.has_partnership_changed() && event.partnership_changed().partnership_id() == created.id()) {
      changes.push_back(event.partnership_changed());
    }
  }
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].status(), ed::PARTNERSHIP_STATUS_ACTIVE);
  EXPECT_EQ(changes[0].specialty_code(), "0306-4");
  EXPECT_EQ(changes[0].places(), 40);
  EXPECT_EQ(changes[0].district_code(), kDistrictA);
  EXPECT_EQ(changes[1].status(), ed::PARTNERSHIP_STATUS_ENDED);
  EXPECT_EQ(changes[1].ended_year(), kCurrentYear);
  int audited = 0;
  for (const common::v1::AuditEntry& entry : harness_->AuditEntries()) {
    audited += entry.outcome() == "OK" && entry.resource() == "partnerships/" + created.id();
  }
  EXPECT_EQ(audited, 2);
  const ed::Partnership missing_probe = Get(created.id());
  EXPECT_EQ(missing_probe.status(), ed::PARTNERSHIP_STATUS_ENDED);
  ed::GetPartnershipRequest missing;
  missing.set_id("SP99999999");
  ed::GetPartnershipResponse none;
  status = stub().GetPartnership(Ctx(kViewerToken).get(), missing, &none);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(status), "PARTNERSHIP_NOT_FOUND");
}

TEST_F(PartnershipServiceTest, AnOrderClassNeedsAnActiveSpecialtyAndAnActiveSchool) {
  RegisterSchool(1, kDistrictA);
  const long long keys_before = EducationKeys();
  grpc::Status status = Create(kAdminToken, Draft(1, 50, ed::PARTNERSHIP_KIND_ORDER_CLASS, "9999"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(status), "SPECIALTY_NOT_FOUND");
  // A closed specialty does not take one either.
  OpenSpecialty(1, "0306-4");
  ed::CloseSpecialtyRequest close;
  close.set_school_credit_code(CreditCode(1));
  close.set_code("0306-4");
  close.set_year(kCurrentYear);
  close.set_reason("停办");
  ed::CloseSpecialtyResponse closed;
  ASSERT_TRUE(stub().CloseSpecialty(Ctx(kAdminToken).get(), close, &closed).ok());
  const long long keys_with_specialty = EducationKeys();
  EXPECT_GT(keys_with_specialty, keys_before);
  status = Create(kAdminToken, Draft(1, 50));
  EXPECT_EQ(ReasonOf(status), "SPECIALTY_NOT_FOUND");
  // No school of that code; a closed school.
  status = Create(kAdminToken, Draft(7, 50, ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(status), "SCHOOL_NOT_FOUND");
  ed::CloseSchoolRequest close_school;
  close_school.set_credit_code(CreditCode(1));
  close_school.set_reason("停办");
  ed::CloseSchoolResponse school_closed;
  ASSERT_TRUE(stub().CloseSchool(Ctx(kAdminToken).get(), close_school, &school_closed).ok());
  const long long keys_closed = EducationKeys();
  status = Create(kAdminToken, Draft(1, 50, ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "SCHOOL_CLOSED");
  EXPECT_EQ(EducationKeys(), keys_closed);
  EXPECT_EQ(ActivePartnerships(kDistrictA), 0);
}

TEST_F(PartnershipServiceTest, ScopeKeepsOfficersToTheirDistrictAndSchoolsToThemselves) {
  RegisterSchool(1, kDistrictA);
  const long long keys_before = EducationKeys();
  const ed::Partnership draft = Draft(1, 50, ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE);
  grpc::Status status = Create(kDistrictBToken, draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  status = Create(kInstitutionBToken, draft);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  EXPECT_EQ(EducationKeys(), keys_before);

  const ed::Partnership created = MustCreate(draft);
  EXPECT_EQ(ReasonOf(End(kDistrictBToken, created.id())), "OUT_OF_SCOPE");
  EXPECT_EQ(ReasonOf(End(kInstitutionBToken, created.id())), "OUT_OF_SCOPE");
  EXPECT_EQ(Get(created.id()).status(), ed::PARTNERSHIP_STATUS_ACTIVE);
  // Every reading role reads it.
  for (const char* token : {kInstitutionBToken, kDistrictBToken, kVerifierToken, kServiceToken}) {
    EXPECT_EQ(Get(created.id(), token).id(), created.id());
  }
  ASSERT_TRUE(End(kInstitutionAToken, created.id()).ok());
}

TEST_F(PartnershipServiceTest, ListsFilterAndPage) {
  RegisterSchool(1, kDistrictA);
  RegisterSchool(2, kDistrictB);
  OpenSpecialty(1, "0306-4");
  const ed::Partnership a = MustCreate(Draft(1, 50));
  const ed::Partnership b = MustCreate(Draft(1, 51, ed::PARTNERSHIP_KIND_APPRENTICESHIP));
  const ed::Partnership c = MustCreate(Draft(2, 50, ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE));
  ASSERT_TRUE(End(kAdminToken, b.id()).ok());
  const auto ids = [](ed::ListPartnershipsRequest request) {
    std::set<std::string> found;
    request.set_page_size(1);
    do {
      ed::ListPartnershipsResponse response;
      const grpc::Status status = stub().ListPartnerships(Ctx(kVerifierToken).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const ed::Partnership& p : response.partnerships()) {
        found.insert(p.id());
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return found;
  };
  EXPECT_EQ(ids({}), (std::set<std::string>{a.id(), b.id(), c.id()}));
  ed::ListPartnershipsRequest by_school;
  by_school.set_school_credit_code(CreditCode(1));
  EXPECT_EQ(ids(by_school), (std::set<std::string>{a.id(), b.id()}));
  by_school.set_status(ed::PARTNERSHIP_STATUS_ACTIVE);
  EXPECT_EQ(ids(by_school), (std::set<std::string>{a.id()}));
  ed::ListPartnershipsRequest by_enterprise;
  by_enterprise.set_enterprise_credit_code(CreditCode(50));
  EXPECT_EQ(ids(by_enterprise), (std::set<std::string>{a.id(), c.id()}));
  by_enterprise.set_district_code(kDistrictB);
  EXPECT_EQ(ids(by_enterprise), (std::set<std::string>{c.id()}));
  ed::ListPartnershipsRequest by_kind;
  by_kind.set_kind(ed::PARTNERSHIP_KIND_APPRENTICESHIP);
  EXPECT_EQ(ids(by_kind), (std::set<std::string>{b.id()}));
  EXPECT_EQ(ActivePartnerships(kDistrictA), 1);
  EXPECT_EQ(ActivePartnerships(kDistrictB), 1);
}

// ---------------------------------------------------------------- bad input

class PartnershipBadInputTest : public PartnershipTestBase {
 protected:
  static void SetUpTestSuite() {
    SuiteHarnessTest::SetUpTestSuite();
    RegisterSchool(1, kDistrictA);
    OpenSpecialty(1, "0306-4");
    ed::Partnership created;
    ASSERT_TRUE(Create(kAdminToken, Draft(1, 50), &created).ok());
    partnership_ = new std::string(created.id());
  }
  static void TearDownTestSuite() {
    delete partnership_;
    partnership_ = nullptr;
    SuiteHarnessTest::TearDownTestSuite();
  }
  void SetUp() override {}

  StoreSize Size() { return MeasureStore(*harness_, keys::kAudit, keys::kEvents); }

  void ExpectAlive() { EXPECT_EQ(Get(*partnership_, kAdminToken).id(), *partnership_); }

  template <typename Request, typename Response>
  using Method = grpc::Status (ed::EducationService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases) {
    RunBadCases<Response>(
        valid, cases,
        [&](const Request& request, Response* response) {
          return (harness_->stub().*method)(Ctx(kAdminToken).get(), request, response);
        },
        [this] { return Size(); }, [this] { ExpectAlive(); });
  }

  static inline std::string* partnership_ = nullptr;
};

TEST_F(PartnershipBadInputTest, CreatePartnership) {
  using R = ed::CreatePartnershipRequest;
  R valid;
  valid.set_request_id("partnership-bad");
  *valid.mutable_partnership() = Draft(1, 60);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "partnership.school_credit_code",
      [](R& r, const std::string& v) { r.mutable_partnership()->set_school_credit_code(v); }, false);
  AddCreditCodeCases<R>(
      cases, "partnership.enterprise.credit_code",
      [](R& r, const std::string& v) { r.mutable_partnership()->mutable_enterprise()->set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "partnership.enterprise.name",
      [](R& r, const std::string& v) { r.mutable_partnership()->mutable_enterprise()->set_name(v); }, true, 100);
  AddDistrictCases<R>(
      cases, "partnership.enterprise.district_code",
      [](R& r, const std::string& v) { r.mutable_partnership()->mutable_enterprise()->set_district_code(v); }, false);
  AddEnumCases<R>(
      cases, "partnership.kind",
      [](R& r, int v) { r.mutable_partnership()->set_kind(static_cast<ed::PartnershipKind>(v)); }, true);
  for (const std::string& code : std::vector<std::string>{"", "A", "0306-a", "03|06", Repeat("1", 17)}) {
    cases.push_back({"order class specialty '" + code + "'",
                     [code](R& r) { r.mutable_partnership()->set_specialty_code(code); },
                     "partnership.specialty_code"});
  }
  for (int year : {0, 1999, kCurrentYear + 2}) {
    cases.push_back({"start year " + std::to_string(year),
                     [year](R& r) { r.mutable_partnership()->set_start_year(year); }, "partnership.start_year"});
  }
  for (int year : {2024, -1, 2101}) {
    cases.push_back({"planned end year " + std::to_string(year),
                     [year](R& r) { r.mutable_partnership()->set_planned_end_year(year); },
                     "partnership.planned_end_year"});
  }
  for (int places : {0, -1, 10001}) {
    cases.push_back({"order class places " + std::to_string(places),
                     [places](R& r) { r.mutable_partnership()->set_places(places); }, "partnership.places"});
  }
  cases.push_back({"apprenticeship without places",
                   [](R& r) {
                     r.mutable_partnership()->set_kind(ed::PARTNERSHIP_KIND_APPRENTICESHIP);
                     r.mutable_partnership()->clear_specialty_code();
                     r.mutable_partnership()->set_places(0);
                   },
                   "partnership.places"});
  AddTextCases<R>(
      cases, "partnership.description", [](R& r, const std::string& v) { r.mutable_partnership()->set_description(v); },
      false, 500);
  Run(&ed::EducationService::Stub::CreatePartnership, valid, cases);
}

TEST_F(PartnershipBadInputTest, EndPartnership) {
  using R = ed::EndPartnershipRequest;
  R valid;
  valid.set_request_id("end-bad");
  valid.set_id(*partnership_);
  valid.set_year(kCurrentYear);
  valid.set_reason("合作期满");
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  for (const std::string& id :
       std::vector<std::string>{"", Repeat("S", 65), "SP 0000001", "education:partnership:SP00000001"}) {
    cases.push_back({"id '" + id.substr(0, 20) + "'", [id](R& r) { r.set_id(id); }, "id"});
  }
  // Started in 2025 (the lower bound checked against the record), at most next year.
  for (int year : {0, 1999, 2024, kCurrentYear + 2}) {
    cases.push_back({"year " + std::to_string(year), [year](R& r) { r.set_year(year); }, "year"});
  }
  AddTextCases<R>(
      cases, "reason", [](R& r, const std::string& v) { r.set_reason(v); }, true, 500);
  cases.push_back({"negative expected version", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&ed::EducationService::Stub::EndPartnership, valid, cases);
}

}  // namespace
}  // namespace skillbridge::testing
