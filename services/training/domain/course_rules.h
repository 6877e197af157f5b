#pragma once
// The course workflow: a course is created OPEN and may be cancelled (OPEN -> CANCELLED, final).
//   COURSE_CANCELLED                  a cancelled course takes no new enrolment
//   COURSE_NOT_OPEN                   a course in any other state than OPEN takes none either
//   COURSE_ALREADY_CANCELLED          cancelling a course that is already cancelled
//   COURSE_HAS_COMPLETED_ENROLLMENTS  cancelling a course of which an enrolment is completed:
//                                     completions are counted training person-times and may
//                                     carry subsidy claims, so such a course stays as it is
// Cancelling drops the course's open (ENROLLED) enrolments with the cancellation's reason;
// dropped enrolments stay dropped. The store applies the cancellation and the drops in one
// atomic step (store/training_store.h). Pure functions; thread-safe.

#include <string_view>

#include "absl/status/status.h"
#include "skillbridge/training/v1/enums.pb.h"

namespace skillbridge::training {

inline constexpr char kReasonCourseCancelled[] = "COURSE_CANCELLED";
inline constexpr char kReasonCourseNotOpen[] = "COURSE_NOT_OPEN";
inline constexpr char kReasonCourseAlreadyCancelled[] = "COURSE_ALREADY_CANCELLED";
inline constexpr char kReasonCourseHasCompleted[] = "COURSE_HAS_COMPLETED_ENROLLMENTS";

// The enrolments of one course, by state.
struct CourseEnrollmentCounts {
  int enrolled = 0;
  int completed = 0;
  int dropped = 0;
};

// Adds one enrolment in `state` to `counts`.
void CountEnrollment(v1::EnrollmentState state, CourseEnrollmentCounts& counts);

// OK when course `course_id` in `status` takes new enrolments (OPEN); FAILED_PRECONDITION
// COURSE_CANCELLED or COURSE_NOT_OPEN otherwise.
absl::Status CheckCourseTakesEnrollments(std::string_view course_id, v1::CourseStatus status);

// OK when a course in `status` with these enrolments may be cancelled; FAILED_PRECONDITION
// COURSE_ALREADY_CANCELLED, COURSE_NOT_OPEN or COURSE_HAS_COMPLETED_ENROLLMENTS otherwise.
absl::Status CheckCourseCancellable(v1::CourseStatus status, const CourseEnrollmentCounts& counts);

}  // namespace skillbridge::training
