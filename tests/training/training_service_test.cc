// The training service over real gRPC, a real redis-server and the real evaluation service:
// institutions and scope, the catalogue, courses with capacity, enrolments (single and bulk),
// and subsidy claims through every rule, including races and evaluation being unavailable.

#include <atomic>
#include <thread>
#include <vector>

#include "absl/strings/str_format.h"
#include "common/server/batch_results.h"
#include "common/status/errors.h"
#include "common/util/concat.h"
#include "gtest/gtest.h"
#include "tests/support/test_ids.h"
#include "tests/training/training_harness.h"

namespace skillbridge::testing {
namespace {

constexpr common::v1::SkillLevel kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr common::v1::SkillLevel kIntermediate = common::v1::SKILL_LEVEL_4_INTERMEDIATE;
constexpr common::v1::SkillLevel kTechnician = common::v1::SKILL_LEVEL_2_TECHNICIAN;

class TrainingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    harness_ = std::make_unique<TrainingHarness>();
    absl::Status started = harness_->Start();
    ASSERT_TRUE(started.ok()) << started;
    institution_ = harness_->CreateInstitution(1, kDistrictA).org().credit_code();
    for (const auto& occupation : HelperOccupations()) {
      for (auto level : {kIntermediate, kSenior, kTechnician}) {
        harness_->PublishCatalog(2026, occupation, level, 100000 + 10000 * static_cast<int>(level));
      }
    }
  }
  void TearDown() override { harness_.reset(); }

  // A completed enrolment of `person` in a new course of occupation/level.
  tr::Enrollment Completed(int person, const std::string& occupation = kWelder,
                           common::v1::SkillLevel level = kSenior) {
    const tr::Course course = harness_->CreateCourse(institution_, occupation, level);
    return harness_->CompletedEnrollment(course.id(), person);
  }

  std::unique_ptr<TrainingHarness> harness_;
  std::string institution_;
};

TEST_F(TrainingServiceTest, ClaimWorkflowFromCertificateToPayment) {
  const tr::Enrollment enrollment = Completed(7);
  EXPECT_EQ(enrollment.state(), tr::ENROLLMENT_STATE_COMPLETED);
  const std::string number = harness_->IssueCertificate(7, kWelder, kSenior);
  tr::SubsidyClaim claim;
  grpc::Status status = harness_->Submit(enrollment.id(), number, &claim);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(claim.state(), tr::CLAIM_STATE_SUBMITTED);
  EXPECT_EQ(claim.amount_fen(), 100000 + 10000 * static_cast<int>(kSenior));
  EXPECT_EQ(claim.claim_year(), 2026);
  EXPECT_EQ(claim.certificate_issue_date().day(), 20);

  // District B may not decide claims of district A; district A may.
  tr::ApproveSubsidyClaimRequest approve;
  approve.set_claim_id(claim.id());
  tr::ApproveSubsidyClaimResponse approved;
  status = harness_->stub().ApproveSubsidyClaim(TrainingHarness::Context(kDistrictBToken).get(), approve, &approved);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = harness_->stub().ApproveSubsidyClaim(TrainingHarness::Context(kDistrictAToken).get(), approve, &approved);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(approved.claim().state(), tr::CLAIM_STATE_APPROVED);

  tr::MarkSubsidyClaimPaidRequest pay;
  pay.set_claim_id(claim.id());
  pay.set_payment_reference("PZ-2026-0001");
  tr::MarkSubsidyClaimPaidResponse paid;
  status = harness_->stub().MarkSubsidyClaimPaid(TrainingHarness::Context(kDistrictAToken).get(), pay, &paid);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(paid.claim().state(), tr::CLAIM_STATE_PAID);
  EXPECT_EQ(paid.claim().paid_date().month(), 6);
  // Paying twice is a workflow error.
  status = harness_->stub().MarkSubsidyClaimPaid(TrainingHarness::Context(kDistrictAToken).get(), pay, &paid);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "INVALID_CLAIM_TRANSITION");

  tr::GetTrainingStatsRequest stats_request;
  stats_request.set_year(2026);
  tr::GetTrainingStatsResponse stats;
  status = harness_->stub().GetTrainingStats(TrainingHarness::Context(kViewerToken).get(), stats_request, &stats);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stats.total_completed_person_times(), 1);
  EXPECT_EQ(stats.total_subsidised_person_times(), 1);
  EXPECT_EQ(stats.total_claims_paid(), 1);
  EXPECT_EQ(stats.total_amount_paid_fen(), claim.amount_fen());
  ASSERT_EQ(stats.rows_size(), 1);
  EXPECT_EQ(stats.rows(0).district_code(), kDistrictA);
  EXPECT_EQ(stats.rows(0).programme(), tr::PROGRAMME_ON_THE_JOB_UPGRADE);
  EXPECT_EQ(stats.rows(0).industry_chain_code(), "IC06");

  // The feed carries the events the aggregator consumes.
  tr::ListEventsRequest events_request;
  events_request.set_max_events(1000);
  tr::ListEventsResponse events;
  status = harness_->stub().ListEvents(TrainingHarness::Context(kServiceToken).get(), events_request, &events);
  ASSERT_TRUE(status.ok()) << status.error_message();
  int completed = 0;
  int paid_events = 0;
  for (const auto& event : events.events()) {
    if (event.has_enrollment_completed()) {
      ++completed;
      EXPECT_TRUE(event.enrollment_completed().subsidised());
      EXPECT_EQ(event.enrollment_completed().hours(), 80);
    }
    if (event.has_subsidy_claim_paid()) {
      ++paid_events;
      EXPECT_EQ(event.subsidy_claim_paid().amount_fen(), claim.amount_fen());
      EXPECT_EQ(event.subsidy_claim_paid().id_number(), PersonId(7));
    }
  }
  EXPECT_EQ(completed, 1);
  EXPECT_EQ(paid_events, 1);

  // A person's training history.
  tr::ListEnrollmentsRequest history;
  history.set_id_number(PersonId(7));
  tr::ListEnrollmentsResponse enrollments;
  status = harness_->stub().ListEnrollments(TrainingHarness::Context(kAdminToken).get(), history, &enrollments);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(enrollments.enrollments_size(), 1);
  EXPECT_EQ(enrollments.enrollments(0).claim_id(), claim.id());

  // Audit (ADMIN).
  tr::ListAuditEntriesRequest audit_request;
  tr::ListAuditEntriesResponse audit;
  status = harness_->stub().ListAuditEntries(TrainingHarness::Context(kAdminToken).get(), audit_request, &audit);
  ASSERT_TRUE(status.ok());
  EXPECT_GT(audit.entries_size(), 5);
}

TEST_F(TrainingServiceTest, RevokedUnknownAndMismatchedCertificatesAreRefused) {
  const tr::Enrollment enrollment = Completed(8);
  const std::string number = harness_->IssueCertificate(8, kWelder, kSenior);
  ev::RevokeCertificateRequest revoke;
  revoke.set_number(number);
  revoke.set_reason("考核舞弊");
  ev::RevokeCertificateResponse revoked;
  ASSERT_TRUE(harness_->evaluation()
                  .stub()
                  .RevokeCertificate(TrainingHarness::Context(kAdminToken).get(), revoke, &revoked)
                  .ok());
  grpc::Status status = harness_->Submit(enrollment.id(), number, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "CERTIFICATE_NOT_VALID");

  // Another person's certificate is NOT_FOUND for this person.
  const std::string other = harness_->IssueCertificate(9, kWelder, kSenior);
  status = harness_->Submit(enrollment.id(), other, nullptr);
  EXPECT_EQ(ReasonOf(status), "CERTIFICATE_NOT_VALID");

  // Right person, wrong level or occupation.
  const std::string level = harness_->IssueCertificate(8, kWelder, kTechnician);
  status = harness_->Submit(enrollment.id(), level, nullptr);
  EXPECT_EQ(ReasonOf(status), "CERTIFICATE_MISMATCH");
  const std::string occupation = harness_->IssueCertificate(8, "6-31-01-03", kSenior);
  status = harness_->Submit(enrollment.id(), occupation, nullptr);
  EXPECT_EQ(ReasonOf(status), "CERTIFICATE_MISMATCH");
  EXPECT_EQ(harness_->CountKeys("training:claim:*"), 0);

  // Malformed number: INVALID_ARGUMENT naming the field.
  status = harness_->Submit(enrollment.id(), "not-a-number", nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "certificate_number");
}

TEST_F(TrainingServiceTest, ClaimWindowAndCompletionAndCatalogue) {
  // Issued 2025-06-14: the window closed on 2026-06-14, the day before "today".
  const tr::Enrollment late = Completed(10);
  const std::string old_number = harness_->IssueCertificate(10, kWelder, kSenior, 2025, 6, 14);
  grpc::Status status = harness_->Submit(late.id(), old_number, nullptr);
  EXPECT_EQ(ReasonOf(status), "CLAIM_WINDOW_EXPIRED");
  // Issued 2025-06-15: today is the last day.
  const tr::Enrollment edge = Completed(11);
  const std::string edge_number = harness_->IssueCertificate(11, kWelder, kSenior, 2025, 6, 15);
  status = harness_->Submit(edge.id(), edge_number, nullptr);
  EXPECT_TRUE(status.ok()) << status.error_message();

  // Not completed.
  const tr::Course course = harness_->CreateCourse(institution_, kWelder, kSenior);
  tr::EnrollPersonRequest enroll;
  enroll.set_course_id(course.id());
  enroll.mutable_person()->set_id_number(PersonId(12));
  enroll.mutable_person()->set_name(EvaluationHarness::PersonName(12));
  tr::EnrollPersonResponse enrolled;
  ASSERT_TRUE(harness_->stub().EnrollPerson(TrainingHarness::Context(kAdminToken).get(), enroll, &enrolled).ok());
  status = harness_->Submit(enrolled.enrollment().id(), harness_->IssueCertificate(12, kWelder, kSenior), nullptr);
  EXPECT_EQ(ReasonOf(status), "ENROLLMENT_NOT_COMPLETED");

  // Not in the catalogue (五级 was never published).
  const tr::Enrollment junior = Completed(13, kWelder, common::v1::SKILL_LEVEL_5_JUNIOR);
  status =
      harness_->Submit(junior.id(), harness_->IssueCertificate(13, kWelder, common::v1::SKILL_LEVEL_5_JUNIOR), nullptr);
  EXPECT_EQ(ReasonOf(status), "NOT_IN_CATALOGUE");
}

TEST_F(TrainingServiceTest, ThreePerYearSameLevelOnceAndNoLowerAfterHigher) {
  const int person = 20;
  int ok = 0;
  for (int i = 0; i < 3; ++i) {
    const std::string& occupation = HelperOccupations()[i];
    const tr::Enrollment e = Completed(person, occupation, kSenior);
    grpc::Status status = harness_->Submit(e.id(), harness_->IssueCertificate(person, occupation, kSenior), nullptr);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ok += status.ok() ? 1 : 0;
  }
  EXPECT_EQ(ok, 3);
  const tr::Enrollment fourth = Completed(person, HelperOccupations()[3], kSenior);
  grpc::Status status =
      harness_->Submit(fourth.id(), harness_->IssueCertificate(person, HelperOccupations()[3], kSenior), nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "SUBSIDY_YEARLY_LIMIT_REACHED");

  // Same occupation and level again (another person-course), and a lower level after a higher one.
  const int other = 21;
  const tr::Enrollment high = Completed(other, kWelder, kTechnician);
  const std::string technician = harness_->IssueCertificate(other, kWelder, kTechnician);
  ASSERT_TRUE(harness_->Submit(high.id(), technician, nullptr).ok());
  const tr::Enrollment again = Completed(other, kWelder, kTechnician);
  status = harness_->Submit(again.id(), technician, nullptr);
  EXPECT_EQ(ReasonOf(status), "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL");
  const tr::Enrollment lower = Completed(other, kWelder, kSenior);
  status = harness_->Submit(lower.id(), harness_->IssueCertificate(other, kWelder, kSenior), nullptr);
  EXPECT_EQ(ReasonOf(status), "HIGHER_LEVEL_ALREADY_SUBSIDISED");
}

TEST_F(TrainingServiceTest, SameLevelTwiceIsRefusedAndRejectReleases) {
  const int person = 30;
  const std::string number = harness_->IssueCertificate(person, kWelder, kSenior);
  const tr::Enrollment first = Completed(person);
  const tr::Enrollment second = Completed(person);
  tr::SubsidyClaim claim;
  ASSERT_TRUE(harness_->Submit(first.id(), number, &claim).ok());
  grpc::Status status = harness_->Submit(second.id(), number, nullptr);
  EXPECT_EQ(ReasonOf(status), "SUBSIDY_ALREADY_GRANTED_FOR_LEVEL");
  status = harness_->Submit(first.id(), number, nullptr);
  EXPECT_EQ(ReasonOf(status), "ENROLLMENT_ALREADY_CLAIMED");

  tr::RejectSubsidyClaimRequest reject;
  reject.set_claim_id(claim.id());
  tr::RejectSubsidyClaimResponse rejected;
  status = harness_->stub().RejectSubsidyClaim(TrainingHarness::Context(kAdminToken).get(), reject, &rejected);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);  // reason required
  reject.set_reason("材料不全");
  status = harness_->stub().RejectSubsidyClaim(TrainingHarness::Context(kAdminToken).get(), reject, &rejected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The rejected claim no longer counts: the second enrolment may claim now.
  status = harness_->Submit(second.id(), number, nullptr);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(TrainingServiceTest, ConcurrentClaimsRacingOnTheYearlyLimit) {
  const int person = 40;
  const int n = static_cast<int>(HelperOccupations().size());  // 7 occupations
  std::vector<std::string> enrollments;
  std::vector<std::string> numbers;
  for (int i = 0; i < n; ++i) {
    enrollments.push_back(Completed(person, HelperOccupations()[i], kSenior).id());
    numbers.push_back(harness_->IssueCertificate(person, HelperOccupations()[i], kSenior));
  }
  std::atomic<int> won{0};
  std::atomic<int> limited{0};
  std::atomic<int> other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      grpc::Status status = harness_->Submit(enrollments[i], numbers[i], nullptr);
      if (status.ok()) {
        ++won;
      } else if (ReasonOf(status) == "SUBSIDY_YEARLY_LIMIT_REACHED") {
        ++limited;
      } else {
        ++other;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(won.load(), 3);
  EXPECT_EQ(limited.load(), n - 3);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(harness_->CountKeys("training:claim:*"), 3);
}

TEST_F(TrainingServiceTest, ConcurrentClaimsForTheSameLevelOnlyOneWins) {
  const int person = 41;
  const std::string number = harness_->IssueCertificate(person, kWelder, kSenior);
  std::vector<std::string> enrollments;
  for (int i = 0; i < 4; ++i) {
    enrollments.push_back(Completed(person).id());
  }
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (const auto& id : enrollments) {
    threads.emplace_back([&, id] {
      if (harness_->Submit(id, number, nullptr).ok()) {
        ++won;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(won.load(), 1);
}

TEST_F(TrainingServiceTest, EvaluationUnavailableRefusesAndStoresNothing) {
  const tr::Enrollment enrollment = Completed(50);
  const std::string number = harness_->IssueCertificate(50, kWelder, kSenior);
  const long long keys_before = harness_->CountKeys("training:*");
  harness_->evaluation().Stop();
  const auto started = std::chrono::steady_clock::now();
  grpc::Status status = harness_->Submit(enrollment.id(), number, nullptr);
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ReasonOf(status), "EVALUATION_UNAVAILABLE");
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  EXPECT_EQ(harness_->CountKeys("training:claim:*"), 0);
  // Only the audit entry of the refusal is new.
  EXPECT_EQ(harness_->CountKeys("training:*"), keys_before);
}

TEST_F(TrainingServiceTest, CapacityIsEnforcedForSingleAndBulkEnrolment) {
  const tr::Course course = harness_->CreateCourse(institution_, kWelder, kSenior, /*capacity=*/3);
  tr::BatchEnrollPersonsRequest batch;
  batch.set_request_id("bulk-1");
  for (int i = 0; i < 5; ++i) {
    auto* row = batch.add_rows();
    row->set_course_id(course.id());
    row->mutable_person()->set_id_number(PersonId(100 + i));
    row->mutable_person()->set_name(EvaluationHarness::PersonName(100 + i));
  }
  batch.add_rows()->set_course_id(course.id());  // invalid row: no person
  tr::BatchEnrollPersonsResponse results;
  grpc::Status status =
      harness_->stub().BatchEnrollPersons(TrainingHarness::Context(kInstitutionAToken).get(), batch, &results);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(results.accepted_count(), 3);
  EXPECT_EQ(results.rejected_count(), 3);
  // Every item carries a google.rpc.Status: code 0 with the enrolment, or what a single call
  // would have answered (code, ErrorInfo reason, BadRequest field path in the batch request).
  EXPECT_EQ(results.results(0).status().code(), 0);
  EXPECT_TRUE(results.results(0).has_enrollment());
  const absl::Status full = ItemStatus(results.results(3).status());
  EXPECT_EQ(full.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(skillbridge::ReasonOf(full), "COURSE_FULL");
  EXPECT_FALSE(results.results(3).has_enrollment());
  const absl::Status invalid = ItemStatus(results.results(5).status());
  EXPECT_EQ(invalid.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(skillbridge::ReasonOf(invalid), "INVALID_FIELD");
  ASSERT_FALSE(FieldViolationsOf(invalid).empty());
  EXPECT_EQ(FieldViolationsOf(invalid).front().field, "rows[5].person.id_number");
  EXPECT_EQ(results.results(5).status().message().find(PersonId(104)), std::string::npos);
  // A retry replays the same results.
  tr::BatchEnrollPersonsResponse replay;
  status = harness_->stub().BatchEnrollPersons(TrainingHarness::Context(kInstitutionAToken).get(), batch, &replay);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(replay.results(0).enrollment().id(), results.results(0).enrollment().id());

  // Dropping frees a seat.
  tr::DropEnrollmentRequest drop;
  drop.set_enrollment_id(results.results(0).enrollment().id());
  tr::DropEnrollmentResponse dropped;
  ASSERT_TRUE(harness_->stub().DropEnrollment(TrainingHarness::Context(kInstitutionAToken).get(), drop, &dropped).ok());
  tr::EnrollPersonRequest enroll;
  enroll.set_course_id(course.id());
  enroll.mutable_person()->set_id_number(PersonId(200));
  enroll.mutable_person()->set_name("李四");
  tr::EnrollPersonResponse enrolled;
  status = harness_->stub().EnrollPerson(TrainingHarness::Context(kInstitutionAToken).get(), enroll, &enrolled);
  EXPECT_TRUE(status.ok()) << status.error_message();
  enroll.mutable_person()->set_id_number(PersonId(201));
  status = harness_->stub().EnrollPerson(TrainingHarness::Context(kInstitutionAToken).get(), enroll, &enrolled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "COURSE_FULL");

  // Ids are drawn in the write: the refused rows took none, so the ids run on without a gap, and
  // the stored record, the index and the response carry the same id.
  auto serial = [](const std::string& id) { return std::stoll(id.substr(1)); };
  EXPECT_EQ(serial(results.results(1).enrollment().id()), serial(results.results(0).enrollment().id()) + 1);
  EXPECT_EQ(serial(results.results(2).enrollment().id()), serial(results.results(0).enrollment().id()) + 2);
  ASSERT_EQ(serial(dropped.enrollment().id()), serial(results.results(0).enrollment().id()));
  tr::GetEnrollmentRequest get_enrollment;
  get_enrollment.set_id(Concat("E", absl::StrFormat("%012d", serial(results.results(2).enrollment().id()) + 1)));
  tr::GetEnrollmentResponse got_enrollment;
  ASSERT_TRUE(harness_->stub()
                  .GetEnrollment(TrainingHarness::Context(kInstitutionAToken).get(), get_enrollment, &got_enrollment)
                  .ok());
  EXPECT_EQ(got_enrollment.enrollment().person().id_number(), PersonId(200));
  EXPECT_TRUE(harness_->redis_client().Command({"GET", "training:enr:" + get_enrollment.id()})->is_string());
  EXPECT_EQ(harness_->CountKeys("*\x1E*"), 0);  // no marker left in any key

  // Another institution may not enrol into this course.
  enroll.mutable_person()->set_id_number(PersonId(202));
  status = harness_->stub().EnrollPerson(TrainingHarness::Context(kInstitutionBToken).get(), enroll, &enrolled);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  tr::GetCourseRequest get;
  get.set_id(course.id());
  tr::GetCourseResponse got;
  ASSERT_TRUE(harness_->stub().GetCourse(TrainingHarness::Context(kViewerToken).get(), get, &got).ok());
  EXPECT_EQ(got.course().enrolled_count(), 3);
}

TEST_F(TrainingServiceTest, ConcurrentEnrolmentsNeverExceedCapacity) {
  const tr::Course course = harness_->CreateCourse(institution_, kWelder, kSenior, /*capacity=*/5);
  std::atomic<int> won{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      tr::EnrollPersonRequest enroll;
      enroll.set_course_id(course.id());
      enroll.mutable_person()->set_id_number(PersonId(300 + i));
      enroll.mutable_person()->set_name("王五");
      tr::EnrollPersonResponse enrolled;
      if (harness_->stub().EnrollPerson(TrainingHarness::Context(kAdminToken).get(), enroll, &enrolled).ok()) {
        ++won;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(won.load(), 5);
}

TEST_F(TrainingServiceTest, InstitutionsRegisterThemselvesAsPending) {
  tr::CreateInstitutionRequest request;
  request.mutable_org()->set_credit_code(CreditCode(2));
  request.mutable_org()->set_name("黄岛职业培训学校");
  request.mutable_org()->set_district_code(kDistrictB);
  request.set_kind(tr::INSTITUTION_KIND_SOCIAL_TRAINING_INSTITUTION);
  request.add_approved_occupation_codes(kWelder);
  request.set_status(tr::INSTITUTION_STATUS_ACTIVE);
  tr::CreateInstitutionResponse created;
  // Institution A may not register B.
  grpc::Status status =
      harness_->stub().CreateInstitution(TrainingHarness::Context(kInstitutionAToken).get(), request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = harness_->stub().CreateInstitution(TrainingHarness::Context(kInstitutionBToken).get(), request, &created);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(created.institution().status(), tr::INSTITUTION_STATUS_PENDING);

  tr::CreateCourseRequest course;
  course.mutable_course()->mutable_institution()->set_credit_code(CreditCode(2));
  course.mutable_course()->set_title("焊工班");
  course.mutable_course()->set_programme(tr::PROGRAMME_EMPLOYMENT_SKILLS);
  course.mutable_course()->set_occupation_code(kWelder);
  course.mutable_course()->set_level(kSenior);
  course.mutable_course()->mutable_start_date()->set_year(2026);
  course.mutable_course()->mutable_start_date()->set_month(7);
  course.mutable_course()->mutable_start_date()->set_day(1);
  *course.mutable_course()->mutable_end_date() = course.course().start_date();
  course.mutable_course()->set_capacity(30);
  tr::CreateCourseResponse course_created;
  status = harness_->stub().CreateCourse(TrainingHarness::Context(kInstitutionBToken).get(), course, &course_created);
  EXPECT_EQ(ReasonOf(status), "INSTITUTION_NOT_ACTIVE");

  // District A may not approve B's institution; district B may.
  tr::UpdateInstitutionRequest update;
  update.set_credit_code(CreditCode(2));
  update.mutable_institution()->set_status(tr::INSTITUTION_STATUS_ACTIVE);
  update.mutable_update_mask()->add_paths("status");
  tr::UpdateInstitutionResponse updated;
  status = harness_->stub().UpdateInstitution(TrainingHarness::Context(kDistrictAToken).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  status = harness_->stub().UpdateInstitution(TrainingHarness::Context(kDistrictBToken).get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  status = harness_->stub().CreateCourse(TrainingHarness::Context(kInstitutionBToken).get(), course, &course_created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(course_created.course().industry_chain_code(), "IC06");
  EXPECT_TRUE(course_created.course().subsidised());

  // An occupation the institution is not approved for.
  course.mutable_course()->set_occupation_code("6-31-01-03");
  status = harness_->stub().CreateCourse(TrainingHarness::Context(kInstitutionBToken).get(), course, &course_created);
  EXPECT_EQ(ReasonOf(status), "OCCUPATION_NOT_APPROVED");
}

TEST_F(TrainingServiceTest, CatalogueIsPublishedQueryableAndAudited) {
  tr::ListCatalogEntriesRequest list;
  list.set_year(2026);
  list.set_occupation_code(kWelder);
  tr::ListCatalogEntriesResponse entries;
  ASSERT_TRUE(harness_->stub().ListCatalogEntries(TrainingHarness::Context(kViewerToken).get(), list, &entries).ok());
  EXPECT_EQ(entries.entries_size(), 3);
  EXPECT_EQ(entries.entries(0).occupation_name(), "焊工");

  tr::UpsertCatalogEntryRequest upsert;
  upsert.mutable_entry()->set_year(2026);
  upsert.mutable_entry()->set_occupation_code(kWelder);
  upsert.mutable_entry()->set_level(kSenior);
  upsert.mutable_entry()->set_subsidy_fen(0);
  tr::UpsertCatalogEntryResponse upserted;
  grpc::Status status =
      harness_->stub().UpsertCatalogEntry(TrainingHarness::Context(kAdminToken).get(), upsert, &upserted);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(FirstFieldOf(status), "entry.subsidy_fen");
  upsert.mutable_entry()->set_subsidy_fen(180000);
  upsert.mutable_entry()->set_withdrawn(true);
  ASSERT_TRUE(harness_->stub().UpsertCatalogEntry(TrainingHarness::Context(kAdminToken).get(), upsert, &upserted).ok());
  EXPECT_EQ(upserted.entry().version(), 2);
  entries.Clear();
  ASSERT_TRUE(harness_->stub().ListCatalogEntries(TrainingHarness::Context(kViewerToken).get(), list, &entries).ok());
  EXPECT_EQ(entries.entries_size(), 2);
  // A withdrawn entry: claims for it are NOT_IN_CATALOGUE.
  const tr::Enrollment e = Completed(60);
  status = harness_->Submit(e.id(), harness_->IssueCertificate(60, kWelder, kSenior), nullptr);
  EXPECT_EQ(ReasonOf(status), "NOT_IN_CATALOGUE");

  tr::ListAuditEntriesRequest audit_request;
  tr::ListAuditEntriesResponse audit;
  ASSERT_TRUE(
      harness_->stub().ListAuditEntries(TrainingHarness::Context(kAdminToken).get(), audit_request, &audit).ok());
  bool found = false;
  for (const auto& entry : audit.entries()) {
    found = found || (entry.method().find("UpsertCatalogEntry") != std::string::npos && entry.outcome() == "OK");
  }
  EXPECT_TRUE(found);
}

// A request_id names one request, for single and batch enrolments alike: other content under it
// is refused before anything is written.
TEST_F(TrainingServiceTest, EnrolmentRequestIdsReusedForOtherContentAreRefused) {
  const tr::Course course = harness_->CreateCourse(institution_, kWelder, kSenior);
  tr::EnrollPersonRequest single;
  single.set_request_id("enrol-reuse");
  single.set_course_id(course.id());
  single.mutable_person()->set_id_number(PersonId(400));
  single.mutable_person()->set_name(EvaluationHarness::PersonName(400));
  tr::EnrollPersonResponse first;
  ASSERT_TRUE(harness_->stub().EnrollPerson(TrainingHarness::Context(kInstitutionAToken).get(), single, &first).ok());
  tr::BatchEnrollPersonsRequest batch;
  batch.set_request_id("batch-reuse");
  for (int i = 0; i < 3; ++i) {
    tr::EnrollmentRow* row = batch.add_rows();
    row->set_course_id(course.id());
    row->mutable_person()->set_id_number(PersonId(410 + i));
    row->mutable_person()->set_name(EvaluationHarness::PersonName(410 + i));
  }
  tr::BatchEnrollPersonsResponse batch_first;
  ASSERT_TRUE(harness_->stub()
                  .BatchEnrollPersons(TrainingHarness::Context(kInstitutionAToken).get(), batch, &batch_first)
                  .ok());
  const long long keys_before = harness_->CountKeys("*");

  single.mutable_person()->set_id_number(PersonId(401));
  single.mutable_person()->set_name(EvaluationHarness::PersonName(401));
  tr::EnrollPersonResponse refused;
  grpc::Status status =
      harness_->stub().EnrollPerson(TrainingHarness::Context(kInstitutionAToken).get(), single, &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "REQUEST_ID_REUSED");

  batch.mutable_rows(1)->mutable_person()->set_id_number(PersonId(420));
  batch.mutable_rows(1)->mutable_person()->set_name(EvaluationHarness::PersonName(420));
  tr::EnrollmentRow* extra = batch.add_rows();
  *extra = batch.rows(0);
  extra->mutable_person()->set_id_number(PersonId(421));
  extra->mutable_person()->set_name(EvaluationHarness::PersonName(421));
  tr::BatchEnrollPersonsResponse batch_refused;
  status =
      harness_->stub().BatchEnrollPersons(TrainingHarness::Context(kInstitutionAToken).get(), batch, &batch_refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "REQUEST_ID_REUSED");
  EXPECT_EQ(harness_->CountKeys("*"), keys_before);
}

TEST_F(TrainingServiceTest, SubmitIsIdempotent) {
  const tr::Enrollment e = Completed(70);
  const std::string number = harness_->IssueCertificate(70, kWelder, kSenior);
  tr::SubmitSubsidyClaimRequest request;
  request.set_request_id("claim-70");
  request.set_enrollment_id(e.id());
  request.set_certificate_number(number);
  tr::SubmitSubsidyClaimResponse first;
  tr::SubmitSubsidyClaimResponse second;
  ASSERT_TRUE(harness_->stub().SubmitSubsidyClaim(TrainingHarness::Context(kAdminToken).get(), request, &first).ok());
  ASSERT_TRUE(harness_->stub().SubmitSubsidyClaim(TrainingHarness::Context(kAdminToken).get(), request, &second).ok());
  EXPECT_EQ(first.claim().id(), second.claim().id());
  EXPECT_EQ(harness_->CountKeys("training:claim:*"), 1);
  // The id was drawn in the write: the response, the stored response and the record agree.
  ASSERT_EQ(first.claim().id().size(), 12u);
  EXPECT_EQ(first.claim().id().substr(0, 2), "SC");
  tr::SubsidyClaim stored;
  ASSERT_TRUE(stored.ParseFromString(
      std::string(harness_->redis_client().Command({"GET", "training:claim:" + first.claim().id()})->str())));
  EXPECT_EQ(stored.id(), first.claim().id());
  EXPECT_EQ(second.claim().SerializeAsString(), first.claim().SerializeAsString());
}

}  // namespace
// The idempotency record of an enrolment is written in the same atomic step as the enrolment:
// duplicates of one request racing each other all get the one enrolment (none sees the enrolment
// without its record and answers ALREADY_ENROLLED).
TEST_F(TrainingServiceTest, ConcurrentRetriesOfOneEnrolmentAllGetItsFirstAnswer) {
  const tr::Course course = harness_->CreateCourse(institution_, kWelder, kSenior);
  for (int round = 0; round < 5; ++round) {
    tr::EnrollPersonRequest request;
    request.set_request_id("enrol-race-" + std::to_string(round));
    request.set_course_id(course.id());
    request.mutable_person()->set_id_number(PersonId(300 + round));
    request.mutable_person()->set_name(EvaluationHarness::PersonName(300 + round));
    constexpr int kCallers = 8;
    std::vector<grpc::Status> statuses(kCallers);
    std::vector<tr::EnrollPersonResponse> responses(kCallers);
    std::vector<std::thread> callers;
    for (int c = 0; c < kCallers; ++c) {
      callers.emplace_back([&, c] {
        statuses[c] =
            harness_->stub().EnrollPerson(TrainingHarness::Context(kAdminToken).get(), request, &responses[c]);
      });
    }
    for (std::thread& caller : callers) {
      caller.join();
    }
    for (int c = 0; c < kCallers; ++c) {
      ASSERT_TRUE(statuses[c].ok()) << "round " << round << " caller " << c << ": " << statuses[c].error_message();
      EXPECT_EQ(responses[c].enrollment().id(), responses[0].enrollment().id());
    }
  }
}

}  // namespace skillbridge::testing
