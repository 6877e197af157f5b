// Career bridging (贯通) of the incentive service over real gRPC, its own real redis-server and the
// real evaluation service holding the persons' certificates: applications checked live against
// back-dated certificates and introductions by the shipped policy (eligible, not eligible with the
// shortfall, a revoked certificate not counting, the occupation filter), one open application per
// person, series and grade, the decision workflow with expected versions, approvals counted in the
// year they are made, scope by role and district with masked ID numbers, idempotent replays,
// evaluation stopped (UNAVAILABLE, nothing stored), and the bad-input corpus of the bridging RPCs.

#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "services/incentive/store/keys.h"
#include "tests/incentive/incentive_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

constexpr common::v1::SkillLevel kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr common::v1::SkillLevel kTechnician = common::v1::SKILL_LEVEL_2_TECHNICIAN;
constexpr char kWelding[] = "6-18-02-04";
const std::string& Issuer() {
  static const std::string* issuer = new std::string(CreditCode(900));
  return *issuer;
}

// Helpers shared by the fixtures below (each has its own harness_).
struct BridgeCalls {
  IncentiveHarness* harness = nullptr;

  // Issues person n a certificate of `level` in 焊工 dated y-m-d; returns its number.
  std::string Issue(int n, common::v1::SkillLevel level, int y, int m, int d) const {
    ev::IssueCertificateRequest request;
    *request.mutable_certificate() = EvaluationHarness::Draft(n, Issuer(), level);
    request.mutable_certificate()->mutable_issue_date()->set_year(y);
    request.mutable_certificate()->mutable_issue_date()->set_month(m);
    request.mutable_certificate()->mutable_issue_date()->set_day(d);
    ev::IssueCertificateResponse response;
    const grpc::Status status = harness->evaluation().stub().IssueCertificate(
        EvaluationHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.certificate().number();
  }

  void Revoke(const std::string& number) const {
    ev::RevokeCertificateRequest request;
    request.set_number(number);
    request.set_reason("证书信息有误");
    ev::RevokeCertificateResponse response;
    const grpc::Status status = harness->evaluation().stub().RevokeCertificate(
        EvaluationHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // Registers an introduction of person n with an outside 一级 certificate issued y-01-10.
  void Introduce(int n, int y) const {
    ev::RegisterIntroductionRequest request;
    ev::Introduction* in = request.mutable_introduction();
    in->mutable_person()->set_id_number(PersonId(n));
    in->mutable_person()->set_name(EvaluationHarness::PersonName(n));
    in->mutable_employer()->set_credit_code(CreditCode(1));
    in->mutable_employer()->set_name("青岛测试企业1");
    in->mutable_employer()->set_district_code(kDistrictA);
    in->set_occupation_code(kWelding);
    in->set_level(common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
    in->set_outside_certificate_number("S110037000001192000777");
    in->set_outside_issuer("北京市某评价机构");
    in->mutable_outside_issue_date()->set_year(y);
    in->mutable_outside_issue_date()->set_month(1);
    in->mutable_outside_issue_date()->set_day(10);
    in->mutable_arrival_date()->set_year(2026);
    in->mutable_arrival_date()->set_month(3);
    in->mutable_arrival_date()->set_day(1);
    ev::RegisterIntroductionResponse response;
    const grpc::Status status = harness->evaluation().stub().RegisterIntroduction(
        EvaluationHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // An application for person n employed by CreditCode(employer) in `district`.
  static iv::BridgeApplication Draft(int n, iv::TitleSeries series, iv::TitleGrade grade, int employer = 1,
                                     const std::string& district = kDistrictA) {
    iv::BridgeApplication a;
    a.mutable_person()->set_id_number(PersonId(n));
    a.mutable_person()->set_name(EvaluationHarness::PersonName(n));
    a.mutable_employer()->set_credit_code(CreditCode(employer));
    a.mutable_employer()->set_name("青岛测试企业" + std::to_string(employer));
    a.mutable_employer()->set_district_code(district);
    a.set_series(series);
    a.set_grade(grade);
    a.set_occupation_code(kWelding);
    return a;
  }

  grpc::Status Apply(const std::string& token, const iv::BridgeApplication& a, iv::BridgeApplication* out = nullptr,
                     const std::string& request_id = "") const {
    iv::ApplyCareerBridgeRequest request;
    request.set_request_id(request_id);
    *request.mutable_application() = a;
    iv::ApplyCareerBridgeResponse response;
    grpc::Status status = harness->stub().ApplyCareerBridge(IncentiveHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.application();
    }
    return status;
  }

  grpc::Status Approve(const std::string& token, const std::string& id, int64_t expected_version = 0,
                       iv::BridgeApplication* out = nullptr, const std::string& request_id = "") const {
    iv::ApproveBridgeApplicationRequest request;
    request.set_request_id(request_id);
    request.set_id(id);
    request.set_expected_version(expected_version);
    iv::ApproveBridgeApplicationResponse response;
    grpc::Status status =
        harness->stub().ApproveBridgeApplication(IncentiveHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.application();
    }
    return status;
  }

  grpc::Status Withdraw(const std::string& token, const std::string& id, iv::BridgeApplication* out = nullptr) const {
    iv::WithdrawBridgeApplicationRequest request;
    request.set_id(id);
    request.set_reason("本人撤回");
    iv::WithdrawBridgeApplicationResponse response;
    grpc::Status status =
        harness->stub().WithdrawBridgeApplication(IncentiveHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.application();
    }
    return status;
  }

  grpc::Status Reject(const std::string& token, const std::string& id) const {
    iv::RejectBridgeApplicationRequest request;
    request.set_id(id);
    request.set_reason("材料不全");
    iv::RejectBridgeApplicationResponse response;
    return harness->stub().RejectBridgeApplication(IncentiveHarness::Context(token).get(), request, &response);
  }

  iv::IncentiveStatsRow Stats(int year, const std::string& district) const {
    iv::GetIncentiveStatsRequest request;
    request.set_year(year);
    request.set_district_code(district);
    iv::GetIncentiveStatsResponse response;
    const grpc::Status status =
        harness->stub().GetIncentiveStats(IncentiveHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total();
  }
};

class BridgeServiceTest : public SuiteHarnessTest<IncentiveHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    ASSERT_TRUE(harness_->evaluation().redis_client().Command({"FLUSHALL"}).ok());
    harness_->evaluation().CreateFiledOrg(Issuer(), kDistrictA);
    calls_.harness = harness_;
  }

  StoreSize Size() { return MeasureStore(*harness_, incentive::keys::kAudit, incentive::keys::kEvents); }

  BridgeCalls calls_;
};

using iv::TITLE_GRADE_ASSISTANT;
using iv::TITLE_GRADE_DEPUTY_SENIOR;
using iv::TITLE_GRADE_INTERMEDIATE;
using iv::TITLE_SERIES_AGRICULTURE;
using iv::TITLE_SERIES_ENGINEERING;

TEST_F(BridgeServiceTest, EligibleApplicationIsApprovedAndCountedInTheYearOfApproval) {
  const std::string number = calls_.Issue(1, kTechnician, 2022, 5, 20);
  iv::BridgeApplication applied;
  grpc::Status status = calls_.Apply(
      kInstitutionAToken, BridgeCalls::Draft(1, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE), &applied);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(applied.id(), "BA0000000001");
  EXPECT_EQ(applied.status(), iv::BRIDGE_STATUS_APPLIED);
  EXPECT_EQ(applied.year(), 2026);
  EXPECT_EQ(applied.qualifying_level(), kTechnician);
  EXPECT_EQ(applied.qualifying_since().year(), 2022);
  EXPECT_EQ(applied.qualifying_since().month(), 5);
  EXPECT_EQ(applied.qualifying_since().day(), 20);
  EXPECT_EQ(applied.qualifying_certificate_number(), number);
  EXPECT_EQ(applied.person().id_number(), PersonId(1));
  EXPECT_EQ(applied.version(), 1);
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_applied(), 1);

  // Only the bureau of the employer's district decides, on the version read.
  status = calls_.Approve(kDistrictBToken, applied.id());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  EXPECT_EQ(calls_.Approve(kInstitutionAToken, applied.id()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = calls_.Approve(kDistrictAToken, applied.id(), 7);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");

  // Approved on 2027-01-02: counted in 2027, while the application stays counted in 2026.
  const absl::Duration forward = absl::Hours(24 * 201);
  harness_->Advance(forward);
  iv::BridgeApplication approved;
  status = calls_.Approve(kDistrictAToken, applied.id(), 1, &approved);
  harness_->Advance(-forward);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.status(), iv::BRIDGE_STATUS_APPROVED);
  EXPECT_EQ(approved.version(), 2);
  EXPECT_TRUE(approved.has_decide_time());
  EXPECT_EQ(calls_.Stats(2027, kDistrictA).bridge_approved(), 1);
  EXPECT_EQ(calls_.Stats(2027, kDistrictA).bridge_applied(), 0);
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_approved(), 0);
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_applied(), 1);

  status = calls_.Approve(kAdminToken, applied.id());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "INVALID_BRIDGE_TRANSITION");
  EXPECT_EQ(calls_.Withdraw(kAdminToken, applied.id()).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // The feed: applied, then approved with the approval's time.
  std::vector<iv::BridgeApplicationChanged> changes;
  for (const iv::IncentiveEvent& event : harness_->Events()) {
    if (event.has_bridge_application_changed()) {
      changes.push_back(event.bridge_application_changed());
    }
  }
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].status(), iv::BRIDGE_STATUS_APPLIED);
  EXPECT_EQ(changes[0].person().id_number(), PersonId(1));
  EXPECT_EQ(changes[0].district_code(), kDistrictA);
  EXPECT_EQ(changes[0].qualifying_level(), kTechnician);
  EXPECT_EQ(changes[1].status(), iv::BRIDGE_STATUS_APPROVED);
  EXPECT_EQ(changes[1].year(), 2026);
  EXPECT_EQ(changes[1].status_time().seconds() - changes[0].status_time().seconds(), absl::ToInt64Seconds(forward));

  // The audit trail names the resource, never the ID number.
  int audited = 0;
  for (const common::v1::AuditEntry& entry : harness_->AuditEntries()) {
    EXPECT_EQ(entry.SerializeAsString().find(PersonId(1)), std::string::npos);
    audited += entry.outcome() == "OK" && entry.resource() == "bridgeApplications/" + applied.id() ? 1 : 0;
  }
  EXPECT_EQ(audited, 2);
}

TEST_F(BridgeServiceTest, NotEligibleSaysWhatIsMissingAndStoresNothing) {
  calls_.Issue(2, kTechnician, 2024, 5, 20);  // two whole years by 2026-06-15
  calls_.Issue(3, kSenior, 2015, 1, 1);       // 三级 only
  const StoreSize before = Size();
  grpc::Status status =
      calls_.Apply(kAdminToken, BridgeCalls::Draft(2, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "NOT_ELIGIBLE");
  EXPECT_NE(status.error_message().find("工程师"), std::string::npos) << status.error_message();
  EXPECT_NE(status.error_message().find("since 2024-05-20 (2 whole year(s))"), std::string::npos)
      << status.error_message();
  EXPECT_EQ(status.error_message().find(PersonId(2)), std::string::npos);
  status = calls_.Apply(kAdminToken, BridgeCalls::Draft(3, TITLE_SERIES_AGRICULTURE, TITLE_GRADE_INTERMEDIATE));
  EXPECT_EQ(ReasonOf(status), "NOT_ELIGIBLE");
  EXPECT_NE(status.error_message().find("highest level is SKILL_LEVEL_3_SENIOR"), std::string::npos)
      << status.error_message();
  status = calls_.Apply(kAdminToken, BridgeCalls::Draft(4, TITLE_SERIES_ENGINEERING, TITLE_GRADE_ASSISTANT));
  EXPECT_EQ(ReasonOf(status), "NOT_ELIGIBLE");
  EXPECT_NE(status.error_message().find("holds no skill level"), std::string::npos) << status.error_message();
  // Certificates of another occupation do not count when one is named.
  iv::BridgeApplication robot = BridgeCalls::Draft(3, TITLE_SERIES_ENGINEERING, TITLE_GRADE_ASSISTANT);
  robot.set_occupation_code("6-30-99-00");
  EXPECT_EQ(ReasonOf(calls_.Apply(kAdminToken, robot)), "NOT_ELIGIBLE");
  EXPECT_EQ(Size(), before);
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_applied(), 0);

  // The same persons qualify for the grades they do reach: 二级 held 2 years, 三级 held 11.
  iv::BridgeApplication ok;
  ASSERT_TRUE(
      calls_.Apply(kAdminToken, BridgeCalls::Draft(2, TITLE_SERIES_ENGINEERING, TITLE_GRADE_ASSISTANT), &ok).ok());
  EXPECT_EQ(ok.qualifying_level(), kTechnician);
  robot.set_occupation_code("");
  ASSERT_TRUE(calls_.Apply(kAdminToken, robot, &ok).ok());
  EXPECT_EQ(ok.qualifying_level(), kSenior);
  EXPECT_EQ(ok.qualifying_since().year(), 2015);
}

TEST_F(BridgeServiceTest, RevokedCertificateDoesNotCount) {
  calls_.Issue(5, kSenior, 2019, 3, 1);
  const std::string technician = calls_.Issue(5, kTechnician, 2020, 3, 1);
  calls_.Revoke(technician);
  grpc::Status status =
      calls_.Apply(kAdminToken, BridgeCalls::Draft(5, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE));
  EXPECT_EQ(ReasonOf(status), "NOT_ELIGIBLE") << status.error_message();
  iv::BridgeApplication ok;
  ASSERT_TRUE(
      calls_.Apply(kAdminToken, BridgeCalls::Draft(5, TITLE_SERIES_ENGINEERING, TITLE_GRADE_ASSISTANT), &ok).ok());
  EXPECT_EQ(ok.qualifying_level(), kSenior);
  EXPECT_NE(ok.qualifying_certificate_number(), technician);
}

TEST_F(BridgeServiceTest, IntroductionWithOutsideIssueDateQualifiesForDeputySenior) {
  calls_.Introduce(6, 2021);
  iv::BridgeApplication ok;
  grpc::Status status =
      calls_.Apply(kDistrictAToken, BridgeCalls::Draft(6, TITLE_SERIES_ENGINEERING, TITLE_GRADE_DEPUTY_SENIOR), &ok);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(ok.qualifying_level(), common::v1::SKILL_LEVEL_1_SENIOR_TECHNICIAN);
  EXPECT_EQ(ok.qualifying_certificate_number(), "S110037000001192000777");
  calls_.Introduce(7, 2023);
  status = calls_.Apply(kDistrictAToken, BridgeCalls::Draft(7, TITLE_SERIES_ENGINEERING, TITLE_GRADE_DEPUTY_SENIOR));
  EXPECT_EQ(ReasonOf(status), "NOT_ELIGIBLE");
}

TEST_F(BridgeServiceTest, OneOpenApplicationPerPersonSeriesAndGrade) {
  calls_.Issue(8, kTechnician, 2020, 1, 1);
  const iv::BridgeApplication draft = BridgeCalls::Draft(8, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE);
  iv::BridgeApplication first;
  ASSERT_TRUE(calls_.Apply(kAdminToken, draft, &first).ok());
  grpc::Status status = calls_.Apply(kInstitutionAToken, draft);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(status), "ALREADY_APPLIED");
  // Another grade or series is its own application.
  ASSERT_TRUE(calls_.Apply(kAdminToken, BridgeCalls::Draft(8, TITLE_SERIES_ENGINEERING, TITLE_GRADE_ASSISTANT)).ok());
  ASSERT_TRUE(
      calls_.Apply(kAdminToken, BridgeCalls::Draft(8, TITLE_SERIES_AGRICULTURE, TITLE_GRADE_INTERMEDIATE)).ok());

  // Withdrawn (by whoever may apply): the person may apply again; rejected likewise.
  EXPECT_EQ(calls_.Withdraw(kDistrictBToken, first.id()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(calls_.Withdraw(kInstitutionBToken, first.id()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  iv::BridgeApplication withdrawn;
  ASSERT_TRUE(calls_.Withdraw(kInstitutionAToken, first.id(), &withdrawn).ok());
  EXPECT_EQ(withdrawn.status(), iv::BRIDGE_STATUS_WITHDRAWN);
  EXPECT_EQ(withdrawn.decision_reason(), "本人撤回");
  iv::BridgeApplication second;
  ASSERT_TRUE(calls_.Apply(kAdminToken, draft, &second).ok());
  EXPECT_NE(second.id(), first.id());
  EXPECT_EQ(calls_.Reject(kDistrictBToken, second.id()).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(calls_.Reject(kDistrictAToken, second.id()).ok());
  EXPECT_EQ(ReasonOf(calls_.Reject(kAdminToken, second.id())), "INVALID_BRIDGE_TRANSITION");
  ASSERT_TRUE(calls_.Apply(kAdminToken, draft).ok());
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_applied(), 5);
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_approved(), 0);
}

TEST_F(BridgeServiceTest, ParallelApplicationsForOnePersonMakeOne) {
  calls_.Issue(13, kTechnician, 2020, 1, 1);
  const iv::BridgeApplication draft = BridgeCalls::Draft(13, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE);
  constexpr int kCallers = 8;
  std::vector<grpc::Status> statuses(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back(
        [&, i] { statuses[i] = calls_.Apply(kAdminToken, draft, nullptr, "race-" + std::to_string(i)); });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  int ok = 0;
  for (const grpc::Status& status : statuses) {
    if (status.ok()) {
      ++ok;
    } else {
      EXPECT_EQ(ReasonOf(status), "ALREADY_APPLIED") << status.error_message();
    }
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(harness_->CountKeys("incentive:bridge:*"), 1);
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_applied(), 1);
}

TEST_F(BridgeServiceTest, ScopeAndMasking) {
  calls_.Issue(9, kTechnician, 2020, 1, 1);
  const iv::BridgeApplication draft = BridgeCalls::Draft(9, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE);
  const StoreSize before = Size();
  for (const char* token : {kDistrictBToken, kInstitutionBToken}) {
    const grpc::Status status = calls_.Apply(token, draft);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << token;
    EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE") << token;
  }
  EXPECT_EQ(calls_.Apply(kViewerToken, draft).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Size(), before);
  iv::BridgeApplication applied;
  ASSERT_TRUE(calls_.Apply(kDistrictAToken, draft, &applied).ok());

  iv::GetBridgeApplicationRequest get;
  get.set_id(applied.id());
  iv::GetBridgeApplicationResponse got;
  ASSERT_TRUE(harness_->stub().GetBridgeApplication(IncentiveHarness::Context(kViewerToken).get(), get, &got).ok());
  EXPECT_NE(got.application().person().id_number(), PersonId(9));
  EXPECT_EQ(got.application().person().id_number().substr(0, 6), PersonId(9).substr(0, 6));
  ASSERT_TRUE(
      harness_->stub().GetBridgeApplication(IncentiveHarness::Context(kInstitutionAToken).get(), get, &got).ok());
  EXPECT_EQ(got.application().person().id_number(), PersonId(9));
  EXPECT_EQ(harness_->stub()
                .GetBridgeApplication(IncentiveHarness::Context(kInstitutionBToken).get(), get, &got)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  get.set_id("BA9999999999");
  const grpc::Status missing =
      harness_->stub().GetBridgeApplication(IncentiveHarness::Context(kAdminToken).get(), get, &got);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(missing), "BRIDGE_APPLICATION_NOT_FOUND");

  const auto list = [&](const std::string& token, iv::ListBridgeApplicationsRequest request, grpc::Status* status) {
    iv::ListBridgeApplicationsResponse response;
    *status = harness_->stub().ListBridgeApplications(IncentiveHarness::Context(token).get(), request, &response);
    return response;
  };
  grpc::Status status;
  EXPECT_EQ(list(kDistrictBToken, {}, &status).applications_size(), 0);
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(list(kDistrictAToken, {}, &status).applications_size(), 1);
  EXPECT_EQ(list(kInstitutionBToken, {}, &status).applications_size(), 0);
  iv::ListBridgeApplicationsResponse viewer = list(kViewerToken, {}, &status);
  ASSERT_EQ(viewer.applications_size(), 1);
  EXPECT_NE(viewer.applications(0).person().id_number(), PersonId(9));
  iv::ListBridgeApplicationsRequest by_person;
  by_person.set_id_number(PersonId(9));
  list(kViewerToken, by_person, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(list(kVerifierToken, by_person, &status).applications_size(), 1);
  by_person.set_series(iv::TITLE_SERIES_ARTS_AND_CRAFTS);
  EXPECT_EQ(list(kAdminToken, by_person, &status).applications_size(), 0);
  iv::ListBridgeApplicationsRequest other_district;
  other_district.set_district_code(kDistrictA);
  list(kDistrictBToken, other_district, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(BridgeServiceTest, IdempotentReplays) {
  calls_.Issue(10, kTechnician, 2020, 1, 1);
  const iv::BridgeApplication draft = BridgeCalls::Draft(10, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE);
  iv::BridgeApplication a, b;
  ASSERT_TRUE(calls_.Apply(kAdminToken, draft, &a, "apply-10").ok());
  ASSERT_TRUE(calls_.Apply(kAdminToken, draft, &b, "apply-10").ok());
  EXPECT_EQ(a.id(), b.id());
  EXPECT_EQ(harness_->CountKeys("incentive:bridge:*"), 1);
  iv::BridgeApplication other = draft;
  other.set_grade(TITLE_GRADE_ASSISTANT);
  EXPECT_EQ(ReasonOf(calls_.Apply(kAdminToken, other, nullptr, "apply-10")), "REQUEST_ID_REUSED");
  iv::BridgeApplication approved1, approved2;
  ASSERT_TRUE(calls_.Approve(kAdminToken, a.id(), 0, &approved1, "approve-10").ok());
  ASSERT_TRUE(calls_.Approve(kAdminToken, a.id(), 0, &approved2, "approve-10").ok());
  EXPECT_EQ(approved2.status(), iv::BRIDGE_STATUS_APPROVED);
  EXPECT_EQ(approved2.version(), approved1.version());
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_applied(), 1);
  EXPECT_EQ(calls_.Stats(2026, kDistrictA).bridge_approved(), 1);
}

TEST_F(BridgeServiceTest, ListBridgePoliciesReturnsTheShippedPolicy) {
  iv::ListBridgePoliciesResponse response;
  ASSERT_TRUE(
      harness_->stub()
          .ListBridgePolicies(IncentiveHarness::Context(kViewerToken).get(), iv::ListBridgePoliciesRequest(), &response)
          .ok());
  ASSERT_EQ(response.policies_size(), 12);
  EXPECT_EQ(response.policies(1).series(), TITLE_SERIES_ENGINEERING);
  EXPECT_EQ(response.policies(1).grade(), TITLE_GRADE_INTERMEDIATE);
  EXPECT_EQ(response.policies(1).title_name(), "工程师");
  EXPECT_EQ(response.policies(1).min_level(), kTechnician);
  EXPECT_EQ(response.policies(1).min_years_held(), 3);
}

// Evaluation stopped: its own harness, so the other tests keep theirs running.
TEST(BridgeEvaluationDownTest, UnavailableAndNothingStored) {
  IncentiveHarness harness;
  ASSERT_TRUE(harness.Start().ok());
  BridgeCalls calls{&harness};
  harness.evaluation().CreateFiledOrg(Issuer(), kDistrictA);
  calls.Issue(11, kTechnician, 2020, 1, 1);
  harness.evaluation().Stop();
  const StoreSize before = MeasureStore(harness, incentive::keys::kAudit, incentive::keys::kEvents);
  const grpc::Status status = calls.Apply(
      kAdminToken, BridgeCalls::Draft(11, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE), nullptr, "apply-down");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(ReasonOf(status), "EVALUATION_UNAVAILABLE");
  EXPECT_EQ(status.error_message().find(PersonId(11)), std::string::npos);
  EXPECT_EQ(MeasureStore(harness, incentive::keys::kAudit, incentive::keys::kEvents), before);
  EXPECT_EQ(harness.CountKeys("incentive:bridge*"), 0);
  EXPECT_EQ(harness.CountKeys("incentive:idem:*"), 0);
}

// ---------------------------------------------------------------- bad input

class BridgeBadInputTest : public SuiteHarnessTest<IncentiveHarness> {
 protected:
  static void SetUpTestSuite() {
    SuiteHarnessTest::SetUpTestSuite();
    ASSERT_NE(harness_, nullptr);
    BridgeCalls calls{harness_};
    harness_->evaluation().CreateFiledOrg(Issuer(), kDistrictA);
    calls.Issue(12, kTechnician, 2020, 1, 1);
    iv::BridgeApplication applied;
    ASSERT_TRUE(
        calls.Apply(kAdminToken, BridgeCalls::Draft(12, TITLE_SERIES_ENGINEERING, TITLE_GRADE_INTERMEDIATE), &applied)
            .ok());
    id_ = new std::string(applied.id());
  }
  static void TearDownTestSuite() {
    delete id_;
    id_ = nullptr;
    SuiteHarnessTest::TearDownTestSuite();
  }

  StoreSize Size() { return MeasureStore(*harness_, incentive::keys::kAudit, incentive::keys::kEvents); }

  void ExpectAlive() {
    iv::GetBridgeApplicationRequest get;
    get.set_id(*id_);
    iv::GetBridgeApplicationResponse got;
    const grpc::Status status =
        harness_->stub().GetBridgeApplication(IncentiveHarness::Context(kAdminToken).get(), get, &got);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Request, typename Response>
  using Method = grpc::Status (iv::IncentiveService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases) {
    RunBadCases<Response>(
        valid, cases,
        [&](const Request& request, Response* response) {
          return (harness_->stub().*method)(IncentiveHarness::Context(kAdminToken).get(), request, response);
        },
        [this] { return Size(); }, [this] { ExpectAlive(); });
  }

  template <typename R>
  static void AddIdCases(Cases<R>& cases, StringSetter<R> set) {
    auto add = [&](const std::string& what, const std::string& value) {
      cases.push_back({"id: " + what, [set, value](R& r) { set(r, value); }, "id"});
    };
    add("empty", "");
    add("65 characters", Repeat("B", 65));
    add("space", "BA 0000000001");
    add("colon", "incentive:bridge:BA0000000001");
    add("ideographs", "\xe8\xb4\xaf\xe9\x80\x9a");
  }

  static inline std::string* id_ = nullptr;
};

TEST_F(BridgeBadInputTest, ApplyCareerBridge) {
  using R = iv::ApplyCareerBridgeRequest;
  R valid;
  *valid.mutable_application() = BridgeCalls::Draft(12, TITLE_SERIES_ENGINEERING, TITLE_GRADE_ASSISTANT);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddIdNumberCases<R>(cases, "application.person.id_number",
                      [](R& r, const std::string& v) { r.mutable_application()->mutable_person()->set_id_number(v); });
  AddTextCases<R>(
      cases, "application.person.name",
      [](R& r, const std::string& v) { r.mutable_application()->mutable_person()->set_name(v); }, true, 50);
  AddCreditCodeCases<R>(
      cases, "application.employer.credit_code",
      [](R& r, const std::string& v) { r.mutable_application()->mutable_employer()->set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "application.employer.name",
      [](R& r, const std::string& v) { r.mutable_application()->mutable_employer()->set_name(v); }, true, 100);
  AddDistrictCases<R>(
      cases, "application.employer.district_code",
      [](R& r, const std::string& v) { r.mutable_application()->mutable_employer()->set_district_code(v); }, true);
  AddEnumCases<R>(
      cases, "application.series",
      [](R& r, int v) { r.mutable_application()->set_series(static_cast<iv::TitleSeries>(v)); }, true);
  AddEnumCases<R>(
      cases, "application.grade",
      [](R& r, int v) { r.mutable_application()->set_grade(static_cast<iv::TitleGrade>(v)); }, true);
  AddOccupationCases<R>(
      cases, "application.occupation_code",
      [](R& r, const std::string& v) { r.mutable_application()->set_occupation_code(v); }, false);
  Run(&iv::IncentiveService::Stub::ApplyCareerBridge, valid, cases);
}

TEST_F(BridgeBadInputTest, Decisions) {
  {
    using R = iv::ApproveBridgeApplicationRequest;
    R valid;
    valid.set_id(*id_);
    valid.set_expected_version(99);
    Cases<R> cases;
    AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
    AddIdCases<R>(cases, [](R& r, const std::string& v) { r.set_id(v); });
    cases.push_back({"expected_version -1", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
    Run(&iv::IncentiveService::Stub::ApproveBridgeApplication, valid, cases);
  }
  {
    using R = iv::RejectBridgeApplicationRequest;
    R valid;
    valid.set_id(*id_);
    valid.set_reason("材料不全");
    valid.set_expected_version(99);
    Cases<R> cases;
    AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
    AddIdCases<R>(cases, [](R& r, const std::string& v) { r.set_id(v); });
    AddTextCases<R>(
        cases, "reason", [](R& r, const std::string& v) { r.set_reason(v); }, true, 500);
    cases.push_back({"expected_version -1", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
    Run(&iv::IncentiveService::Stub::RejectBridgeApplication, valid, cases);
  }
  {
    using R = iv::WithdrawBridgeApplicationRequest;
    R valid;
    valid.set_id(*id_);
    valid.set_reason("本人撤回");
    valid.set_expected_version(99);
    Cases<R> cases;
    AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
    AddIdCases<R>(cases, [](R& r, const std::string& v) { r.set_id(v); });
    AddTextCases<R>(
        cases, "reason", [](R& r, const std::string& v) { r.set_reason(v); }, true, 500);
    cases.push_back({"expected_version -1", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
    Run(&iv::IncentiveService::Stub::WithdrawBridgeApplication, valid, cases);
  }
}

TEST_F(BridgeBadInputTest, Reads) {
  {
    using R = iv::GetBridgeApplicationRequest;
    R valid;
    valid.set_id(*id_);
    Cases<R> cases;
    AddIdCases<R>(cases, [](R& r, const std::string& v) { r.set_id(v); });
    Run(&iv::IncentiveService::Stub::GetBridgeApplication, valid, cases);
  }
  {
    using R = iv::ListBridgeApplicationsRequest;
    Cases<R> cases;
    AddEnumCases<R>(
        cases, "status", [](R& r, int v) { r.set_status(static_cast<iv::BridgeStatus>(v)); }, false);
    AddEnumCases<R>(
        cases, "series", [](R& r, int v) { r.set_series(static_cast<iv::TitleSeries>(v)); }, false);
    AddDistrictCases<R>(
        cases, "district_code", [](R& r, const std::string& v) { r.set_district_code(v); }, false);
    AddIdNumberCases<R>(
        cases, "id_number", [](R& r, const std::string& v) { r.set_id_number(v); }, false);
    AddCreditCodeCases<R>(
        cases, "employer_credit_code", [](R& r, const std::string& v) { r.set_employer_credit_code(v); }, true, false);
    AddPageCases<R>(
        cases, [](R& r, int v) { r.set_page_size(v); }, [](R& r, const std::string& v) { r.set_page_token(v); });
    for (int year : {1949, 2101, -1}) {
      cases.push_back({"year " + std::to_string(year), [year](R& r) { r.set_year(year); }, "year"});
    }
    Run(&iv::IncentiveService::Stub::ListBridgeApplications, R(), cases);
  }
}

}  // namespace
}  // namespace skillbridge::testing
