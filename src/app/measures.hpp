#pragma once
// The measures a force is judged by (issue 16; the guide's suggested measures beside Code
// compliance), by month for up to 24 months, by unit, BCU or force. Rolled up by month and unit
// into measure_rollups (RefreshMeasures, run by the worker and on demand), so that a measures
// page reads a few hundred stored rows and never scans the cases.

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"

namespace cf::app {

inline constexpr int kMeasureMonths = 24;

struct MeasureDefinition {
  std::string id;
  std::string title;        // "Referral rate"
  std::string definition;   // what is counted, in a sentence
  std::string month_basis;  // what puts a case in a month: "deadline", "recorded", ...
};
// In the order shown: code_on_time, referral, leaflet, vi_identified, needs_assessed,
// satisfaction_<stage> for the survey's five stages, dip_sample_score.
const std::vector<MeasureDefinition>& MeasureDefinitions();
const MeasureDefinition* FindMeasure(const std::string& id);

// Supervisors, analysts and admins: the measures are aggregates. The satisfaction measures are
// for analysts and admins only, as the survey is: by unit and month their counts are small
// enough to tell one victim's answers.
bool MayViewMeasures(const storage::User& user);
bool MayViewMeasure(const storage::User& user, const std::string& measure);
// Analysts and admins roll them up on demand (a force's 24 months take a while); the worker
// does it on its own.
bool MayRefreshMeasures(const storage::User& user);

// Rolls up every measure for every unit for the months `first` to `last` (YYYY-MM, at most
// kMeasureMonths of them) and stores them in one transaction, replacing what was held. Returns
// how many rows were stored. kInvalidArgument for months that are not YYYY-MM or out of order.
core::Result<size_t> RefreshMeasures(Services& s, const std::string& first,
                                     const std::string& last);
// The months to roll up: the last `count` months to the one holding `day`.
std::pair<std::string, std::string> LastMonths(core::Date day, int count);

struct MeasureSeries {
  std::string group;  // the unit, the BCU ("no BCU" for units without one) or "Force"
  std::vector<double> numerator, denominator;  // by month
  std::optional<double> Rate(size_t month) const {
    return denominator[month] > 0 ? std::optional(numerator[month] / denominator[month])
                                  : std::nullopt;
  }
};
struct MeasuresView {
  const MeasureDefinition* measure = nullptr;
  std::string by;                   // force, bcu or unit
  std::vector<std::string> months;  // YYYY-MM, oldest first
  std::vector<MeasureSeries> series;
  std::string refreshed_at;  // when the latest month was rolled up; "" never
};
// `measure` over the `months` months to `last` (YYYY-MM), by force, bcu or unit, from the
// stored roll-ups; audited as viewed_measures. Errors: kPermissionDenied (audited as
// denied_measures), kInvalidArgument (an unknown measure or grouping, a bad month, months
// outside 1 to kMeasureMonths).
core::Result<MeasuresView> MeasuresAs(Services& s, const Actor& actor, const std::string& measure,
                                      const std::string& by, const std::string& last,
                                      int months = kMeasureMonths);

// Every measure over the months to `last` by `by`, one row per month, group and measure
// counted: as CSV (`format` csv: month,group,measure,numerator,denominator,rate, the rate a
// fraction to 4 places) or an Excel workbook (xlsx: sheet "Measures" with those columns, numbers
// as numbers and the rate as a percentage, and sheet "About" defining each measure). For whom
// MeasuresAs allows; audited as downloaded_measures. Or (pdf) the printable monthly report of
// `last`: each measure's figure for each group beside the month before and the change in
// points. kInvalidArgument for another format; a workbook or PDF that cannot be made throws
// std::runtime_error (a failure of the machine).
struct MeasuresFile {
  std::string body;
  std::string content_type;
  std::string filename;  // measures-BY-to-YYYY-MM.FORMAT, measures-BY-YYYY-MM.pdf
};
core::Result<MeasuresFile> MeasuresFileAs(Services& s, const Actor& actor, const std::string& by,
                                          const std::string& last, const std::string& format,
                                          int months = kMeasureMonths);

}  // namespace cf::app
