// Talent platforms of the incentive service over real gRPC and its own real redis-server: a
// platform's workflow with yearly evaluations (grade from score, latest evaluation, one per year)
// and funding (granted, paid, cancelled) with exact totals on the platform, in the statistics and
// in the feed; revoked platforms refused funding; scope by role and district (lists forced to the
// officer's district, the host institution's own platforms, masked leaders); idempotent replays;
// paging; and the bad-input corpus of the nine platform RPCs.

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "services/incentive/store/keys.h"
#include "tests/incentive/incentive_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

class PlatformServiceTest : public SuiteHarnessTest<IncentiveHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    ASSERT_TRUE(harness_->evaluation().redis_client().Command({"FLUSHALL"}).ok());
  }

  static iv::IncentiveService::Stub& stub() { return harness_->stub(); }

  // A platform hosted by CreditCode(host) in `district`.
  static iv::TalentPlatform Draft(int host, const std::string& district,
                                  iv::PlatformKind kind = iv::PLATFORM_KIND_TRAINING_DEMO_BASE) {
    iv::TalentPlatform p;
    p.set_kind(kind);
    p.set_level(iv::PLATFORM_LEVEL_MUNICIPAL);
    p.set_name("青岛市高技能人才培训示范基地" + std::to_string(host));
    p.mutable_host()->set_credit_code(CreditCode(host));
    p.mutable_host()->set_name("青岛测试企业" + std::to_string(host));
    p.mutable_host()->set_district_code(district);
    p.set_industry_chain_code("IC01");
    p.add_occupation_codes("6-18-02-04");
    p.set_approved_year(2022);
    p.mutable_leader()->set_id_number(PersonId(host));
    p.mutable_leader()->set_name("王大师" + std::to_string(host));
    return p;
  }

  static grpc::Status Create(const std::string& token, const iv::TalentPlatform& p, iv::TalentPlatform* out,
                             const std::string& request_id = "") {
    iv::CreatePlatformRequest request;
    request.set_request_id(request_id);
    *request.mutable_platform() = p;
    iv::CreatePlatformResponse response;
    grpc::Status status = stub().CreatePlatform(IncentiveHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.platform();
    }
    return status;
  }

  static iv::TalentPlatform MustCreate(int host, const std::string& district) {
    iv::TalentPlatform out;
    const grpc::Status status = Create(kAdminToken, Draft(host, district), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static grpc::Status Evaluate(const std::string& token, const std::string& id, int year, int score,
                               iv::RecordPlatformEvaluationResponse* out = nullptr) {
    iv::RecordPlatformEvaluationRequest request;
    request.set_platform_id(id);
    request.mutable_evaluation()->set_year(year);
    request.mutable_evaluation()->set_score(score);
    request.mutable_evaluation()->set_remarks("年度绩效评估");
    iv::RecordPlatformEvaluationResponse response;
    grpc::Status status = stub().RecordPlatformEvaluation(IncentiveHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response;
    }
    return status;
  }

  static grpc::Status Grant(const std::string& id, int year, int64_t amount, iv::PlatformFunding* out,
                            const std::string& request_id = "", const std::string& token = kAdminToken) {
    iv::GrantPlatformFundingRequest request;
    request.set_request_id(request_id);
    request.mutable_funding()->set_platform_id(id);
    request.mutable_funding()->set_year(year);
    request.mutable_funding()->set_amount_fen(amount);
    request.mutable_funding()->set_purpose("建设补助");
    iv::GrantPlatformFundingResponse response;
    grpc::Status status = stub().GrantPlatformFunding(IncentiveHarness::Context(token).get(), request, &response);
    if (out != nullptr) {
      *out = response.funding();
    }
    return status;
  }

  static grpc::Status Pay(const std::string& id, iv::PlatformFunding* out = nullptr) {
    iv::MarkFundingPaidRequest request;
    request.set_id(id);
    iv::MarkFundingPaidResponse response;
    grpc::Status status = stub().MarkFundingPaid(IncentiveHarness::Context(kAdminToken).get(), request, &response);
    if (out != nullptr) {
      *out = response.funding();
    }
    return status;
  }

  static grpc::Status Cancel(const std::string& id, iv::PlatformFunding* out = nullptr) {
    iv::CancelFundingRequest request;
    request.set_id(id);
    request.set_reason("项目未实施");
    iv::CancelFundingResponse response;
    grpc::Status status = stub().CancelFunding(IncentiveHarness::Context(kAdminToken).get(), request, &response);
    if (out != nullptr) {
      *out = response.funding();
    }
    return status;
  }

  static grpc::Status Get(const std::string& token, const std::string& id, iv::GetPlatformResponse* out) {
    iv::GetPlatformRequest request;
    request.set_id(id);
    return stub().GetPlatform(IncentiveHarness::Context(token).get(), request, out);
  }

  static iv::IncentiveStatsRow Stats(int year, const std::string& district) {
    iv::GetIncentiveStatsRequest request;
    request.set_year(year);
    request.set_district_code(district);
    iv::GetIncentiveStatsResponse response;
    const grpc::Status status =
        stub().GetIncentiveStats(IncentiveHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.total();
  }

  static std::vector<std::string> ListIds(const std::string& token, iv::ListPlatformsRequest request,
                                          grpc::Status* status_out = nullptr) {
    std::vector<std::string> ids;
    while (true) {
      iv::ListPlatformsResponse response;
      const grpc::Status status = stub().ListPlatforms(IncentiveHarness::Context(token).get(), request, &response);
      if (status_out != nullptr) {
        *status_out = status;
      }
      if (!status.ok()) {
        return ids;
      }
      for (const iv::TalentPlatform& p : response.platforms()) {
        ids.push_back(p.id());
      }
      if (response.next_page_token().empty()) {
        return ids;
      }
      request.set_page_token(response.next_page_token());
    }
  }
};

TEST_F(PlatformServiceTest, WorkflowWithEvaluationsAndFundingTotals) {
  iv::TalentPlatform platform;
  ASSERT_TRUE(Create(kDistrictAToken, Draft(7, kDistrictA), &platform).ok());
  EXPECT_EQ(platform.id(), "PF00000001");
  EXPECT_EQ(platform.status(), iv::PLATFORM_STATUS_ACTIVE);
  EXPECT_EQ(platform.version(), 1);
  EXPECT_EQ(platform.host().credit_code(), CreditCode(7));
  const std::string id = platform.id();

  iv::RecordPlatformEvaluationResponse evaluated;
  ASSERT_TRUE(Evaluate(kDistrictAToken, id, 2024, 92, &evaluated).ok());
  EXPECT_EQ(evaluated.evaluation().grade(), iv::PERFORMANCE_GRADE_EXCELLENT);
  EXPECT_FALSE(evaluated.evaluation().evaluated_by().empty());
  EXPECT_EQ(evaluated.platform().latest_evaluation().year(), 2024);
  ASSERT_TRUE(Evaluate(kAdminToken, id, 2025, 70, &evaluated).ok());
  EXPECT_EQ(evaluated.evaluation().grade(), iv::PERFORMANCE_GRADE_PASS);
  ASSERT_TRUE(Evaluate(kDistrictAToken, id, 2023, 50, &evaluated).ok());
  EXPECT_EQ(evaluated.evaluation().grade(), iv::PERFORMANCE_GRADE_FAIL);
  EXPECT_EQ(evaluated.platform().latest_evaluation().year(), 2025);
  EXPECT_EQ(evaluated.platform().latest_evaluation().grade(), iv::PERFORMANCE_GRADE_PASS);
  EXPECT_EQ(evaluated.platform().version(), 4);

  iv::PlatformFunding a, b, c;
  ASSERT_TRUE(Grant(id, 2026, 500000, &a).ok());
  ASSERT_TRUE(Grant(id, 2026, 300000, &b).ok());
  ASSERT_TRUE(Grant(id, 2025, 200000, &c).ok());
  EXPECT_EQ(a.id(), "FD0000000001");
  EXPECT_EQ(c.id(), "FD0000000003");
  EXPECT_EQ(a.status(), iv::FUNDING_STATUS_GRANTED);
  EXPECT_EQ(a.district_code(), kDistrictA);
  EXPECT_TRUE(a.has_grant_time());
  iv::PlatformFunding paid, cancelled;
  ASSERT_TRUE(Pay(a.id(), &paid).ok());
  EXPECT_EQ(paid.status(), iv::FUNDING_STATUS_PAID);
  EXPECT_TRUE(paid.has_pay_time());
  EXPECT_EQ(paid.version(), 2);
  ASSERT_TRUE(Cancel(b.id(), &cancelled).ok());
  EXPECT_EQ(cancelled.status(), iv::FUNDING_STATUS_CANCELLED);
  EXPECT_EQ(cancelled.cancel_reason(), "项目未实施");

  // Paid and cancelled grants move no further.
  for (const grpc::Status& refused : {Pay(a.id()), Cancel(a.id()), Pay(b.id()), Cancel(b.id())}) {
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_EQ(ReasonOf(refused), "INVALID_FUNDING_TRANSITION");
  }

  iv::GetPlatformResponse got;
  ASSERT_TRUE(Get(kAdminToken, id, &got).ok());
  EXPECT_EQ(got.platform().funding_granted_fen(), 700000);
  EXPECT_EQ(got.platform().funding_paid_fen(), 500000);
  EXPECT_EQ(got.platform().version(), 9);
  ASSERT_EQ(got.evaluations_size(), 3);
  EXPECT_EQ(got.evaluations(0).year(), 2023);
  EXPECT_EQ(got.evaluations(1).year(), 2024);
  EXPECT_EQ(got.evaluations(2).year(), 2025);
  EXPECT_EQ(got.evaluations(1).score(), 92);

  const iv::IncentiveStatsRow y2026 = Stats(2026, kDistrictA);
  EXPECT_EQ(y2026.funding_granted_fen(), 500000);
  EXPECT_EQ(y2026.funding_paid_fen(), 500000);
  EXPECT_EQ(y2026.platforms_evaluated(), 0);
  const iv::IncentiveStatsRow y2025 = Stats(2025, kDistrictA);
  EXPECT_EQ(y2025.funding_granted_fen(), 200000);
  EXPECT_EQ(y2025.funding_paid_fen(), 0);
  EXPECT_EQ(y2025.platforms_evaluated(), 1);
  EXPECT_EQ(Stats(2024, kDistrictA).platforms_evaluated(), 1);
  EXPECT_EQ(Stats(2023, kDistrictA).platforms_evaluated(), 1);
  EXPECT_EQ(Stats(2026, kDistrictB).funding_granted_fen(), 0);

  // The feed: PlatformChanged for every platform change, FundingChanged for every grant change.
  int platform_changes = 0;
  int funding_changes = 0;
  iv::PlatformChanged last;
  for (const iv::IncentiveEvent& event : harness_->Events()) {
    if (event.has_platform_changed()) {
      ++platform_changes;
      last = event.platform_changed();
    } else if (event.has_funding_changed()) {
      ++funding_changes;
    }
  }
  EXPECT_EQ(platform_changes, 9);
  EXPECT_EQ(funding_changes, 5);
  EXPECT_EQ(last.funding_granted_fen(), 700000);
  EXPECT_EQ(last.funding_paid_fen(), 500000);
  EXPECT_EQ(last.latest_evaluation_year(), 2025);
  EXPECT_EQ(last.latest_grade(), iv::PERFORMANCE_GRADE_PASS);

  // Lists by platform and status.
  iv::ListPlatformFundingsRequest list;
  list.set_platform_id(id);
  iv::ListPlatformFundingsResponse listed;
  ASSERT_TRUE(stub().ListPlatformFundings(IncentiveHarness::Context(kAdminToken).get(), list, &listed).ok());
  EXPECT_EQ(listed.fundings_size(), 3);
  list.set_status(iv::FUNDING_STATUS_PAID);
  listed.Clear();
  ASSERT_TRUE(stub().ListPlatformFundings(IncentiveHarness::Context(kAdminToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.fundings_size(), 1);
  EXPECT_EQ(listed.fundings(0).id(), a.id());
  list.clear_status();
  list.set_year(2025);
  listed.Clear();
  ASSERT_TRUE(stub().ListPlatformFundings(IncentiveHarness::Context(kAdminToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.fundings_size(), 1);
  EXPECT_EQ(listed.fundings(0).id(), c.id());

  // Audit: one entry per mutation, naming the resource.
  int platform_audits = 0;
  int funding_audits = 0;
  for (const common::v1::AuditEntry& entry : harness_->AuditEntries()) {
    if (entry.outcome() != "OK") {
      continue;
    }
    platform_audits += entry.resource() == "platforms/" + id ? 1 : 0;
    funding_audits += entry.resource().rfind("fundings/", 0) == 0 ? 1 : 0;
  }
  EXPECT_EQ(platform_audits, 4);
  EXPECT_EQ(funding_audits, 5);
}

TEST_F(PlatformServiceTest, EvaluationOfTheSameYearTwiceIsRefused) {
  const iv::TalentPlatform platform = MustCreate(7, kDistrictA);
  ASSERT_TRUE(Evaluate(kDistrictAToken, platform.id(), 2024, 80).ok());
  const grpc::Status again = Evaluate(kAdminToken, platform.id(), 2024, 95);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ReasonOf(again), "ALREADY_EVALUATED");
  iv::GetPlatformResponse got;
  ASSERT_TRUE(Get(kAdminToken, platform.id(), &got).ok());
  ASSERT_EQ(got.evaluations_size(), 1);
  EXPECT_EQ(got.evaluations(0).score(), 80);
  EXPECT_EQ(got.platform().latest_evaluation().grade(), iv::PERFORMANCE_GRADE_GOOD);
  EXPECT_EQ(Stats(2024, kDistrictA).platforms_evaluated(), 1);
  // Before the approved year (2022) or after this year: the field is named.
  EXPECT_EQ(FirstFieldOf(Evaluate(kAdminToken, platform.id(), 2021, 80)), "evaluation.year");
  EXPECT_EQ(FirstFieldOf(Evaluate(kAdminToken, platform.id(), 2027, 80)), "evaluation.year");
  // An unknown platform.
  EXPECT_EQ(Evaluate(kAdminToken, "PF99999999", 2024, 80).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlatformServiceTest, RevokedPlatformCannotGetFunding) {
  const iv::TalentPlatform platform = MustCreate(7, kDistrictA);
  iv::RevokePlatformRequest revoke;
  revoke.set_id(platform.id());
  revoke.set_reason("绩效评估不合格");
  revoke.set_expected_version(5);
  iv::RevokePlatformResponse revoked;
  grpc::Status status = stub().RevokePlatform(IncentiveHarness::Context(kAdminToken).get(), revoke, &revoked);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(ReasonOf(status), "VERSION_MISMATCH");
  status = stub().RevokePlatform(IncentiveHarness::Context(kDistrictAToken).get(), revoke, &revoked);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  revoke.set_expected_version(1);
  status = stub().RevokePlatform(IncentiveHarness::Context(kAdminToken).get(), revoke, &revoked);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(revoked.platform().status(), iv::PLATFORM_STATUS_REVOKED);
  EXPECT_EQ(revoked.platform().revoke_reason(), "绩效评估不合格");
  EXPECT_EQ(revoked.platform().version(), 2);
  revoke.set_expected_version(0);
  status = stub().RevokePlatform(IncentiveHarness::Context(kAdminToken).get(), revoke, &revoked);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "PLATFORM_REVOKED");

  const long long fundings_before = harness_->CountKeys("incentive:funding:*");
  status = Grant(platform.id(), 2026, 100000, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "PLATFORM_REVOKED");
  EXPECT_EQ(harness_->CountKeys("incentive:funding:*"), fundings_before);
  EXPECT_EQ(Stats(2026, kDistrictA).funding_granted_fen(), 0);
  iv::GetPlatformResponse got;
  ASSERT_TRUE(Get(kAdminToken, platform.id(), &got).ok());
  EXPECT_EQ(got.platform().funding_granted_fen(), 0);
  // Grants on an unknown platform.
  EXPECT_EQ(Grant("PF99999999", 2026, 1, nullptr).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_F(PlatformServiceTest, ScopeByRoleAndDistrict) {
  iv::TalentPlatform out;
  grpc::Status status = Create(kDistrictBToken, Draft(7, kDistrictA), &out);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  EXPECT_EQ(Create(kInstitutionAToken, Draft(1, kDistrictA), &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(harness_->CountKeys("incentive:platform:*"), 0);

  const iv::TalentPlatform in_a = MustCreate(1, kDistrictA);  // hosted by institution A
  const iv::TalentPlatform in_b = MustCreate(8, kDistrictB);
  status = Evaluate(kDistrictBToken, in_a.id(), 2024, 80);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "OUT_OF_SCOPE");
  EXPECT_TRUE(Evaluate(kDistrictBToken, in_b.id(), 2024, 80).ok());
  EXPECT_EQ(Grant(in_b.id(), 2026, 1, nullptr, "", kDistrictBToken).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  // Lists: the officer its district, the institution what it hosts; others see every platform.
  EXPECT_EQ(ListIds(kDistrictBToken, {}), std::vector<std::string>{in_b.id()});
  iv::ListPlatformsRequest other;
  other.set_district_code(kDistrictA);
  grpc::Status list_status;
  ListIds(kDistrictBToken, other, &list_status);
  EXPECT_EQ(list_status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListIds(kInstitutionAToken, {}), std::vector<std::string>{in_a.id()});
  EXPECT_EQ(ListIds(kViewerToken, {}).size(), 2u);
  EXPECT_EQ(ListIds(kAdminToken, other), std::vector<std::string>{in_a.id()});

  // Reads: the host and its officer; the viewer sees the leader's ID number masked.
  iv::GetPlatformResponse got;
  EXPECT_TRUE(Get(kInstitutionAToken, in_a.id(), &got).ok());
  EXPECT_EQ(got.platform().leader().id_number(), PersonId(1));
  EXPECT_EQ(Get(kInstitutionAToken, in_b.id(), &got).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(kDistrictAToken, in_b.id(), &got).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Get(kViewerToken, in_a.id(), &got).ok());
  EXPECT_NE(got.platform().leader().id_number(), PersonId(1));
  EXPECT_EQ(got.platform().leader().id_number().substr(0, 6), PersonId(1).substr(0, 6));

  // Fundings: an institution names a platform it hosts.
  ASSERT_TRUE(Grant(in_a.id(), 2026, 10, nullptr).ok());
  iv::ListPlatformFundingsRequest fundings;
  iv::ListPlatformFundingsResponse listed;
  EXPECT_EQ(
      stub().ListPlatformFundings(IncentiveHarness::Context(kInstitutionAToken).get(), fundings, &listed).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  fundings.set_platform_id(in_a.id());
  ASSERT_TRUE(stub().ListPlatformFundings(IncentiveHarness::Context(kInstitutionAToken).get(), fundings, &listed).ok());
  EXPECT_EQ(listed.fundings_size(), 1);
  fundings.set_platform_id(in_b.id());
  EXPECT_EQ(
      stub().ListPlatformFundings(IncentiveHarness::Context(kInstitutionAToken).get(), fundings, &listed).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  fundings.clear_platform_id();
  listed.Clear();
  ASSERT_TRUE(stub().ListPlatformFundings(IncentiveHarness::Context(kDistrictBToken).get(), fundings, &listed).ok());
  EXPECT_EQ(listed.fundings_size(), 0);
}

TEST_F(PlatformServiceTest, MasterStudioNeedsItsLeader) {
  iv::TalentPlatform studio = Draft(7, kDistrictA, iv::PLATFORM_KIND_MASTER_STUDIO);
  studio.clear_leader();
  iv::TalentPlatform out;
  EXPECT_EQ(FirstFieldOf(Create(kAdminToken, studio, &out)), "platform.leader");
  iv::TalentPlatform base = Draft(7, kDistrictA, iv::PLATFORM_KIND_PUBLIC_TRAINING_BASE);
  base.clear_leader();
  ASSERT_TRUE(Create(kAdminToken, base, &out).ok());
  EXPECT_FALSE(out.has_leader());
}

TEST_F(PlatformServiceTest, IdempotentReplays) {
  iv::TalentPlatform first, second;
  ASSERT_TRUE(Create(kAdminToken, Draft(7, kDistrictA), &first, "create-7").ok());
  ASSERT_TRUE(Create(kAdminToken, Draft(7, kDistrictA), &second, "create-7").ok());
  EXPECT_EQ(first.id(), second.id());
  EXPECT_EQ(harness_->CountKeys("incentive:platform:*"), 1);
  iv::TalentPlatform other = Draft(7, kDistrictA);
  other.set_name("另一个名称");
  const grpc::Status reused = Create(kAdminToken, other, &second, "create-7");
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(reused), "REQUEST_ID_REUSED");

  iv::PlatformFunding g1, g2;
  ASSERT_TRUE(Grant(first.id(), 2026, 1234, &g1, "grant-1").ok());
  ASSERT_TRUE(Grant(first.id(), 2026, 1234, &g2, "grant-1").ok());
  EXPECT_EQ(g1.id(), g2.id());
  EXPECT_EQ(harness_->CountKeys("incentive:funding:*"), 1);
  iv::GetPlatformResponse got;
  ASSERT_TRUE(Get(kAdminToken, first.id(), &got).ok());
  EXPECT_EQ(got.platform().funding_granted_fen(), 1234);
  EXPECT_EQ(Stats(2026, kDistrictA).funding_granted_fen(), 1234);

  iv::MarkFundingPaidRequest pay;
  pay.set_request_id("pay-1");
  pay.set_id(g1.id());
  iv::MarkFundingPaidResponse paid1, paid2;
  ASSERT_TRUE(stub().MarkFundingPaid(IncentiveHarness::Context(kAdminToken).get(), pay, &paid1).ok());
  ASSERT_TRUE(stub().MarkFundingPaid(IncentiveHarness::Context(kAdminToken).get(), pay, &paid2).ok());
  EXPECT_EQ(paid2.funding().status(), iv::FUNDING_STATUS_PAID);
  EXPECT_EQ(paid2.funding().version(), paid1.funding().version());
  EXPECT_EQ(Stats(2026, kDistrictA).funding_paid_fen(), 1234);

  iv::RecordPlatformEvaluationRequest eval;
  eval.set_request_id("eval-1");
  eval.set_platform_id(first.id());
  eval.mutable_evaluation()->set_year(2025);
  eval.mutable_evaluation()->set_score(91);
  iv::RecordPlatformEvaluationResponse e1, e2;
  ASSERT_TRUE(stub().RecordPlatformEvaluation(IncentiveHarness::Context(kAdminToken).get(), eval, &e1).ok());
  ASSERT_TRUE(stub().RecordPlatformEvaluation(IncentiveHarness::Context(kAdminToken).get(), eval, &e2).ok());
  EXPECT_EQ(e2.evaluation().grade(), iv::PERFORMANCE_GRADE_EXCELLENT);
  EXPECT_EQ(Stats(2025, kDistrictA).platforms_evaluated(), 1);
}

TEST_F(PlatformServiceTest, ParallelGrantsKeepTheTotalsExact) {
  const iv::TalentPlatform platform = MustCreate(7, kDistrictA);
  constexpr int kCallers = 8;
  std::vector<grpc::Status> statuses(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] { statuses[i] = Grant(platform.id(), 2026, 1000 + i, nullptr); });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  int64_t granted = 0;
  for (int i = 0; i < kCallers; ++i) {
    if (statuses[i].ok()) {
      granted += 1000 + i;
    } else {
      // The loser read the platform before the winner's totals: retried by the caller.
      EXPECT_EQ(statuses[i].error_code(), grpc::StatusCode::ABORTED) << statuses[i].error_message();
      EXPECT_EQ(ReasonOf(statuses[i]), "CONCURRENT_MODIFICATION");
    }
  }
  EXPECT_GT(granted, 0);
  iv::GetPlatformResponse got;
  ASSERT_TRUE(Get(kAdminToken, platform.id(), &got).ok());
  EXPECT_EQ(got.platform().funding_granted_fen(), granted);
  EXPECT_EQ(Stats(2026, kDistrictA).funding_granted_fen(), granted);
  iv::ListPlatformFundingsRequest list;
  list.set_platform_id(platform.id());
  iv::ListPlatformFundingsResponse listed;
  ASSERT_TRUE(stub().ListPlatformFundings(IncentiveHarness::Context(kAdminToken).get(), list, &listed).ok());
  int64_t listed_total = 0;
  for (const iv::PlatformFunding& f : listed.fundings()) {
    listed_total += f.amount_fen();
  }
  EXPECT_EQ(listed_total, granted);
}

TEST_F(PlatformServiceTest, ListsPageAndFilter) {
  std::set<std::string> created;
  for (int i = 0; i < 5; ++i) {
    created.insert(MustCreate(10 + i, i % 2 == 0 ? kDistrictA : kDistrictB).id());
  }
  iv::ListPlatformsRequest request;
  request.set_page_size(2);
  const std::vector<std::string> ids = ListIds(kAdminToken, request);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), created);
  EXPECT_EQ(ids.size(), 5u);
  request.set_district_code(kDistrictA);
  EXPECT_EQ(ListIds(kAdminToken, request).size(), 3u);
  request.clear_district_code();
  request.set_host_credit_code(CreditCode(11));
  EXPECT_EQ(ListIds(kAdminToken, request).size(), 1u);
  request.clear_host_credit_code();
  request.set_status(iv::PLATFORM_STATUS_REVOKED);
  EXPECT_TRUE(ListIds(kAdminToken, request).empty());
  request.clear_status();
  request.set_kind(iv::PLATFORM_KIND_MASTER_STUDIO);
  EXPECT_TRUE(ListIds(kAdminToken, request).empty());
}

// ---------------------------------------------------------------- bad input

class PlatformBadInputTest : public SuiteHarnessTest<IncentiveHarness> {
 protected:
  static void SetUpTestSuite() {
    SuiteHarnessTest::SetUpTestSuite();
    ASSERT_NE(harness_, nullptr);
    iv::CreatePlatformRequest create;
    *create.mutable_platform() = Valid();
    iv::CreatePlatformResponse created;
    ASSERT_TRUE(harness_->stub().CreatePlatform(IncentiveHarness::Context(kAdminToken).get(), create, &created).ok());
    platform_ = new std::string(created.platform().id());
    iv::GrantPlatformFundingRequest grant = ValidGrant();
    iv::GrantPlatformFundingResponse granted;
    ASSERT_TRUE(
        harness_->stub().GrantPlatformFunding(IncentiveHarness::Context(kAdminToken).get(), grant, &granted).ok());
    funding_ = new std::string(granted.funding().id());
  }
  static void TearDownTestSuite() {
    delete platform_;
    delete funding_;
    platform_ = funding_ = nullptr;
    SuiteHarnessTest::TearDownTestSuite();
  }

  static iv::TalentPlatform Valid() {
    iv::TalentPlatform p;
    p.set_kind(iv::PLATFORM_KIND_MASTER_STUDIO);
    p.set_level(iv::PLATFORM_LEVEL_PROVINCIAL);
    p.set_name("青岛市李某某技能大师工作室");
    p.mutable_host()->set_credit_code(CreditCode(9));
    p.mutable_host()->set_name("青岛测试企业9");
    p.mutable_host()->set_district_code(kDistrictA);
    p.set_industry_chain_code("IC01");
    p.add_occupation_codes("6-18-02-04");
    p.set_approved_year(2021);
    p.mutable_leader()->set_id_number(PersonId(9));
    p.mutable_leader()->set_name("李某某");
    return p;
  }

  static iv::GrantPlatformFundingRequest ValidGrant() {
    iv::GrantPlatformFundingRequest request;
    request.mutable_funding()->set_platform_id(platform_ == nullptr ? "PF00000001" : *platform_);
    request.mutable_funding()->set_year(2026);
    request.mutable_funding()->set_amount_fen(100);
    request.mutable_funding()->set_purpose("绩效奖补");
    return request;
  }

  StoreSize Size() { return MeasureStore(*harness_, incentive::keys::kAudit, incentive::keys::kEvents); }

  void ExpectAlive() {
    iv::GetPlatformRequest get;
    get.set_id(*platform_);
    iv::GetPlatformResponse got;
    const grpc::Status status = harness_->stub().GetPlatform(IncentiveHarness::Context(kAdminToken).get(), get, &got);
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
  static void AddRecordIdCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required) {
    auto add = [&](const std::string& what, const std::string& value) {
      cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
    };
    if (required) {
      add("empty", "");
    }
    add("65 characters", Repeat("P", 65));
    add("space", "PF 00000001");
    add("colon", "incentive:platform:PF00000001");
    add("U+202E",
        "PF00\xe2\x80\xae"
        "0001");
  }

  static inline std::string* platform_ = nullptr;
  static inline std::string* funding_ = nullptr;
};

TEST_F(PlatformBadInputTest, CreatePlatform) {
  using R = iv::CreatePlatformRequest;
  R valid;
  valid.set_request_id("create-bad");
  *valid.mutable_platform() = Valid();
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddEnumCases<R>(
      cases, "platform.kind", [](R& r, int v) { r.mutable_platform()->set_kind(static_cast<iv::PlatformKind>(v)); },
      true);
  AddEnumCases<R>(
      cases, "platform.level", [](R& r, int v) { r.mutable_platform()->set_level(static_cast<iv::PlatformLevel>(v)); },
      true);
  AddTextCases<R>(
      cases, "platform.name", [](R& r, const std::string& v) { r.mutable_platform()->set_name(v); }, true, 200);
  AddCreditCodeCases<R>(
      cases, "platform.host.credit_code",
      [](R& r, const std::string& v) { r.mutable_platform()->mutable_host()->set_credit_code(v); }, false);
  AddTextCases<R>(
      cases, "platform.host.name",
      [](R& r, const std::string& v) { r.mutable_platform()->mutable_host()->set_name(v); }, true, 100);
  AddDistrictCases<R>(
      cases, "platform.host.district_code",
      [](R& r, const std::string& v) { r.mutable_platform()->mutable_host()->set_district_code(v); }, true);
  AddOccupationCases<R>(
      cases, "platform.occupation_codes[0]",
      [](R& r, const std::string& v) { r.mutable_platform()->set_occupation_codes(0, v); }, true);
  AddIdNumberCases<R>(cases, "platform.leader.id_number",
                      [](R& r, const std::string& v) { r.mutable_platform()->mutable_leader()->set_id_number(v); });
  AddTextCases<R>(
      cases, "platform.leader.name",
      [](R& r, const std::string& v) { r.mutable_platform()->mutable_leader()->set_name(v); }, true, 50);
  cases.push_back({"industry chain unknown", [](R& r) { r.mutable_platform()->set_industry_chain_code("ZZ99"); },
                   "platform.industry_chain_code"});
  cases.push_back({"occupation twice", [](R& r) { r.mutable_platform()->add_occupation_codes("6-18-02-04"); },
                   "platform.occupation_codes[1]"});
  for (int year : {0, 1989, 2027, -5}) {
    cases.push_back({"approved_year " + std::to_string(year),
                     [year](R& r) { r.mutable_platform()->set_approved_year(year); }, "platform.approved_year"});
  }
  cases.push_back(
      {"master studio without leader", [](R& r) { r.mutable_platform()->clear_leader(); }, "platform.leader"});
  Run(&iv::IncentiveService::Stub::CreatePlatform, valid, cases);
}

TEST_F(PlatformBadInputTest, RecordEvaluation) {
  using R = iv::RecordPlatformEvaluationRequest;
  R valid;
  valid.set_platform_id(*platform_);
  valid.mutable_evaluation()->set_year(2025);
  valid.mutable_evaluation()->set_score(80);
  Cases<R> cases;
  AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<R>(
      cases, "platform_id", [](R& r, const std::string& v) { r.set_platform_id(v); }, true);
  for (int year : {0, 1989, 2020, 2027}) {
    cases.push_back(
        {"year " + std::to_string(year), [year](R& r) { r.mutable_evaluation()->set_year(year); }, "evaluation.year"});
  }
  for (int score : {-1, 101, 1000000}) {
    cases.push_back({"score " + std::to_string(score), [score](R& r) { r.mutable_evaluation()->set_score(score); },
                     "evaluation.score"});
  }
  AddTextCases<R>(
      cases, "evaluation.remarks", [](R& r, const std::string& v) { r.mutable_evaluation()->set_remarks(v); }, false,
      500);
  Run(&iv::IncentiveService::Stub::RecordPlatformEvaluation, valid, cases);
}

TEST_F(PlatformBadInputTest, FundingRequests) {
  {
    using R = iv::GrantPlatformFundingRequest;
    Cases<R> cases;
    AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<R>(
        cases, "funding.platform_id", [](R& r, const std::string& v) { r.mutable_funding()->set_platform_id(v); },
        true);
    for (int year : {0, 1999, 2101}) {
      cases.push_back(
          {"year " + std::to_string(year), [year](R& r) { r.mutable_funding()->set_year(year); }, "funding.year"});
    }
    for (int64_t amount : {int64_t{0}, int64_t{-1}, int64_t{100000000001}}) {
      cases.push_back({"amount " + std::to_string(amount),
                       [amount](R& r) { r.mutable_funding()->set_amount_fen(amount); }, "funding.amount_fen"});
    }
    AddTextCases<R>(
        cases, "funding.purpose", [](R& r, const std::string& v) { r.mutable_funding()->set_purpose(v); }, true, 200);
    Run(&iv::IncentiveService::Stub::GrantPlatformFunding, ValidGrant(), cases);
  }
  {
    using R = iv::MarkFundingPaidRequest;
    R valid;
    valid.set_id(*funding_);
    Cases<R> cases;
    AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<R>(
        cases, "id", [](R& r, const std::string& v) { r.set_id(v); }, true);
    Run(&iv::IncentiveService::Stub::MarkFundingPaid, valid, cases);
  }
  {
    using R = iv::CancelFundingRequest;
    R valid;
    valid.set_id(*funding_);
    valid.set_reason("撤销");
    Cases<R> cases;
    AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<R>(
        cases, "id", [](R& r, const std::string& v) { r.set_id(v); }, true);
    AddTextCases<R>(
        cases, "reason", [](R& r, const std::string& v) { r.set_reason(v); }, true, 500);
    Run(&iv::IncentiveService::Stub::CancelFunding, valid, cases);
  }
  {
    using R = iv::ListPlatformFundingsRequest;
    Cases<R> cases;
    AddRecordIdCases<R>(
        cases, "platform_id", [](R& r, const std::string& v) { r.set_platform_id(v); }, false);
    AddEnumCases<R>(
        cases, "status", [](R& r, int v) { r.set_status(static_cast<iv::FundingStatus>(v)); }, false);
    AddDistrictCases<R>(
        cases, "district_code", [](R& r, const std::string& v) { r.set_district_code(v); }, false);
    AddPageCases<R>(
        cases, [](R& r, int v) { r.set_page_size(v); }, [](R& r, const std::string& v) { r.set_page_token(v); });
    cases.push_back({"year 1949", [](R& r) { r.set_year(1949); }, "year"});
    Run(&iv::IncentiveService::Stub::ListPlatformFundings, R(), cases);
  }
}

TEST_F(PlatformBadInputTest, PlatformReadsAndRevoke) {
  {
    using R = iv::RevokePlatformRequest;
    R valid;
    valid.set_id(*platform_);
    valid.set_reason("撤销");
    Cases<R> cases;
    AddRequestIdCases<R>(cases, [](R& r, const std::string& v) { r.set_request_id(v); });
    AddRecordIdCases<R>(
        cases, "id", [](R& r, const std::string& v) { r.set_id(v); }, true);
    AddTextCases<R>(
        cases, "reason", [](R& r, const std::string& v) { r.set_reason(v); }, true, 500);
    cases.push_back({"expected_version -1", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
    Run(&iv::IncentiveService::Stub::RevokePlatform, valid, cases);
  }
  {
    using R = iv::GetPlatformRequest;
    R valid;
    valid.set_id(*platform_);
    Cases<R> cases;
    AddRecordIdCases<R>(
        cases, "id", [](R& r, const std::string& v) { r.set_id(v); }, true);
    Run(&iv::IncentiveService::Stub::GetPlatform, valid, cases);
  }
  {
    using R = iv::ListPlatformsRequest;
    Cases<R> cases;
    AddEnumCases<R>(
        cases, "kind", [](R& r, int v) { r.set_kind(static_cast<iv::PlatformKind>(v)); }, false);
    AddEnumCases<R>(
        cases, "level", [](R& r, int v) { r.set_level(static_cast<iv::PlatformLevel>(v)); }, false);
    AddEnumCases<R>(
        cases, "status", [](R& r, int v) { r.set_status(static_cast<iv::PlatformStatus>(v)); }, false);
    AddDistrictCases<R>(
        cases, "district_code", [](R& r, const std::string& v) { r.set_district_code(v); }, false);
    AddCreditCodeCases<R>(
        cases, "host_credit_code", [](R& r, const std::string& v) { r.set_host_credit_code(v); }, true, false);
    AddPageCases<R>(
        cases, [](R& r, int v) { r.set_page_size(v); }, [](R& r, const std::string& v) { r.set_page_token(v); });
    Run(&iv::IncentiveService::Stub::ListPlatforms, R(), cases);
  }
}

}  // namespace
}  // namespace skillbridge::testing
