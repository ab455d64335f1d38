#include "core/date.hpp"

#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "core/london_time.hpp"
#include "support/case_builder.hpp"

namespace cf::core {
namespace {

using testing::D;

TEST(Date, ParsesOnlyRealIsoDates) {
  EXPECT_TRUE(Date::Parse("2024-02-29"));
  EXPECT_FALSE(Date::Parse("2023-02-29"));
  EXPECT_FALSE(Date::Parse("2024-13-01"));
  EXPECT_FALSE(Date::Parse("24-01-01"));
  EXPECT_FALSE(Date::Parse("2024-1-01"));
  EXPECT_EQ(D("2024-12-24").ToLongString(), "Tue 24 Dec 2024");
}

TEST(Date, MonthsClampToTheMonthEnd) {
  EXPECT_EQ(D("2007-01-31").AddMonths(1).ToString(), "2007-02-28");
  EXPECT_EQ(D("2024-01-31").AddMonths(1).ToString(), "2024-02-29");
  EXPECT_EQ(D("2007-01-31").AddMonths(2).ToString(), "2007-03-31");
  EXPECT_EQ(D("2007-01-31").AddMonths(3).ToString(), "2007-04-30");
  EXPECT_EQ(D("2024-12-15").AddMonths(1).ToString(), "2025-01-15");
}

TEST(Date, AgesCountWholeYearsAndLeapDayBirthdaysReachOnFirstMarch) {
  EXPECT_EQ(AgeOn(D("2006-03-02"), D("2024-02-28")), 17);
  EXPECT_EQ(AgeOn(D("2006-03-02"), D("2024-03-02")), 18);
  EXPECT_EQ(AgeOn(D("2008-02-29"), D("2026-02-28")), 17);
  EXPECT_EQ(AgeOn(D("2008-02-29"), D("2026-03-01")), 18);
  EXPECT_EQ(AgeOn(D("2008-02-29"), D("2028-02-29")), 20);
}

TEST(Rfc3339, AcceptsOffsetsAndRejectsLocalTimes) {
  EXPECT_EQ(*ParseRfc3339("1970-01-01T00:00:01Z"), 1000);
  EXPECT_EQ(*ParseRfc3339("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(*ParseRfc3339("1970-01-01T00:00:00.250Z"), 250);
  EXPECT_FALSE(ParseRfc3339("2024-03-01T14:20:00"));
  EXPECT_FALSE(ParseRfc3339("2024-03-01 14:20"));
  EXPECT_FALSE(ParseRfc3339("2024-02-30T14:20:00Z"));
  EXPECT_FALSE(ParseRfc3339("2024-03-01T25:20:00Z"));
  EXPECT_FALSE(ParseRfc3339("2024-03-01T14:20:00Zjunk"));
}

TEST(LondonDates, SummerTimeMovesLateEveningsToTheNextDay) {
  LondonDates london;
  EXPECT_EQ(london.DateOf(*ParseRfc3339("2024-06-30T23:30:00Z")).ToString(), "2024-07-01");
  EXPECT_EQ(london.DateOf(*ParseRfc3339("2024-12-24T23:30:00Z")).ToString(), "2024-12-24");
  EXPECT_EQ(london.DateOf(*ParseRfc3339("2024-03-31T00:30:00Z")).ToString(), "2024-03-31");
  EXPECT_EQ(london.DateOf(*ParseRfc3339("2024-10-26T23:30:00Z")).ToString(), "2024-10-27");
  EXPECT_EQ(london.DateOf(*ParseRfc3339("2024-10-27T23:30:00Z")).ToString(), "2024-10-27");
  EXPECT_EQ(london.StartOf(D("2024-07-01")), *ParseRfc3339("2024-06-30T23:00:00Z"));
}

TEST(LondonDates, ClockTimeFollowsSummerTime) {
  LondonDates london;
  EXPECT_EQ(london.ClockOf(*ParseRfc3339("2024-06-30T23:30:00Z")), "00:30");  // Mon 1 Jul BST
  EXPECT_EQ(london.ClockOf(*ParseRfc3339("2024-12-24T16:59:00Z")), "16:59");  // Tue 24 Dec GMT
  EXPECT_EQ(london.ClockOf(*ParseRfc3339("2024-03-31T00:59:00Z")),
            "00:59");  // Sun 31 Mar, before the change
  EXPECT_EQ(london.ClockOf(*ParseRfc3339("2024-03-31T01:00:00Z")),
            "02:00");  // the clocks go forward
  EXPECT_EQ(london.ClockOf(*ParseRfc3339("1969-12-31T23:59:00Z")),
            "00:59");  // before 1970 (BST all year)
}

TEST(LondonDates, WallClockTimesBecomeInstants) {
  LondonDates london;
  EXPECT_EQ(london.At(D("2024-12-24"), 16 * 60 + 59),
            *ParseRfc3339("2024-12-24T16:59:00Z"));                                      // Tue, GMT
  EXPECT_EQ(london.At(D("2024-07-01"), 9 * 60), *ParseRfc3339("2024-07-01T08:00:00Z"));  // Mon, BST
  // Sun 31 Mar 2024: 01:30 does not exist (clocks go 01:00 -> 02:00); 03:00 is BST.
  EXPECT_EQ(london.At(D("2024-03-31"), 3 * 60), *ParseRfc3339("2024-03-31T02:00:00Z"));
}

// Regression (review of issue 11): a training copy started at 00:30 BST with --today in GMT
// months must still be on that day, at the same London time; whole UTC days put it on the day
// before.
TEST(ShiftedClock, KeepsTheLondonTimeOfDayAcrossAClockChange) {
  LondonDates london;
  // Thu 10 Jul 2025 00:30 BST = Wed 9 Jul 23:30 UTC.
  const FakeClock base(london.At(Date::FromYmd(2025, 7, 10), 30));
  EXPECT_EQ(base.Today(), Date::FromYmd(2025, 7, 10));
  const ShiftedClock training(base, Date::FromYmd(2025, 3, 3));  // Mon 3 Mar 2025, GMT
  EXPECT_EQ(training.Today(), Date::FromYmd(2025, 3, 3));
  EXPECT_EQ(london.ClockOf(training.Now()), "00:30");
  EXPECT_EQ(training.NowUtc(), "2025-03-03T00:30:00Z");
  // Sat 29 Mar 2025 23:59 GMT, shifted to a summer day: 23:59 BST that day.
  const FakeClock winter(london.At(Date::FromYmd(2025, 3, 29), 23 * 60 + 59));
  const ShiftedClock summer(winter, Date::FromYmd(2025, 7, 10));
  EXPECT_EQ(summer.Today(), Date::FromYmd(2025, 7, 10));
  EXPECT_EQ(london.ClockOf(summer.Now()), "23:59");
}

}  // namespace
}  // namespace cf::core
