// Working-day calendar: weekday-labelled tables, a property test against day-by-day
// stepping over every date of the data, and a guard that fails when the data runs out.
#include <gtest/gtest.h>

#include <chrono>

#include "calendar/calendar_loader.hpp"
#include "core/london_time.hpp"
#include "support/case_builder.hpp"

namespace cf::calendar {
namespace {

using testing::D;

const WorkingDayCalendar& Cal() { return EnglandAndWales(); }

struct AddCase {
  const char* label;
  const char* start;
  int n;
  const char* expected;
};

class AddWorkingDaysTable : public ::testing::TestWithParam<AddCase> {};

TEST_P(AddWorkingDaysTable, MatchesTheCode) {
  const auto& c = GetParam();
  const auto result = Cal().AddWorkingDays(D(c.start), c.n);
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->ToString(), c.expected) << c.label;
}

INSTANTIATE_TEST_SUITE_P(
    VictimsCodeExamples, AddWorkingDaysTable,
    ::testing::Values(
        AddCase{"Mon 2 Dec 2024 + 1 = Tue 3 Dec", "2024-12-02", 1, "2024-12-03"},
        AddCase{"Fri 6 Dec 2024 + 1 = Mon 9 Dec", "2024-12-06", 1, "2024-12-09"},
        AddCase{"Tue 24 Dec 2024 + 1 = Fri 27 Dec (Christmas, Boxing Day)", "2024-12-24", 1,
                "2024-12-27"},
        AddCase{"Mon 23 Dec 2024 + 5 = Thu 2 Jan 2025", "2024-12-23", 5, "2025-01-02"},
        AddCase{"Sat 7 Dec 2024 + 1 = Mon 9 Dec (day 0 a Saturday)", "2024-12-07", 1, "2024-12-09"},
        AddCase{"Sun 8 Dec 2024 + 1 = Mon 9 Dec", "2024-12-08", 1, "2024-12-09"},
        AddCase{"Wed 1 Jun 2022 + 1 = Mon 6 Jun (Jubilee 2 and 3 Jun)", "2022-06-01", 1,
                "2022-06-06"},
        AddCase{"Fri 16 Sep 2022 + 1 = Tue 20 Sep (Queen's funeral)", "2022-09-16", 1,
                "2022-09-20"},
        AddCase{"Fri 5 May 2023 + 1 = Tue 9 May (Coronation)", "2023-05-05", 1, "2023-05-09"},
        AddCase{"Thu 28 Apr 2011 + 1 = Tue 3 May (Royal Wedding Fri 29, May Day Mon 2)",
                "2011-04-28", 1, "2011-05-03"},
        AddCase{"Thu 7 May 2020 + 1 = Mon 11 May (VE Day moved to Fri 8)", "2020-05-07", 1,
                "2020-05-11"},
        AddCase{"Fri 1 Jun 2012 + 1 = Wed 6 Jun (Jubilee 4 and 5 Jun)", "2012-06-01", 1,
                "2012-06-06"},
        AddCase{"Wed 2 May 2007 + 5 = Thu 10 May (May Day 7 May)", "2007-05-02", 5, "2007-05-10"},
        AddCase{"Sun 1 Jan 2006 + 1 = Tue 3 Jan (New Year substitute Mon 2 Jan)", "2006-01-01", 1,
                "2006-01-03"}),
    [](const auto& info) { return "row" + std::to_string(info.index); });

TEST(WorkingDayCalendar, AgreesWithDayByDaySteppingOverEveryDate) {
  const auto& cal = Cal();
  for (Date start = cal.known_from(); start <= cal.known_until(); start = start.AddDays(1)) {
    Date d = start;
    for (int n = 1; n <= 30; ++n) {
      do {
        d = d.AddDays(1);
      } while (d <= cal.known_until() && !cal.IsWorkingDay(d));
      const auto fast = cal.AddWorkingDays(start, n);
      if (d > cal.known_until()) {
        ASSERT_FALSE(fast.ok()) << start.ToString() << " + " << n;
        EXPECT_EQ(fast.error().code, core::ErrorCode::kOutOfRange);
        break;
      }
      ASSERT_TRUE(fast.ok()) << start.ToString() << " + " << n;
      ASSERT_EQ(*fast, d) << start.ToString() << " + " << n;
      ASSERT_EQ(*cal.CountWorkingDays(start, d), n) << start.ToString() << " .. " << d.ToString();
    }
  }
}

TEST(WorkingDayCalendar, WeekendsAndHolidaysAreNotWorkingDays) {
  EXPECT_FALSE(Cal().IsWorkingDay(D("2024-12-25")));  // Wed, Christmas Day
  EXPECT_FALSE(Cal().IsWorkingDay(D("2024-12-28")));  // Sat
  EXPECT_TRUE(Cal().IsWorkingDay(D("2024-12-27")));   // Fri
  ASSERT_NE(Cal().HolidayTitle(D("2022-09-19")), nullptr);
  EXPECT_NE(Cal().HolidayTitle(D("2022-09-19"))->find("Queen"), std::string::npos);
}

TEST(WorkingDayCalendar, DatesOutsideTheDataAreErrorsNotGuesses) {
  const auto before = Cal().AddWorkingDays(D("2005-12-30"), 1);
  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().code, core::ErrorCode::kOutOfRange);
  EXPECT_NE(before.error().message.find("2005-12-30"), std::string::npos);
  const auto after = Cal().AddWorkingDays(D("2027-12-30"), 2);  // Thu + 2 lies in 2028
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.error().message.find("2027-12-31"), std::string::npos);
  EXPECT_FALSE(Cal().CountWorkingDays(D("2027-12-01"), D("2028-01-05")).ok());
  EXPECT_FALSE(Cal().AddWorkingDays(D("2024-01-01"), 0).ok());
}

TEST(WorkingDayCalendar, CountIsNegativeBackwards) {
  EXPECT_EQ(*Cal().CountWorkingDays(D("2024-12-23"), D("2025-01-02")), 5);
  EXPECT_EQ(*Cal().CountWorkingDays(D("2025-01-02"), D("2024-12-23")), -5);
  EXPECT_EQ(*Cal().CountWorkingDays(D("2024-12-07"), D("2024-12-08")), 0);
}

// GOV.UK publishes each year's holidays well ahead: when this fails, extend
// data/calendars/england-and-wales.json (see data/calendars/SOURCE.md).
TEST(WorkingDayCalendar, DataDoesNotRunOutWithinTwelveMonths) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const Date today = core::LondonDates().DateOf(now);
  EXPECT_GE(Cal().known_until(), today.AddMonths(12))
      << "the England and Wales holiday data ends " << Cal().known_until().ToString()
      << ", less than 12 months from today";
}

TEST(CalendarLoader, RejectsDataThatCannotBeTrusted) {
  EXPECT_FALSE(ParseCalendar("[]", "x").ok());
  const auto no_covers = ParseCalendar(R"({"events":[]})", "cal.json");
  ASSERT_FALSE(no_covers.ok());
  EXPECT_NE(no_covers.error().message.find("covers"), std::string::npos);
  const auto outside = ParseCalendar(
      R"({"covers":{"from":"2030-01-01","to":"2030-12-31"},"events":[{"date":"2031-01-01","title":"x"}]})",
      "cal.json");
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.error().message.find("events[0].date"), std::string::npos);
  const auto bad_date = ParseCalendar(
      R"({"covers":{"from":"2030-01-01","to":"2030-12-31"},"events":[{"date":"2030-02-30"}]})",
      "cal.json");
  ASSERT_FALSE(bad_date.ok());
}

TEST(CalendarLoader, AnOverrideFileChangesTheAnswers) {
  const auto cal = ParseCalendar(
      R"({"covers":{"from":"2030-01-01","to":"2030-12-31"},"events":[{"date":"2030-01-02","title":"Test day"}]})",
      "cal.json");
  ASSERT_TRUE(cal.ok());
  EXPECT_EQ(cal->AddWorkingDays(D("2030-01-01"), 1)->ToString(), "2030-01-03");
}

}  // namespace
}  // namespace cf::calendar
