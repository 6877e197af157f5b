// Honours of the incentive service over real gRPC, its own real redis-server and the real
// evaluation service: programmes (create, list, close), the nomination workflow with the
// refusals of each state, one nomination per person and programme, scope by role, ID masking,
// idempotent replays, the level a programme requires checked against real certificates in
// evaluation (a revoked one does not count; evaluation stopped → UNAVAILABLE and nothing
// stored), the quota enforced by the write itself under parallel awards, statistics, the change
// feed and audit, the leading-talent directory, and a bad-input corpus of every honour RPC.

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/validation/request_fields.h"
#include "gtest/gtest.h"
#include "services/incentive/api/handler_support.h"
#include "services/incentive/domain/honour_rules.h"
#include "services/incentive/store/keys.h"
#include "tests/incentive/honour_test_support.h"
#include "tests/incentive/incentive_harness.h"
#include "tests/support/bad_input_cases.h"
#include "tests/support/suite_harness.h"
#include "tests/support/test_auth.h"
#include "tests/support/test_ids.h"

namespace skillbridge::testing {
namespace {

using namespace honour;  // NOLINT(build/namespaces): the helpers of this file's part
using incentive::keys::StatsMeasure;

#define EXPECT_REFUSED(call, code, reason)                                                            \
  do {                                                                                                \
    const grpc::Status refused_status = (call);                                                       \
    EXPECT_EQ(refused_status.error_code(), grpc::StatusCode::code) << refused_status.error_message(); \
    EXPECT_EQ(ReasonOf(refused_status), reason) << refused_status.error_message();                    \
  } while (0)

constexpr auto kLeading = iv::HONOUR_KIND_LEADING_TALENT;
constexpr auto kCraftsman = iv::HONOUR_KIND_QINGDAO_CRAFTSMAN;
constexpr auto kTechnician = common::v1::SKILL_LEVEL_2_TECHNICIAN;
constexpr auto kSenior = common::v1::SKILL_LEVEL_3_SENIOR;

class HonourServiceTest : public SuiteHarnessTest<IncentiveHarness> {
 protected:
  // Each test starts from empty stores, with the certificate issuer filed in evaluation.
  void SetUp() override {
    ASSERT_TRUE(harness_->redis_client().Command({"FLUSHALL"}).ok());
    ASSERT_TRUE(harness_->evaluation().redis_client().Command({"FLUSHALL"}).ok());
    FileIssuer(*harness_);
  }

  IncentiveHarness& h() { return *harness_; }
  // Institution A's employees (CreditCode(1) in district A) and institution B's (CreditCode(2), B).
  static common::v1::OrgRef EmployerA() { return Employer(1, kDistrictA); }
  static common::v1::OrgRef EmployerB() { return Employer(2, kDistrictB); }
};

// ---------------------------------------------------------------- programmes

TEST_F(HonourServiceTest, AProgrammeIsCreatedOpenListedAndClosedForGood) {
  iv::CreateHonourProgrammeRequest create = ProgrammeRequest(kLeading, 10, kTechnician);
  create.set_request_id("prog-1");
  iv::CreateHonourProgrammeResponse created;
  ASSERT_TRUE(h().stub().CreateHonourProgramme(IncentiveHarness::Context(kAdminToken).get(), create, &created).ok());
  const iv::HonourProgramme& p = created.programme();
  EXPECT_EQ(p.id(), "HP00000001");
  EXPECT_EQ(p.status(), iv::PROGRAMME_STATUS_OPEN);
  EXPECT_EQ(p.awarded_count(), 0);
  EXPECT_EQ(p.version(), 1);
  EXPECT_EQ(p.required_level(), kTechnician);
  // The same request again answers the first result; other content under the same id is refused.
  iv::CreateHonourProgrammeResponse again;
  ASSERT_TRUE(h().stub().CreateHonourProgramme(IncentiveHarness::Context(kAdminToken).get(), create, &again).ok());
  EXPECT_EQ(again.programme().id(), p.id());
  create.mutable_programme()->set_quota(11);
  EXPECT_REFUSED(h().stub().CreateHonourProgramme(IncentiveHarness::Context(kAdminToken).get(), create, &again),
                 FAILED_PRECONDITION, "REQUEST_ID_REUSED");
  // Only ADMIN creates.
  EXPECT_EQ(h().stub()
                .CreateHonourProgramme(IncentiveHarness::Context(kDistrictAToken).get(),
                                       ProgrammeRequest(kLeading, 1, kTechnician), &again)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const iv::HonourProgramme craftsman = CreateProgramme(h(), kCraftsman, 5);
  const iv::HonourProgramme older = CreateProgramme(h(), kLeading, 5, common::v1::SKILL_LEVEL_UNSPECIFIED, 2025);
  EXPECT_EQ(GetProgramme(h(), craftsman.id()).title(), craftsman.title());

  // Listing: every filter, and pages of one.
  iv::ListHonourProgrammesRequest list;
  list.set_year(2026);
  iv::ListHonourProgrammesResponse listed;
  ASSERT_TRUE(h().stub().ListHonourProgrammes(IncentiveHarness::Context(kViewerToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.programmes_size(), 2);
  EXPECT_EQ(listed.programmes(0).id(), p.id());
  EXPECT_EQ(listed.programmes(1).id(), craftsman.id());
  list.set_kind(kLeading);
  ASSERT_TRUE(h().stub().ListHonourProgrammes(IncentiveHarness::Context(kViewerToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.programmes_size(), 1);
  EXPECT_EQ(listed.programmes(0).id(), p.id());
  std::vector<std::string> paged;
  iv::ListHonourProgrammesRequest page;
  page.set_page_size(1);
  do {
    iv::ListHonourProgrammesResponse got;
    ASSERT_TRUE(h().stub().ListHonourProgrammes(IncentiveHarness::Context(kInstitutionAToken).get(), page, &got).ok());
    for (const auto& programme : got.programmes()) {
      paged.push_back(programme.id());
    }
    page.set_page_token(got.next_page_token());
  } while (!page.page_token().empty());
  EXPECT_EQ(paged, (std::vector<std::string>{p.id(), craftsman.id(), older.id()}));

  // Closing: CLOSED, version up, the event; a second close and any nomination refused.
  iv::CloseHonourProgrammeRequest close;
  close.set_id(craftsman.id());
  iv::CloseHonourProgrammeResponse closed;
  ASSERT_TRUE(h().stub().CloseHonourProgramme(IncentiveHarness::Context(kAdminToken).get(), close, &closed).ok());
  EXPECT_EQ(closed.programme().status(), iv::PROGRAMME_STATUS_CLOSED);
  EXPECT_EQ(closed.programme().version(), 2);
  EXPECT_EQ(GetProgramme(h(), craftsman.id()).status(), iv::PROGRAMME_STATUS_CLOSED);
  EXPECT_REFUSED(CloseProgramme(h(), craftsman.id()), FAILED_PRECONDITION, "PROGRAMME_CLOSED");
  EXPECT_REFUSED(Nominate(h(), craftsman.id(), 5, EmployerA()), FAILED_PRECONDITION, "PROGRAMME_CLOSED");
  list.Clear();
  list.set_status(iv::PROGRAMME_STATUS_CLOSED);
  ASSERT_TRUE(h().stub().ListHonourProgrammes(IncentiveHarness::Context(kViewerToken).get(), list, &listed).ok());
  ASSERT_EQ(listed.programmes_size(), 1);
  EXPECT_EQ(listed.programmes(0).id(), craftsman.id());
  EXPECT_REFUSED(CloseProgramme(h(), "HP00000099"), NOT_FOUND, "PROGRAMME_NOT_FOUND");

  const std::vector<iv::HonourProgrammeChanged> events = ProgrammeEvents(h());
  ASSERT_EQ(events.size(), 4u);  // three created (the replay wrote nothing), one closed
  EXPECT_EQ(events[3].programme_id(), craftsman.id());
  EXPECT_EQ(events[3].status(), iv::PROGRAMME_STATUS_CLOSED);
  EXPECT_EQ(events[0].quota(), 10);
}

// ---------------------------------------------------------------- the workflow

TEST_F(HonourServiceTest, ANominationGoesThroughReviewToItsAwardWithEventsStatsAndAudit) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 3);
  iv::Nomination nominated;
  ASSERT_TRUE(Nominate(h(), programme.id(), 21, EmployerA(), kInstitutionAToken, &nominated).ok());
  EXPECT_EQ(nominated.id(), "NM0000000001");
  EXPECT_EQ(nominated.status(), iv::NOMINATION_STATUS_NOMINATED);
  EXPECT_EQ(nominated.version(), 1);
  EXPECT_EQ(nominated.year(), 2026);
  EXPECT_EQ(nominated.kind(), kLeading);
  EXPECT_EQ(nominated.programme_title(), programme.title());
  EXPECT_EQ(nominated.person().id_number(), PersonId(21));
  EXPECT_FALSE(nominated.nominated_by().empty());
  EXPECT_EQ(nominated.verified_level(), common::v1::SKILL_LEVEL_UNSPECIFIED);  // no level required
  // Awarding before the review, reviewing twice, a stale version: refused.
  EXPECT_REFUSED(Award(h(), nominated.id()), FAILED_PRECONDITION, "INVALID_NOMINATION_TRANSITION");
  EXPECT_REFUSED(Review(h(), nominated.id(), kDistrictAToken, nullptr, /*expected_version=*/7), ABORTED,
                 "VERSION_MISMATCH");
  iv::Nomination reviewed;
  ASSERT_TRUE(Review(h(), nominated.id(), kDistrictAToken, &reviewed, /*expected_version=*/1).ok());
  EXPECT_EQ(reviewed.status(), iv::NOMINATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(reviewed.version(), 2);
  EXPECT_REFUSED(Review(h(), nominated.id()), FAILED_PRECONDITION, "INVALID_NOMINATION_TRANSITION");
  // Only ADMIN awards.
  EXPECT_EQ(Award(h(), nominated.id(), nullptr, "", kDistrictAToken).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  iv::AwardNominationResponse awarded;
  ASSERT_TRUE(Award(h(), nominated.id(), &awarded).ok());
  EXPECT_EQ(awarded.nomination().status(), iv::NOMINATION_STATUS_AWARDED);
  EXPECT_EQ(awarded.nomination().award_fen(), 2000000);
  EXPECT_EQ(awarded.nomination().version(), 3);
  EXPECT_TRUE(awarded.nomination().has_decide_time());
  EXPECT_EQ(awarded.programme().awarded_count(), 1);
  EXPECT_EQ(GetProgramme(h(), programme.id()).awarded_count(), 1);
  // Final: nothing moves it any more.
  EXPECT_REFUSED(Reject(h(), nominated.id()), FAILED_PRECONDITION, "INVALID_NOMINATION_TRANSITION");
  EXPECT_REFUSED(Withdraw(h(), nominated.id()), FAILED_PRECONDITION, "INVALID_NOMINATION_TRANSITION");
  EXPECT_REFUSED(Award(h(), nominated.id()), FAILED_PRECONDITION, "INVALID_NOMINATION_TRANSITION");

  // Rejected from NOMINATED and from UNDER_REVIEW; withdrawn by the employer.
  iv::Nomination second;
  ASSERT_TRUE(Nominate(h(), programme.id(), 22, EmployerA(), kDistrictAToken, &second).ok());
  iv::Nomination rejected;
  ASSERT_TRUE(Reject(h(), second.id(), kDistrictAToken, &rejected).ok());
  EXPECT_EQ(rejected.status(), iv::NOMINATION_STATUS_REJECTED);
  EXPECT_EQ(rejected.decision_reason(), "事迹材料与实际不符");
  EXPECT_REFUSED(Review(h(), second.id()), FAILED_PRECONDITION, "INVALID_NOMINATION_TRANSITION");
  const std::string third = UnderReview(h(), programme.id(), 23, EmployerA());
  ASSERT_TRUE(Reject(h(), third).ok());
  const std::string fourth = UnderReview(h(), programme.id(), 24, EmployerA());
  iv::Nomination withdrawn;
  ASSERT_TRUE(Withdraw(h(), fourth, kInstitutionAToken, &withdrawn).ok());
  EXPECT_EQ(withdrawn.status(), iv::NOMINATION_STATUS_WITHDRAWN);
  EXPECT_EQ(withdrawn.decision_reason(), "单位撤回推荐");
  EXPECT_REFUSED(Award(h(), fourth), FAILED_PRECONDITION, "INVALID_NOMINATION_TRANSITION");
  EXPECT_REFUSED(Review(h(), "NM0000009999"), NOT_FOUND, "NOMINATION_NOT_FOUND");

  // Statistics of the programme's year, by the employer's district.
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kNominations), 4);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kHonoursAwarded), 1);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kAwardFen), 2000000);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kLeadingTalents), 1);
  // The feed: every step of the first nomination, in order, with its status time.
  std::vector<iv::NominationStatus> first_steps;
  for (const iv::NominationChanged& e : NominationEvents(h(), iv::NOMINATION_STATUS_UNSPECIFIED)) {
    if (e.nomination_id() == nominated.id()) {
      first_steps.push_back(e.status());
      EXPECT_EQ(e.district_code(), kDistrictA);
      EXPECT_EQ(e.employer_credit_code(), CreditCode(1));
      EXPECT_EQ(e.person().id_number(), PersonId(21));
      EXPECT_TRUE(e.has_status_time());
      EXPECT_EQ(e.award_fen(), e.status() == iv::NOMINATION_STATUS_AWARDED ? 2000000 : 0);
    }
  }
  EXPECT_EQ(first_steps,
            (std::vector<iv::NominationStatus>{iv::NOMINATION_STATUS_NOMINATED, iv::NOMINATION_STATUS_UNDER_REVIEW,
                                               iv::NOMINATION_STATUS_AWARDED}));
  const std::vector<iv::HonourProgrammeChanged> programme_events = ProgrammeEvents(h());
  ASSERT_EQ(programme_events.size(), 2u);  // created, and the award's count
  EXPECT_EQ(programme_events[1].awarded_count(), 1);
  // The audit trail names each nomination and holds no full ID number.
  int nomination_entries = 0;
  for (const common::v1::AuditEntry& entry : h().AuditEntries()) {
    for (int person = 21; person <= 24; ++person) {
      EXPECT_EQ(entry.detail().find(PersonId(person)), std::string::npos) << entry.detail();
      EXPECT_EQ(entry.resource().find(PersonId(person)), std::string::npos) << entry.resource();
    }
    if (entry.outcome() == "OK" && entry.resource().rfind("nominations/NM", 0) == 0) {
      ++nomination_entries;
      EXPECT_NE(entry.detail().find("******"), std::string::npos) << entry.detail();
    }
  }
  EXPECT_EQ(nomination_entries, 4 + 3 + 1 + 2 + 1);  // 4 nominated, 3 reviews, award, 2 rejects, withdrawal
}

TEST_F(HonourServiceTest, OnePersonIsNominatedOncePerProgrammeUntilTheNominationIsWithdrawn) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 3);
  const iv::HonourProgramme other = CreateProgramme(h(), kCraftsman, 3);
  iv::Nomination first;
  ASSERT_TRUE(Nominate(h(), programme.id(), 31, EmployerA(), kAdminToken, &first).ok());
  EXPECT_REFUSED(Nominate(h(), programme.id(), 31, EmployerA()), ALREADY_EXISTS, "ALREADY_NOMINATED");
  // By another nominator, for another employer: still the same person.
  EXPECT_REFUSED(Nominate(h(), programme.id(), 31, EmployerB(), kDistrictBToken), ALREADY_EXISTS, "ALREADY_NOMINATED");
  ASSERT_TRUE(Nominate(h(), other.id(), 31, EmployerA()).ok());  // another programme
  // A rejection is final for the programme; a withdrawal frees the person for a new nomination.
  iv::Nomination second;
  ASSERT_TRUE(Nominate(h(), programme.id(), 32, EmployerA(), kAdminToken, &second).ok());
  ASSERT_TRUE(Reject(h(), second.id()).ok());
  EXPECT_REFUSED(Nominate(h(), programme.id(), 32, EmployerA()), ALREADY_EXISTS, "ALREADY_NOMINATED");
  ASSERT_TRUE(Withdraw(h(), first.id()).ok());
  iv::Nomination again;
  ASSERT_TRUE(Nominate(h(), programme.id(), 31, EmployerA(), kAdminToken, &again).ok());
  EXPECT_NE(again.id(), first.id());
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kNominations), 4);
}

TEST_F(HonourServiceTest, AClosedProgrammeTakesNoNominationAndNoAward) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 3);
  const std::string waiting = UnderReview(h(), programme.id(), 41, EmployerA());
  iv::Nomination nominated;
  ASSERT_TRUE(Nominate(h(), programme.id(), 42, EmployerA(), kAdminToken, &nominated).ok());
  ASSERT_TRUE(CloseProgramme(h(), programme.id()).ok());
  EXPECT_REFUSED(Award(h(), waiting), FAILED_PRECONDITION, "PROGRAMME_CLOSED");
  EXPECT_REFUSED(Nominate(h(), programme.id(), 43, EmployerA()), FAILED_PRECONDITION, "PROGRAMME_CLOSED");
  // What was pending can still be decided against.
  ASSERT_TRUE(Reject(h(), waiting).ok());
  ASSERT_TRUE(Withdraw(h(), nominated.id()).ok());
  EXPECT_EQ(GetProgramme(h(), programme.id()).awarded_count(), 0);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kHonoursAwarded), 0);
}

TEST_F(HonourServiceTest, RepliesToRetriedRequestsAreTheFirstResults) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 3);
  iv::Nomination first;
  iv::Nomination retried;
  ASSERT_TRUE(Nominate(h(), programme.id(), 51, EmployerA(), kInstitutionAToken, &first, "nom-51").ok());
  ASSERT_TRUE(Nominate(h(), programme.id(), 51, EmployerA(), kInstitutionAToken, &retried, "nom-51").ok());
  EXPECT_EQ(retried.id(), first.id());
  EXPECT_EQ(h().CountKeys("incentive:nomination:*"), 1);
  ASSERT_TRUE(Review(h(), first.id()).ok());
  iv::AwardNominationResponse awarded;
  iv::AwardNominationResponse again;
  ASSERT_TRUE(Award(h(), first.id(), &awarded, "award-51").ok());
  ASSERT_TRUE(Award(h(), first.id(), &again, "award-51").ok());
  EXPECT_EQ(again.nomination().version(), awarded.nomination().version());
  EXPECT_EQ(again.programme().awarded_count(), 1);
  EXPECT_EQ(GetProgramme(h(), programme.id()).awarded_count(), 1);
  EXPECT_EQ(NominationEvents(h(), iv::NOMINATION_STATUS_AWARDED).size(), 1u);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kHonoursAwarded), 1);
  // A request id names one request.
  iv::Nomination other;
  EXPECT_REFUSED(Nominate(h(), programme.id(), 52, EmployerA(), kInstitutionAToken, &other, "nom-51"),
                 FAILED_PRECONDITION, "REQUEST_ID_REUSED");
}

// ---------------------------------------------------------------- scope and masking

TEST_F(HonourServiceTest, NominatorsAndDecidersStayInTheirScope) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 5);
  // An institution nominates its own employees only; a district officer those employed in its district.
  EXPECT_REFUSED(Nominate(h(), programme.id(), 61, EmployerB(), kInstitutionAToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  // Its own credit code is its own wherever the employer is attributed.
  ASSERT_TRUE(Nominate(h(), programme.id(), 61, Employer(1, kDistrictB), kInstitutionAToken).ok());
  EXPECT_REFUSED(Nominate(h(), programme.id(), 62, EmployerB(), kDistrictAToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_EQ(h().CountKeys("incentive:nomination:*"), 1);  // institution A's own employer, filed in district B
  iv::Nomination a;
  ASSERT_TRUE(Nominate(h(), programme.id(), 63, EmployerA(), kInstitutionAToken, &a).ok());
  iv::Nomination b;
  ASSERT_TRUE(Nominate(h(), programme.id(), 64, EmployerB(), kDistrictBToken, &b).ok());
  // Deciding is the bureau's, in the employer's district.
  EXPECT_REFUSED(Review(h(), a.id(), kDistrictBToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_EQ(Review(h(), a.id(), kInstitutionAToken).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_REFUSED(Reject(h(), b.id(), kDistrictAToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(Withdraw(h(), a.id(), kInstitutionBToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(Withdraw(h(), a.id(), kDistrictBToken), PERMISSION_DENIED, "OUT_OF_SCOPE");
  ASSERT_TRUE(Review(h(), b.id(), kDistrictBToken).ok());
  // Reading: the employer and its district in full; others in scope masked or refused.
  iv::GetNominationRequest get;
  get.set_id(a.id());
  iv::GetNominationResponse got;
  EXPECT_REFUSED(h().stub().GetNomination(IncentiveHarness::Context(kInstitutionBToken).get(), get, &got),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(h().stub().GetNomination(IncentiveHarness::Context(kDistrictBToken).get(), get, &got),
                 PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_EQ(GetNomination(h(), a.id(), kInstitutionAToken).person().id_number(), PersonId(63));
  EXPECT_EQ(GetNomination(h(), a.id(), kDistrictAToken).person().id_number(), PersonId(63));
  EXPECT_EQ(GetNomination(h(), a.id(), kVerifierToken).person().id_number(), PersonId(63));
  const std::string masked = GetNomination(h(), a.id(), kViewerToken).person().id_number();
  EXPECT_NE(masked, PersonId(63));
  EXPECT_EQ(masked.substr(0, 6), PersonId(63).substr(0, 6));
  EXPECT_EQ(masked.substr(14), PersonId(63).substr(14));

  const auto list = [&](const std::string& token, iv::ListNominationsRequest request,
                        std::vector<std::string>* ids) -> grpc::Status {
    iv::ListNominationsResponse response;
    grpc::Status status = h().stub().ListNominations(IncentiveHarness::Context(token).get(), request, &response);
    ids->clear();
    for (const iv::Nomination& n : response.nominations()) {
      ids->push_back(n.id() + ":" + n.person().id_number());
    }
    return status;
  };
  std::vector<std::string> ids;
  iv::ListNominationsRequest all;
  ASSERT_TRUE(list(kInstitutionAToken, all, &ids).ok());
  EXPECT_EQ(ids.size(), 2u);  // its employee and the one of its own filed in district B
  ASSERT_TRUE(list(kDistrictBToken, all, &ids).ok());
  EXPECT_EQ(ids.size(), 2u);  // both employed in district B
  ASSERT_TRUE(list(kAdminToken, all, &ids).ok());
  EXPECT_EQ(ids.size(), 3u);
  ASSERT_TRUE(list(kViewerToken, all, &ids).ok());
  ASSERT_EQ(ids.size(), 3u);
  for (const std::string& row : ids) {
    EXPECT_NE(row.find("********"), std::string::npos) << row;
  }
  iv::ListNominationsRequest others = all;
  others.set_employer_credit_code(CreditCode(2));
  EXPECT_REFUSED(list(kInstitutionAToken, others, &ids), PERMISSION_DENIED, "OUT_OF_SCOPE");
  iv::ListNominationsRequest district = all;
  district.set_district_code(kDistrictA);
  EXPECT_REFUSED(list(kDistrictBToken, district, &ids), PERMISSION_DENIED, "OUT_OF_SCOPE");
  iv::ListNominationsRequest person = all;
  person.set_id_number(PersonId(63));
  EXPECT_REFUSED(list(kViewerToken, person, &ids), PERMISSION_DENIED, "OUT_OF_SCOPE");
  ASSERT_TRUE(list(kVerifierToken, person, &ids).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{a.id() + ":" + PersonId(63)}));
  iv::ListNominationsRequest under_review = all;
  under_review.set_status(iv::NOMINATION_STATUS_UNDER_REVIEW);
  ASSERT_TRUE(list(kAdminToken, under_review, &ids).ok());
  EXPECT_EQ(ids, (std::vector<std::string>{b.id() + ":" + PersonId(64)}));
}

// ---------------------------------------------------------------- levels

TEST_F(HonourServiceTest, TheRequiredLevelIsCheckedAgainstRealCertificates) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 5, kTechnician);
  IssueCertificate(h(), 71, kSenior);                               // 三级 only
  const std::string held = IssueCertificate(h(), 72, kTechnician);  // 二级 (and 三级 below it)
  IssueCertificate(h(), 72, kSenior);
  const std::string revoked = IssueCertificate(h(), 73, kTechnician);
  RevokeCertificate(h(), revoked);

  grpc::Status status = Nominate(h(), programme.id(), 71, EmployerA());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(ReasonOf(status), "NOT_ELIGIBLE") << status.error_message();
  EXPECT_NE(status.error_message().find("二级/技师"), std::string::npos) << status.error_message();
  EXPECT_NE(status.error_message().find("三级/高级工"), std::string::npos) << status.error_message();
  EXPECT_EQ(status.error_message().find(PersonId(71)), std::string::npos) << status.error_message();
  // A revoked certificate does not count; a person without any is not eligible either.
  EXPECT_REFUSED(Nominate(h(), programme.id(), 73, EmployerA()), FAILED_PRECONDITION, "NOT_ELIGIBLE");
  EXPECT_REFUSED(Nominate(h(), programme.id(), 74, EmployerA()), FAILED_PRECONDITION, "NOT_ELIGIBLE");
  EXPECT_EQ(h().CountKeys("incentive:nomination*"), 0);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kNominations), 0);

  iv::Nomination nominated;
  ASSERT_TRUE(Nominate(h(), programme.id(), 72, EmployerA(), kAdminToken, &nominated).ok());
  EXPECT_EQ(nominated.verified_level(), kTechnician);
  EXPECT_EQ(nominated.verified_certificate_number(), held);
  // The award checks again: once the certificate is revoked, the person no longer qualifies.
  ASSERT_TRUE(Review(h(), nominated.id()).ok());
  const std::string later = IssueCertificate(h(), 75, kTechnician);
  iv::Nomination fifth;
  ASSERT_TRUE(Nominate(h(), programme.id(), 75, EmployerA(), kAdminToken, &fifth).ok());
  ASSERT_TRUE(Review(h(), fifth.id()).ok());
  RevokeCertificate(h(), later);
  EXPECT_REFUSED(Award(h(), fifth.id()), FAILED_PRECONDITION, "NOT_ELIGIBLE");
  EXPECT_EQ(GetNomination(h(), fifth.id()).status(), iv::NOMINATION_STATUS_UNDER_REVIEW);
  iv::AwardNominationResponse awarded;
  ASSERT_TRUE(Award(h(), nominated.id(), &awarded).ok());
  EXPECT_EQ(awarded.nomination().verified_level(), kTechnician);
  EXPECT_EQ(awarded.programme().awarded_count(), 1);
}

// ---------------------------------------------------------------- the quota under parallel awards

TEST_F(HonourServiceTest, ParallelAwardsNeverExceedTheQuota) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 5);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(Award(h(), UnderReview(h(), programme.id(), 100 + i, EmployerA())).ok());
  }
  ASSERT_EQ(GetProgramme(h(), programme.id()).awarded_count(), 2);
  std::vector<std::string> waiting;
  for (int i = 0; i < 20; ++i) {
    waiting.push_back(UnderReview(h(), programme.id(), 200 + i, EmployerA()));
  }
  const size_t awarded_before = NominationEvents(h(), iv::NOMINATION_STATUS_AWARDED).size();
  ASSERT_EQ(awarded_before, 2u);

  std::vector<grpc::Status> statuses(waiting.size());
  std::vector<iv::AwardNominationResponse> responses(waiting.size());
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (size_t i = 0; i < waiting.size(); ++i) {
    threads.emplace_back([&, i] {
      while (!go.load()) {
        std::this_thread::yield();
      }
      statuses[i] = Award(h(), waiting[i], &responses[i]);
    });
  }
  go = true;
  for (std::thread& thread : threads) {
    thread.join();
  }
  int won = 0;
  int exhausted = 0;
  std::multiset<int> counts;
  for (size_t i = 0; i < statuses.size(); ++i) {
    if (statuses[i].ok()) {
      ++won;
      counts.insert(responses[i].programme().awarded_count());
    } else if (statuses[i].error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
               ReasonOf(statuses[i]) == "QUOTA_EXHAUSTED") {
      ++exhausted;
    } else {
      ADD_FAILURE() << "unexpected answer: " << statuses[i].error_code() << " " << statuses[i].error_message();
    }
  }
  EXPECT_EQ(won, 3);
  EXPECT_EQ(exhausted, 17);
  EXPECT_EQ(counts, (std::multiset<int>{3, 4, 5}));  // each award saw its own count
  EXPECT_EQ(GetProgramme(h(), programme.id()).awarded_count(), 5);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kHonoursAwarded), 5);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kLeadingTalents), 5);
  EXPECT_EQ(Stat(h(), 2026, kDistrictA, StatsMeasure::kAwardFen), 5 * 2000000);
  EXPECT_EQ(NominationEvents(h(), iv::NOMINATION_STATUS_AWARDED).size() - awarded_before, 3u);
  std::multiset<int> event_counts;
  for (const iv::HonourProgrammeChanged& e : ProgrammeEvents(h())) {
    event_counts.insert(e.awarded_count());
  }
  EXPECT_EQ(event_counts, (std::multiset<int>{0, 1, 2, 3, 4, 5}));
  // The losers are still under review; the programme takes no award more.
  iv::ListNominationsRequest list;
  list.set_programme_id(programme.id());
  list.set_status(iv::NOMINATION_STATUS_UNDER_REVIEW);
  iv::ListNominationsResponse listed;
  ASSERT_TRUE(h().stub().ListNominations(IncentiveHarness::Context(kAdminToken).get(), list, &listed).ok());
  EXPECT_EQ(listed.nominations_size(), 17);
  EXPECT_REFUSED(Award(h(), listed.nominations(0).id()), FAILED_PRECONDITION, "QUOTA_EXHAUSTED");
}

// ---------------------------------------------------------------- the directory

TEST_F(HonourServiceTest, TheLeadingTalentDirectoryListsAwardeesNewestYearFirstMaskedForViewers) {
  const iv::HonourProgramme y2025 = CreateProgramme(h(), kLeading, 5, common::v1::SKILL_LEVEL_UNSPECIFIED, 2025);
  const iv::HonourProgramme y2026 = CreateProgramme(h(), kLeading, 5);
  const iv::HonourProgramme craftsman = CreateProgramme(h(), kCraftsman, 5);
  const std::string old_a = UnderReview(h(), y2025.id(), 81, EmployerA());
  const std::string new_a = UnderReview(h(), y2026.id(), 82, EmployerA());
  const std::string new_b = UnderReview(h(), y2026.id(), 83, EmployerB());
  const std::string not_leading = UnderReview(h(), craftsman.id(), 84, EmployerA());
  UnderReview(h(), y2026.id(), 85, EmployerA());  // not awarded: not in the directory
  for (const std::string& id : {old_a, new_b, new_a, not_leading}) {
    ASSERT_TRUE(Award(h(), id).ok());
  }
  const auto list = [&](const std::string& token, iv::ListLeadingTalentsRequest request,
                        iv::ListLeadingTalentsResponse* response) {
    return h().stub().ListLeadingTalents(IncentiveHarness::Context(token).get(), request, response);
  };
  iv::ListLeadingTalentsResponse full;
  ASSERT_TRUE(list(kVerifierToken, {}, &full).ok());
  ASSERT_EQ(full.talents_size(), 3);
  EXPECT_EQ(full.talents(0).nomination_id(), new_a);  // 2026 first, by nomination id
  EXPECT_EQ(full.talents(1).nomination_id(), new_b);
  EXPECT_EQ(full.talents(2).nomination_id(), old_a);
  EXPECT_EQ(full.talents(0).person().id_number(), PersonId(82));
  EXPECT_EQ(full.talents(0).year(), 2026);
  EXPECT_EQ(full.talents(0).programme_title(), y2026.title());
  EXPECT_EQ(full.talents(0).occupation_code(), kWelder);
  EXPECT_EQ(full.talents(1).employer().district_code(), kDistrictB);
  EXPECT_TRUE(full.talents(0).has_award_time());
  // A viewer (and an institution or district officer) sees the directory with ID numbers masked.
  for (const char* token : {kViewerToken, kInstitutionAToken, kDistrictAToken}) {
    iv::ListLeadingTalentsResponse masked;
    ASSERT_TRUE(list(token, {}, &masked).ok());
    ASSERT_EQ(masked.talents_size(), 3);
    for (const iv::LeadingTalent& t : masked.talents()) {
      EXPECT_EQ(t.person().id_number().find("********"), 6u) << t.person().id_number();
    }
  }
  // Filters: year, district, occupation, a person (not for a viewer).
  iv::ListLeadingTalentsRequest by_year;
  by_year.set_year(2025);
  iv::ListLeadingTalentsResponse got;
  ASSERT_TRUE(list(kViewerToken, by_year, &got).ok());
  ASSERT_EQ(got.talents_size(), 1);
  EXPECT_EQ(got.talents(0).nomination_id(), old_a);
  iv::ListLeadingTalentsRequest by_district;
  by_district.set_district_code(kDistrictB);
  ASSERT_TRUE(list(kViewerToken, by_district, &got).ok());
  ASSERT_EQ(got.talents_size(), 1);
  EXPECT_EQ(got.talents(0).nomination_id(), new_b);
  iv::ListLeadingTalentsRequest by_occupation;
  by_occupation.set_occupation_code("6-30-99-00");
  ASSERT_TRUE(list(kViewerToken, by_occupation, &got).ok());
  EXPECT_EQ(got.talents_size(), 0);
  iv::ListLeadingTalentsRequest by_person;
  by_person.set_id_number(PersonId(81));
  EXPECT_REFUSED(list(kViewerToken, by_person, &got), PERMISSION_DENIED, "OUT_OF_SCOPE");
  EXPECT_REFUSED(list(kDistrictAToken, by_person, &got), PERMISSION_DENIED, "OUT_OF_SCOPE");
  ASSERT_TRUE(list(kServiceToken, by_person, &got).ok());
  ASSERT_EQ(got.talents_size(), 1);
  EXPECT_EQ(got.talents(0).person().id_number(), PersonId(81));
  by_person.set_id_number(PersonId(85));  // under review: not in the directory
  ASSERT_TRUE(list(kAdminToken, by_person, &got).ok());
  EXPECT_EQ(got.talents_size(), 0);
  // Pages of one walk the same order.
  std::vector<std::string> paged;
  iv::ListLeadingTalentsRequest page;
  page.set_page_size(1);
  do {
    ASSERT_TRUE(list(kAdminToken, page, &got).ok());
    for (const iv::LeadingTalent& t : got.talents()) {
      paged.push_back(t.nomination_id());
    }
    page.set_page_token(got.next_page_token());
  } while (!page.page_token().empty());
  EXPECT_EQ(paged, (std::vector<std::string>{new_a, new_b, old_a}));
  // A token is bound to its filters.
  ASSERT_TRUE(list(
                  kAdminToken,
                  [] {
                    iv::ListLeadingTalentsRequest r;
                    r.set_page_size(1);
                    return r;
                  }(),
                  &got)
                  .ok());
  iv::ListLeadingTalentsRequest rebound = by_year;
  rebound.set_page_token(got.next_page_token());
  EXPECT_EQ(list(kAdminToken, rebound, &got).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

// ---------------------------------------------------------------- evaluation unreachable

class HonourOutageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    harness_ = std::make_unique<IncentiveHarness>();
    const absl::Status started = harness_->Start();
    ASSERT_TRUE(started.ok()) << started;
    FileIssuer(*harness_);
  }
  void TearDown() override { harness_.reset(); }

  std::unique_ptr<IncentiveHarness> harness_;
};

TEST_F(HonourOutageTest, WithEvaluationStoppedANominationNeedingALevelIsUnavailableAndNothingIsStored) {
  IncentiveHarness& h = *harness_;
  const iv::HonourProgramme levelled = CreateProgramme(h, kLeading, 5, kTechnician);
  const iv::HonourProgramme open = CreateProgramme(h, kCraftsman, 5);
  IssueCertificate(h, 91, kTechnician);
  const std::string waiting = UnderReview(h, levelled.id(), 91, Employer(1, kDistrictA));
  h.evaluation().Stop();
  const long long keys_before = h.CountKeys("incentive:*") - 1;  // the audit stream grows with refusals
  const size_t events_before = h.Events().size();
  const grpc::Status status = Nominate(h, levelled.id(), 92, Employer(1, kDistrictA));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(ReasonOf(status), "EVALUATION_UNAVAILABLE") << status.error_message();
  EXPECT_REFUSED(Award(h, waiting), UNAVAILABLE, "EVALUATION_UNAVAILABLE");
  EXPECT_EQ(h.CountKeys("incentive:*") - 1, keys_before);
  EXPECT_EQ(h.Events().size(), events_before);
  EXPECT_EQ(h.CountKeys("incentive:nomination:*"), 1);
  EXPECT_EQ(GetNomination(h, waiting).status(), iv::NOMINATION_STATUS_UNDER_REVIEW);
  EXPECT_EQ(GetProgramme(h, levelled.id()).awarded_count(), 0);
  // A programme without a required level does not need evaluation.
  EXPECT_TRUE(Nominate(h, open.id(), 92, Employer(1, kDistrictA)).ok());
}

// ---------------------------------------------------------------- bad input

class HonourBadInputTest : public HonourServiceTest {
 protected:
  StoreSize Size() { return MeasureStore(h(), incentive::keys::kAudit, incentive::keys::kEvents); }

  void ExpectAlive() {
    iv::ListHonourProgrammesRequest list;
    iv::ListHonourProgrammesResponse listed;
    const grpc::Status status =
        h().stub().ListHonourProgrammes(IncentiveHarness::Context(kAdminToken).get(), list, &listed);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  template <typename Request, typename Response>
  using Method = grpc::Status (iv::IncentiveService::Stub::*)(grpc::ClientContext*, const Request&, Response*);

  template <typename Request, typename Response>
  void Run(Method<Request, Response> method, const Request& valid, const Cases<Request>& cases) {
    ASSERT_FALSE(cases.empty());
    RunBadCases<Response>(
        valid, cases,
        [&](const Request& request, Response* response) {
          return (h().stub().*method)(IncentiveHarness::Context(kAdminToken).get(), request, response);
        },
        [this] { return Size(); }, [this] { ExpectAlive(); });
  }
};

template <typename R>
void AddRecordIdCases(Cases<R>& cases, const std::string& field, StringSetter<R> set, bool required = true) {
  auto add = [&](const std::string& what, const std::string& value) {
    cases.push_back({field + ": " + what, [set, value](R& r) { set(r, value); }, field});
  };
  if (required) {
    add("empty", "");
  }
  add("65 characters", Repeat("N", 65));
  add("space", "NM 0000000001");
  add("slash", "NM0000000001/..");
  add("colon", "incentive:nomination:NM0000000001");
  add("U+202E",
      "NM00\xe2\x80\xae"
      "0001");
}

template <typename R>
void AddReasonCases(Cases<R>& cases, StringSetter<R> set) {
  AddTextCases<R>(cases, "reason", set, /*required=*/true, incentive::kMaxReasonChars);
}

TEST_F(HonourBadInputTest, ProgrammeRequests) {
  using C = iv::CreateHonourProgrammeRequest;
  C create = ProgrammeRequest(kLeading, 5, kTechnician);
  create.set_request_id("bad-create");
  Cases<C> cases;
  AddRequestIdCases<C>(cases, [](C& r, const std::string& v) { r.set_request_id(v); });
  AddTextCases<C>(
      cases, "programme.title", [](C& r, const std::string& v) { r.mutable_programme()->set_title(v); },
      /*required=*/true, incentive::kMaxProgrammeTitleChars);
  AddEnumCases<C>(
      cases, "programme.kind", [](C& r, int v) { r.mutable_programme()->set_kind(iv::HonourKind(v)); },
      /*required=*/true);
  AddEnumCases<C>(
      cases, "programme.required_level",
      [](C& r, int v) { r.mutable_programme()->set_required_level(common::v1::SkillLevel(v)); }, /*required=*/false);
  for (const int year : {0, 1999, 2101, -2026}) {
    cases.push_back({"programme.year: " + std::to_string(year), [year](C& r) { r.mutable_programme()->set_year(year); },
                     "programme.year"});
  }
  for (const int quota : {0, -1, 10001, INT_MAX}) {
    cases.push_back({"programme.quota: " + std::to_string(quota),
                     [quota](C& r) { r.mutable_programme()->set_quota(quota); }, "programme.quota"});
  }
  for (const int64_t fen : {int64_t{-1}, int64_t{100000001}, int64_t{INT64_MAX}}) {
    cases.push_back({"programme.award_fen: " + std::to_string(fen),
                     [fen](C& r) { r.mutable_programme()->set_award_fen(fen); }, "programme.award_fen"});
  }
  Run(&iv::IncentiveService::Stub::CreateHonourProgramme, create, cases);

  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 5);
  using G = iv::GetHonourProgrammeRequest;
  G get;
  get.set_id(programme.id());
  Cases<G> get_cases;
  AddRecordIdCases<G>(get_cases, "id", [](G& r, const std::string& v) { r.set_id(v); });
  Run(&iv::IncentiveService::Stub::GetHonourProgramme, get, get_cases);

  using L = iv::ListHonourProgrammesRequest;
  Cases<L> list_cases;
  AddEnumCases<L>(
      list_cases, "kind", [](L& r, int v) { r.set_kind(iv::HonourKind(v)); }, false);
  AddEnumCases<L>(
      list_cases, "status", [](L& r, int v) { r.set_status(iv::ProgrammeStatus(v)); }, false);
  for (const int year : {1, 1949, 2101, -1}) {
    list_cases.push_back({"year: " + std::to_string(year), [year](L& r) { r.set_year(year); }, "year"});
  }
  AddPageCases<L>(
      list_cases, [](L& r, int v) { r.set_page_size(v); }, [](L& r, const std::string& v) { r.set_page_token(v); });
  Run(&iv::IncentiveService::Stub::ListHonourProgrammes, L(), list_cases);

  using X = iv::CloseHonourProgrammeRequest;
  X close;
  close.set_id(programme.id());
  Cases<X> close_cases;
  AddRequestIdCases<X>(close_cases, [](X& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<X>(close_cases, "id", [](X& r, const std::string& v) { r.set_id(v); });
  Run(&iv::IncentiveService::Stub::CloseHonourProgramme, close, close_cases);
  EXPECT_EQ(GetProgramme(h(), programme.id()).status(), iv::PROGRAMME_STATUS_OPEN);
}

TEST_F(HonourBadInputTest, NominationRequests) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 5);
  using N = iv::NominateForHonourRequest;
  N nominate = NominationRequest(programme.id(), 301, EmployerA());
  nominate.set_request_id("bad-nominate");
  Cases<N> cases;
  AddRequestIdCases<N>(cases, [](N& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<N>(cases, "nomination.programme_id",
                      [](N& r, const std::string& v) { r.mutable_nomination()->set_programme_id(v); });
  AddIdNumberCases<N>(cases, "nomination.person.id_number",
                      [](N& r, const std::string& v) { r.mutable_nomination()->mutable_person()->set_id_number(v); });
  AddTextCases<N>(
      cases, "nomination.person.name",
      [](N& r, const std::string& v) { r.mutable_nomination()->mutable_person()->set_name(v); }, true,
      kMaxPersonNameChars);
  AddCreditCodeCases<N>(
      cases, "nomination.employer.credit_code",
      [](N& r, const std::string& v) { r.mutable_nomination()->mutable_employer()->set_credit_code(v); },
      /*alone=*/false);
  AddTextCases<N>(
      cases, "nomination.employer.name",
      [](N& r, const std::string& v) { r.mutable_nomination()->mutable_employer()->set_name(v); }, true,
      kMaxOrgNameChars);
  AddDistrictCases<N>(
      cases, "nomination.employer.district_code",
      [](N& r, const std::string& v) { r.mutable_nomination()->mutable_employer()->set_district_code(v); },
      /*required=*/true);
  AddOccupationCases<N>(
      cases, "nomination.occupation_code",
      [](N& r, const std::string& v) { r.mutable_nomination()->set_occupation_code(v); }, /*required=*/false);
  AddTextCases<N>(
      cases, "nomination.citation", [](N& r, const std::string& v) { r.mutable_nomination()->set_citation(v); },
      /*required=*/false, incentive::kMaxCitationChars);
  Run(&iv::IncentiveService::Stub::NominateForHonour, nominate, cases);
  EXPECT_EQ(h().CountKeys("incentive:nomination*"), 0);

  const std::string id = UnderReview(h(), programme.id(), 302, EmployerA());
  using G = iv::GetNominationRequest;
  G get;
  get.set_id(id);
  Cases<G> get_cases;
  AddRecordIdCases<G>(get_cases, "id", [](G& r, const std::string& v) { r.set_id(v); });
  Run(&iv::IncentiveService::Stub::GetNomination, get, get_cases);

  using L = iv::ListNominationsRequest;
  Cases<L> list_cases;
  AddRecordIdCases<L>(
      list_cases, "programme_id", [](L& r, const std::string& v) { r.set_programme_id(v); }, /*required=*/false);
  AddEnumCases<L>(
      list_cases, "status", [](L& r, int v) { r.set_status(iv::NominationStatus(v)); }, false);
  AddDistrictCases<L>(
      list_cases, "district_code", [](L& r, const std::string& v) { r.set_district_code(v); }, false);
  AddIdNumberCases<L>(
      list_cases, "id_number", [](L& r, const std::string& v) { r.set_id_number(v); }, /*required=*/false);
  AddCreditCodeCases<L>(
      list_cases, "employer_credit_code", [](L& r, const std::string& v) { r.set_employer_credit_code(v); },
      /*alone=*/true, /*required=*/false);
  for (const int year : {1, 2101, -5}) {
    list_cases.push_back({"year: " + std::to_string(year), [year](L& r) { r.set_year(year); }, "year"});
  }
  AddPageCases<L>(
      list_cases, [](L& r, int v) { r.set_page_size(v); }, [](L& r, const std::string& v) { r.set_page_token(v); });
  Run(&iv::IncentiveService::Stub::ListNominations, L(), list_cases);

  using S = iv::StartNominationReviewRequest;
  S review;
  review.set_id(id);
  Cases<S> review_cases;
  AddRequestIdCases<S>(review_cases, [](S& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<S>(review_cases, "id", [](S& r, const std::string& v) { r.set_id(v); });
  review_cases.push_back({"expected_version: -1", [](S& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&iv::IncentiveService::Stub::StartNominationReview, review, review_cases);

  using A = iv::AwardNominationRequest;
  A award;
  award.set_id(id);
  Cases<A> award_cases;
  AddRequestIdCases<A>(award_cases, [](A& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<A>(award_cases, "id", [](A& r, const std::string& v) { r.set_id(v); });
  award_cases.push_back({"expected_version: -3", [](A& r) { r.set_expected_version(-3); }, "expected_version"});
  Run(&iv::IncentiveService::Stub::AwardNomination, award, award_cases);

  using R = iv::RejectNominationRequest;
  R reject;
  reject.set_id(id);
  reject.set_reason("材料不全");
  Cases<R> reject_cases;
  AddRequestIdCases<R>(reject_cases, [](R& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<R>(reject_cases, "id", [](R& r, const std::string& v) { r.set_id(v); });
  AddReasonCases<R>(reject_cases, [](R& r, const std::string& v) { r.set_reason(v); });
  reject_cases.push_back({"expected_version: -1", [](R& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&iv::IncentiveService::Stub::RejectNomination, reject, reject_cases);

  using W = iv::WithdrawNominationRequest;
  W withdraw;
  withdraw.set_id(id);
  withdraw.set_reason("单位撤回");
  Cases<W> withdraw_cases;
  AddRequestIdCases<W>(withdraw_cases, [](W& r, const std::string& v) { r.set_request_id(v); });
  AddRecordIdCases<W>(withdraw_cases, "id", [](W& r, const std::string& v) { r.set_id(v); });
  AddReasonCases<W>(withdraw_cases, [](W& r, const std::string& v) { r.set_reason(v); });
  withdraw_cases.push_back({"expected_version: -1", [](W& r) { r.set_expected_version(-1); }, "expected_version"});
  Run(&iv::IncentiveService::Stub::WithdrawNomination, withdraw, withdraw_cases);
  EXPECT_EQ(GetNomination(h(), id).status(), iv::NOMINATION_STATUS_UNDER_REVIEW);

  using D = iv::ListLeadingTalentsRequest;
  Cases<D> directory_cases;
  for (const int year : {1, 2101, -2026}) {
    directory_cases.push_back({"year: " + std::to_string(year), [year](D& r) { r.set_year(year); }, "year"});
  }
  AddDistrictCases<D>(
      directory_cases, "district_code", [](D& r, const std::string& v) { r.set_district_code(v); }, false);
  AddOccupationCases<D>(
      directory_cases, "occupation_code", [](D& r, const std::string& v) { r.set_occupation_code(v); }, false);
  AddIdNumberCases<D>(
      directory_cases, "id_number", [](D& r, const std::string& v) { r.set_id_number(v); }, /*required=*/false);
  AddPageCases<D>(
      directory_cases, [](D& r, int v) { r.set_page_size(v); },
      [](D& r, const std::string& v) { r.set_page_token(v); });
  Run(&iv::IncentiveService::Stub::ListLeadingTalents, D(), directory_cases);
}

TEST_F(HonourBadInputTest, OutputOnlyFieldsAreIgnoredAndInvalidUtf8NeverArrives) {
  const iv::HonourProgramme programme = CreateProgramme(h(), kLeading, 5);
  // What the server owns is cleared from the request: the nomination starts NOMINATED, unawarded.
  iv::NominateForHonourRequest forged = NominationRequest(programme.id(), 401, EmployerA());
  iv::Nomination* n = forged.mutable_nomination();
  n->set_id("NM9999999999");
  n->set_status(iv::NOMINATION_STATUS_AWARDED);
  n->set_verified_level(common::v1::SKILL_LEVEL_CHIEF_TECHNICIAN);
  n->set_verified_certificate_number("FORGED-NUMBER");
  n->set_award_fen(99999999);
  n->set_year(1999);
  n->set_nominated_by("someone-else");
  n->set_version(42);
  iv::NominateForHonourResponse response;
  ASSERT_TRUE(h().stub().NominateForHonour(IncentiveHarness::Context(kAdminToken).get(), forged, &response).ok());
  const iv::Nomination stored = GetNomination(h(), response.nomination().id());
  EXPECT_EQ(stored.id(), "NM0000000001");
  EXPECT_EQ(stored.status(), iv::NOMINATION_STATUS_NOMINATED);
  EXPECT_EQ(stored.verified_level(), common::v1::SKILL_LEVEL_UNSPECIFIED);
  EXPECT_TRUE(stored.verified_certificate_number().empty());
  EXPECT_EQ(stored.award_fen(), 0);
  EXPECT_EQ(stored.year(), 2026);
  EXPECT_EQ(stored.nominated_by(), "admin");
  EXPECT_EQ(stored.version(), 1);
  EXPECT_EQ(KeyHolding(h().redis_client(), "FORGED-NUMBER"), "");
  // A citation or title that is not UTF-8 does not parse: refused before the service sees it.
  const std::string nominate = "/skillbridge.incentive.v1.IncentiveService/NominateForHonour";
  const std::string create = "/skillbridge.incentive.v1.IncentiveService/CreateHonourProgramme";
  const std::string valid_nomination = NominationRequest(programme.id(), 402, EmployerA()).SerializeAsString();
  const std::string valid_programme = ProgrammeRequest(kLeading, 5, kTechnician).SerializeAsString();
  for (const auto& [what, bytes] : InvalidUtf8()) {
    SCOPED_TRACE(what);
    const StoreSize before = Size();
    grpc::Status status = RawUnaryCall(h().channel(), nominate,
                                       valid_nomination + LengthDelimited(2, LengthDelimited(6, bytes)), kAdminToken);
    EXPECT_NE(status.error_code(), grpc::StatusCode::OK);
    status = RawUnaryCall(h().channel(), create, valid_programme + LengthDelimited(2, LengthDelimited(4, bytes)),
                          kAdminToken);
    EXPECT_NE(status.error_code(), grpc::StatusCode::OK);
    EXPECT_EQ(Size(), before);
    ExpectAlive();
  }
}

}  // namespace
}  // namespace skillbridge::testing
