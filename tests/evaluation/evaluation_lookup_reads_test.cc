// The two reads the incentive service asks evaluation live, over real gRPC and a real
// redis-server: GetPersonQualifications (one row per level, highest first, `since` the earliest
// valid certificate or introduction at the level, revoked certificates not counted, the
// occupation filter, validation) and BatchGetEnterprises (found and not found in request order,
// lower case accepted, a district officer seeing only its own district, reads across the store's
// MGET slices, validation of the list).

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "gtest/gtest.h"
#include "tests/evaluation/evaluation_harness.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using common::v1::SkillLevel;

constexpr char kWelding[] = "6-18-02-04";
constexpr char kRobotics[] = "6-30-99-00";

common::v1::Date DateOf(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

std::string Text(const common::v1::Date& date) {
  return std::to_string(date.year()) + "-" + std::to_string(date.month()) + "-" + std::to_string(date.day());
}

class EvaluationLookupReadsTest : public SuiteHarnessTest<EvaluationHarness> {
 protected:
  void SetUp() override { ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok()); }

  ev::EvaluationService::Stub& stub() { return harness_->stub(); }
  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) { return EvaluationHarness::Context(token); }

  // Issues a skill-level certificate to person `n` by the filed org CreditCode(1).
  ev::Certificate Issue(int n, SkillLevel level, const std::string& occupation, const common::v1::Date& issued) {
    ev::IssueCertificateRequest request;
    *request.mutable_certificate() = EvaluationHarness::Draft(n, CreditCode(1), level);
    request.mutable_certificate()->set_occupation_code(occupation);
    *request.mutable_certificate()->mutable_issue_date() = issued;
    ev::IssueCertificateResponse response;
    const grpc::Status status = stub().IssueCertificate(As(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.certificate();
  }

  void Revoke(const std::string& number) {
    ev::RevokeCertificateRequest request;
    request.set_number(number);
    request.set_reason("材料不实");
    ev::RevokeCertificateResponse response;
    const grpc::Status status = stub().RevokeCertificate(As(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Registers an introduction of person `n` with an outside certificate `number` issued `issued`.
  ev::Introduction Introduce(int n, SkillLevel level, const std::string& occupation, const std::string& number,
                             const common::v1::Date& issued) {
    ev::RegisterIntroductionRequest request;
    ev::Introduction* in = request.mutable_introduction();
    in->mutable_person()->set_id_number(PersonId(n));
    in->mutable_person()->set_name(EvaluationHarness::PersonName(n));
    in->mutable_employer()->set_credit_code(CreditCode(20));
    in->mutable_employer()->set_name("青岛某企业");
    in->mutable_employer()->set_district_code(kDistrictA);
    in->set_occupation_code(occupation);
    in->set_level(level);
    in->set_outside_certificate_number(number);
    in->set_outside_issuer("北京市某评价机构");
    *in->mutable_outside_issue_date() = issued;
    *in->mutable_arrival_date() = DateOf(2026, 4, 1);
    ev::RegisterIntroductionResponse response;
    const grpc::Status status = stub().RegisterIntroduction(As(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.introduction();
  }

  grpc::Status Qualifications(const std::string& id_number, const std::string& occupation,
                              ev::GetPersonQualificationsResponse* response, const std::string& token = kServiceToken) {
    ev::GetPersonQualificationsRequest request;
    request.set_id_number(id_number);
    request.set_occupation_code(occupation);
    return stub().GetPersonQualifications(As(token).get(), request, response);
  }

  // "<level> <since> <number> <occupation>" per row, in answer order.
  std::vector<std::string> Rows(int n, const std::string& occupation = "") {
    ev::GetPersonQualificationsResponse response;
    const grpc::Status status = Qualifications(PersonId(n), occupation, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> rows;
    for (const ev::HeldLevel& held : response.levels()) {
      rows.push_back(common::v1::SkillLevel_Name(held.level()) + " " + Text(held.since()) + " " +
                     held.certificate_number() + " " + held.occupation_code());
    }
    return rows;
  }

  void Register(int n, const std::string& district) {
    ev::UpsertEnterpriseRequest request;
    ev::Enterprise* enterprise = request.mutable_enterprise();
    enterprise->mutable_org()->set_credit_code(CreditCode(n));
    enterprise->mutable_org()->set_name("青岛规上企业" + std::to_string(n));
    enterprise->mutable_org()->set_district_code(district);
    enterprise->set_above_designated_size(true);
    enterprise->set_industry_chain_code("IC06");
    enterprise->set_employee_count(300);
    ev::UpsertEnterpriseResponse response;
    const grpc::Status status = stub().UpsertEnterprise(As(kAdminToken).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Enterprises(const std::vector<std::string>& codes, ev::BatchGetEnterprisesResponse* response,
                           const std::string& token = kServiceToken) {
    ev::BatchGetEnterprisesRequest request;
    for (const std::string& code : codes) {
      request.add_credit_codes(code);
    }
    return stub().BatchGetEnterprises(As(token).get(), request, response);
  }

  static std::vector<std::string> FoundCodes(const ev::BatchGetEnterprisesResponse& response) {
    std::vector<std::string> codes;
    for (const ev::Enterprise& enterprise : response.enterprises()) {
      codes.push_back(enterprise.org().credit_code());
    }
    return codes;
  }
  static std::vector<std::string> NotFound(const ev::BatchGetEnterprisesResponse& response) {
    return {response.not_found().begin(), response.not_found().end()};
  }
};

// ---------------------------------------------------------------- GetPersonQualifications

TEST_F(EvaluationLookupReadsTest, QualificationsAreOneRowPerLevelHighestFirstWithTheEarliestRecord) {
  harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
  EXPECT_TRUE(Rows(1).empty());

  const ev::Certificate intermediate = Issue(1, common::v1::SKILL_LEVEL_4_INTERMEDIATE, kWelding, DateOf(2024, 3, 1));
  const ev::Certificate senior = Issue(1, common::v1::SKILL_LEVEL_3_SENIOR, kWelding, DateOf(2025, 1, 10));
  // 三级 in a second occupation, held earlier: it is the row's record when every occupation is asked.
  const ev::Certificate robot = Issue(1, common::v1::SKILL_LEVEL_3_SENIOR, kRobotics, DateOf(2024, 6, 1));
  const ev::Certificate technician = Issue(1, common::v1::SKILL_LEVEL_2_TECHNICIAN, kWelding, DateOf(2026, 5, 20));
  Issue(2, common::v1::SKILL_LEVEL_2_TECHNICIAN, kWelding, DateOf(2023, 1, 1));  // another person

  EXPECT_EQ(Rows(1), (std::vector<std::string>{
                         "SKILL_LEVEL_2_TECHNICIAN 2026-5-20 " + technician.number() + " " + kWelding,
                         "SKILL_LEVEL_3_SENIOR 2024-6-1 " + robot.number() + " " + kRobotics,
                         "SKILL_LEVEL_4_INTERMEDIATE 2024-3-1 " + intermediate.number() + " " + kWelding,
                     }));

  // Revoked, the 二级 no longer counts.
  Revoke(technician.number());
  // An introduction at 四级 whose outside certificate is older than the 四级 certificate: it
  // dates the level from its outside issue date.
  const ev::Introduction intro =
      Introduce(1, common::v1::SKILL_LEVEL_4_INTERMEDIATE, kWelding, "S110037000001194000123", DateOf(2020, 1, 1));
  ASSERT_FALSE(intro.id().empty());
  EXPECT_EQ(Rows(1), (std::vector<std::string>{
                         "SKILL_LEVEL_3_SENIOR 2024-6-1 " + robot.number() + " " + kRobotics,
                         "SKILL_LEVEL_4_INTERMEDIATE 2020-1-1 S110037000001194000123 " + std::string(kWelding),
                     }));

  // The occupation filter: only that occupation's records.
  EXPECT_EQ(Rows(1, kWelding),
            (std::vector<std::string>{
                "SKILL_LEVEL_3_SENIOR 2025-1-10 " + senior.number() + " " + kWelding,
                "SKILL_LEVEL_4_INTERMEDIATE 2020-1-1 S110037000001194000123 " + std::string(kWelding),
            }));
  EXPECT_EQ(Rows(1, kRobotics),
            (std::vector<std::string>{"SKILL_LEVEL_3_SENIOR 2024-6-1 " + robot.number() + " " + kRobotics}));
  EXPECT_TRUE(Rows(3).empty());
}

TEST_F(EvaluationLookupReadsTest, AnIntroductionLaterThanTheCertificateDoesNotMoveTheDate) {
  harness_->CreateFiledOrg(CreditCode(1), kDistrictA);
  const ev::Certificate senior = Issue(1, common::v1::SKILL_LEVEL_3_SENIOR, kWelding, DateOf(2022, 8, 8));
  Introduce(1, common::v1::SKILL_LEVEL_3_SENIOR, kWelding, "S110037000001193000999", DateOf(2023, 2, 2));
  EXPECT_EQ(Rows(1), (std::vector<std::string>{"SKILL_LEVEL_3_SENIOR 2022-8-8 " + senior.number() + " " + kWelding}));
}

TEST_F(EvaluationLookupReadsTest, QualificationQuestionsAreValidated) {
  ev::GetPersonQualificationsResponse response;
  std::string wrong_check = PersonId(1);
  wrong_check[17] = wrong_check[17] == '0' ? '1' : '0';
  grpc::Status status = Qualifications(wrong_check, "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "id_number");
  status = Qualifications("", kWelding, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "id_number");
  status = Qualifications(PersonId(1), "6-99-99-99", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "occupation_code");
  EXPECT_EQ(ReasonOf(status), "INVALID_FIELD");
  // Roles: a district officer may not ask.
  status = Qualifications(PersonId(1), "", &response, kDistrictAToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(status), "ROLE_NOT_ALLOWED");
  // ADMIN may.
  EXPECT_TRUE(Qualifications(PersonId(1), "", &response, kAdminToken).ok());
}

// ---------------------------------------------------------------- BatchGetEnterprises

TEST_F(EvaluationLookupReadsTest, EnterprisesFoundAndNotFoundInRequestOrder) {
  Register(30, kDistrictA);
  Register(31, kDistrictB);
  ev::BatchGetEnterprisesResponse response;
  const grpc::Status status =
      Enterprises({CreditCode(32), CreditCode(31), absl::AsciiStrToLower(CreditCode(30))}, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(FoundCodes(response), (std::vector<std::string>{CreditCode(31), CreditCode(30)}));
  EXPECT_EQ(NotFound(response), (std::vector<std::string>{CreditCode(32)}));
  ASSERT_EQ(response.enterprises_size(), 2);
  EXPECT_EQ(response.enterprises(0).org().district_code(), kDistrictB);
  EXPECT_EQ(response.enterprises(0).industry_chain_code(), "IC06");
  EXPECT_TRUE(response.enterprises(0).above_designated_size());
  EXPECT_EQ(response.enterprises(0).version(), 1);

  // ADMIN sees the whole register too.
  response.Clear();
  ASSERT_TRUE(Enterprises({CreditCode(30), CreditCode(31)}, &response, kAdminToken).ok());
  EXPECT_EQ(FoundCodes(response), (std::vector<std::string>{CreditCode(30), CreditCode(31)}));
}

TEST_F(EvaluationLookupReadsTest, ADistrictOfficerSeesOnlyItsOwnDistrictAndLearnsNothingElse) {
  Register(30, kDistrictA);
  Register(31, kDistrictB);
  const std::vector<std::string> codes{CreditCode(30), CreditCode(31), CreditCode(32)};
  ev::BatchGetEnterprisesResponse a;
  ASSERT_TRUE(Enterprises(codes, &a, kDistrictAToken).ok());
  EXPECT_EQ(FoundCodes(a), (std::vector<std::string>{CreditCode(30)}));
  // The other district's enterprise is answered exactly as the unregistered code is.
  EXPECT_EQ(NotFound(a), (std::vector<std::string>{CreditCode(31), CreditCode(32)}));
  ev::BatchGetEnterprisesResponse b;
  ASSERT_TRUE(Enterprises(codes, &b, kDistrictBToken).ok());
  EXPECT_EQ(FoundCodes(b), (std::vector<std::string>{CreditCode(31)}));
  EXPECT_EQ(NotFound(b), (std::vector<std::string>{CreditCode(30), CreditCode(32)}));
  // Other roles are refused.
  ev::BatchGetEnterprisesResponse none;
  const grpc::Status viewer = Enterprises(codes, &none, kViewerToken);
  EXPECT_EQ(viewer.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ReasonOf(viewer), "ROLE_NOT_ALLOWED");
}

TEST_F(EvaluationLookupReadsTest, FiveThousandCodesAreReadAcrossSlices) {
  // Registered ones at the edges of the store's 1,000-key MGET slices and at the end.
  Register(1999, kDistrictA);
  Register(2000, kDistrictB);
  Register(5999, kDistrictA);
  std::vector<std::string> codes;
  for (int i = 0; i < 5000; ++i) {
    codes.push_back(CreditCode(1000 + i));
  }
  ev::BatchGetEnterprisesResponse response;
  const grpc::Status status = Enterprises(codes, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(FoundCodes(response), (std::vector<std::string>{CreditCode(1999), CreditCode(2000), CreditCode(5999)}));
  ASSERT_EQ(response.not_found_size(), 4997);
  EXPECT_EQ(response.not_found(0), CreditCode(1000));
  EXPECT_EQ(response.not_found(999), CreditCode(2001));
  EXPECT_EQ(response.not_found(4996), CreditCode(5998));
}

TEST_F(EvaluationLookupReadsTest, CreditCodeListsAreValidated) {
  ev::BatchGetEnterprisesResponse response;
  grpc::Status status = Enterprises({}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "credit_codes");

  std::vector<std::string> too_many;
  for (int i = 0; i < 5001; ++i) {
    too_many.push_back(CreditCode(1000 + i));
  }
  status = Enterprises(too_many, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "credit_codes");

  // A repeat (also in another case) is named at its later position.
  status = Enterprises({CreditCode(30), CreditCode(31), absl::AsciiStrToLower(CreditCode(30))}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "credit_codes[2]");

  std::string wrong_check = CreditCode(31);
  wrong_check[17] = wrong_check[17] == '0' ? '1' : '0';
  status = Enterprises({CreditCode(30), wrong_check}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "credit_codes[1]");
  EXPECT_EQ(ReasonOf(status), "INVALID_FIELD");
  status = Enterprises({"", CreditCode(30)}, &response);
  EXPECT_EQ(FirstFieldOf(status), "credit_codes[0]");
}

}  // namespace
}  // namespace skillbridge::testing
