// CancelCourse over real gRPC, a real redis-server and the real evaluation service: the owning
// institution, the district officer and ADMIN cancel; open enrolments are dropped with the reason
// in the same step; refusals (other institution, other district, roles without the right,
// a completed enrolment, already cancelled); enrolling into a cancelled course; bad input that
// changes nothing; idempotent retries; the audit entries and the change events; and a
// cancellation racing with enrolments.

#include <atomic>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/server/batch_results.h"
#include "common/status/errors.h"
#include "gtest/gtest.h"
#include "tests/support/test_ids.h"
#include "tests/training/training_harness.h"

namespace skillbridge::testing {
namespace {

constexpr common::v1::SkillLevel kSenior = common::v1::SKILL_LEVEL_3_SENIOR;
constexpr char kCancelMethod[] = "/skillbridge.training.v1.TrainingService/CancelCourse";

class CourseCancelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    harness_ = std::make_unique<TrainingHarness>();
    absl::Status started = harness_->Start();
    ASSERT_TRUE(started.ok()) << started;
    institution_ = harness_->CreateInstitution(1, kDistrictA).org().credit_code();
  }
  void TearDown() override { harness_.reset(); }

  // A course of institution 1 with persons first..last enrolled.
  tr::Course CourseWith(int first, int last, int capacity = 50) {
    const tr::Course course = harness_->CreateCourse(institution_, kWelder, kSenior, capacity);
    for (int person = first; person <= last; ++person) {
      grpc::Status status = harness_->Enroll(course.id(), person, nullptr);
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
    return course;
  }

  grpc::Status Cancel(const std::string& course_id, const std::string& token, tr::CancelCourseResponse* response,
                      const std::string& request_id = "", const std::string& reason = "报名人数不足，停办") {
    tr::CancelCourseRequest request;
    request.set_request_id(request_id);
    request.set_course_id(course_id);
    request.set_reason(reason);
    tr::CancelCourseResponse ignored;
    return harness_->stub().CancelCourse(TrainingHarness::Context(token).get(), request,
                                         response != nullptr ? response : &ignored);
  }

  tr::Course GetCourse(const std::string& id) {
    tr::GetCourseRequest request;
    request.set_id(id);
    tr::GetCourseResponse response;
    grpc::Status status = harness_->stub().GetCourse(TrainingHarness::Context(kViewerToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.course();
  }

  std::vector<tr::Enrollment> EnrollmentsOf(const std::string& course_id) {
    tr::ListEnrollmentsRequest request;
    request.set_course_id(course_id);
    request.set_page_size(1000);
    tr::ListEnrollmentsResponse response;
    grpc::Status status =
        harness_->stub().ListEnrollments(TrainingHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.enrollments().begin(), response.enrollments().end()};
  }

  int CancelledEvents(const std::string& course_id) {
    int count = 0;
    for (const auto& event : harness_->Events()) {
      count += event.has_course_changed() && event.course_changed().course_id() == course_id &&
                       event.course_changed().status() == tr::COURSE_STATUS_CANCELLED
                   ? 1
                   : 0;
    }
    return count;
  }

  std::unique_ptr<TrainingHarness> harness_;
  std::string institution_;
};

TEST_F(CourseCancelTest, TheInstitutionCancelsAndOpenEnrolmentsAreDroppedWithTheReason) {
  const tr::Course course = CourseWith(1, 3);
  tr::Enrollment early;
  ASSERT_TRUE(harness_->Enroll(course.id(), 4, &early).ok());
  tr::DropEnrollmentRequest drop;
  drop.set_enrollment_id(early.id());
  drop.set_reason("个人原因");
  tr::DropEnrollmentResponse dropped;
  ASSERT_TRUE(harness_->stub().DropEnrollment(TrainingHarness::Context(kAdminToken).get(), drop, &dropped).ok());
  EXPECT_EQ(GetCourse(course.id()).enrolled_count(), 3);

  tr::CancelCourseResponse response;
  grpc::Status status = Cancel(course.id(), kInstitutionAToken, &response, "cancel-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.course().status(), tr::COURSE_STATUS_CANCELLED);
  EXPECT_EQ(response.course().cancel_reason(), "报名人数不足，停办");
  EXPECT_EQ(response.course().enrolled_count(), 0);
  EXPECT_GT(response.course().cancel_time().seconds(), 0);
  EXPECT_EQ(response.dropped_enrollment_ids_size(), 3);

  const tr::Course stored = GetCourse(course.id());
  EXPECT_EQ(stored.status(), tr::COURSE_STATUS_CANCELLED);
  EXPECT_EQ(stored.cancel_reason(), "报名人数不足，停办");
  EXPECT_EQ(stored.enrolled_count(), 0);
  const std::vector<tr::Enrollment> enrollments = EnrollmentsOf(course.id());
  ASSERT_EQ(enrollments.size(), 4u);
  for (const auto& enrollment : enrollments) {
    EXPECT_EQ(enrollment.state(), tr::ENROLLMENT_STATE_DROPPED) << enrollment.id();
    EXPECT_EQ(enrollment.drop_reason(), enrollment.id() == early.id() ? "个人原因" : "报名人数不足，停办");
  }

  // The feed: the course's CourseChanged (CANCELLED, with the reason) and one EnrollmentDropped
  // per open enrolment, marked as dropped by the cancellation.
  int course_events = 0;
  int drop_events = 0;
  for (const auto& event : harness_->Events()) {
    if (event.has_course_changed() && event.course_changed().status() == tr::COURSE_STATUS_CANCELLED) {
      ++course_events;
      EXPECT_EQ(event.course_changed().course_id(), course.id());
      EXPECT_EQ(event.course_changed().cancel_reason(), "报名人数不足，停办");
      EXPECT_EQ(event.course_changed().district_code(), kDistrictA);
    }
    if (event.has_enrollment_dropped() && event.enrollment_dropped().course_cancelled()) {
      ++drop_events;
      EXPECT_EQ(event.enrollment_dropped().course_id(), course.id());
      EXPECT_EQ(event.enrollment_dropped().reason(), "报名人数不足，停办");
    }
  }
  EXPECT_EQ(course_events, 1);
  EXPECT_EQ(drop_events, 3);

  // The audit: the course and each dropped enrolment, under CancelCourse and the request id.
  int course_audit = 0;
  int drop_audit = 0;
  for (const auto& entry : harness_->AuditEntries()) {
    if (entry.method() != kCancelMethod || entry.outcome() != "OK") {
      continue;
    }
    EXPECT_EQ(entry.request_id(), "cancel-1");
    EXPECT_EQ(entry.role(), common::v1::ROLE_INSTITUTION);
    course_audit += entry.resource() == "courses/" + course.id() ? 1 : 0;
    drop_audit += entry.resource().rfind("enrollments/", 0) == 0 ? 1 : 0;
  }
  EXPECT_EQ(course_audit, 1);
  EXPECT_EQ(drop_audit, 3);

  // A dropped enrolment cannot be completed any more.
  tr::CompleteEnrollmentRequest complete;
  complete.set_enrollment_id(response.dropped_enrollment_ids(0));
  complete.set_hours(40);
  tr::CompleteEnrollmentResponse completed;
  status = harness_->stub().CompleteEnrollment(TrainingHarness::Context(kAdminToken).get(), complete, &completed);
  EXPECT_EQ(ReasonOf(status), "INVALID_ENROLLMENT_TRANSITION");
}

TEST_F(CourseCancelTest, TheDistrictOfficerAndAdminMayCancel) {
  const tr::Course by_officer = CourseWith(1, 2);
  const tr::Course by_admin = CourseWith(3, 3);
  tr::CancelCourseResponse response;
  grpc::Status status = Cancel(by_officer.id(), kDistrictAToken, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.dropped_enrollment_ids_size(), 2);
  status = Cancel(by_admin.id(), kAdminToken, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.dropped_enrollment_ids_size(), 1);
  // A course nobody enrolled in.
  const tr::Course empty = CourseWith(1, 0);
  status = Cancel(empty.id(), kAdminToken, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.dropped_enrollment_ids_size(), 0);
  EXPECT_EQ(GetCourse(empty.id()).status(), tr::COURSE_STATUS_CANCELLED);
}

TEST_F(CourseCancelTest, OtherInstitutionsDistrictsAndRolesAreRefusedAndNothingChanges) {
  harness_->CreateInstitution(2, kDistrictB);
  const tr::Course course = CourseWith(1, 2);
  const size_t events_before = harness_->Events().size();
  struct Refusal {
    const char* token;
    const char* reason;
  };
  for (const Refusal& refusal : {Refusal{kInstitutionBToken, "OUT_OF_SCOPE"}, Refusal{kDistrictBToken, "OUT_OF_SCOPE"},
                                 Refusal{kVerifierToken, "ROLE_NOT_ALLOWED"}, Refusal{kViewerToken, "ROLE_NOT_ALLOWED"},
                                 Refusal{kServiceToken, "ROLE_NOT_ALLOWED"}}) {
    grpc::Status status = Cancel(course.id(), refusal.token, nullptr);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED) << refusal.token;
    EXPECT_EQ(ReasonOf(status), refusal.reason) << refusal.token;
  }
  EXPECT_EQ(GetCourse(course.id()).status(), tr::COURSE_STATUS_OPEN);
  EXPECT_EQ(GetCourse(course.id()).enrolled_count(), 2);
  for (const auto& enrollment : EnrollmentsOf(course.id())) {
    EXPECT_EQ(enrollment.state(), tr::ENROLLMENT_STATE_ENROLLED);
  }
  EXPECT_EQ(harness_->Events().size(), events_before);
  bool audited = false;
  for (const auto& entry : harness_->AuditEntries()) {
    audited = audited || (entry.method() == kCancelMethod && entry.outcome() == "PERMISSION_DENIED" &&
                          entry.detail() == "OUT_OF_SCOPE");
  }
  EXPECT_TRUE(audited);

  grpc::Status status = Cancel("C9999999999", kAdminToken, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ReasonOf(status), "COURSE_NOT_FOUND");
}

TEST_F(CourseCancelTest, ACompletedEnrolmentKeepsTheCourse) {
  const tr::Course course = CourseWith(1, 2);
  harness_->CompletedEnrollment(course.id(), 3);
  const size_t events_before = harness_->Events().size();
  grpc::Status status = Cancel(course.id(), kAdminToken, nullptr);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "COURSE_HAS_COMPLETED_ENROLLMENTS");
  const tr::Course stored = GetCourse(course.id());
  EXPECT_EQ(stored.status(), tr::COURSE_STATUS_OPEN);
  EXPECT_EQ(stored.enrolled_count(), 3);
  int enrolled = 0;
  for (const auto& enrollment : EnrollmentsOf(course.id())) {
    enrolled += enrollment.state() == tr::ENROLLMENT_STATE_ENROLLED ? 1 : 0;
  }
  EXPECT_EQ(enrolled, 2);
  EXPECT_EQ(harness_->Events().size(), events_before);
  EXPECT_TRUE(harness_->Enroll(course.id(), 4, nullptr).ok());  // still open
}

TEST_F(CourseCancelTest, ACancelledCourseTakesNoEnrolmentAndCannotBeCancelledAgain) {
  const tr::Course course = CourseWith(1, 1);
  ASSERT_TRUE(Cancel(course.id(), kAdminToken, nullptr, "cancel-a").ok());

  grpc::Status status = Cancel(course.id(), kAdminToken, nullptr, "cancel-b");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "COURSE_ALREADY_CANCELLED");

  status = harness_->Enroll(course.id(), 2, nullptr, kInstitutionAToken);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ReasonOf(status), "COURSE_CANCELLED");
  // The person whose enrolment was dropped cannot come back either.
  status = harness_->Enroll(course.id(), 1, nullptr);
  EXPECT_EQ(ReasonOf(status), "COURSE_CANCELLED");

  tr::BatchEnrollPersonsRequest batch;
  for (int person = 5; person <= 6; ++person) {
    auto* row = batch.add_rows();
    row->set_course_id(course.id());
    row->mutable_person()->set_id_number(PersonId(person));
    row->mutable_person()->set_name(EvaluationHarness::PersonName(person));
  }
  tr::BatchEnrollPersonsResponse results;
  status = harness_->stub().BatchEnrollPersons(TrainingHarness::Context(kAdminToken).get(), batch, &results);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(results.accepted_count(), 0);
  for (const auto& result : results.results()) {
    EXPECT_EQ(result.status().code(), static_cast<int>(grpc::StatusCode::FAILED_PRECONDITION));
    EXPECT_EQ(skillbridge::ReasonOf(ItemStatus(result.status())), "COURSE_CANCELLED");
  }
  EXPECT_EQ(GetCourse(course.id()).enrolled_count(), 0);
}

TEST_F(CourseCancelTest, BadInputIsInvalidArgumentNamingTheFieldAndChangesNothing) {
  const tr::Course course = CourseWith(1, 1);
  const size_t events_before = harness_->Events().size();
  struct Case {
    const char* field;
    std::function<void(tr::CancelCourseRequest&)> spoil;
  };
  const std::vector<Case> cases = {
      {"reason", [](auto& r) { r.clear_reason(); }},
      {"reason", [](auto& r) { r.set_reason("　 "); }},
      {"reason", [](auto& r) { r.set_reason(std::string(501, 'x')); }},
      {"course_id", [](auto& r) { r.clear_course_id(); }},
      {"course_id", [](auto& r) { r.set_course_id(std::string(65, 'C')); }},
      {"request_id", [](auto& r) { r.set_request_id("not valid!"); }},
  };
  for (const auto& c : cases) {
    tr::CancelCourseRequest request;
    request.set_course_id(course.id());
    request.set_reason("停办");
    c.spoil(request);
    tr::CancelCourseResponse response;
    grpc::Status status =
        harness_->stub().CancelCourse(TrainingHarness::Context(kAdminToken).get(), request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.field;
    EXPECT_EQ(ReasonOf(status), "INVALID_FIELD") << c.field;
    EXPECT_EQ(FirstFieldOf(status), c.field);
  }
  EXPECT_EQ(GetCourse(course.id()).status(), tr::COURSE_STATUS_OPEN);
  EXPECT_EQ(GetCourse(course.id()).enrolled_count(), 1);
  EXPECT_EQ(harness_->Events().size(), events_before);
}

TEST_F(CourseCancelTest, ARetryWithTheSameRequestIdReturnsTheFirstAnswer) {
  const tr::Course course = CourseWith(1, 3);
  tr::CancelCourseResponse first;
  tr::CancelCourseResponse second;
  ASSERT_TRUE(Cancel(course.id(), kInstitutionAToken, &first, "cancel-retry").ok());
  const size_t events_after_first = harness_->Events().size();
  grpc::Status status = Cancel(course.id(), kInstitutionAToken, &second, "cancel-retry");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(second.dropped_enrollment_ids_size(), 3);
  EXPECT_EQ(harness_->Events().size(), events_after_first);
  EXPECT_EQ(CancelledEvents(course.id()), 1);
  EXPECT_EQ(GetCourse(course.id()).enrolled_count(), 0);
  // The same request id from another principal is another request.
  status = Cancel(course.id(), kAdminToken, nullptr, "cancel-retry");
  EXPECT_EQ(ReasonOf(status), "COURSE_ALREADY_CANCELLED");
}

TEST_F(CourseCancelTest, ACancellationRacingWithEnrolmentsLeavesNobodyEnrolled) {
  const tr::Course course = CourseWith(1, 5, /*capacity=*/100);
  std::atomic<int> refused_cancelled{0};
  std::vector<std::thread> enrollers;
  for (int t = 0; t < 4; ++t) {
    enrollers.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        grpc::Status status = harness_->Enroll(course.id(), 100 + t * 10 + i, nullptr);
        if (!status.ok()) {
          EXPECT_EQ(ReasonOf(status), "COURSE_CANCELLED") << status.error_message();
          ++refused_cancelled;
        }
      }
    });
  }
  // Retried while enrolments keep changing the seat count under it.
  grpc::Status status;
  for (int attempt = 0; attempt < 200; ++attempt) {
    status = Cancel(course.id(), kAdminToken, nullptr);
    if (status.error_code() != grpc::StatusCode::ABORTED) {
      break;
    }
    EXPECT_EQ(ReasonOf(status), "CONCURRENT_MODIFICATION");
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  for (auto& thread : enrollers) {
    thread.join();
  }
  // Whoever got in before the cancellation was dropped by it; nobody got in after.
  int enrolled = 0;
  int dropped = 0;
  for (const auto& enrollment : EnrollmentsOf(course.id())) {
    enrolled += enrollment.state() == tr::ENROLLMENT_STATE_ENROLLED ? 1 : 0;
    dropped += enrollment.state() == tr::ENROLLMENT_STATE_DROPPED ? 1 : 0;
  }
  EXPECT_EQ(enrolled, 0);
  EXPECT_EQ(dropped + refused_cancelled.load(), 5 + 40);
  EXPECT_EQ(GetCourse(course.id()).enrolled_count(), 0);
}

}  // namespace
}  // namespace skillbridge::testing
