#pragma once
// The bureau's calendar: every "today", "this year" and calendar-year boundary in skillbridge is
// a civil day in the bureau's time zone, China Standard Time (UTC+8, no daylight saving), whatever
// the server's own time zone. Also the conversions between absl civil days and the wire's
// common.v1.Date. Pure functions; thread-safe.

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "skillbridge/common/v1/common.pb.h"

namespace skillbridge {

const absl::TimeZone& BureauTimeZone();

// The civil day / year at `time` in the bureau's time zone.
absl::CivilDay BureauDay(absl::Time time);
int BureauYear(absl::Time time);

// The instant a civil second in the bureau's time zone begins (tests, tools).
absl::Time BureauTime(absl::CivilSecond second);

common::v1::Date ToDate(absl::CivilDay day);
// The civil day of a date (callers validate the date first; invalid dates normalise).
absl::CivilDay ToCivilDay(const common::v1::Date& date);

// Whether any of year, month, day is set (an unset Date means "not given").
bool IsDateSet(const common::v1::Date& date);
// Strictly later, comparing (year, month, day).
bool IsDateAfter(const common::v1::Date& a, const common::v1::Date& b);

}  // namespace skillbridge
