// The training subsidy rules as pure functions: every rule, boundary dates, leap years, year
// boundaries (UTC+8), and the workflow transitions.

#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/training/domain/events.h"
#include "services/training/domain/subsidy_rules.h"

namespace skillbridge::training {
namespace {

using Level = common::v1::SkillLevel;
constexpr Level kJunior = common::v1::SKILL_LEVEL_5_JUNIOR;
constexpr Level kIntermediate = common::v1::SKILL_LEVEL_4_INTERMEDIATE;
constexpr Level kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr Level kTechnician = common::v1::SKILL_LEVEL_2_TECHNICIAN;

ClaimSnapshot Eligible() {
  ClaimSnapshot s;
  s.enrollment_state = v1::ENROLLMENT_STATE_COMPLETED;
  s.occupation_code = "6-18-02-04";
  s.level = kSenior;
  s.catalogue_subsidy_fen = 150000;
  s.certificate.result = CertificateFacts::Result::kValid;
  s.certificate.occupation_code = "6-18-02-04";
  s.certificate.level = kSenior;
  s.certificate.issue_date = absl::CivilDay(2026, 5, 20);
  s.claim_date = absl::CivilDay(2026, 6, 15);
  return s;
}

std::string Reason(const absl::Status& status) { return ReasonOf(status); }

TEST(ClaimDeadlineTest, SameDayTwelveMonthsLater) {
  EXPECT_EQ(ClaimDeadline(absl::CivilDay(2025, 6, 15)), absl::CivilDay(2026, 6, 15));
  EXPECT_EQ(ClaimDeadline(absl::CivilDay(2025, 1, 31)), absl::CivilDay(2026, 1, 31));
  EXPECT_EQ(ClaimDeadline(absl::CivilDay(2025, 12, 31)), absl::CivilDay(2026, 12, 31));
}

TEST(ClaimDeadlineTest, LeapDayEndsOnTheLastDayOfFebruary) {
  EXPECT_EQ(ClaimDeadline(absl::CivilDay(2024, 2, 29)), absl::CivilDay(2025, 2, 28));
  EXPECT_EQ(ClaimDeadline(absl::CivilDay(2023, 2, 28)), absl::CivilDay(2024, 2, 28));
  EXPECT_EQ(ClaimDeadline(absl::CivilDay(2023, 3, 1)), absl::CivilDay(2024, 3, 1));
  EXPECT_EQ(ClaimDeadline(absl::CivilDay(2027, 2, 28)), absl::CivilDay(2028, 2, 28));
}

TEST(SubsidyRulesTest, EligibleClaimGetsTheCatalogueStandard) {
  auto amount = CheckClaimEligibility(Eligible());
  ASSERT_TRUE(amount.ok()) << amount.status();
  EXPECT_EQ(*amount, 150000);
}

TEST(SubsidyRulesTest, EnrollmentMustBeCompleted) {
  for (auto state : {v1::ENROLLMENT_STATE_ENROLLED, v1::ENROLLMENT_STATE_DROPPED}) {
    ClaimSnapshot s = Eligible();
    s.enrollment_state = state;
    auto amount = CheckClaimEligibility(s);
    EXPECT_EQ(amount.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(Reason(amount.status()), "ENROLLMENT_NOT_COMPLETED");
  }
}

TEST(SubsidyRulesTest, NotInCatalogue) {
  ClaimSnapshot s = Eligible();
  s.catalogue_subsidy_fen.reset();
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "NOT_IN_CATALOGUE");
}

TEST(SubsidyRulesTest, CertificateRevokedOrUnknownIsNotValid) {
  for (auto result : {CertificateFacts::Result::kRevoked, CertificateFacts::Result::kNotFound}) {
    ClaimSnapshot s = Eligible();
    s.certificate.result = result;
    EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "CERTIFICATE_NOT_VALID");
  }
}

TEST(SubsidyRulesTest, CertificateOfAnotherOccupationOrLevelIsAMismatch) {
  ClaimSnapshot s = Eligible();
  s.certificate.occupation_code = "6-30-99-00";
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "CERTIFICATE_MISMATCH");
  s = Eligible();
  s.certificate.level = kTechnician;
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "CERTIFICATE_MISMATCH");
}

TEST(SubsidyRulesTest, ClaimWindowBoundaries) {
  ClaimSnapshot s = Eligible();
  s.certificate.issue_date = absl::CivilDay(2025, 6, 15);
  s.claim_date = absl::CivilDay(2026, 6, 15);  // the last day
  EXPECT_TRUE(CheckClaimEligibility(s).ok());
  s.claim_date = absl::CivilDay(2026, 6, 16);
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "CLAIM_WINDOW_EXPIRED");
  s.certificate.issue_date = s.claim_date;  // issued today
  EXPECT_TRUE(CheckClaimEligibility(s).ok());
}

TEST(SubsidyRulesTest, ClaimWindowAfterLeapDay) {
  ClaimSnapshot s = Eligible();
  s.certificate.issue_date = absl::CivilDay(2024, 2, 29);
  s.claim_date = absl::CivilDay(2025, 2, 28);
  EXPECT_TRUE(CheckClaimEligibility(s).ok());
  s.claim_date = absl::CivilDay(2025, 3, 1);
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "CLAIM_WINDOW_EXPIRED");
}

TEST(SubsidyRulesTest, CertificateFromTheFutureIsRefused) {
  ClaimSnapshot s = Eligible();
  s.certificate.issue_date = absl::CivilDay(2026, 6, 16);
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "CERTIFICATE_DATE_INVALID");
}

TEST(SubsidyRulesTest, AtMostThreePerCalendarYear) {
  ClaimSnapshot s = Eligible();
  s.person.claims_in_year = 2;
  EXPECT_TRUE(CheckClaimEligibility(s).ok());
  s.person.claims_in_year = 3;
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "SUBSIDY_YEARLY_LIMIT_REACHED");
}

TEST(SubsidyRulesTest, SameOccupationAndLevelOnlyOnceEver) {
  ClaimSnapshot s = Eligible();
  s.person.granted.insert({"6-18-02-04", static_cast<int>(kSenior)});
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL");
  // The same level of another occupation is fine.
  s.person.granted = {{"6-30-99-00", static_cast<int>(kSenior)}};
  EXPECT_TRUE(CheckClaimEligibility(s).ok());
}

TEST(SubsidyRulesTest, NoLowerLevelAfterAHigherOne) {
  ClaimSnapshot s = Eligible();
  s.person.granted.insert({"6-18-02-04", static_cast<int>(kTechnician)});
  EXPECT_EQ(Reason(CheckClaimEligibility(s).status()), "HIGHER_LEVEL_ALREADY_SUBSIDISED");
  // A higher level after lower ones is the normal career path.
  s.person.granted = {{"6-18-02-04", static_cast<int>(kJunior)}, {"6-18-02-04", static_cast<int>(kIntermediate)}};
  EXPECT_TRUE(CheckClaimEligibility(s).ok());
}

TEST(SubsidyRulesTest, YearBoundaryUsesTheBureauTimeZone) {
  // 2025-12-31 16:30 UTC is already 2026-01-01 00:30 in Qingdao.
  const absl::Time t = absl::FromCivil(absl::CivilSecond(2025, 12, 31, 16, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(BureauDay(t), absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(ClaimYear(BureauDay(t)), 2026);
  const absl::Time before = absl::FromCivil(absl::CivilSecond(2025, 12, 31, 15, 59, 59), absl::UTCTimeZone());
  EXPECT_EQ(ClaimYear(BureauDay(before)), 2025);
}

TEST(SubsidyRulesTest, ClaimTransitions) {
  EXPECT_TRUE(CheckClaimTransition(v1::CLAIM_STATE_SUBMITTED, v1::CLAIM_STATE_APPROVED).ok());
  EXPECT_TRUE(CheckClaimTransition(v1::CLAIM_STATE_SUBMITTED, v1::CLAIM_STATE_REJECTED).ok());
  EXPECT_TRUE(CheckClaimTransition(v1::CLAIM_STATE_APPROVED, v1::CLAIM_STATE_PAID).ok());
  EXPECT_EQ(Reason(CheckClaimTransition(v1::CLAIM_STATE_SUBMITTED, v1::CLAIM_STATE_PAID)), "INVALID_CLAIM_TRANSITION");
  EXPECT_EQ(Reason(CheckClaimTransition(v1::CLAIM_STATE_REJECTED, v1::CLAIM_STATE_APPROVED)),
            "INVALID_CLAIM_TRANSITION");
  EXPECT_EQ(Reason(CheckClaimTransition(v1::CLAIM_STATE_PAID, v1::CLAIM_STATE_PAID)), "INVALID_CLAIM_TRANSITION");
  EXPECT_EQ(Reason(CheckClaimTransition(v1::CLAIM_STATE_APPROVED, v1::CLAIM_STATE_REJECTED)),
            "INVALID_CLAIM_TRANSITION");
}

TEST(SubsidyRulesTest, EnrollmentTransitions) {
  EXPECT_TRUE(CheckEnrollmentTransition(v1::ENROLLMENT_STATE_ENROLLED, v1::ENROLLMENT_STATE_COMPLETED).ok());
  EXPECT_TRUE(CheckEnrollmentTransition(v1::ENROLLMENT_STATE_ENROLLED, v1::ENROLLMENT_STATE_DROPPED).ok());
  EXPECT_EQ(Reason(CheckEnrollmentTransition(v1::ENROLLMENT_STATE_COMPLETED, v1::ENROLLMENT_STATE_DROPPED)),
            "INVALID_ENROLLMENT_TRANSITION");
  EXPECT_EQ(Reason(CheckEnrollmentTransition(v1::ENROLLMENT_STATE_DROPPED, v1::ENROLLMENT_STATE_COMPLETED)),
            "INVALID_ENROLLMENT_TRANSITION");
}

TEST(TrainingEventsTest, EnrollmentCompletedCarriesWhatTheAggregatorNeeds) {
  v1::Enrollment e;
  e.set_id("E1");
  e.set_course_id("C1");
  e.mutable_person()->set_id_number("34052419800101001X");
  e.set_institution_credit_code("X");
  e.set_district_code("370202");
  e.set_programme(v1::PROGRAMME_GOLDEN_BLUE_COLLAR);
  e.set_occupation_code("6-18-02-04");
  e.set_level(kSenior);
  e.set_industry_chain_code("IC06");
  e.mutable_completed_date()->set_year(2026);
  e.set_hours(40);
  const v1::TrainingEvent event = EnrollmentCompletedEvent(e, true, absl::UnixEpoch());
  ASSERT_TRUE(event.has_enrollment_completed());
  const auto& c = event.enrollment_completed();
  EXPECT_EQ(c.id_number(), "34052419800101001X");
  EXPECT_TRUE(c.subsidised());
  EXPECT_EQ(c.programme(), v1::PROGRAMME_GOLDEN_BLUE_COLLAR);
  EXPECT_EQ(c.industry_chain_code(), "IC06");
  EXPECT_EQ(c.hours(), 40);
  EXPECT_EQ(c.completed_date().year(), 2026);
}

}  // namespace
}  // namespace skillbridge::training
