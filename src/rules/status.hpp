#pragma once
// The status vocabulary of an obligation instance and the one rule that picks a status
// (victims-code.md section 5). The event duties (engine.cpp) and periodic updates
// (periodic.cpp) call StatusOn; the store's compliance counts repeat it as an SQL CASE
// (Compliance() in src/storage/sqlite/sqlite_store.cpp), because they must count in the
// database, and tests/status_rule_test.cpp fails when the two disagree.
// Pure: no I/O, no clock. Thread-safe.

#include <optional>
#include <string_view>

#include "core/date.hpp"

namespace cf::rules {

enum class ObligationStatus { kOpen, kOverdue, kMet, kMetLate, kNotRequired };

// "open", "overdue", "met", "met_late", "not_required": the names stored, reported and
// accepted in scenario files.
std::string_view Name(ObligationStatus s);

// The status at the end of `as_of` of an instance due on `deadline`, satisfied on `met_at`
// (nullopt: not satisfied), and `not_required` when a not-required rule applies by `as_of`
// (the caller decides that: an opt-out, a closure). The first check that holds wins, and
// the order is the rule:
//   1. kMet          met_at <= deadline: a duty done in time stays done, even if the person
//                    later opts out or the case closes;
//   2. kNotRequired  nothing is owed any more, so a late record satisfies nothing;
//   3. kMetLate      met after the deadline;
//   4. kOpen         as_of <= deadline: the deadline day itself is still in time;
//   5. kOverdue      otherwise.
// A `met_at` after `as_of` has not happened yet on `as_of` and counts as not met: the
// engine never passes one, but rows stored as of a later day do.
ObligationStatus StatusOn(core::Date deadline, std::optional<core::Date> met_at, bool not_required,
                          core::Date as_of);

}  // namespace cf::rules
