#pragma once
// Builds the change events of the training feed from the records they describe, and converts
// between civil days, common Dates and timestamps. Pure functions.

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
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

void SetTimestamp(absl::Time time, google::protobuf::Timestamp* out);

// The bureau's civil time zone (UTC+8, no daylight saving).
const absl::TimeZone& BureauTimeZone();
absl::CivilDay BureauDay(absl::Time time);
common::v1::Date ToDate(absl::CivilDay day);
// The civil day of a date (callers validate the date first; invalid dates normalise).
absl::CivilDay ToCivilDay(const common::v1::Date& date);

}  // namespace skillbridge::training
