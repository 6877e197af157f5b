#include "common/reference/bureau_calendar.h"

#include <tuple>

namespace skillbridge {

const absl::TimeZone& BureauTimeZone() {
  static const auto* zone = new absl::TimeZone(absl::FixedTimeZone(8 * 3600));
  return *zone;
}

absl::CivilDay BureauDay(absl::Time time) { return absl::ToCivilDay(time, BureauTimeZone()); }

int BureauYear(absl::Time time) { return static_cast<int>(absl::ToCivilYear(time, BureauTimeZone()).year()); }

absl::Time BureauTime(absl::CivilSecond second) { return absl::FromCivil(second, BureauTimeZone()); }

common::v1::Date ToDate(absl::CivilDay day) {
  common::v1::Date date;
  date.set_year(static_cast<int>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

absl::CivilDay ToCivilDay(const common::v1::Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

bool IsDateSet(const common::v1::Date& date) { return date.year() != 0 || date.month() != 0 || date.day() != 0; }

bool IsDateAfter(const common::v1::Date& a, const common::v1::Date& b) {
  return std::make_tuple(a.year(), a.month(), a.day()) > std::make_tuple(b.year(), b.month(), b.day());
}

}  // namespace skillbridge
