// The bureau's calendar: UTC+8 day and year boundaries whatever the machine's zone, and the
// conversions between civil days and common.v1.Date.

#include "common/reference/bureau_calendar.h"

#include "gtest/gtest.h"

namespace skillbridge {
namespace {

absl::Time Utc(int year, int month, int day, int hour, int minute, int second) {
  return absl::FromCivil(absl::CivilSecond(year, month, day, hour, minute, second), absl::UTCTimeZone());
}

common::v1::Date MakeDate(int year, int month, int day) {
  common::v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

TEST(BureauCalendarTest, TheDayStartsAtSixteenHundredUtc) {
  EXPECT_EQ(BureauDay(Utc(2025, 12, 31, 15, 59, 59)), absl::CivilDay(2025, 12, 31));
  EXPECT_EQ(BureauDay(Utc(2025, 12, 31, 16, 0, 0)), absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(BureauDay(Utc(2026, 3, 1, 0, 0, 0)), absl::CivilDay(2026, 3, 1));
  EXPECT_EQ(BureauDay(Utc(2026, 2, 28, 23, 59, 59)), absl::CivilDay(2026, 3, 1));
}

TEST(BureauCalendarTest, TheYearTurnsAtTheBureausMidnight) {
  EXPECT_EQ(BureauYear(Utc(2025, 12, 31, 15, 59, 59)), 2025);
  EXPECT_EQ(BureauYear(Utc(2025, 12, 31, 16, 0, 0)), 2026);
  EXPECT_EQ(BureauYear(Utc(2026, 12, 31, 15, 59, 59)), 2026);
}

TEST(BureauCalendarTest, BureauTimeIsEightHoursAheadOfUtc) {
  EXPECT_EQ(BureauTime(absl::CivilSecond(2026, 1, 1, 0, 0, 0)), Utc(2025, 12, 31, 16, 0, 0));
  EXPECT_EQ(BureauTime(absl::CivilSecond(2026, 7, 1, 8, 30, 0)), Utc(2026, 7, 1, 0, 30, 0));
  EXPECT_EQ(BureauDay(BureauTime(absl::CivilSecond(2026, 5, 20, 0, 0, 0))), absl::CivilDay(2026, 5, 20));
  EXPECT_EQ(BureauTimeZone().name(), absl::FixedTimeZone(8 * 3600).name());
}

TEST(BureauCalendarTest, DatesRoundTrip) {
  for (const absl::CivilDay day : {absl::CivilDay(2026, 1, 1), absl::CivilDay(2024, 2, 29),
                                   absl::CivilDay(1950, 12, 31), absl::CivilDay(2100, 6, 15)}) {
    const common::v1::Date date = ToDate(day);
    EXPECT_EQ(date.year(), day.year());
    EXPECT_EQ(date.month(), day.month());
    EXPECT_EQ(date.day(), day.day());
    EXPECT_EQ(ToCivilDay(date), day);
  }
}

TEST(BureauCalendarTest, AnInvalidDateNormalises) {
  EXPECT_EQ(ToCivilDay(MakeDate(2026, 2, 30)), absl::CivilDay(2026, 3, 2));
}

TEST(BureauCalendarTest, IsDateSet) {
  EXPECT_FALSE(IsDateSet(common::v1::Date()));
  EXPECT_TRUE(IsDateSet(MakeDate(2026, 0, 0)));
  EXPECT_TRUE(IsDateSet(MakeDate(0, 5, 0)));
  EXPECT_TRUE(IsDateSet(MakeDate(0, 0, 9)));
  EXPECT_TRUE(IsDateSet(MakeDate(2026, 5, 9)));
}

TEST(BureauCalendarTest, IsDateAfterIsStrictAndComparesYearThenMonthThenDay) {
  EXPECT_TRUE(IsDateAfter(MakeDate(2026, 1, 2), MakeDate(2026, 1, 1)));
  EXPECT_FALSE(IsDateAfter(MakeDate(2026, 1, 1), MakeDate(2026, 1, 1)));
  EXPECT_FALSE(IsDateAfter(MakeDate(2026, 1, 1), MakeDate(2026, 1, 2)));
  EXPECT_TRUE(IsDateAfter(MakeDate(2026, 1, 1), MakeDate(2025, 12, 31)));
  EXPECT_TRUE(IsDateAfter(MakeDate(2026, 2, 1), MakeDate(2026, 1, 31)));
  EXPECT_FALSE(IsDateAfter(MakeDate(2025, 12, 31), MakeDate(2026, 1, 1)));
}

}  // namespace
}  // namespace skillbridge
