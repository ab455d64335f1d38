#pragma once
// A calendar date with no time zone: the unit every Victims' Code rule works in.
// Stored as days since 1970-01-01 so that comparisons and arithmetic are integer ops.

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cf::core {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  // REQUIRES: a valid proleptic Gregorian date.
  static Date FromYmd(int year, unsigned month, unsigned day);
  // Parses exactly YYYY-MM-DD; nullopt for anything else (including 2023-02-29).
  static std::optional<Date> Parse(std::string_view text);

  constexpr int32_t days() const { return days_; }
  struct Ymd {
    int year;
    unsigned month;
    unsigned day;
  };
  Ymd ToYmd() const;
  int year() const;
  unsigned month() const;
  unsigned day() const;
  // 0 = Sunday ... 6 = Saturday.
  unsigned weekday() const;
  bool IsWeekend() const { return weekday() == 0 || weekday() == 6; }

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // Same day of the month n months later, clamped to the month's last day.
  Date AddMonths(int n) const;

  std::string ToString() const;        // 2024-12-24
  std::string ToLongString() const;    // Tue 24 Dec 2024
  std::string ToDayMonthYear() const;  // 24 Dec 2024
  const char* WeekdayName() const;     // Tue

  // NOLINTNEXTLINE(modernize-use-nullptr): a false alarm on the defaulted comparison's 0
  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// Whole years from `birth` to `on` (a person born on 29 February reaches an age on 1 March
// in other years).
int AgeOn(Date birth, Date on);

}  // namespace cf::core
