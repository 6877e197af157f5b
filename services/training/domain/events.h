#pragma once
// Builds the change events of the training feed from the records they describe. (Timestamps:
// common/util/proto_time.h; the bureau's "today" and dates: common/reference/bureau_calendar.h.)
// Pure functions; thread-safe.

#include "absl/time/time.h"
#include "common/util/proto_time.h"
#include "skillbridge/training/v1/events.pb.h"
#include "skillbridge/training/v1/training.pb.h"

namespace skillbridge::training {

v1::TrainingEvent InstitutionChangedEvent(const v1::Institution& institution, absl::Time now);
v1::TrainingEvent CatalogEntryChangedEvent(const v1::CatalogEntry& entry, absl::Time now);
v1::TrainingEvent CourseChangedEvent(const v1::Course& course, absl::Time now);
v1::TrainingEvent EnrollmentCreatedEvent(const v1::Enrollment& enrollment, absl::Time now);
// `subsidised`: the course's year, occupation and level are in the published catalogue.
v1::TrainingEvent EnrollmentCompletedEvent(const v1::Enrollment& enrollment, bool subsidised, absl::Time now);
// `course_cancelled`: dropped because its course was cancelled (CancelCourse).
v1::TrainingEvent EnrollmentDroppedEvent(const v1::Enrollment& enrollment, bool course_cancelled, absl::Time now);
v1::TrainingEvent ClaimSubmittedEvent(const v1::SubsidyClaim& claim, absl::Time now);
v1::TrainingEvent ClaimDecidedEvent(const v1::SubsidyClaim& claim, absl::Time now);
v1::TrainingEvent ClaimPaidEvent(const v1::SubsidyClaim& claim, absl::Time now);

}  // namespace skillbridge::training
