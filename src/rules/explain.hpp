#pragma once
// Plain-English explanation of one obligation: why it exists (rule set, duty, source),
// standard or enhanced and why, the deadline arithmetic with every skipped day named, and
// what satisfied it or made it not required.

#include <map>
#include <string>

#include "rules/engine.hpp"

namespace cf::rules {

// People are named by their id on the case ("V1"), or as "Ann Lee (V1)" when `names` (person
// id -> name) has them. Bracketed text names the source of a rule ("[Code 2020, Right 6]");
// "event e4" is an event's id in the case's record.
// REQUIRES: `o` was computed by `engine` from `file` as of `as_of`.
std::string Explain(const ObligationEngine& engine, const CaseFile& file, const Obligation& o,
                    Date as_of, const std::map<std::string, std::string>* names = nullptr);

// Why `person` is in each of `rs`'s enhanced categories at the end of `as_of`, one line per
// category ("Vulnerable victim: flagged vulnerable [source]"). Empty when in none, or when
// the person is not on the case by then.
std::vector<std::string> EnhancedReasons(const RuleSet& rs, const CaseFile& file,
                                         std::string_view person, Date as_of);

// The deadline arithmetic alone: day 0, each day counted or skipped (weekend, holiday),
// the deadline. Errors when the calendar does not cover the dates.
core::Result<std::string> ExplainWorkingDays(const calendar::WorkingDayCalendar& cal, Date day0,
                                             int n);

}  // namespace cf::rules
