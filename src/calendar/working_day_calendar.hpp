#pragma once
// Working-day arithmetic for one jurisdiction. Weekends are never working days; holidays
// come from data, never from code. Immutable after construction; safe to share between
// threads.

#include <string>
#include <vector>

#include "core/date.hpp"
#include "core/result.hpp"

namespace cf::calendar {

using core::Date;

struct Holiday {
  Date date;
  std::string title;  // "Christmas Day"
};

class WorkingDayCalendar {
 public:
  // `holidays` must list every holiday in [known_from, known_until]; holidays outside the
  // range are ignored.
  // REQUIRES: known_from <= known_until
  WorkingDayCalendar(std::vector<Holiday> holidays, Date known_from, Date known_until);

  Date known_from() const { return from_; }
  Date known_until() const { return until_; }
  bool Covers(Date d) const { return d >= from_ && d <= until_; }

  // REQUIRES: Covers(d)
  bool IsWorkingDay(Date d) const;
  // The holiday's title, or nullptr when `d` is not a holiday.
  const std::string* HolidayTitle(Date d) const;

  // The n-th working day after `start` (`start` itself never counts, even when it is a
  // working day; a Saturday start makes Monday the first working day).
  // Returns kOutOfRange when `start` or the answer lies outside the data: a stale holiday
  // list fails loudly instead of guessing; kInvalidArgument when n < 1.
  core::Result<Date> AddWorkingDays(Date start, int n) const {
    const int64_t offset = static_cast<int64_t>(start.days()) - from_.days();
    if (n >= 1 && offset >= 0 && offset < static_cast<int64_t>(rank_.size())) {
      const int64_t index = static_cast<int64_t>(rank_[offset]) + n - 1;
      if (index < static_cast<int64_t>(working_.size())) return Date::FromDays(working_[index]);
    }
    return AddWorkingDaysError(start, n);
  }

  // How many working days lie after `from`, up to and including `to` (negative when `to`
  // is before `from`). kOutOfRange when either date lies outside the data.
  core::Result<int> CountWorkingDays(Date from, Date to) const;

 private:
  core::Error AddWorkingDaysError(Date start, int n) const;

  Date from_;
  Date until_;
  std::vector<int32_t> rank_;      // rank_[i]: working days in [from_, from_ + i]
  std::vector<int32_t> working_;   // every working day, in order, as days since epoch
  std::vector<Holiday> holidays_;  // sorted by date
};

}  // namespace cf::calendar
