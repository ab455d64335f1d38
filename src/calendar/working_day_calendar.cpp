#include "calendar/working_day_calendar.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace cf::calendar {

WorkingDayCalendar::WorkingDayCalendar(std::vector<Holiday> holidays, Date known_from,
                                       Date known_until)
    : from_(known_from), until_(known_until) {
  std::erase_if(holidays, [&](const Holiday& h) { return !Covers(h.date); });
  std::sort(holidays.begin(), holidays.end(),
            [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
  holidays_ = std::move(holidays);
  const int32_t span = until_.days() - from_.days() + 1;
  rank_.resize(span);
  int32_t count = 0;
  auto next_holiday = holidays_.begin();
  for (int32_t i = 0; i < span; ++i) {
    const Date d = from_.AddDays(i);
    bool holiday = false;
    while (next_holiday != holidays_.end() && next_holiday->date <= d) {
      holiday = holiday || next_holiday->date == d;
      ++next_holiday;
    }
    if (!holiday && !d.IsWeekend()) {
      working_.push_back(d.days());
      ++count;
    }
    rank_[i] = count;
  }
}

bool WorkingDayCalendar::IsWorkingDay(Date d) const {
  const int32_t i = d.days() - from_.days();
  const int32_t before = i == 0 ? 0 : rank_[i - 1];
  return rank_[i] != before;
}

const std::string* WorkingDayCalendar::HolidayTitle(Date d) const {
  const auto it = std::lower_bound(holidays_.begin(), holidays_.end(), d,
                                   [](const Holiday& h, Date x) { return h.date < x; });
  return it != holidays_.end() && it->date == d ? &it->title : nullptr;
}

core::Error WorkingDayCalendar::AddWorkingDaysError(Date start, int n) const {
  if (n < 1)
    return core::InvalidArgument(fmt::format("working days must be at least 1, got {}", n));
  if (!Covers(start)) {
    return core::OutOfRange(fmt::format("{} is outside the holiday data ({} to {})",
                                        start.ToString(), from_.ToString(), until_.ToString()));
  }
  return core::OutOfRange(
      fmt::format("{} working days after {} lies past the holiday data, which ends {}", n,
                  start.ToString(), until_.ToString()));
}

core::Result<int> WorkingDayCalendar::CountWorkingDays(Date from, Date to) const {
  for (const Date d : {from, to}) {
    if (!Covers(d)) {
      return core::OutOfRange(fmt::format("{} is outside the holiday data ({} to {})", d.ToString(),
                                          from_.ToString(), until_.ToString()));
    }
  }
  return rank_[to.days() - from_.days()] - rank_[from.days() - from_.days()];
}

}  // namespace cf::calendar
