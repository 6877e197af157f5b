#include "services/training/domain/course_rules.h"

#include "common/status/errors.h"
#include "common/util/concat.h"

namespace skillbridge::training {

void CountEnrollment(v1::EnrollmentState state, CourseEnrollmentCounts& counts) {
  switch (state) {
    case v1::ENROLLMENT_STATE_ENROLLED:
      ++counts.enrolled;
      break;
    case v1::ENROLLMENT_STATE_COMPLETED:
      ++counts.completed;
      break;
    case v1::ENROLLMENT_STATE_DROPPED:
      ++counts.dropped;
      break;
    default:
      break;
  }
}

absl::Status CheckCourseTakesEnrollments(std::string_view course_id, v1::CourseStatus status) {
  if (status == v1::COURSE_STATUS_OPEN) {
    return absl::OkStatus();
  }
  if (status == v1::COURSE_STATUS_CANCELLED) {
    return FailedPreconditionError(kReasonCourseCancelled,
                                   Concat("course ", course_id, " is cancelled and takes no new enrolment"));
  }
  return FailedPreconditionError(kReasonCourseNotOpen, Concat("course ", course_id, " is not open"));
}

absl::Status CheckCourseCancellable(v1::CourseStatus status, const CourseEnrollmentCounts& counts) {
  if (status == v1::COURSE_STATUS_CANCELLED) {
    return FailedPreconditionError(kReasonCourseAlreadyCancelled, "the course is already cancelled");
  }
  if (status != v1::COURSE_STATUS_OPEN) {
    return FailedPreconditionError(kReasonCourseNotOpen, "only an open course can be cancelled");
  }
  if (counts.completed > 0) {
    return FailedPreconditionError(
        kReasonCourseHasCompleted,
        Concat("the course has ", counts.completed,
               " completed enrolment(s), which count as training person-times; it cannot be cancelled"));
  }
  return absl::OkStatus();
}

}  // namespace skillbridge::training
