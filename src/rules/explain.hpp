#pragma once
// Plain-English explanation of one obligation: why it exists (rule set, duty, source),
// standard or enhanced and why, the deadline arithmetic with every skipped day named, and
// what satisfied it or made it not required.

#include <string>

#include "rules/engine.hpp"

namespace cf::rules {

// REQUIRES: `o` was computed by `engine` from `file` as of `as_of`.
std::string Explain(const ObligationEngine& engine, const CaseFile& file, const Obligation& o,
                    Date as_of);

// The deadline arithmetic alone: day 0, each day counted or skipped (weekend, holiday),
// the deadline. Errors when the calendar does not cover the dates.
core::Result<std::string> ExplainWorkingDays(const calendar::WorkingDayCalendar& cal, Date day0,
                                             int n);

}  // namespace cf::rules
