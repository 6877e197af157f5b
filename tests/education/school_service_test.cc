// Schools and specialties of the education service over real gRPC, its own real redis-server and
// the real evaluation service: a school's workflow (registered with its filing asked of
// evaluation, refreshed, updated, closed) and a specialty's (opened with the levels its school's
// kind trains, updated, featured, closed only when no student is enrolled, a level dropped only
// when no student is enrolled toward it); the state hashes the student part guards on; the
// education:now counters through GetEducationStats; events and audit entries; idempotent replays
// and REQUEST_ID_REUSED; expected_version; scope by district and school; lists with filters and
// paging; a stopped evaluation refusing a registration with nothing written; and the bad-input
// corpus of the eight school and specialty mutations.

#include <cctype>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/education/domain/school_rules.h"
#include "services/education/store/keys.h"
#include "services/education/store/school_store.h"
#include "services/education/store/specialty_store.h"
#include "tests/education/education_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

namespace keys = ::skillbridge::education::keys;

constexpr int kCurrentYear = 2026;

// Requests and checks the school and specialty tests share.
class SchoolTestBase : public SuiteHarnessTest<EducationHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    ASSERT_TRUE(harness_->evaluation().redis_client().Command({"FLUSHALL"}).ok());
  }

  static ed::EducationService::Stub& stub() { return harness_->stub(); }
  static std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) { return EducationHarness::Context(token); }

  static ed::School SchoolDraft(int n, const std::string& district,
                                ed::SchoolKind kind = ed::SCHOOL_KIND_TECHNICIAN_COLLEGE) {
    ed::School school;
    school.mutable_org()->set_credit_code(CreditCode(n));
    school.mutable_org()->set_name("青岛市测试技工院校" + std::to_string(n));
    school.mutable_org()->set_district_code(district);
    school.set_kind(kind);
    school.set_ownership(ed::OWNERSHIP_PUBLIC);
    school.set_contact_name("李老师");
    school.set_contact_phone("0532-8888 0000");
    return school;
  }

  static grpc::Status Register(const std::string& token, const ed::School& draft, ed::School* out = nullptr,
                               const std::string& request_id = "") {
    ed::RegisterSchoolRequest request;
    request.set_request_id(request_id);
    *request.mutable_school() = draft;
    ed::RegisterSchoolResponse response;
    grpc::Status status = stub().RegisterSchool(Ctx(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.school();
    }
    return status;
  }

  static ed::School MustRegister(int n, const std::string& district,
                                 ed::SchoolKind kind = ed::SCHOOL_KIND_TECHNICIAN_COLLEGE) {
    ed::School out;
    const grpc::Status status = Register(kAdminToken, SchoolDraft(n, district, kind), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static ed::Specialty SpecialtyDraft(int school, const std::string& code, const std::string& chain = "IC01",
                                      std::vector<ed::TrainingLevel> levels = {ed::TRAINING_LEVEL_INTERMEDIATE,
                                                                               ed::TRAINING_LEVEL_SENIOR}) {
    ed::Specialty specialty;
    specialty.set_school_credit_code(CreditCode(school));
    specialty.set_code(code);
    specialty.set_name("数控加工（数控车工）" + code);
    specialty.set_industry_chain_code(chain);
    for (const ed::TrainingLevel level : levels) {
      specialty.add_levels(level);
    }
    specialty.set_opened_year(2015);
    return specialty;
  }

  static grpc::Status CreateSpecialty(const std::string& token, const ed::Specialty& draft,
                                      ed::Specialty* out = nullptr, const std::string& request_id = "") {
    ed::CreateSpecialtyRequest request;
    request.set_request_id(request_id);
    *request.mutable_specialty() = draft;
    ed::CreateSpecialtyResponse response;
    grpc::Status status = stub().CreateSpecialty(Ctx(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.specialty();
    }
    return status;
  }

  static ed::Specialty MustCreateSpecialty(const ed::Specialty& draft) {
    ed::Specialty out;
    const grpc::Status status = CreateSpecialty(kAdminToken, draft, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static grpc::Status Feature(int school, const std::string& code, bool featured, int year,
                              ed::Specialty* out = nullptr) {
    ed::SetSpecialtyFeaturedRequest request;
    request.set_school_credit_code(CreditCode(school));
    request.set_code(code);
    request.set_featured(featured);
    request.set_year(year);
    ed::SetSpecialtyFeaturedResponse response;
    grpc::Status status = stub().SetSpecialtyFeatured(Ctx(kAdminToken).get(), request, &response);
    if (out != nullptr) {
      *out = response.specialty();
    }
    return status;
  }

  static grpc::Status CloseSpecialty(const std::string& token, int school, const std::string& code,
                                     ed::Specialty* out = nullptr, int64_t expected_version = 0) {
    ed::CloseSpecialtyRequest request;
    request.set_school_credit_code(CreditCode(school));
    request.set_code(code);
    request.set_year(kCurrentYear);
    request.set_reason("生源不足，停止招生");
    request.set_expected_version(expected_version);
    ed::CloseSpecialtyResponse response;
    grpc::Status status = stub().CloseSpecialty(Ctx(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.specialty();
    }
    return status;
  }

  static grpc::Status UpdateSpecialty(const std::string& token, int school, const std::string& code,
                                      const std::string& chain, std::vector<ed::TrainingLevel> levels,
                                      ed::Specialty* out = nullptr, int64_t expected_version = 0) {
    ed::UpdateSpecialtyRequest request;
    request.set_school_credit_code(CreditCode(school));
    request.set_code(code);
    request.set_name("数控加工（新）" + code);
    request.set_industry_chain_code(chain);
    for (const ed::TrainingLevel level : levels) {
      request.add_levels(level);
    }
    request.set_expected_version(expected_version);
    ed::UpdateSpecialtyResponse response;
    grpc::Status status = stub().UpdateSpecialty(Ctx(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.specialty();
    }
    return status;
  }

  static grpc::Status CloseSchool(int school, ed::School* out = nullptr, int64_t expected_version = 0) {
    ed::CloseSchoolRequest request;
    request.set_credit_code(CreditCode(school));
    request.set_reason("办学许可证到期");
    request.set_expected_version(expected_version);
    ed::CloseSchoolResponse response;
    grpc::Status status = stub().CloseSchool(Ctx(kAdminToken).get(), request, &response);
    if (out != nullptr) {
      *out = response.school();
    }
    return status;
  }

  static ed::School GetSchool(int school, const std::string& token = kViewerToken) {
    ed::GetSchoolRequest request;
    request.set_credit_code(CreditCode(school));
    ed::GetSchoolResponse response;
    const grpc::Status status = stub().GetSchool(Ctx(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.school();
  }

  static ed::Specialty GetSpecialty(int school, const std::string& code, const std::string& token = kViewerToken) {
    ed::GetSpecialtyRequest request;
    request.set_school_credit_code(CreditCode(school));
    request.set_code(code);
    ed::GetSpecialtyResponse response;
    const grpc::Status status = stub().GetSpecialty(Ctx(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.specialty();
  }

  static ed::EducationStatsRow Stats(const std::string& district) {
    ed::GetEducationStatsRequest request;
    request.set_year(kCurrentYear);
    request.set_district_code(district);
    ed::GetEducationStatsResponse response;
    const grpc::Status status = stub().GetEducationStats(Ctx(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total();
  }

  static std::string HashField(std::string_view key, const std::string& field) {
    auto reply = harness_->redis_client().Command({"HGET", std::string(key), field});
    EXPECT_TRUE(reply.ok());
    return reply.ok() ? std::string(reply->str()) : "";
  }

  static void SetLoad(const std::string& field, int value) {
    ASSERT_TRUE(harness_->redis_client()
                    .Command({"HSET", std::string(keys::kSpecialtyLoad), field, std::to_string(value)})
                    .ok());
  }

  static long long EducationKeys() { return harness_->CountKeys("education:*"); }
};

class SchoolServiceTest : public SchoolTestBase {};

TEST_F(SchoolServiceTest, SchoolWorkflowFromRegistrationToClosure) {
  // Registered by the officer of its district, with a lower-case credit code: stored upper-cased,
  // ACTIVE, not filed (evaluation does not know it).
  ed::School draft = SchoolDraft(1, kDistrictA);
  std::string lower = CreditCode(1);
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  draft.mutable_org()->set_credit_code(lower);
  ed::School school;
  ASSERT_TRUE(Register(kDistrictAToken, draft, &school).ok());
  EXPECT_EQ(school.org().credit_code(), CreditCode(1));
  EXPECT_EQ(school.status(), ed::SCHOOL_STATUS_ACTIVE);
  EXPECT_EQ(school.filing_status(), ed::FILING_STATUS_NOT_FILED);
  EXPECT_TRUE(school.has_filing_checked_time());
  EXPECT_EQ(school.version(), 1);
  EXPECT_EQ(GetSchool(1).SerializeAsString(), school.SerializeAsString());
  EXPECT_EQ(HashField(keys::kSchoolState, CreditCode(1)), "SCHOOL_STATUS_ACTIVE");

  // Evaluation files it; the school refreshes its own record.
  harness_->evaluation().CreateFiledOrg(CreditCode(1), kDistrictA);
  ed::RefreshSchoolFilingRequest refresh;
  refresh.set_credit_code(CreditCode(1));
  ed::RefreshSchoolFilingResponse refreshed;
  ASSERT_TRUE(stub().RefreshSchoolFiling(Ctx(kInstitutionAToken).get(), refresh, &refreshed).ok());
  EXPECT_EQ(refreshed.school().filing_status(), ed::FILING_STATUS_FILED);
  EXPECT_EQ(refreshed.school().version(), 2);

  // Updated by the officer: name, kind, ownership, contact.
  ed::UpdateSchoolRequest update;
  update.set_credit_code(CreditCode(1));
  update.set_name("青岛市新名字技师学院");
  update.set_kind(ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL);
  update.set_ownership(ed::OWNERSHIP_PRIVATE);
  update.set_contact_name("王老师");
  update.set_expected_version(2);
  ed::UpdateSchoolResponse updated;
  ASSERT_TRUE(stub().UpdateSchool(Ctx(kDistrictAToken).get(), update, &updated).ok());
  EXPECT_EQ(updated.school().org().name(), "青岛市新名字技师学院");
  EXPECT_EQ(updated.school().org().district_code(), kDistrictA);
  EXPECT_EQ(updated.school().kind(), ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL);
  EXPECT_EQ(updated.school().ownership(), ed::OWNERSHIP_PRIVATE);
  EXPECT_EQ(updated.school().contact_phone(), "");
  EXPECT_EQ(updated.school().filing_status(), ed::FILING_STATUS_FILED);
  EXPECT_EQ(updated.school().version(), 3);
  EXPECT_EQ(Stats(kDistrictA).schools(), 1);

  // Closed by the city bureau: CLOSED, the state hash moved, no longer counted.
  ed::School closed;
  ASSERT_TRUE(CloseSchool(1, &closed, 3).ok());
  EXPECT_EQ(closed.status(), ed::SCHOOL_STATUS_CLOSED);
  EXPECT_EQ(closed.close_reason(), "办学许可证到期");
  EXPECT_EQ(closed.version(), 4);
  EXPECT_EQ(HashField(keys::kSchoolState, CreditCode(1)), "SCHOOL_STATUS_CLOSED");
  EXPECT_EQ(Stats(kDistrictA).schools(), 0);

  // A closed school is final: no second closure, no update, no new specialty.
  grpc::Status again = CloseSchool(1);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(again), "SCHOOL_CLOSED");
  update.set_expected_version(0);
  EXPECT_EQ(ReasonOf(stub().UpdateSchool(Ctx(kAdminToken).get(), update, &updated)), "SCHOOL_CLOSED");
  again = CreateSpecialty(kAdminToken, SpecialtyDraft(1, "0103-4"));
  EXPECT_EQ(again.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(again), "SCHOOL_CLOSED");

  // Four SchoolChanged events with the state after each change, four audit entries.
  std::vector<ed::SchoolChanged> changes;
  for (const ed::EducationEvent& event : harness_->Events()) {
    if (event.has_school_changed()) {
      changes.push_back(event.school_changed());
    }
  }
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_EQ(changes[0].status(), ed::SCHOOL_STATUS_ACTIVE);
  EXPECT_EQ(changes[0].filing_status(), ed::FILING_STATUS_NOT_FILED);
  EXPECT_EQ(changes[1].filing_status(), ed::FILING_STATUS_FILED);
  EXPECT_EQ(changes[2].name(), "青岛市新名字技师学院");
  EXPECT_EQ(changes[2].kind(), ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL);
  EXPECT_EQ(changes[3].status(), ed::SCHOOL_STATUS_CLOSED);
  EXPECT_EQ(changes[3].district_code(), kDistrictA);
  std::vector<std::string> methods;
  for (const common::v1::AuditEntry& entry : harness_->AuditEntries()) {
    if (entry.outcome() == "OK" && entry.resource() == "schools/" + CreditCode(1)) {
      methods.push_back(entry.method());
    }
  }
  EXPECT_EQ(methods.size(), 4u);
}

TEST_F(SchoolServiceTest, AKnownCreditCodeIsRefusedAndReplaysReturnTheFirstAnswer) {
  ed::School first;
  ASSERT_TRUE(Register(kAdminToken, SchoolDraft(3, kDistrictA), &first, "register-3").ok());
  // The same request again: the first answer, nothing written twice.
  const long long keys_before = EducationKeys();
  ed::School replayed;
  ASSERT_TRUE(Register(kAdminToken, SchoolDraft(3, kDistrictA), &replayed, "register-3").ok());
  EXPECT_EQ(replayed.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(EducationKeys(), keys_before);
  EXPECT_EQ(Stats(kDistrictA).schools(), 1);
  // Another body under the same request id.
  grpc::Status reused = Register(kAdminToken, SchoolDraft(4, kDistrictA), nullptr, "register-3");
  EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");
  // Another request for the same credit code.
  grpc::Status exists = Register(kDistrictAToken, SchoolDraft(3, kDistrictA));
  EXPECT_EQ(exists.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(exists), "SCHOOL_EXISTS");
  EXPECT_EQ(EducationKeys(), keys_before);
}

TEST_F(SchoolServiceTest, ScopeKeepsOfficersToTheirDistrictAndSchoolsToThemselves) {
  MustRegister(1, kDistrictA);
  // An officer of another district registers nothing there.
  const long long keys_before = EducationKeys();
  grpc::Status status = Register(kDistrictBToken, SchoolDraft(5, kDistrictA));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  // ... nor changes a school of it, nor opens a specialty at it.
  ed::UpdateSchoolRequest update;
  update.set_credit_code(CreditCode(1));
  update.set_name("改名");
  update.set_kind(ed::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  update.set_ownership(ed::OWNERSHIP_PUBLIC);
  ed::UpdateSchoolResponse updated;
  status = stub().UpdateSchool(Ctx(kDistrictBToken).get(), update, &updated);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  status = CreateSpecialty(kDistrictBToken, SpecialtyDraft(1, "0103-4"));
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  // Another school neither opens specialties at it nor refreshes its filing.
  status = CreateSpecialty(kInstitutionBToken, SpecialtyDraft(1, "0103-4"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  ed::RefreshSchoolFilingRequest refresh;
  refresh.set_credit_code(CreditCode(1));
  ed::RefreshSchoolFilingResponse refreshed;
  EXPECT_EQ(ReasonOf(stub().RefreshSchoolFiling(Ctx(kInstitutionBToken).get(), refresh, &refreshed)), "OUT_OF_SCOPE");
  EXPECT_EQ(EducationKeys(), keys_before);
  EXPECT_EQ(GetSchool(1).version(), 1);

  // The school itself and the officer of its district do.
  ASSERT_TRUE(CreateSpecialty(kInstitutionAToken, SpecialtyDraft(1, "0103-4")).ok());
  ASSERT_TRUE(CreateSpecialty(kDistrictAToken, SpecialtyDraft(1, "0104-4")).ok());
  status = CloseSpecialty(kInstitutionBToken, 1, "0103-4");
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  EXPECT_EQ(GetSpecialty(1, "0103-4").status(), ed::SPECIALTY_STATUS_ACTIVE);
  // Every reading role reads every school and specialty.
  for (const char* token : {kInstitutionBToken, kDistrictBToken, kVerifierToken, kServiceToken}) {
    EXPECT_EQ(GetSchool(1, token).org().credit_code(), CreditCode(1));
    EXPECT_EQ(GetSpecialty(1, "0104-4", token).code(), "0104-4");
  }
}

TEST_F(SchoolServiceTest, ExpectedVersionMismatchIsAbortedAndChangesNothing) {
  MustRegister(1, kDistrictA);
  MustCreateSpecialty(SpecialtyDraft(1, "0103-4"));
  grpc::Status status = CloseSchool(1, nullptr, 7);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  status = CloseSpecialty(kAdminToken, 1, "0103-4", nullptr, 2);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  status = UpdateSpecialty(kAdminToken, 1, "0103-4", "", {ed::TRAINING_LEVEL_SENIOR}, nullptr, 3);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  EXPECT_EQ(GetSchool(1).status(), ed::SCHOOL_STATUS_ACTIVE);
  EXPECT_EQ(GetSpecialty(1, "0103-4").version(), 1);
  ASSERT_TRUE(CloseSpecialty(kAdminToken, 1, "0103-4", nullptr, 1).ok());
}

TEST_F(SchoolServiceTest, SpecialtyWorkflowWithLevelsFeaturingAndEnrolledStudents) {
  MustRegister(1, kDistrictA);
  MustRegister(2, kDistrictA, ed::SCHOOL_KIND_TECHNICAL_SCHOOL);
  // Opened by the school itself: ACTIVE, in the school's district, counted.
  ed::Specialty specialty;
  ASSERT_TRUE(CreateSpecialty(kInstitutionAToken, SpecialtyDraft(1, "0103-4"), &specialty, "open-1").ok());
  EXPECT_EQ(specialty.status(), ed::SPECIALTY_STATUS_ACTIVE);
  EXPECT_EQ(specialty.district_code(), kDistrictA);
  EXPECT_EQ(specialty.version(), 1);
  EXPECT_EQ(specialty.enrolled_count(), 0);
  EXPECT_EQ(HashField(keys::kSpecialtyState, keys::SpecialtyRef(CreditCode(1), "0103-4")), "SPECIALTY_STATUS_ACTIVE");
  // Replayed; the same code again (any caller) is ALREADY_EXISTS.
  ed::Specialty replayed;
  ASSERT_TRUE(CreateSpecialty(kInstitutionAToken, SpecialtyDraft(1, "0103-4"), &replayed, "open-1").ok());
  EXPECT_EQ(replayed.SerializeAsString(), specialty.SerializeAsString());
  grpc::Status status = CreateSpecialty(kAdminToken, SpecialtyDraft(1, "0103-4", ""));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(status), "SPECIALTY_EXISTS");

  // A technical school trains the intermediate level only.
  status = CreateSpecialty(kAdminToken, SpecialtyDraft(2, "0103-4"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "LEVEL_NOT_TRAINED");
  EXPECT_NE(status.error_message().find("specialty.levels[1]"), std::string::npos) << status.error_message();
  ASSERT_TRUE(CreateSpecialty(kAdminToken, SpecialtyDraft(2, "0103-4", "", {ed::TRAINING_LEVEL_INTERMEDIATE})).ok());

  // Students enrolled (the student part's load counters): shown, and the closure is refused.
  SetLoad(keys::SpecialtyRef(CreditCode(1), "0103-4"), 3);
  SetLoad(keys::SpecialtyLevelLoad(CreditCode(1), "0103-4", ed::TRAINING_LEVEL_SENIOR), 2);
  EXPECT_EQ(GetSpecialty(1, "0103-4").enrolled_count(), 3);
  status = CloseSpecialty(kInstitutionAToken, 1, "0103-4");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "STUDENTS_ENROLLED");
  // Dropping the level students are enrolled toward is refused; dropping another is not.
  status = UpdateSpecialty(kInstitutionAToken, 1, "0103-4", "IC02", {ed::TRAINING_LEVEL_INTERMEDIATE});
  EXPECT_EQ(ReasonOf(status), "LEVEL_IN_USE");
  ed::Specialty updated;
  ASSERT_TRUE(UpdateSpecialty(kInstitutionAToken, 1, "0103-4", "IC02",
                              {ed::TRAINING_LEVEL_SENIOR, ed::TRAINING_LEVEL_PRE_TECHNICIAN}, &updated)
                  .ok());
  EXPECT_EQ(updated.industry_chain_code(), "IC02");
  EXPECT_EQ(updated.levels_size(), 2);
  EXPECT_EQ(updated.version(), 2);
  EXPECT_EQ(updated.enrolled_count(), 3);
  // The school's kind may not drop below a level its active specialties train.
  ed::UpdateSchoolRequest downgrade;
  downgrade.set_credit_code(CreditCode(1));
  downgrade.set_name("青岛市测试技工院校1");
  downgrade.set_kind(ed::SCHOOL_KIND_SENIOR_TECHNICAL_SCHOOL);
  downgrade.set_ownership(ed::OWNERSHIP_PUBLIC);
  ed::UpdateSchoolResponse downgraded;
  status = stub().UpdateSchool(Ctx(kAdminToken).get(), downgrade, &downgraded);
  EXPECT_EQ(ReasonOf(status), "LEVEL_NOT_TRAINED");
  EXPECT_NE(status.error_message().find("specialties/0103-4"), std::string::npos) << status.error_message();

  // Featured by the city bureau, then withdrawn and featured again.
  ed::Specialty featured;
  ASSERT_TRUE(Feature(1, "0103-4", true, 2025, &featured).ok());
  EXPECT_TRUE(featured.featured());
  EXPECT_EQ(featured.featured_year(), 2025);
  ASSERT_TRUE(Feature(1, "0103-4", false, 0, &featured).ok());
  EXPECT_FALSE(featured.featured());
  EXPECT_EQ(featured.featured_year(), 0);
  ASSERT_TRUE(Feature(1, "0103-4", true, 2026, &featured).ok());

  // The students gone, it closes; a closed specialty is neither changed nor featured.
  SetLoad(keys::SpecialtyRef(CreditCode(1), "0103-4"), 0);
  ed::Specialty closed;
  ASSERT_TRUE(CloseSpecialty(kInstitutionAToken, 1, "0103-4", &closed).ok());
  EXPECT_EQ(closed.status(), ed::SPECIALTY_STATUS_CLOSED);
  EXPECT_EQ(closed.closed_year(), kCurrentYear);
  EXPECT_EQ(HashField(keys::kSpecialtyState, keys::SpecialtyRef(CreditCode(1), "0103-4")), "SPECIALTY_STATUS_CLOSED");
  EXPECT_EQ(ReasonOf(CloseSpecialty(kAdminToken, 1, "0103-4")), "SPECIALTY_CLOSED");
  EXPECT_EQ(ReasonOf(Feature(1, "0103-4", true, 2026)), "SPECIALTY_CLOSED");
  EXPECT_EQ(ReasonOf(UpdateSpecialty(kAdminToken, 1, "0103-4", "", {ed::TRAINING_LEVEL_SENIOR})), "SPECIALTY_CLOSED");
  // Once closed, the school's kind may change.
  ASSERT_TRUE(stub().UpdateSchool(Ctx(kAdminToken).get(), downgrade, &downgraded).ok());

  // SpecialtyChanged for each change, with the state after it.
  std::vector<ed::SpecialtyChanged> changes;
  for (const ed::EducationEvent& event : harness_->Events()) {
    if (event.has_specialty_changed() && event.specialty_changed().school_credit_code() == CreditCode(1)) {
      changes.push_back(event.specialty_changed());
    }
  }
  ASSERT_EQ(changes.size(), 6u);
  EXPECT_EQ(changes[0].industry_chain_code(), "IC01");
  EXPECT_EQ(changes[1].industry_chain_code(), "IC02");
  EXPECT_TRUE(changes[2].featured());
  EXPECT_FALSE(changes[3].featured());
  EXPECT_EQ(changes[5].status(), ed::SPECIALTY_STATUS_CLOSED);
  EXPECT_EQ(changes[5].closed_year(), kCurrentYear);
  int audited = 0;
  for (const common::v1::AuditEntry& entry : harness_->AuditEntries()) {
    audited += entry.outcome() == "OK" && entry.resource() == "schools/" + CreditCode(1) + "/specialties/0103-4";
  }
  EXPECT_EQ(audited, 6);
}

TEST_F(SchoolServiceTest, ParallelOpeningsOfOneCodeStoreOneAndCountOnce) {
  MustRegister(1, kDistrictA);
  constexpr int kCallers = 8;
  std::vector<grpc::Status> statuses(kCallers);
  std::vector<std::thread> callers;
  for (int i = 0; i < kCallers; ++i) {
    callers.emplace_back([&statuses, i] {
      statuses[i] = CreateSpecialty(i % 2 == 0 ? kAdminToken : kInstitutionAToken, SpecialtyDraft(1, "0103-4"));
    });
  }
  for (std::thread& caller : callers) {
    caller.join();
  }
  int created = 0;
  for (const grpc::Status& status : statuses) {
    if (status.ok()) {
      ++created;
    } else {
      EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS) << status.error_message();
      EXPECT_EQ(ReasonOf(status), "SPECIALTY_EXISTS");
    }
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(Stats(kDistrictA).active_specialties(), 1);
  EXPECT_EQ(Stats(kDistrictA).chain_specialties(), 1);
  int events = 0;
  for (const ed::EducationEvent& event : harness_->Events()) {
    events += event.has_specialty_changed() ? 1 : 0;
  }
  EXPECT_EQ(events, 1);
}

TEST_F(SchoolServiceTest, NowCountersFollowEveryChange) {
  MustRegister(1, kDistrictA);
  MustRegister(2, kDistrictA);
  MustRegister(3, kDistrictB);
  MustCreateSpecialty(SpecialtyDraft(1, "A1"));          // chain
  MustCreateSpecialty(SpecialtyDraft(1, "A2", ""));      // no chain
  MustCreateSpecialty(SpecialtyDraft(2, "B1", "IC03"));  // chain
  MustCreateSpecialty(SpecialtyDraft(3, "C1", "IC04"));  // district B
  ASSERT_TRUE(Feature(1, "A1", true, 2024).ok());
  ASSERT_TRUE(Feature(1, "A2", true, 2024).ok());
  ed::EducationStatsRow a = Stats(kDistrictA);
  EXPECT_EQ(a.schools(), 2);
  EXPECT_EQ(a.active_specialties(), 3);
  EXPECT_EQ(a.featured_specialties(), 2);
  EXPECT_EQ(a.chain_specialties(), 2);
  // A chain given to A2 and taken from B1; a featured chain specialty closed (−1 of each).
  ASSERT_TRUE(UpdateSpecialty(kAdminToken, 1, "A2", "IC05", {ed::TRAINING_LEVEL_INTERMEDIATE}).ok());
  ASSERT_TRUE(UpdateSpecialty(kAdminToken, 2, "B1", "", {ed::TRAINING_LEVEL_INTERMEDIATE}).ok());
  ASSERT_TRUE(CloseSpecialty(kAdminToken, 1, "A1").ok());
  a = Stats(kDistrictA);
  EXPECT_EQ(a.active_specialties(), 2);
  EXPECT_EQ(a.featured_specialties(), 1);
  EXPECT_EQ(a.chain_specialties(), 1);
  // Withdrawing a designation; closing a school (its specialty first).
  ASSERT_TRUE(Feature(1, "A2", false, 0).ok());
  ASSERT_TRUE(CloseSpecialty(kAdminToken, 2, "B1").ok());
  ASSERT_TRUE(CloseSchool(2).ok());
  a = Stats(kDistrictA);
  EXPECT_EQ(a.schools(), 1);
  EXPECT_EQ(a.featured_specialties(), 0);
  const ed::EducationStatsRow b = Stats(kDistrictB);
  EXPECT_EQ(b.schools(), 1);
  EXPECT_EQ(b.active_specialties(), 1);
  EXPECT_EQ(b.chain_specialties(), 1);
  EXPECT_EQ(b.featured_specialties(), 0);
}

TEST_F(SchoolServiceTest, CloseSchoolWaitsForItsSpecialtiesAndPartnershipsAndStoresNothingMeanwhile) {
  MustRegister(1, kDistrictA);
  MustCreateSpecialty(SpecialtyDraft(1, "A1"));
  ed::CreatePartnershipRequest partnership;
  partnership.mutable_partnership()->set_school_credit_code(CreditCode(1));
  partnership.mutable_partnership()->mutable_enterprise()->set_credit_code(CreditCode(9));
  partnership.mutable_partnership()->mutable_enterprise()->set_name("青岛测试企业");
  partnership.mutable_partnership()->set_kind(ed::PARTNERSHIP_KIND_SHARED_TRAINING_BASE);
  partnership.mutable_partnership()->set_start_year(2025);
  ed::CreatePartnershipResponse created;
  ASSERT_TRUE(stub().CreatePartnership(Ctx(kAdminToken).get(), partnership, &created).ok());

  const long long keys_before = EducationKeys();
  grpc::Status status = CloseSchool(1);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "SPECIALTIES_ACTIVE");
  EXPECT_EQ(EducationKeys(), keys_before);
  ASSERT_TRUE(CloseSpecialty(kAdminToken, 1, "A1").ok());
  status = CloseSchool(1);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "PARTNERSHIPS_ACTIVE");
  ed::EndPartnershipRequest end;
  end.set_id(created.partnership().id());
  end.set_year(kCurrentYear);
  end.set_reason("合作期满");
  ed::EndPartnershipResponse ended;
  ASSERT_TRUE(stub().EndPartnership(Ctx(kAdminToken).get(), end, &ended).ok());
  ed::School closed;
  ASSERT_TRUE(CloseSchool(1, &closed).ok());
  EXPECT_EQ(closed.status(), ed::SCHOOL_STATUS_CLOSED);
  EXPECT_EQ(Stats(kDistrictA).schools(), 0);
  // A closed school opens nothing new, so nothing can be left ACTIVE under it.
  EXPECT_EQ(CreateSpecialty(kAdminToken, SpecialtyDraft(1, "A2")).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(stub().CreatePartnership(Ctx(kAdminToken).get(), partnership, &created).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(SchoolServiceTest, AKindChangeIsRefusedWhenASpecialtyWasWrittenAfterItsCheck) {
  MustRegister(1, kDistrictA);
  MustCreateSpecialty(SpecialtyDraft(1, "A1"));
  education::SchoolStore schools(harness_->redis_client());
  education::SpecialtyStore specialties(harness_->redis_client());
  // What UpdateSchool reads before it checks the specialties against the new kind ...
  const absl::StatusOr<std::string> checked = specialties.Generation(CreditCode(1));
  ASSERT_TRUE(checked.ok()) << checked.status();
  EXPECT_EQ(*checked, "1");
  // ... then a specialty written before its write lands (a level the new kind does not train).
  MustCreateSpecialty(SpecialtyDraft(1, "A2", "IC01", {ed::TRAINING_LEVEL_PRE_TECHNICIAN}));
  const auto stored = schools.GetSchool(CreditCode(1));
  ASSERT_TRUE(stored.ok() && stored->has_value());
  ed::School updated = (*stored)->record;
  updated.set_kind(ed::SCHOOL_KIND_TECHNICAL_SCHOOL);
  updated.set_version(updated.version() + 1);
  const absl::StatusOr<WriteOutcome> refused = schools.ChangeSchool(
      **stored, updated, education::SchoolChangedEvent(updated, absl::Now()), MutationMeta{}, *checked);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAborted) << refused.status();
  EXPECT_EQ(::skillbridge::ReasonOf(refused.status()), "CONCURRENT_MODIFICATION");
  ed::GetSchoolRequest get;
  get.set_credit_code(CreditCode(1));
  ed::GetSchoolResponse got;
  ASSERT_TRUE(stub().GetSchool(Ctx(kAdminToken).get(), get, &got).ok());
  EXPECT_EQ(got.school().kind(), ed::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  // Through the RPC the check sees the new specialty and refuses the kind.
  ed::UpdateSchoolRequest update;
  update.set_credit_code(CreditCode(1));
  update.set_name(got.school().org().name());
  update.set_kind(ed::SCHOOL_KIND_TECHNICAL_SCHOOL);
  update.set_ownership(got.school().ownership());
  ed::UpdateSchoolResponse answer;
  const grpc::Status status = stub().UpdateSchool(Ctx(kAdminToken).get(), update, &answer);
  EXPECT_EQ(ReasonOf(status), "LEVEL_NOT_TRAINED");
}

TEST_F(SchoolServiceTest, ListsFilterAndPage) {
  MustRegister(1, kDistrictA);
  MustRegister(2, kDistrictA, ed::SCHOOL_KIND_TECHNICAL_SCHOOL);
  MustRegister(3, kDistrictB);
  ASSERT_TRUE(CloseSchool(3).ok());
  const auto school_codes = [](ed::ListSchoolsRequest request) {
    std::vector<std::string> codes;
    request.set_page_size(1);
    do {
      ed::ListSchoolsResponse response;
      const grpc::Status status = stub().ListSchools(Ctx(kViewerToken).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const ed::School& school : response.schools()) {
        codes.push_back(school.org().credit_code());
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return std::set<std::string>(codes.begin(), codes.end());
  };
  EXPECT_EQ(school_codes({}), (std::set<std::string>{CreditCode(1), CreditCode(2), CreditCode(3)}));
  ed::ListSchoolsRequest filter;
  filter.set_district_code(kDistrictA);
  EXPECT_EQ(school_codes(filter), (std::set<std::string>{CreditCode(1), CreditCode(2)}));
  filter.set_kind(ed::SCHOOL_KIND_TECHNICAL_SCHOOL);
  EXPECT_EQ(school_codes(filter), (std::set<std::string>{CreditCode(2)}));
  ed::ListSchoolsRequest closed;
  closed.set_status(ed::SCHOOL_STATUS_CLOSED);
  EXPECT_EQ(school_codes(closed), (std::set<std::string>{CreditCode(3)}));
  ed::ListSchoolsRequest unfiled;
  unfiled.set_filing_status(ed::FILING_STATUS_FILED);
  EXPECT_TRUE(school_codes(unfiled).empty());

  MustCreateSpecialty(SpecialtyDraft(1, "A1"));
  MustCreateSpecialty(SpecialtyDraft(1, "A2", ""));
  MustCreateSpecialty(SpecialtyDraft(2, "B1", "", {ed::TRAINING_LEVEL_INTERMEDIATE}));
  ASSERT_TRUE(Feature(1, "A1", true, 2024).ok());
  SetLoad(keys::SpecialtyRef(CreditCode(1), "A2"), 5);
  const auto specialty_refs = [](ed::ListSpecialtiesRequest request, int64_t* enrolled = nullptr) {
    std::set<std::string> refs;
    request.set_page_size(1);
    do {
      ed::ListSpecialtiesResponse response;
      const grpc::Status status = stub().ListSpecialties(Ctx(kInstitutionBToken).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const ed::Specialty& specialty : response.specialties()) {
        refs.insert(specialty.school_credit_code() + "/" + specialty.code());
        if (enrolled != nullptr) {
          *enrolled += specialty.enrolled_count();
        }
      }
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return refs;
  };
  int64_t enrolled = 0;
  EXPECT_EQ(specialty_refs({}, &enrolled).size(), 3u);
  EXPECT_EQ(enrolled, 5);
  ed::ListSpecialtiesRequest by_school;
  by_school.set_school_credit_code(CreditCode(1));
  EXPECT_EQ(specialty_refs(by_school), (std::set<std::string>{CreditCode(1) + "/A1", CreditCode(1) + "/A2"}));
  ed::ListSpecialtiesRequest no_chain;
  no_chain.set_industry_chain_code("none");
  EXPECT_EQ(specialty_refs(no_chain), (std::set<std::string>{CreditCode(1) + "/A2", CreditCode(2) + "/B1"}));
  no_chain.set_school_credit_code(CreditCode(2));
  EXPECT_EQ(specialty_refs(no_chain), (std::set<std::string>{CreditCode(2) + "/B1"}));
  ed::ListSpecialtiesRequest featured;
  featured.set_featured_only(true);
  featured.set_district_code(kDistrictA);
  EXPECT_EQ(specialty_refs(featured), (std::set<std::string>{CreditCode(1) + "/A1"}));
  ed::ListSpecialtiesRequest chain;
  chain.set_industry_chain_code("IC01");
  EXPECT_EQ(specialty_refs(chain), (std::set<std::string>{CreditCode(1) + "/A1"}));

  // A token of one filter is refused with another.
  ed::ListSchoolsRequest page;
  page.set_page_size(1);
  ed::ListSchoolsResponse first;
  ASSERT_TRUE(stub().ListSchools(Ctx(kViewerToken).get(), page, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());
  page.set_page_token(first.next_page_token());
  page.set_district_code(kDistrictB);
  ed::ListSchoolsResponse refused;
  EXPECT_EQ(stub().ListSchools(Ctx(kViewerToken).get(), page, &refused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

// Its own harness, its evaluation stopped: a registration is UNAVAILABLE (EVALUATION_UNAVAILABLE)
// and writes nothing.
TEST(SchoolEvaluationStoppedTest, RegistrationWithoutEvaluationIsUnavailableAndWritesNothing) {
  EducationHarness harness;
  ASSERT_TRUE(harness.Start().ok());
  harness.evaluation().Stop();
  ed::RegisterSchoolRequest request;
  request.set_request_id("register-while-down");
  *request.mutable_school()->mutable_org() = [] {
    common::v1::OrgRef org;
    org.set_credit_code(CreditCode(1));
    org.set_name("青岛市测试技师学院");
    org.set_district_code(kDistrictA);
    return org;
  }();
  request.mutable_school()->set_kind(ed::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  request.mutable_school()->set_ownership(ed::OWNERSHIP_PUBLIC);
  const auto keys_but_audit = [&harness] {
    auto audit = harness.redis_client().Command({"EXISTS", std::string(keys::kAudit)});
    EXPECT_TRUE(audit.ok());
    return harness.CountKeys("education:*") - (audit.ok() ? audit->integer() : 0);
  };
  const long long before = keys_but_audit();
  ed::RegisterSchoolResponse response;
  const absl::Time start = absl::Now();
  const grpc::Status status =
      harness.stub().RegisterSchool(EducationHarness::Context(kAdminToken).get(), request, &response);
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(ReasonOf(status), "EVALUATION_UNAVAILABLE");
  auto school = harness.redis_client().Command({"EXISTS", std::string(keys::School(CreditCode(1)))});
  ASSERT_TRUE(school.ok());
  EXPECT_EQ(school->integer(), 0);
  EXPECT_EQ(keys_but_audit(), before);
  auto events = harness.redis_client().Command({"XLEN", std::string(keys::kEvents)});
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->integer(), 0);
}

// ---------------------------------------------------------------- bad input

class SchoolBadInputTest : public SchoolTestBase {
 protected:
  static void SetUpTestSuite() {
    SuiteHarnessTest::SetUpTestSuite();
    ASSERT_TRUE(Register(kAdminToken, SchoolDraft(1, kDistrictA)).ok());
    ASSERT_TRUE(CreateSpecialty(kAdminToken, SpecialtyDraft(1, "0103-4")).ok());
  }
  // The suite's school and specialty stay; nothing is flushed between cases.
  void SetUp() override {}

  StoreSize Size() { return MeasureStore(*harness_, keys::kAudit, keys::kEvents); }

  void ExpectAlive() { EXPECT_EQ(GetSchool(1, kAdminToken).org().credit_code(), CreditCode(1)); }

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

  template <typename R>
  static void AddSpecialtyCodeCases(Cases<R>& cases, const std::string& field, StringSetter<R> set) {
    auto add = [&](const std::string& what, const std::string& value) {
      cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
    };
    add("empty", "");
    add("1 character", "A");
    add("17 characters", Repeat("1", 17));
    add("lower case", "0103-a");
    add("space", "01 03");
    add("colon", "01:03");
    add("bar", "01|03");
    add("ideograph", "专业01");
  }

  template <typename R>
  static void AddLevelCases(Cases<R>& cases, const std::string& field,
                            std::function<google::protobuf::RepeatedField<int>*(R&)> levels) {
    cases.push_back({field + ": none", [levels](R& r) { levels(r)->Clear(); }, field});
    cases.push_back({field + ": four",
                     [levels](R& r) {
                       levels(r)->Clear();
                       for (int level : {1, 2, 3, 1}) {
                         levels(r)->Add(level);
                       }
                     },
                     field});
    cases.push_back({field + ": unspecified", [levels](R& r) { levels(r)->Set(0, 0); }, field + "[0]"});
    cases.push_back({field + ": unknown", [levels](R& r) { levels(r)->Set(1, 9); }, field + "[1]"});
    cases.push_back({field + ": twice", [levels](R& r) { levels(r)->Set(1, levels(r)->Get(0)); }, field + "[1]"});
  }

  template <typename R>
  static void AddChainCases(Cases<R>& cases, const std::string& field, StringSetter<R> set) {
    cases.push_back({field + ": unknown", [set](R& r) { set(r, "IC99"); }, field});
    cases.push_back({field + ": none (a filter word)", [set](R& r) { set(r, "none"); }, field});
    cases.push_back({field + ": lower case", [set](R& r) { set(r, "ic01"); }, field});
  }
};

TEST_F(SchoolBadInputTest, RegisterSchool) {
  using R = ed::RegisterSchoolRequest;
  R valid;
  valid.set_request_id("register-bad");
  *valid.mutable_school() = SchoolDraft(2, kDistrictA);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "school.org.credit_code",
      [](R& r, const std::string& v) { r.mutable_school()->mutable_org()->set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "school.org.name", [](R& r, const std::string& v) { r.mutable_school()->mutable_org()->set_name(v); },
      true, 100);
  AddDistrictCases<R>(
      cases, "school.org.district_code",
      [](R& r, const std::string& v) { r.mutable_school()->mutable_org()->set_district_code(v); }, true);
  AddEnumCases<R>(
      cases, "school.kind", [](R& r, int v) { r.mutable_school()->set_kind(static_cast<ed::SchoolKind>(v)); }, true);
  AddEnumCases<R>(
      cases, "school.ownership", [](R& r, int v) { r.mutable_school()->set_ownership(static_cast<ed::Ownership>(v)); },
      true);
  AddTextCases<R>(
      cases, "school.contact_name", [](R& r, const std::string& v) { r.mutable_school()->set_contact_name(v); }, false,
      50);
  for (const std::string& phone : std::vector<std::string>{"0532-8888-00000-1234567", "0532 abc", "电话"}) {
    cases.push_back({"contact phone " + phone, [phone](R& r) { r.mutable_school()->set_contact_phone(phone); },
                     "school.contact_phone"});
  }
  Run(&ed::EducationService::Stub::RegisterSchool, valid, cases);
}

TEST_F(SchoolBadInputTest, UpdateSchool) {
  using R = ed::UpdateSchoolRequest;
  R valid;
  valid.set_request_id("update-bad");
  valid.set_credit_code(CreditCode(1));
  valid.set_name("青岛市新名字技师学院");
  valid.set_kind(ed::SCHOOL_KIND_TECHNICIAN_COLLEGE);
  valid.set_ownership(ed::OWNERSHIP_PRIVATE);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "credit_code", [](R& r, const std::string& v) { r.set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "name", [](R& r, const std::string& v) { r.set_name(v); }, true, 100);
  AddEnumCases<R>(
      cases, "kind", [](R& r, int v) { r.set_kind(static_cast<ed::SchoolKind>(v)); }, true);
  AddEnumCases<R>(
      cases, "ownership", [](R& r, int v) { r.set_ownership(static_cast<ed::Ownership>(v)); }, true);
  AddTextCases<R>(
      cases, "contact_name", [](R& r, const std::string& v) { r.set_contact_name(v); }, false, 50);
  cases.push_back({"contact phone letters", [](R& r) { r.set_contact_phone("call me"); }, "contact_phone"});
  cases.push_back({"negative expected version", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&ed::EducationService::Stub::UpdateSchool, valid, cases);
}

TEST_F(SchoolBadInputTest, RefreshSchoolFiling) {
  using R = ed::RefreshSchoolFilingRequest;
  R valid;
  valid.set_request_id("refresh-bad");
  valid.set_credit_code(CreditCode(1));
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "credit_code", [](R& r, const std::string& v) { r.set_credit_code(v); }, false);
  Run(&ed::EducationService::Stub::RefreshSchoolFiling, valid, cases);
}

TEST_F(SchoolBadInputTest, CloseSchool) {
  using R = ed::CloseSchoolRequest;
  R valid;
  valid.set_request_id("close-bad");
  valid.set_credit_code(CreditCode(1));
  valid.set_reason("撤销");
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "credit_code", [](R& r, const std::string& v) { r.set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "reason", [](R& r, const std::string& v) { r.set_reason(v); }, true, 500);
  cases.push_back({"negative expected version", [](R& r) { r.set_expected_version(-2); }, "expected_version"});
  Run(&ed::EducationService::Stub::CloseSchool, valid, cases);
}

TEST_F(SchoolBadInputTest, CreateSpecialty) {
  using R = ed::CreateSpecialtyRequest;
  R valid;
  valid.set_request_id("specialty-bad");
  *valid.mutable_specialty() = SpecialtyDraft(1, "0200-1");
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "specialty.school_credit_code",
      [](R& r, const std::string& v) { r.mutable_specialty()->set_school_credit_code(v); }, false);
  AddSpecialtyCodeCases<R>(cases, "specialty.code",
                           [](R& r, const std::string& v) { r.mutable_specialty()->set_code(v); });
  AddTextCases<R>(
      cases, "specialty.name", [](R& r, const std::string& v) { r.mutable_specialty()->set_name(v); }, true, 100);
  AddChainCases<R>(cases, "specialty.industry_chain_code",
                   [](R& r, const std::string& v) { r.mutable_specialty()->set_industry_chain_code(v); });
  AddLevelCases<R>(cases, "specialty.levels", [](R& r) { return r.mutable_specialty()->mutable_levels(); });
  for (int year : {0, 1949, kCurrentYear + 1, -2026}) {
    cases.push_back({"opened year " + std::to_string(year),
                     [year](R& r) { r.mutable_specialty()->set_opened_year(year); }, "specialty.opened_year"});
  }
  Run(&ed::EducationService::Stub::CreateSpecialty, valid, cases);
}

TEST_F(SchoolBadInputTest, UpdateSpecialty) {
  using R = ed::UpdateSpecialtyRequest;
  R valid;
  valid.set_request_id("update-specialty-bad");
  valid.set_school_credit_code(CreditCode(1));
  valid.set_code("0103-4");
  valid.set_name("数控加工");
  valid.set_industry_chain_code("IC02");
  valid.add_levels(ed::TRAINING_LEVEL_INTERMEDIATE);
  valid.add_levels(ed::TRAINING_LEVEL_SENIOR);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "school_credit_code", [](R& r, const std::string& v) { r.set_school_credit_code(v); }, false);
  AddSpecialtyCodeCases<R>(cases, "code", [](R& r, const std::string& v) { r.set_code(v); });
  AddTextCases<R>(
      cases, "name", [](R& r, const std::string& v) { r.set_name(v); }, true, 100);
  AddChainCases<R>(cases, "industry_chain_code", [](R& r, const std::string& v) { r.set_industry_chain_code(v); });
  AddLevelCases<R>(cases, "levels", [](R& r) { return r.mutable_levels(); });
  cases.push_back({"negative expected version", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&ed::EducationService::Stub::UpdateSpecialty, valid, cases);
}

TEST_F(SchoolBadInputTest, SetSpecialtyFeatured) {
  using R = ed::SetSpecialtyFeaturedRequest;
  R valid;
  valid.set_request_id("feature-bad");
  valid.set_school_credit_code(CreditCode(1));
  valid.set_code("0103-4");
  valid.set_featured(true);
  valid.set_year(2025);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "school_credit_code", [](R& r, const std::string& v) { r.set_school_credit_code(v); }, false);
  AddSpecialtyCodeCases<R>(cases, "code", [](R& r, const std::string& v) { r.set_code(v); });
  for (int year : {0, 1999, kCurrentYear + 1}) {
    cases.push_back({"featured in " + std::to_string(year), [year](R& r) { r.set_year(year); }, "year"});
  }
  cases.push_back({"withdrawn with a year", [](R& r) { r.set_featured(false); }, "year"});
  cases.push_back({"negative expected version", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&ed::EducationService::Stub::SetSpecialtyFeatured, valid, cases);
}

TEST_F(SchoolBadInputTest, CloseSpecialty) {
  using R = ed::CloseSpecialtyRequest;
  R valid;
  valid.set_request_id("close-specialty-bad");
  valid.set_school_credit_code(CreditCode(1));
  valid.set_code("0103-4");
  valid.set_year(kCurrentYear);
  valid.set_reason("停办");
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddCreditCodeCases<R>(
      cases, "school_credit_code", [](R& r, const std::string& v) { r.set_school_credit_code(v); }, false);
  AddSpecialtyCodeCases<R>(cases, "code", [](R& r, const std::string& v) { r.set_code(v); });
  // Opened in 2015 (the lower bound checked against the record), at most next year.
  for (int year : {0, 2014, kCurrentYear + 2}) {
    cases.push_back({"year " + std::to_string(year), [year](R& r) { r.set_year(year); }, "year"});
  }
  AddTextCases<R>(
      cases, "reason", [](R& r, const std::string& v) { r.set_reason(v); }, true, 500);
  cases.push_back({"negative expected version", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&ed::EducationService::Stub::CloseSpecialty, valid, cases);
}

}  // namespace
}  // namespace skillbridge::testing
