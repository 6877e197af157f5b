// The training subsidy rules as production runs them (DecideClaim): every rule, which one wins
// when several fail, when evaluation is asked, boundary dates, leap years, year boundaries
// (UTC+8), and the workflow transitions; the course cancellation rules; the format of
// institution contact details and that replacing them touches nothing else; UpdateInstitution's
// field mask.

#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "common/reference/bureau_calendar.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "services/training/domain/course_rules.h"
#include "services/training/domain/events.h"
#include "services/training/domain/institution_contact.h"
#include "services/training/domain/institution_update.h"
#include "services/training/domain/subsidy_rules.h"

namespace skillbridge::training {
namespace {

using Level = common::v1::SkillLevel;
constexpr Level kJunior = common::v1::SKILL_LEVEL_5_JUNIOR;
constexpr Level kIntermediate = common::v1::SKILL_LEVEL_4_INTERMEDIATE;
constexpr Level kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr Level kTechnician = common::v1::SKILL_LEVEL_2_TECHNICIAN;

// An eligible claim and the certificate evaluation would describe for it.
struct Claim {
  ClaimSnapshot snapshot;
  CertificateFacts certificate;
  // How often DecideClaim asked evaluation.
  int verified = 0;

  absl::StatusOr<ClaimDecision> Decide() {
    return DecideClaim(snapshot, [this]() -> absl::StatusOr<CertificateFacts> {
      ++verified;
      return certificate;
    });
  }
  absl::Status Status() { return Decide().status(); }
};

Claim Eligible() {
  Claim c;
  c.snapshot.enrollment_state = v1::ENROLLMENT_STATE_COMPLETED;
  c.snapshot.occupation_code = "6-18-02-04";
  c.snapshot.level = kSenior;
  c.snapshot.catalogue_subsidy_fen = 150000;
  c.snapshot.claim_date = absl::CivilDay(2026, 6, 15);
  c.certificate.result = CertificateFacts::Result::kValid;
  c.certificate.occupation_code = "6-18-02-04";
  c.certificate.level = kSenior;
  c.certificate.issue_date = absl::CivilDay(2026, 5, 20);
  return c;
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

TEST(SubsidyRulesTest, EligibleClaimGetsTheCatalogueStandardAndTheCertificate) {
  Claim c = Eligible();
  auto decision = c.Decide();
  ASSERT_TRUE(decision.ok()) << decision.status();
  EXPECT_EQ(decision->amount_fen, 150000);
  EXPECT_EQ(decision->certificate.issue_date, absl::CivilDay(2026, 5, 20));
  EXPECT_EQ(c.verified, 1);
}

TEST(SubsidyRulesTest, EnrollmentMustBeCompleted) {
  for (auto state : {v1::ENROLLMENT_STATE_ENROLLED, v1::ENROLLMENT_STATE_DROPPED}) {
    Claim c = Eligible();
    c.snapshot.enrollment_state = state;
    const absl::Status status = c.Status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(Reason(status), "ENROLLMENT_NOT_COMPLETED");
  }
}

TEST(SubsidyRulesTest, NotInCatalogue) {
  Claim c = Eligible();
  c.snapshot.catalogue_subsidy_fen.reset();
  EXPECT_EQ(Reason(c.Status()), "NOT_IN_CATALOGUE");
}

TEST(SubsidyRulesTest, CertificateRevokedOrUnknownIsNotValid) {
  for (auto result : {CertificateFacts::Result::kRevoked, CertificateFacts::Result::kNotFound}) {
    Claim c = Eligible();
    c.certificate.result = result;
    EXPECT_EQ(Reason(c.Status()), "CERTIFICATE_NOT_VALID");
  }
}

TEST(SubsidyRulesTest, CertificateOfAnotherOccupationOrLevelIsAMismatch) {
  Claim c = Eligible();
  c.certificate.occupation_code = "6-30-99-00";
  EXPECT_EQ(Reason(c.Status()), "CERTIFICATE_MISMATCH");
  c = Eligible();
  c.certificate.level = kTechnician;
  EXPECT_EQ(Reason(c.Status()), "CERTIFICATE_MISMATCH");
}

TEST(SubsidyRulesTest, ClaimWindowBoundaries) {
  Claim c = Eligible();
  c.certificate.issue_date = absl::CivilDay(2025, 6, 15);
  c.snapshot.claim_date = absl::CivilDay(2026, 6, 15);  // the last day
  EXPECT_TRUE(c.Status().ok());
  c.snapshot.claim_date = absl::CivilDay(2026, 6, 16);
  EXPECT_EQ(Reason(c.Status()), "CLAIM_WINDOW_EXPIRED");
  c.certificate.issue_date = c.snapshot.claim_date;  // issued today
  EXPECT_TRUE(c.Status().ok());
}

TEST(SubsidyRulesTest, ClaimWindowAfterLeapDay) {
  Claim c = Eligible();
  c.certificate.issue_date = absl::CivilDay(2024, 2, 29);
  c.snapshot.claim_date = absl::CivilDay(2025, 2, 28);
  EXPECT_TRUE(c.Status().ok());
  c.snapshot.claim_date = absl::CivilDay(2025, 3, 1);
  EXPECT_EQ(Reason(c.Status()), "CLAIM_WINDOW_EXPIRED");
}

TEST(SubsidyRulesTest, CertificateFromTheFutureIsRefused) {
  Claim c = Eligible();
  c.certificate.issue_date = absl::CivilDay(2026, 6, 16);
  EXPECT_EQ(Reason(c.Status()), "CERTIFICATE_DATE_INVALID");
}

TEST(SubsidyRulesTest, AtMostThreePerCalendarYear) {
  Claim c = Eligible();
  c.snapshot.person.claims_in_year = 2;
  EXPECT_TRUE(c.Status().ok());
  c.snapshot.person.claims_in_year = 3;
  EXPECT_EQ(Reason(c.Status()), "SUBSIDY_YEARLY_LIMIT_REACHED");
}

TEST(SubsidyRulesTest, SameOccupationAndLevelOnlyOnceEver) {
  Claim c = Eligible();
  c.snapshot.person.granted.insert({"6-18-02-04", static_cast<int>(kSenior)});
  EXPECT_EQ(Reason(c.Status()), "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL");
  // The same level of another occupation is fine.
  c.snapshot.person.granted = {{"6-30-99-00", static_cast<int>(kSenior)}};
  EXPECT_TRUE(c.Status().ok());
}

TEST(SubsidyRulesTest, NoLowerLevelAfterAHigherOne) {
  Claim c = Eligible();
  c.snapshot.person.granted.insert({"6-18-02-04", static_cast<int>(kTechnician)});
  EXPECT_EQ(Reason(c.Status()), "HIGHER_LEVEL_ALREADY_SUBSIDISED");
  // A higher level after lower ones is the normal career path.
  c.snapshot.person.granted = {{"6-18-02-04", static_cast<int>(kJunior)},
                               {"6-18-02-04", static_cast<int>(kIntermediate)}};
  EXPECT_TRUE(c.Status().ok());
}

// The order production runs the rules in: what is decidable locally first, evaluation only
// after every local rule passed, then the certificate's rules. When two rules fail at once the
// earlier one is the answer.
TEST(SubsidyRulesTest, LocalRulesWinOverTheCertificateAndEvaluationIsNotAsked) {
  // The yearly limit and a revoked certificate: the limit, without asking evaluation.
  Claim c = Eligible();
  c.snapshot.person.claims_in_year = 3;
  c.certificate.result = CertificateFacts::Result::kRevoked;
  EXPECT_EQ(Reason(c.Status()), "SUBSIDY_YEARLY_LIMIT_REACHED");
  EXPECT_EQ(c.verified, 0);

  // Not in the catalogue and an expired window: the catalogue.
  c = Eligible();
  c.snapshot.catalogue_subsidy_fen.reset();
  c.snapshot.claim_date = absl::CivilDay(2027, 6, 15);
  EXPECT_EQ(Reason(c.Status()), "NOT_IN_CATALOGUE");
  EXPECT_EQ(c.verified, 0);

  // A final local refusal is not masked by evaluation being unavailable.
  c = Eligible();
  c.snapshot.person.granted.insert({"6-18-02-04", static_cast<int>(kSenior)});
  auto decision = DecideClaim(c.snapshot, []() -> absl::StatusOr<CertificateFacts> {
    return ErrorWithReason(absl::StatusCode::kUnavailable, "EVALUATION_UNAVAILABLE", "evaluation did not answer");
  });
  EXPECT_EQ(Reason(decision.status()), "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL");
}

TEST(SubsidyRulesTest, OrderAmongTheLocalRules) {
  // Not completed beats everything else.
  Claim c = Eligible();
  c.snapshot.enrollment_state = v1::ENROLLMENT_STATE_ENROLLED;
  c.snapshot.catalogue_subsidy_fen.reset();
  c.snapshot.person.claims_in_year = 3;
  EXPECT_EQ(Reason(c.Status()), "ENROLLMENT_NOT_COMPLETED");
  // The catalogue beats the person's limits.
  c.snapshot.enrollment_state = v1::ENROLLMENT_STATE_COMPLETED;
  EXPECT_EQ(Reason(c.Status()), "NOT_IN_CATALOGUE");
  // Same level once beats the yearly limit.
  c.snapshot.catalogue_subsidy_fen = 150000;
  c.snapshot.person.granted.insert({"6-18-02-04", static_cast<int>(kSenior)});
  EXPECT_EQ(Reason(c.Status()), "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL");
}

TEST(SubsidyRulesTest, OrderAmongTheCertificateRules) {
  // Revoked beats a mismatch; a mismatch beats the window.
  Claim c = Eligible();
  c.certificate.result = CertificateFacts::Result::kRevoked;
  c.certificate.level = kTechnician;
  EXPECT_EQ(Reason(c.Status()), "CERTIFICATE_NOT_VALID");
  c.certificate.result = CertificateFacts::Result::kValid;
  c.certificate.issue_date = absl::CivilDay(2024, 1, 1);
  EXPECT_EQ(Reason(c.Status()), "CERTIFICATE_MISMATCH");
  c.certificate.level = kSenior;
  EXPECT_EQ(Reason(c.Status()), "CLAIM_WINDOW_EXPIRED");
  EXPECT_EQ(c.verified, 3);
}

TEST(SubsidyRulesTest, EvaluationUnavailableIsTheAnswerWhenTheLocalRulesPass) {
  const Claim c = Eligible();
  auto decision = DecideClaim(c.snapshot, []() -> absl::StatusOr<CertificateFacts> {
    return ErrorWithReason(absl::StatusCode::kUnavailable, "EVALUATION_UNAVAILABLE", "evaluation did not answer");
  });
  EXPECT_EQ(decision.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(Reason(decision.status()), "EVALUATION_UNAVAILABLE");
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

TEST(CourseRulesTest, OnlyAnOpenCourseTakesEnrolments) {
  EXPECT_TRUE(CheckCourseTakesEnrollments("C1", v1::COURSE_STATUS_OPEN).ok());
  const absl::Status cancelled = CheckCourseTakesEnrollments("C1", v1::COURSE_STATUS_CANCELLED);
  EXPECT_EQ(cancelled.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(cancelled), "COURSE_CANCELLED");
  EXPECT_EQ(Reason(CheckCourseTakesEnrollments("C1", v1::COURSE_STATUS_UNSPECIFIED)), "COURSE_NOT_OPEN");
}

TEST(CourseRulesTest, CancellableWhileNoEnrolmentIsCompleted) {
  CourseEnrollmentCounts counts;
  EXPECT_TRUE(CheckCourseCancellable(v1::COURSE_STATUS_OPEN, counts).ok());
  for (auto state : {v1::ENROLLMENT_STATE_ENROLLED, v1::ENROLLMENT_STATE_ENROLLED, v1::ENROLLMENT_STATE_DROPPED}) {
    CountEnrollment(state, counts);
  }
  EXPECT_EQ(counts.enrolled, 2);
  EXPECT_EQ(counts.dropped, 1);
  EXPECT_EQ(counts.completed, 0);
  EXPECT_TRUE(CheckCourseCancellable(v1::COURSE_STATUS_OPEN, counts).ok());

  CountEnrollment(v1::ENROLLMENT_STATE_COMPLETED, counts);
  const absl::Status completed = CheckCourseCancellable(v1::COURSE_STATUS_OPEN, counts);
  EXPECT_EQ(completed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(completed), "COURSE_HAS_COMPLETED_ENROLLMENTS");

  const absl::Status again = CheckCourseCancellable(v1::COURSE_STATUS_CANCELLED, CourseEnrollmentCounts{});
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Reason(again), "COURSE_ALREADY_CANCELLED");
  EXPECT_EQ(Reason(CheckCourseCancellable(v1::COURSE_STATUS_UNSPECIFIED, CourseEnrollmentCounts{})), "COURSE_NOT_OPEN");
}

TEST(InstitutionContactTest, PhoneNumbers) {
  for (const char* phone : {"0532-85912345", "+86 138 0532 0000", "13805320000", "12333"}) {
    EXPECT_TRUE(ValidateContactPhone(phone, "contact_phone", true).ok()) << phone;
  }
  EXPECT_TRUE(ValidateContactPhone("", "contact_phone", false).ok());
  for (const char* phone : {"", "1234", "0532-8591234x", "０５３２８５９１２３４５", "0532 8591 2345 0000 0000 1"}) {
    const absl::Status status = ValidateContactPhone(phone, "contact_phone", true);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << phone;
    ASSERT_FALSE(FieldViolationsOf(status).empty()) << phone;
    EXPECT_EQ(FieldViolationsOf(status).front().field, "contact_phone") << phone;
  }
}

TEST(InstitutionContactTest, EmailAddresses) {
  for (const char* email : {"", "peixun@example.cn", "zhang.san+px@qd.gov.cn"}) {
    EXPECT_TRUE(ValidateContactEmail(email, "contact_email").ok()) << email;
  }
  for (const char* email : {"peixun", "@example.cn", "a@b@example.cn", "peixun@localhost", "peixun@.cn",
                            "peixun@example.", "pei xun@example.cn", "培训@example.cn", "a@"}) {
    const absl::Status status = ValidateContactEmail(email, "contact_email");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << email;
  }
  EXPECT_FALSE(ValidateContactEmail(std::string(95, 'a') + "@qd.cn", "contact_email").ok());
}

TEST(InstitutionContactTest, EveryFieldIsNamedAndNameAndPhoneMayBeRequired) {
  FieldViolations optional;
  ValidateInstitutionContact({}, /*name_and_phone_required=*/false, optional);
  EXPECT_TRUE(optional.empty());

  FieldViolations required;
  ValidateInstitutionContact({}, /*name_and_phone_required=*/true, required);
  ASSERT_EQ(required.violations().size(), 2u);
  EXPECT_EQ(required.violations()[0].field, "contact_name");
  EXPECT_EQ(required.violations()[1].field, "contact_phone");

  FieldViolations bad;
  ValidateInstitutionContact({"张老师", "0532-85912345", std::string(201, 'x'), "nope"}, true, bad);
  ASSERT_EQ(bad.violations().size(), 2u);
  EXPECT_EQ(bad.violations()[0].field, "address");
  EXPECT_EQ(bad.violations()[1].field, "contact_email");
}

TEST(InstitutionContactTest, ReplacingTheContactTouchesNothingElse) {
  v1::Institution institution;
  institution.mutable_org()->set_credit_code("91370200MA3C0000X1");
  institution.mutable_org()->set_name("青岛示范培训学校");
  institution.mutable_org()->set_district_code("370202");
  institution.set_kind(v1::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
  institution.set_status(v1::INSTITUTION_STATUS_SUSPENDED);
  institution.set_status_reason("整改");
  institution.add_approved_occupation_codes("6-18-02-04");
  institution.set_contact_name("旧联系人");
  institution.set_address("旧地址");
  institution.set_version(4);
  v1::Institution expected = institution;

  ReplaceInstitutionContact({"张老师", "0532-85912345", "", "peixun@example.cn"}, &institution);
  EXPECT_EQ(institution.contact_name(), "张老师");
  EXPECT_EQ(institution.contact_phone(), "0532-85912345");
  EXPECT_EQ(institution.address(), "");  // empty clears
  EXPECT_EQ(institution.contact_email(), "peixun@example.cn");
  expected.set_contact_name("张老师");
  expected.set_contact_phone("0532-85912345");
  expected.clear_address();
  expected.set_contact_email("peixun@example.cn");
  EXPECT_EQ(institution.SerializeAsString(), expected.SerializeAsString());
}

TEST(TrainingEventsTest, CancellationIsOnTheFeed) {
  v1::Course course;
  course.set_id("C1");
  course.set_status(v1::COURSE_STATUS_CANCELLED);
  course.set_cancel_reason("报名人数不足");
  const v1::TrainingEvent changed = CourseChangedEvent(course, absl::UnixEpoch());
  ASSERT_TRUE(changed.has_course_changed());
  EXPECT_EQ(changed.course_changed().status(), v1::COURSE_STATUS_CANCELLED);
  EXPECT_EQ(changed.course_changed().cancel_reason(), "报名人数不足");

  v1::Enrollment e;
  e.set_id("E1");
  e.set_drop_reason("报名人数不足");
  const v1::TrainingEvent dropped = EnrollmentDroppedEvent(e, /*course_cancelled=*/true, absl::UnixEpoch());
  ASSERT_TRUE(dropped.has_enrollment_dropped());
  EXPECT_TRUE(dropped.enrollment_dropped().course_cancelled());
  EXPECT_EQ(dropped.enrollment_dropped().reason(), "报名人数不足");
  EXPECT_FALSE(EnrollmentDroppedEvent(e, false, absl::UnixEpoch()).enrollment_dropped().course_cancelled());
}

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) {
    mask.add_paths(path);
  }
  return mask;
}

v1::Institution StoredInstitution() {
  v1::Institution institution;
  institution.mutable_org()->set_credit_code("91370200MA3C0000X1");
  institution.mutable_org()->set_name("青岛示范培训学校");
  institution.mutable_org()->set_district_code("370202");
  institution.set_kind(v1::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
  institution.set_status(v1::INSTITUTION_STATUS_SUSPENDED);
  institution.set_status_reason("整改");
  institution.add_approved_occupation_codes("6-18-02-04");
  institution.add_approved_occupation_codes("6-30-99-00");
  institution.set_contact_name("旧联系人");
  institution.set_contact_phone("0532-80000000");
  institution.set_address("旧地址");
  institution.set_contact_email("old@example.cn");
  institution.set_version(4);
  return institution;
}

TEST(InstitutionMaskTest, NamedFieldsAreReplacedAndTheOthersKept) {
  FieldViolations violations;
  const InstitutionMask mask =
      ReadInstitutionMask(Mask({"org.name", "approved_occupation_codes", "address"}), violations);
  ASSERT_TRUE(violations.empty()) << violations.ToStatus();
  v1::Institution values;
  values.mutable_org()->set_name("青岛新名称培训学校");
  values.mutable_org()->set_district_code("370211");  // not named: ignored
  values.add_approved_occupation_codes("6-31-01-03");
  values.set_contact_name("不会写入");                     // not named: ignored
  values.set_kind(v1::INSTITUTION_KIND_TECHNICAL_SCHOOL);  // not named: ignored

  v1::Institution record = StoredInstitution();
  ApplyInstitutionMask(mask, values, record);
  v1::Institution expected = StoredInstitution();
  expected.mutable_org()->set_name("青岛新名称培训学校");
  expected.clear_approved_occupation_codes();
  expected.add_approved_occupation_codes("6-31-01-03");  // replaced whole
  expected.clear_address();                              // named and empty: cleared
  EXPECT_EQ(record.SerializeAsString(), expected.SerializeAsString());
}

TEST(InstitutionMaskTest, StatusWithoutItsReasonClearsTheOldReason) {
  FieldViolations violations;
  v1::Institution values;
  values.set_status(v1::INSTITUTION_STATUS_ACTIVE);
  v1::Institution record = StoredInstitution();
  ApplyInstitutionMask(ReadInstitutionMask(Mask({"status"}), violations), values, record);
  ASSERT_TRUE(violations.empty());
  EXPECT_EQ(record.status(), v1::INSTITUTION_STATUS_ACTIVE);
  EXPECT_EQ(record.status_reason(), "");

  values.set_status(v1::INSTITUTION_STATUS_REVOKED);
  values.set_status_reason("弄虚作假");
  ApplyInstitutionMask(ReadInstitutionMask(Mask({"status_reason", "status"}), violations), values, record);
  ASSERT_TRUE(violations.empty());
  EXPECT_EQ(record.status(), v1::INSTITUTION_STATUS_REVOKED);
  EXPECT_EQ(record.status_reason(), "弄虚作假");
  EXPECT_TRUE(StatusNeedsReason(v1::INSTITUTION_STATUS_REVOKED));
  EXPECT_TRUE(StatusNeedsReason(v1::INSTITUTION_STATUS_SUSPENDED));
  EXPECT_FALSE(StatusNeedsReason(v1::INSTITUTION_STATUS_ACTIVE));
}

TEST(InstitutionMaskTest, EveryUpdatablePathIsRead) {
  FieldViolations violations;
  const InstitutionMask mask =
      ReadInstitutionMask(Mask({"org.name", "kind", "status", "status_reason", "approved_occupation_codes",
                                "contact_name", "contact_phone", "address", "contact_email"}),
                          violations);
  EXPECT_TRUE(violations.empty()) << violations.ToStatus();
  EXPECT_EQ(mask.fields.size(), 9u);
  for (const InstitutionField field : mask.fields) {
    EXPECT_FALSE(InstitutionFieldPath(field).empty());
  }
}

TEST(InstitutionMaskTest, BadMasksNameThePath) {
  FieldViolations empty;
  EXPECT_TRUE(ReadInstitutionMask(Mask({}), empty).fields.empty());
  ASSERT_EQ(empty.violations().size(), 1u);
  EXPECT_EQ(empty.violations()[0].field, "update_mask");

  FieldViolations bad;
  const InstitutionMask mask = ReadInstitutionMask(
      Mask({"kind", "version", "no_such_field", "org.credit_code", "org.district_code", "kind", "org", "org.nope"}),
      bad);
  EXPECT_EQ(mask.fields, (std::set<InstitutionField>{InstitutionField::kKind}));
  std::vector<std::string> fields;
  for (const auto& violation : bad.violations()) {
    fields.push_back(violation.field);
  }
  EXPECT_EQ(fields, (std::vector<std::string>{"update_mask.paths[1]", "update_mask.paths[2]", "update_mask.paths[3]",
                                              "update_mask.paths[4]", "update_mask.paths[5]", "update_mask.paths[6]",
                                              "update_mask.paths[7]"}));
  // Output-only and identity fields exist but may not be updated; unknown ones do not exist.
  EXPECT_NE(bad.violations()[0].description.find("may not be updated"), std::string::npos);
  EXPECT_NE(bad.violations()[1].description.find("no field"), std::string::npos);
  EXPECT_NE(bad.violations()[4].description.find("twice"), std::string::npos);
  EXPECT_NE(bad.violations()[6].description.find("no field"), std::string::npos);
  const absl::Status status = bad.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Reason(status), "INVALID_FIELD");
}

}  // namespace
}  // namespace skillbridge::training
