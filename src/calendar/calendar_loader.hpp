#pragma once
// Builds a WorkingDayCalendar from the GOV.UK bank-holidays layout:
//   {"covers": {"from": "2006-01-01", "to": "2027-12-31"},
//    "events": [{"date": "2006-01-02", "title": "New Year's Day"}, ...]}
// `covers` says how far the data is complete; without it the data cannot be trusted.

#include <string>
#include <string_view>

#include "calendar/working_day_calendar.hpp"

namespace cf::calendar {

// `origin` names the source in error messages (a path, or "built-in").
core::Result<WorkingDayCalendar> ParseCalendar(std::string_view json_text, std::string_view origin);

// The England and Wales calendar compiled into the binary.
const WorkingDayCalendar& EnglandAndWales();

// Reads a calendar file; errors name the file.
core::Result<WorkingDayCalendar> LoadCalendarFile(const std::string& path);

}  // namespace cf::calendar
