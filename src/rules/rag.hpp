#pragma once
// Red/amber/green for an officer's work queue. Red when overdue by more than the force's
// threshold in working days (Dorset's rule: more than one), amber when due today or overdue
// by up to the threshold, green otherwise.

#include <string_view>

#include "calendar/working_day_calendar.hpp"
#include "rules/engine.hpp"

namespace cf::rules {

enum class Rag { kRed, kAmber, kGreen };
std::string_view Name(Rag r);

// Working days the obligation is overdue by on `today` (0 when not past its deadline).
// Falls back to calendar days when the calendar does not cover the dates.
int WorkingDaysOverdue(const Obligation& o, Date today, const calendar::WorkingDayCalendar& cal);

// REQUIRES: o.status is kOpen or kOverdue
Rag RagFor(const Obligation& o, Date today, const calendar::WorkingDayCalendar& cal,
           int red_after_overdue_working_days);

}  // namespace cf::rules
