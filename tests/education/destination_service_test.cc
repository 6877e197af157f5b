// Graduates' first destinations and the first-employment-in-city reward over real gRPC, its own
// real redis-server and the real evaluation service: recording and correcting a destination, the
// reward NONE -> GRANTED -> PAID with its refusals (NOT_ELIGIBLE, REWARD_ALREADY_GRANTED,
// REWARD_GRANTED), scope by role, idempotent replays and expected_version, the statistics of a
// sequence of changes, events and audit, and a bad-input corpus of the three RPCs.

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/education/education_harness.h"
#include "tests/education/student_test_support.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using namespace students;  // NOLINT(build/namespaces): the helpers of this file's part

#define EXPECT_REFUSED(call, code, reason)                                                            \
  do {                                                                                                \
    const grpc::Status refused_status = (call);                                                       \
    EXPECT_EQ(refused_status.error_code(), grpc::StatusCode::code) << refused_status.error_message(); \
    EXPECT_EQ(ReasonOf(refused_status), reason) << refused_status.error_message();                    \
  } while (0)

ed::FirstEmployment InCity(int employer = 7, const std::string& district = "370211") {
  ed::FirstEmployment e;
  e.set_kind(ed::EMPLOYMENT_KIND_IN_CITY);
  e.mutable_employer()->set_credit_code(CreditCode(employer));
  e.mutable_employer()->set_name("青岛测试用人单位" + std::to_string(employer));
  e.mutable_employer()->set_district_code(district);
  e.set_industry_chain_code("IC03");
  *e.mutable_start_date() = Day(2026, 6, 12);
  return e;
}

ed::FirstEmployment Kind(ed::EmploymentKind kind) {
  ed::FirstEmployment e;
  e.set_kind(kind);
  *e.mutable_start_date() = Day(2026, 6, 12);
  return e;
}

class DestinationServiceTest : public SuiteHarnessTest<EducationHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    SetUpSchools(*harness_);
  }
  EducationHarness& h() { return *harness_; }

  // Person n enrolled at `school` and graduated on 2026-06-10; the record.
  ed::Student Graduated(int person, const std::string& school = SchoolA()) {
    const ed::Student s = Enrolled(h(), person, school);
    ed::Student graduated;
    const grpc::Status status = Graduate(h(), GraduateRequest(s.id()), &graduated);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return graduated;
  }

  grpc::Status Record(const std::string& id, const ed::FirstEmployment& e, ed::Student* out = nullptr,
                      const std::string& token = kAdminToken, const std::string& request_id = "",
                      int64_t expected_version = 0) {
    ed::RecordFirstEmploymentRequest request;
    request.set_id(id);
    request.set_request_id(request_id);
    request.set_expected_version(expected_version);
    *request.mutable_first_employment() = e;
    ed::RecordFirstEmploymentResponse response;
    const grpc::Status status =
        h().stub().RecordFirstEmployment(EducationHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.student();
    }
    return status;
  }

  grpc::Status Grant(const std::string& id, int64_t fen, ed::Student* out = nullptr,
                     const std::string& token = kAdminToken, const std::string& request_id = "") {
    ed::GrantEmploymentRewardRequest request;
    request.set_id(id);
    request.set_amount_fen(fen);
    request.set_request_id(request_id);
    ed::GrantEmploymentRewardResponse response;
    const grpc::Status status =
        h().stub().GrantEmploymentReward(EducationHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.student();
    }
    return status;
  }

  grpc::Status Pay(const std::string& id, ed::Student* out = nullptr, const std::string& token = kAdminToken) {
    ed::MarkEmploymentRewardPaidRequest request;
    request.set_id(id);
    ed::MarkEmploymentRewardPaidResponse response;
    const grpc::Status status =
        h().stub().MarkEmploymentRewardPaid(EducationHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.student();
    }
    return status;
  }
};

TEST_F(DestinationServiceTest, DestinationRewardAndPaymentMoveTheStatistics) {
  const ed::Student a = Graduated(1);
  const ed::Student b = Graduated(2);
  const ed::Student enrolled = Enrolled(h(), 3);
  EXPECT_REFUSED(Record(enrolled.id(), InCity()), FAILED_PRECONDITION, "NOT_GRADUATED");

  ed::Student recorded;
  ASSERT_TRUE(Record(a.id(), InCity(), &recorded, kInstitutionAToken, "dest-1").ok());
  EXPECT_EQ(recorded.first_employment().kind(), ed::EMPLOYMENT_KIND_IN_CITY);
  EXPECT_EQ(recorded.first_employment().employer().district_code(), "370211");
  EXPECT_EQ(recorded.version(), a.version() + 1);
  ed::Student replayed;
  ASSERT_TRUE(Record(a.id(), InCity(), &replayed, kInstitutionAToken, "dest-1").ok());
  EXPECT_EQ(replayed.version(), recorded.version());
  EXPECT_REFUSED(Record(a.id(), Kind(ed::EMPLOYMENT_KIND_NONE), nullptr, kInstitutionAToken, "dest-1"),
                 FAILED_PRECONDITION, "REQUEST_ID_REUSED");
  ASSERT_TRUE(Record(b.id(), Kind(ed::EMPLOYMENT_KIND_FURTHER_STUDY)).ok());

  ed::EducationStatsRow y = Stats(h(), 2026);
  EXPECT_EQ(y.graduated(), 2);
  EXPECT_EQ(y.destinations_recorded(), 2);
  EXPECT_EQ(y.employed_in_city(), 1);

  // The reward: IN_CITY only, once, granted by the bureau, paid by ADMIN.
  EXPECT_REFUSED(Grant(b.id(), 300000), FAILED_PRECONDITION, "NOT_ELIGIBLE");
  EXPECT_REFUSED(Grant(a.id(), 300000, nullptr, kInstitutionAToken), PERMISSION_DENIED, "ROLE_NOT_ALLOWED");
  EXPECT_REFUSED(Grant(a.id(), 300000, nullptr, kDistrictBToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  ed::Student granted;
  ASSERT_TRUE(Grant(a.id(), 300000, &granted, kDistrictAToken).ok());
  EXPECT_EQ(granted.reward_status(), ed::REWARD_STATUS_GRANTED);
  EXPECT_EQ(granted.reward_fen(), 300000);
  EXPECT_REFUSED(Grant(a.id(), 300000), FAILED_PRECONDITION, "REWARD_ALREADY_GRANTED");
  EXPECT_REFUSED(Record(a.id(), Kind(ed::EMPLOYMENT_KIND_ELSEWHERE)), FAILED_PRECONDITION, "REWARD_GRANTED");
  EXPECT_REFUSED(Pay(a.id(), nullptr, kDistrictAToken), PERMISSION_DENIED, "ROLE_NOT_ALLOWED");
  // A correction that stays in the city is allowed.
  ASSERT_TRUE(Record(a.id(), InCity(8, "370202")).ok());
  ed::Student paid;
  ASSERT_TRUE(Pay(a.id(), &paid).ok());
  EXPECT_EQ(paid.reward_status(), ed::REWARD_STATUS_PAID);
  EXPECT_REFUSED(Pay(a.id()), FAILED_PRECONDITION, "REWARD_NOT_GRANTED");

  // A correction of b's destination into the city counts once more in the city, not as a new destination.
  ASSERT_TRUE(Record(b.id(), InCity()).ok());
  y = Stats(h(), 2026);
  EXPECT_EQ(y.destinations_recorded(), 2);
  EXPECT_EQ(y.employed_in_city(), 2);
  EXPECT_EQ(y.reward_granted_fen(), 300000);
  EXPECT_EQ(y.reward_paid_fen(), 300000);
  EXPECT_EQ(Stats(h(), 2026, kDistrictA).employed_in_city(), 2);
  EXPECT_EQ(Stats(h(), 2026, kDistrictB).employed_in_city(), 0);
  ASSERT_TRUE(Record(b.id(), Kind(ed::EMPLOYMENT_KIND_NONE)).ok());
  EXPECT_EQ(Stats(h(), 2026).employed_in_city(), 1);
  EXPECT_EQ(Stats(h(), 2026).destinations_recorded(), 2);

  // Events carry each state; the audit names the record.
  std::vector<ed::RewardStatus> rewards;
  for (const ed::EducationEvent& event : h().Events()) {
    if (event.has_student_changed() && event.student_changed().student_id() == a.id()) {
      rewards.push_back(event.student_changed().reward_status());
    }
  }
  ASSERT_GE(rewards.size(), 3u);
  EXPECT_EQ(rewards.back(), ed::REWARD_STATUS_PAID);
  bool audited = false;
  for (const common::v1::AuditEntry& entry : h().AuditEntries()) {
    audited = audited || (entry.resource() == "students/" + a.id() &&
                          entry.method().find("MarkEmploymentRewardPaid") != std::string::npos);
  }
  EXPECT_TRUE(audited);
}

TEST_F(DestinationServiceTest, ExpectedVersionAndScopeRefusalsStoreNothing) {
  const ed::Student a = Graduated(1);
  const StoreSize before = MeasureStore(h(), "education:audit", "education:events");
  EXPECT_REFUSED(Record(a.id(), InCity(), nullptr, kAdminToken, "", a.version() + 5), ABORTED, "VERSION_MISMATCH");
  EXPECT_REFUSED(Record(a.id(), InCity(), nullptr, kInstitutionBToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(Record(a.id(), InCity(), nullptr, kDistrictBToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(Record(a.id(), InCity(), nullptr, kViewerToken), PERMISSION_DENIED, "ROLE_NOT_ALLOWED");
  EXPECT_EQ(MeasureStore(h(), "education:audit", "education:events"), before);
  EXPECT_EQ(Stats(h(), 2026).destinations_recorded(), 0);
  EXPECT_TRUE(Record(a.id(), InCity(), nullptr, kAdminToken, "", a.version()).ok());
}

// ---------------------------------------------------------------- bad input

class DestinationBadInputTest : public DestinationServiceTest {
 protected:
  StoreSize Size() { return MeasureStore(h(), "education:audit", "education:events"); }
  void ExpectAlive() { EXPECT_EQ(Stats(h(), 2026).graduated(), 1); }

  template <typename Request, typename Response>
  using Method = grpc::Status (ed::EducationService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases) {
    ASSERT_FALSE(cases.empty());
    RunBadCases<Response>(
        valid, cases,
        [&](const Request& request, Response* response) {
          return (h().stub().*method)(EducationHarness::Context(kAdminToken).get(), request, response);
        },
        [this] { return Size(); }, [this] { ExpectAlive(); });
  }
};

template <typename R>
void AddIdCases(Cases<R>& cases, StringSetter<R> set) {
  for (const std::string& bad : {std::string(), std::string("ST12"), std::string("ST000000000A"),
                                 std::string("SP0000000001"), Repeat("9", 10000)}) {
    cases.push_back({"id: " + bad.substr(0, 16), [set, bad](R& r) { set(r, bad); }, "id"});
  }
}

TEST_F(DestinationBadInputTest, RecordFirstEmployment) {
  const ed::Student a = Graduated(1);
  using R = ed::RecordFirstEmploymentRequest;
  R valid;
  valid.set_id(a.id());
  *valid.mutable_first_employment() = InCity();
  Cases<R> cases;
  AddIdCases<R>(cases, [](R& r, const std::string& v) { r.set_id(v); });
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  cases.push_back({"first_employment: unset", [](R& r) { r.clear_first_employment(); }, "first_employment"});
  AddEnumCases<R>(
      cases, "first_employment.kind",
      [](R& r, int v) { r.mutable_first_employment()->set_kind(static_cast<ed::EmploymentKind>(v)); }, true);
  AddCreditCodeCases<R>(
      cases, "first_employment.employer.credit_code",
      [](R& r, const std::string& v) { r.mutable_first_employment()->mutable_employer()->set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "first_employment.employer.name",
      [](R& r, const std::string& v) { r.mutable_first_employment()->mutable_employer()->set_name(v); }, true, 100);
  AddDistrictCases<R>(
      cases, "first_employment.employer.district_code",
      [](R& r, const std::string& v) { r.mutable_first_employment()->mutable_employer()->set_district_code(v); }, true);
  for (const std::string& bad : {std::string("IC99"), std::string("none"), Repeat("I", 10000)}) {
    cases.push_back({"first_employment.industry_chain_code: " + bad.substr(0, 8),
                     [bad](R& r) { r.mutable_first_employment()->set_industry_chain_code(bad); },
                     "first_employment.industry_chain_code"});
  }
  cases.push_back({"first_employment.occupation_code: letters",
                   [](R& r) { r.mutable_first_employment()->set_occupation_code("abc"); },
                   "first_employment.occupation_code"});
  AddDateCases<R>(
      cases, "first_employment.start_date", [](R& r) { return r.mutable_first_employment()->mutable_start_date(); },
      true, true);
  cases.push_back({"first_employment.start_date: before graduation",
                   [](R& r) { *r.mutable_first_employment()->mutable_start_date() = Day(2026, 6, 9); },
                   "first_employment.start_date"});
  cases.push_back({"first_employment.employer.district_code: set for ELSEWHERE",
                   [](R& r) {
                     r.mutable_first_employment()->set_kind(ed::EMPLOYMENT_KIND_ELSEWHERE);
                     r.mutable_first_employment()->clear_industry_chain_code();
                   },
                   "first_employment.employer.district_code"});
  cases.push_back({"first_employment.employer: set for FURTHER_STUDY",
                   [](R& r) {
                     r.mutable_first_employment()->set_kind(ed::EMPLOYMENT_KIND_FURTHER_STUDY);
                     r.mutable_first_employment()->clear_industry_chain_code();
                   },
                   "first_employment.employer"});
  cases.push_back({"first_employment.industry_chain_code: set for NONE",
                   [](R& r) {
                     r.mutable_first_employment()->set_kind(ed::EMPLOYMENT_KIND_NONE);
                     r.mutable_first_employment()->clear_employer();
                   },
                   "first_employment.industry_chain_code"});
  cases.push_back({"expected_version: -1", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&ed::EducationService::Stub::RecordFirstEmployment, valid, cases);
}

TEST_F(DestinationBadInputTest, GrantAndPay) {
  const ed::Student a = Graduated(1);
  ASSERT_TRUE(Record(a.id(), InCity()).ok());
  using G = ed::GrantEmploymentRewardRequest;
  G grant;
  grant.set_id(a.id());
  grant.set_amount_fen(100000);
  Cases<G> grant_cases;
  AddIdCases<G>(grant_cases, [](G& r, const std::string& v) { r.set_id(v); });
  AddRequestIdCases<G>(grant_cases, [](G& r, const std::string& v) { r.set_request_id(v); });
  for (const int64_t fen : {int64_t{0}, int64_t{-1}, int64_t{10000001}, INT64_MAX}) {
    grant_cases.push_back({"amount_fen: " + std::to_string(fen), [fen](G& r) { r.set_amount_fen(fen); }, "amount_fen"});
  }
  grant_cases.push_back({"expected_version: -1", [](G& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&ed::EducationService::Stub::GrantEmploymentReward, grant, grant_cases);

  using P = ed::MarkEmploymentRewardPaidRequest;
  P pay;
  pay.set_id(a.id());
  Cases<P> pay_cases;
  AddIdCases<P>(pay_cases, [](P& r, const std::string& v) { r.set_id(v); });
  AddRequestIdCases<P>(pay_cases, [](P& r, const std::string& v) { r.set_request_id(v); });
  pay_cases.push_back({"expected_version: -1", [](P& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&ed::EducationService::Stub::MarkEmploymentRewardPaid, pay, pay_cases);
  EXPECT_EQ(Stats(h(), 2026).reward_granted_fen(), 0);
}

}  // namespace
}  // namespace skillbridge::testing
