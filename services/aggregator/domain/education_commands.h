#pragma once
// The commands of one education event (see feed_commands.h). Every education event carries the
// record's full state after the change (protos/skillbridge/education/v1/events.proto), so each
// record is a replaced fact holding the contribution of its latest state; a record is attributed
// to its school's district and, for the chain buckets, to its specialty's industry chain:
//   SpecialtyChanged  — "education:specialty:<school credit code>:<code>": an ACTIVE specialty
//                       counts 1 in active_specialties, 1 more in active_specialties_with_chain
//                       when it has an industry chain, and 1 in featured_specialties when it is
//                       featured — in the current-state buckets ("now", "now|d:<district>",
//                       "now|c:<chain>"). A CLOSED specialty counts nothing;
//   StudentChanged    — "education:student:<student id>":
//                       the enrolled stock as changes by year (students_enrolled_changes): +1 in
//                       the year of enrol_date, -1 in the year of status_date once the record is
//                       GRADUATED, WITHDRAWN or TRANSFERRED (a left record without a status_date
//                       leaves in the year of its update_time, China Standard Time). The sum over
//                       the years up to Y is the records with enrol_date ≤ Dec 31 Y and (ENROLLED,
//                       or status_date > Dec 31 Y): the students enrolled at the end of Y. A
//                       record leaves on its status_date and its successor of a transfer enters on
//                       its enrol_date (the same day), so a transferred person counts once at every
//                       year end: in the old record before the transfer's year, in the new one
//                       from it. The sum over every year is the records ENROLLED now. Years
//                       outside kFirstEnrolmentYear..kLastEnrolmentYear count in the nearer one;
//                       GRADUATED with a status_date counts 1 in graduates on that date (year,
//                       month, district and chain buckets), and 1 in
//                       graduates_first_employed_in_city when its first destination is IN_CITY
//                       (a corrected destination replaces the previous one).
//                       The person joins the talent database of the school's district (an added
//                       fact per record, never undone).
// Replaying an event changes nothing (the same state is the same contribution, an added fact is
// added once); an older state replayed after a newer one is not possible on one feed (events of a
// record are in order). Other events (schools, partnerships) give no command. Pure, thread-safe.

#include <vector>

#include "services/aggregator/domain/feed_commands.h"
#include "skillbridge/education/v1/events.pb.h"

namespace skillbridge::aggregator {

// The years of the enrolled stock's changes: a record that entered or left earlier counts in the
// first (every year the dashboard shows, 2000 on, is exact), later in the last.
inline constexpr int kFirstEnrolmentYear = 2000;
inline constexpr int kLastEnrolmentYear = 2100;

std::vector<FeedCommand> CommandsForEducationEvent(const education::v1::EducationEvent& event);

}  // namespace skillbridge::aggregator
