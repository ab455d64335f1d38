#include "app/compliance.hpp"

#include <cmath>
#include <map>

namespace cf::app {

Interval Wilson95(int64_t successes, int64_t n) {
  const double z = 1.959963984540054;
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nn;
  const double denominator = 1 + z * z / nn;
  const double centre = (p + z * z / (2 * nn)) / denominator;
  const double half = z * std::sqrt(p * (1 - p) / nn + z * z / (4 * nn * nn)) / denominator;
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

const std::vector<std::string>& MetPriorityDuties() {
  static const std::vector<std::string> kDuties = {"not_investigated", "refer_support",
                                                   "periodic_update", "arrest"};
  return kDuties;
}

void SetRate(ComplianceRow& row) {
  const int64_t due = row.met + row.met_late + row.overdue;
  if (due == 0) return;
  row.rate = static_cast<double>(row.met) / static_cast<double>(due);
  const auto ci = Wilson95(row.met, due);
  row.low = ci.low;
  row.high = ci.high;
}

std::vector<ComplianceRow> Compliance(storage::CaseStore& store, core::Date from, core::Date to,
                                      core::Date as_of, const std::string& group_by,
                                      const std::vector<std::string>& duties) {
  std::map<std::string, ComplianceRow> groups;
  for (const auto& c : store.Compliance(from, to, as_of, group_by, duties)) {
    ComplianceRow& row = groups[c.group];
    row.group = c.group;
    if (c.status == "met") row.met += c.count;
    if (c.status == "met_late") row.met_late += c.count;
    if (c.status == "overdue") row.overdue += c.count;
    if (c.status == "not_required") row.not_required += c.count;
    if (c.status == "open") row.open += c.count;
  }
  std::vector<ComplianceRow> out;
  for (auto& [group, row] : groups) {
    SetRate(row);
    out.push_back(row);
  }
  return out;
}

}  // namespace cf::app
