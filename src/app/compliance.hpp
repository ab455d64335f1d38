#pragma once
// "How well are we meeting the Code?": for obligations whose deadline falls in a range,
// counts of met, met late, overdue, not required (and still open), and the on-time rate
// met / (met + met late + overdue) with a Wilson 95% interval, grouped by force, unit,
// officer, duty or crime type.

#include <optional>
#include <string>
#include <vector>

#include "storage/case_store.hpp"

namespace cf::app {

struct ComplianceRow {
  std::string group;
  int64_t met = 0;
  int64_t met_late = 0;
  int64_t overdue = 0;
  int64_t not_required = 0;
  int64_t open = 0;
  std::optional<double> rate;  // none when nothing was due
  double low = 0;
  double high = 0;
};

struct Interval {
  double low;
  double high;
};
// Wilson score interval for `successes` out of `n` at 95% (z = 1.96). REQUIRES: n > 0
Interval Wilson95(int64_t successes, int64_t n);

// Sets the row's on-time rate and interval from its counts (none when nothing was due).
void SetRate(ComplianceRow& row);

// The Metropolitan Police's four priority measures (Citizen Focus guide): not investigated,
// referral, monthly updates, arrest.
const std::vector<std::string>& MetPriorityDuties();

// Callers bring the store forward to `as_of` first (RollForward), so that every periodic
// update due in the range exists.
// REQUIRES: group_by is force, unit, officer, duty or crime_type
std::vector<ComplianceRow> Compliance(storage::CaseStore& store, core::Date from, core::Date to,
                                      core::Date as_of, const std::string& group_by,
                                      const std::vector<std::string>& duties);

}  // namespace cf::app
