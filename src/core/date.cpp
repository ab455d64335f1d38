#include "core/date.hpp"

#include <date/date.h>

#include <cstdio>

namespace cf::core {
namespace {

date::year_month_day CivilOf(int32_t days) {
  return date::year_month_day{date::sys_days{date::days{days}}};
}

}  // namespace

Date Date::FromYmd(int year, unsigned month, unsigned day) {
  const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  return Date(date::sys_days{ymd}.time_since_epoch().count());
}

std::optional<Date> Date::Parse(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  int v[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lens[3] = {4, 2, 2};
  for (int part = 0; part < 3; ++part) {
    for (int i = 0; i < lens[part]; ++i) {
      const char c = t[starts[part] + i];
      if (c < '0' || c > '9') return std::nullopt;
      v[part] = v[part] * 10 + (c - '0');
    }
  }
  const date::year_month_day ymd{date::year{v[0]}, date::month{static_cast<unsigned>(v[1])},
                                 date::day{static_cast<unsigned>(v[2])}};
  if (!ymd.ok()) return std::nullopt;
  return Date(date::sys_days{ymd}.time_since_epoch().count());
}

Date::Ymd Date::ToYmd() const {
  const auto ymd = CivilOf(days_);
  return {static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
          static_cast<unsigned>(ymd.day())};
}

int Date::year() const { return static_cast<int>(CivilOf(days_).year()); }
unsigned Date::month() const { return static_cast<unsigned>(CivilOf(days_).month()); }
unsigned Date::day() const { return static_cast<unsigned>(CivilOf(days_).day()); }

unsigned Date::weekday() const {
  return date::weekday{date::sys_days{date::days{days_}}}.c_encoding();
}

Date Date::AddMonths(int n) const {
  const auto ymd = CivilOf(days_);
  auto target = date::year_month{ymd.year(), ymd.month()} + date::months{n};
  const auto last = date::year_month_day_last{target.year(), date::month_day_last{target.month()}};
  const auto day = ymd.day() > last.day() ? last.day() : ymd.day();
  return Date(date::sys_days{date::year_month_day{target.year(), target.month(), day}}
                  .time_since_epoch()
                  .count());
}

std::string Date::ToString() const {
  const auto ymd = CivilOf(days_);
  const int year = static_cast<int>(ymd.year());
  const auto month = static_cast<unsigned>(ymd.month());
  const auto day = static_cast<unsigned>(ymd.day());
  if (year < 0 || year > 9999) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
    return buf;
  }
  // By hand: the store writes several dates a row, and snprintf was a visible part of it.
  std::string out = "0000-00-00";
  out[0] = static_cast<char>('0' + year / 1000);
  out[1] = static_cast<char>('0' + year / 100 % 10);
  out[2] = static_cast<char>('0' + year / 10 % 10);
  out[3] = static_cast<char>('0' + year % 10);
  out[5] = static_cast<char>('0' + month / 10);
  out[6] = static_cast<char>('0' + month % 10);
  out[8] = static_cast<char>('0' + day / 10);
  out[9] = static_cast<char>('0' + day % 10);
  return out;
}

const char* Date::WeekdayName() const {
  static const char* const kNames[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  return kNames[weekday()];
}

std::string Date::ToDayMonthYear() const {
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto ymd = CivilOf(days_);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%u %s %d", static_cast<unsigned>(ymd.day()),
                kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()));
  return buf;
}

std::string Date::ToLongString() const {
  return std::string(WeekdayName()) + " " + ToDayMonthYear();
}

int AgeOn(Date birth, Date on) {
  int age = on.year() - birth.year();
  if (on.month() < birth.month() || (on.month() == birth.month() && on.day() < birth.day())) {
    --age;
  }
  return age;
}

}  // namespace cf::core
