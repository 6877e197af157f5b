#pragma once
// Helpers of the honour service tests (honour_service_test.cc) over an IncentiveHarness: create
// and close programmes, nominate person n (PersonId(n), name 张三n) for an employer, take a
// nomination through the workflow, give a person a real certificate in the evaluation harness (an
// evaluation org filed with the harness's scope: 6-18-02-04 up to 二级/技师) and revoke it, and
// read the store's statistics and feed. Header-only; not thread-safe except the calls that only
// use the stub (Award, Nominate).

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "services/incentive/store/keys.h"
#include "tests/incentive/incentive_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing::honour {

inline constexpr char kWelder[] = "6-18-02-04";
// The evaluation org that issues the tests' certificates (filed in district A).
inline std::string IssuerCode() { return CreditCode(900); }

// An employer: CreditCode(n) in `district`, named after n.
inline common::v1::OrgRef Employer(int n, const std::string& district) {
  common::v1::OrgRef org;
  org.set_credit_code(CreditCode(n));
  org.set_name("青岛测试用人单位" + std::to_string(n));
  org.set_district_code(district);
  return org;
}

inline iv::CreateHonourProgrammeRequest ProgrammeRequest(iv::HonourKind kind, int quota,
                                                         common::v1::SkillLevel required, int year = 2026) {
  iv::CreateHonourProgrammeRequest request;
  iv::HonourProgramme* p = request.mutable_programme();
  p->set_year(year);
  p->set_kind(kind);
  p->set_title(std::to_string(year) + "年度青岛市高技能领军人才");
  p->set_quota(quota);
  p->set_award_fen(2000000);
  p->set_required_level(required);
  return request;
}

inline iv::HonourProgramme CreateProgramme(IncentiveHarness& h, iv::HonourKind kind, int quota,
                                           common::v1::SkillLevel required = common::v1::SKILL_LEVEL_UNSPECIFIED,
                                           int year = 2026) {
  iv::CreateHonourProgrammeResponse response;
  const grpc::Status status = h.stub().CreateHonourProgramme(IncentiveHarness::Context(kAdminToken).get(),
                                                             ProgrammeRequest(kind, quota, required, year), &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.programme();
}

inline iv::HonourProgramme GetProgramme(IncentiveHarness& h, const std::string& id) {
  iv::GetHonourProgrammeRequest request;
  request.set_id(id);
  iv::GetHonourProgrammeResponse response;
  const grpc::Status status =
      h.stub().GetHonourProgramme(IncentiveHarness::Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.programme();
}

inline grpc::Status CloseProgramme(IncentiveHarness& h, const std::string& id) {
  iv::CloseHonourProgrammeRequest request;
  request.set_id(id);
  iv::CloseHonourProgrammeResponse response;
  return h.stub().CloseHonourProgramme(IncentiveHarness::Context(kAdminToken).get(), request, &response);
}

inline iv::NominateForHonourRequest NominationRequest(const std::string& programme_id, int person,
                                                      const common::v1::OrgRef& employer) {
  iv::NominateForHonourRequest request;
  iv::Nomination* n = request.mutable_nomination();
  n->set_programme_id(programme_id);
  n->mutable_person()->set_id_number(PersonId(person));
  n->mutable_person()->set_name(EvaluationHarness::PersonName(person));
  *n->mutable_employer() = employer;
  n->set_occupation_code(kWelder);
  n->set_citation("长期扎根生产一线，攻克焊接工艺难题");
  return request;
}

inline grpc::Status Nominate(IncentiveHarness& h, const std::string& programme_id, int person,
                             const common::v1::OrgRef& employer, const std::string& token = kAdminToken,
                             iv::Nomination* out = nullptr, const std::string& request_id = "") {
  iv::NominateForHonourRequest request = NominationRequest(programme_id, person, employer);
  request.set_request_id(request_id);
  iv::NominateForHonourResponse response;
  const grpc::Status status = h.stub().NominateForHonour(IncentiveHarness::Context(token).get(), request, &response);
  if (out != nullptr) {
    *out = response.nomination();
  }
  return status;
}

inline grpc::Status Review(IncentiveHarness& h, const std::string& id, const std::string& token = kAdminToken,
                           iv::Nomination* out = nullptr, int64_t expected_version = 0) {
  iv::StartNominationReviewRequest request;
  request.set_id(id);
  request.set_expected_version(expected_version);
  iv::StartNominationReviewResponse response;
  const grpc::Status status =
      h.stub().StartNominationReview(IncentiveHarness::Context(token).get(), request, &response);
  if (out != nullptr) {
    *out = response.nomination();
  }
  return status;
}

inline grpc::Status Award(IncentiveHarness& h, const std::string& id, iv::AwardNominationResponse* out = nullptr,
                          const std::string& request_id = "", const std::string& token = kAdminToken) {
  iv::AwardNominationRequest request;
  request.set_id(id);
  request.set_request_id(request_id);
  iv::AwardNominationResponse response;
  const grpc::Status status = h.stub().AwardNomination(IncentiveHarness::Context(token).get(), request, &response);
  if (out != nullptr) {
    *out = response;
  }
  return status;
}

inline grpc::Status Reject(IncentiveHarness& h, const std::string& id, const std::string& token = kAdminToken,
                           iv::Nomination* out = nullptr) {
  iv::RejectNominationRequest request;
  request.set_id(id);
  request.set_reason("事迹材料与实际不符");
  iv::RejectNominationResponse response;
  const grpc::Status status = h.stub().RejectNomination(IncentiveHarness::Context(token).get(), request, &response);
  if (out != nullptr) {
    *out = response.nomination();
  }
  return status;
}

inline grpc::Status Withdraw(IncentiveHarness& h, const std::string& id, const std::string& token = kAdminToken,
                             iv::Nomination* out = nullptr) {
  iv::WithdrawNominationRequest request;
  request.set_id(id);
  request.set_reason("单位撤回推荐");
  iv::WithdrawNominationResponse response;
  const grpc::Status status = h.stub().WithdrawNomination(IncentiveHarness::Context(token).get(), request, &response);
  if (out != nullptr) {
    *out = response.nomination();
  }
  return status;
}

// Nominates person n for the programme (ADMIN) and starts its review; the nomination id.
inline std::string UnderReview(IncentiveHarness& h, const std::string& programme_id, int person,
                               const common::v1::OrgRef& employer) {
  iv::Nomination nomination;
  grpc::Status status = Nominate(h, programme_id, person, employer, kAdminToken, &nomination);
  EXPECT_TRUE(status.ok()) << status.error_message();
  status = Review(h, nomination.id());
  EXPECT_TRUE(status.ok()) << status.error_message();
  return nomination.id();
}

inline iv::Nomination GetNomination(IncentiveHarness& h, const std::string& id,
                                    const std::string& token = kAdminToken) {
  iv::GetNominationRequest request;
  request.set_id(id);
  iv::GetNominationResponse response;
  const grpc::Status status = h.stub().GetNomination(IncentiveHarness::Context(token).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.nomination();
}

// Files the issuing org in evaluation (after a flush of its store).
inline void FileIssuer(IncentiveHarness& h) { h.evaluation().CreateFiledOrg(IssuerCode(), kDistrictA); }

// Issues person n a skill-level certificate of 6-18-02-04 at `level` (issued 2026-05-20); its number.
inline std::string IssueCertificate(IncentiveHarness& h, int person, common::v1::SkillLevel level) {
  ev::IssueCertificateRequest request;
  *request.mutable_certificate() = EvaluationHarness::Draft(person, IssuerCode(), level);
  ev::IssueCertificateResponse response;
  const grpc::Status status =
      h.evaluation().stub().IssueCertificate(EvaluationHarness::Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.certificate().number();
}

inline void RevokeCertificate(IncentiveHarness& h, const std::string& number) {
  ev::RevokeCertificateRequest request;
  request.set_number(number);
  request.set_reason("证书信息有误");
  ev::RevokeCertificateResponse response;
  const grpc::Status status =
      h.evaluation().stub().RevokeCertificate(EvaluationHarness::Context(kAdminToken).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

// A counter of incentive:stats:<year> (0 when absent).
inline long long Stat(IncentiveHarness& h, int year, const std::string& district, incentive::keys::StatsMeasure m) {
  auto reply =
      h.redis_client().Command({"HGET", incentive::keys::Stats(year), incentive::keys::StatsField(district, m)});
  EXPECT_TRUE(reply.ok());
  if (!reply.ok() || reply->is_nil()) {
    return 0;
  }
  return std::stoll(std::string(reply->str()));
}

// The feed's NominationChanged events of `status` (all when UNSPECIFIED).
inline std::vector<iv::NominationChanged> NominationEvents(IncentiveHarness& h, iv::NominationStatus status) {
  std::vector<iv::NominationChanged> out;
  for (const iv::IncentiveEvent& event : h.Events()) {
    if (event.has_nomination_changed() &&
        (status == iv::NOMINATION_STATUS_UNSPECIFIED || event.nomination_changed().status() == status)) {
      out.push_back(event.nomination_changed());
    }
  }
  return out;
}

inline std::vector<iv::HonourProgrammeChanged> ProgrammeEvents(IncentiveHarness& h) {
  std::vector<iv::HonourProgrammeChanged> out;
  for (const iv::IncentiveEvent& event : h.Events()) {
    if (event.has_programme_changed()) {
      out.push_back(event.programme_changed());
    }
  }
  return out;
}

}  // namespace skillbridge::testing::honour
