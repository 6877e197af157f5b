// GrpcEvaluationLookup (services/incentive/client) against the real evaluation service
// (EvaluationHarness: real gRPC, its own redis-server), as the incentive service uses it: a
// person's qualifications come back highest first with their since dates; the enterprise map
// holds exactly the registered codes with the register's district, chain and size flag; an ID
// number evaluation refuses is INVALID_ARGUMENT (masked); a stopped evaluation is UNAVAILABLE with
// reason EVALUATION_UNAVAILABLE within the call's timeout.

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/incentive/client/grpc_evaluation_lookup.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using incentive::GrpcEvaluationLookup;
using incentive::HeldQualification;
using incentive::RegisteredEnterprise;

constexpr char kWelding[] = "6-18-02-04";
constexpr std::chrono::milliseconds kTimeout{800};

std::unique_ptr<GrpcEvaluationLookup> LookupOf(EvaluationHarness& evaluation) {
  PeerOptions options;
  options.address = evaluation.address();
  options.token_file = evaluation.WriteTokenFile("incentive-service-token", kServiceToken);
  options.timeout = kTimeout;
  absl::StatusOr<std::unique_ptr<GrpcEvaluationLookup>> lookup = GrpcEvaluationLookup::Create(options);
  EXPECT_TRUE(lookup.ok()) << lookup.status();
  return lookup.ok() ? *std::move(lookup) : nullptr;
}

class EvaluationLookupTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    lookup_ = LookupOf(*harness_);
    ASSERT_NE(lookup_, nullptr);
  }

  ev::EvaluationService::Stub& stub() { return harness_->stub(); }

  ev::Certificate Issue(int n, common::v1::SkillLevel level, int year, int month, int day) {
    ev::IssueCertificateRequest request;
    *request.mutable_certificate() = EvaluationHarness::Draft(n, CreditCode(1), level);
    request.mutable_certificate()->mutable_issue_date()->set_year(year);
    request.mutable_certificate()->mutable_issue_date()->set_month(month);
    request.mutable_certificate()->mutable_issue_date()->set_day(day);
    ev::IssueCertificateResponse response;
    const grpc::Status status =
        stub().IssueCertificate(EvaluationHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.certificate();
  }

  void Register(int n, const std::string& district, bool above_size) {
    ev::UpsertEnterpriseRequest request;
    ev::Enterprise* enterprise = request.mutable_enterprise();
    enterprise->mutable_org()->set_credit_code(CreditCode(n));
    enterprise->mutable_org()->set_name("青岛规上企业" + std::to_string(n));
    enterprise->mutable_org()->set_district_code(district);
    enterprise->set_above_designated_size(above_size);
    enterprise->set_industry_chain_code("IC06");
    enterprise->set_employee_count(400);
    ev::UpsertEnterpriseResponse response;
    const grpc::Status status =
        stub().UpsertEnterprise(EvaluationHarness::Context(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::unique_ptr<GrpcEvaluationLookup> lookup_;
};

TEST_F(EvaluationLookupTest, QualificationsComeBackHighestFirstWithTheirSinceDates) {
  harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
  absl::StatusOr<std::vector<HeldQualification>> held =
      lookup_->Qualifications(PersonId(1), "", absl::InfiniteFuture());
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_TRUE(held->empty());

  const ev::Certificate intermediate = Issue(1, common::v1::SKILL_LEVEL_4_INTERMEDIATE, 2023, 4, 5);
  const ev::Certificate technician = Issue(1, common::v1::SKILL_LEVEL_2_TECHNICIAN, 2026, 5, 20);
  const ev::Certificate senior = Issue(1, common::v1::SKILL_LEVEL_3_SENIOR, 2024, 11, 30);

  held = lookup_->Qualifications(PersonId(1), kWelding, absl::Now() + absl::Seconds(5));
  ASSERT_TRUE(held.ok()) << held.status();
  ASSERT_EQ(held->size(), 3u);
  EXPECT_EQ((*held)[0].level, common::v1::SKILL_LEVEL_2_TECHNICIAN);
  EXPECT_EQ((*held)[0].certificate_number, technician.number());
  EXPECT_EQ((*held)[0].since.year(), 2026);
  EXPECT_EQ((*held)[0].occupation_code, kWelding);
  EXPECT_EQ((*held)[1].level, common::v1::SKILL_LEVEL_3_SENIOR);
  EXPECT_EQ((*held)[1].certificate_number, senior.number());
  EXPECT_EQ((*held)[1].since.year(), 2024);
  EXPECT_EQ((*held)[1].since.month(), 11);
  EXPECT_EQ((*held)[1].since.day(), 30);
  EXPECT_EQ((*held)[2].level, common::v1::SKILL_LEVEL_4_INTERMEDIATE);
  EXPECT_EQ((*held)[2].certificate_number, intermediate.number());
  EXPECT_EQ((*held)[2].since.year(), 2023);
  EXPECT_EQ((*held)[2].since.month(), 4);
  EXPECT_EQ((*held)[2].since.day(), 5);

  // Another occupation holds nothing.
  held = lookup_->Qualifications(PersonId(1), "6-30-99-00", absl::InfiniteFuture());
  ASSERT_TRUE(held.ok()) << held.status();
  EXPECT_TRUE(held->empty());
}

TEST_F(EvaluationLookupTest, TheEnterpriseMapHoldsExactlyTheRegisteredCodes) {
  Register(40, kDistrictA, /*above_size=*/true);
  Register(41, kDistrictB, /*above_size=*/false);
  absl::StatusOr<std::map<std::string, RegisteredEnterprise>> found =
      lookup_->Enterprises({CreditCode(40), CreditCode(42), CreditCode(41)}, absl::InfiniteFuture());
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ(found->count(CreditCode(42)), 0u);
  const RegisteredEnterprise& a = found->at(CreditCode(40));
  EXPECT_EQ(a.org.credit_code(), CreditCode(40));
  EXPECT_EQ(a.org.district_code(), kDistrictA);
  EXPECT_EQ(a.org.name(), "青岛规上企业40");
  EXPECT_EQ(a.industry_chain_code, "IC06");
  EXPECT_TRUE(a.above_designated_size);
  const RegisteredEnterprise& b = found->at(CreditCode(41));
  EXPECT_EQ(b.org.district_code(), kDistrictB);
  EXPECT_FALSE(b.above_designated_size);

  // None registered: an empty map, not an error.
  found = lookup_->Enterprises({CreditCode(43)}, absl::InfiniteFuture());
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(found->empty());
}

TEST_F(EvaluationLookupTest, AnIdNumberEvaluationRefusesIsInvalidArgumentAndMasked) {
  std::string wrong_check = PersonId(1);
  wrong_check[17] = wrong_check[17] == '0' ? '1' : '0';
  const absl::StatusOr<std::vector<HeldQualification>> held =
      lookup_->Qualifications(wrong_check, "", absl::InfiniteFuture());
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(skillbridge::ReasonOf(held.status()), "INVALID_FIELD");
  EXPECT_EQ(std::string(held.status().message()).find(wrong_check), std::string::npos) << held.status();

  // So is an unknown occupation, and a malformed credit code.
  const absl::StatusOr<std::vector<HeldQualification>> occupation =
      lookup_->Qualifications(PersonId(1), "6-99-99-99", absl::InfiniteFuture());
  EXPECT_EQ(occupation.status().code(), absl::StatusCode::kInvalidArgument);
  const absl::StatusOr<std::map<std::string, RegisteredEnterprise>> code =
      lookup_->Enterprises({"not-a-credit-code"}, absl::InfiniteFuture());
  EXPECT_EQ(code.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(EvaluationLookupTest, NoTimeLeftBeforeTheCallersDeadlineSendsNothing) {
  const absl::StatusOr<std::vector<HeldQualification>> held =
      lookup_->Qualifications(PersonId(1), "", absl::Now() - absl::Seconds(1));
  EXPECT_EQ(held.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(skillbridge::ReasonOf(held.status()), incentive::kReasonEvaluationUnavailable);
}

// Its own evaluation, stopped: every question is UNAVAILABLE (EVALUATION_UNAVAILABLE), answered
// within the lookup's timeout.
TEST(EvaluationLookupStoppedTest, AStoppedEvaluationIsUnavailableWithinTheTimeout) {
  EvaluationHarness evaluation;
  ASSERT_TRUE(evaluation.Start().ok());
  std::unique_ptr<GrpcEvaluationLookup> lookup = LookupOf(evaluation);
  ASSERT_NE(lookup, nullptr);
  ASSERT_TRUE(lookup->Qualifications(PersonId(1), "", absl::InfiniteFuture()).ok());
  evaluation.Stop();

  const absl::Duration limit = absl::FromChrono(kTimeout) + absl::Milliseconds(500);
  absl::Time start = absl::Now();
  const absl::StatusOr<std::vector<HeldQualification>> held =
      lookup->Qualifications(PersonId(1), "", absl::InfiniteFuture());
  EXPECT_LT(absl::Now() - start, limit);
  ASSERT_FALSE(held.ok());
  EXPECT_EQ(held.status().code(), absl::StatusCode::kUnavailable) << held.status();
  EXPECT_EQ(skillbridge::ReasonOf(held.status()), incentive::kReasonEvaluationUnavailable);

  start = absl::Now();
  const absl::StatusOr<std::map<std::string, RegisteredEnterprise>> found =
      lookup->Enterprises({CreditCode(40)}, absl::InfiniteFuture());
  EXPECT_LT(absl::Now() - start, limit);
  ASSERT_FALSE(found.ok());
  EXPECT_EQ(found.status().code(), absl::StatusCode::kUnavailable) << found.status();
  EXPECT_EQ(skillbridge::ReasonOf(found.status()), incentive::kReasonEvaluationUnavailable);
}

}  // namespace
}  // namespace skillbridge::testing
