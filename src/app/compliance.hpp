#pragma once
// "How well are we meeting the Code?": for obligations whose deadline falls in a range,
// counts of met, met late, overdue, not required (and still open), and the on-time rate
// met / (met + met late + overdue) with a Wilson 95% interval, grouped by one or two of force,
// BCU, unit, officer, duty, crime type and month; the Victims' Code and the Witness Charter
// reported separately. The CLI (`compliance`) and the analyst's page (/compliance) both read
// ComplianceReport, so their figures are the same.

#include <optional>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "app/staff_actions.hpp"
#include "core/result.hpp"
#include "storage/case_store.hpp"

namespace cf::app {

struct ComplianceRow {
  std::string group;
  std::string group2;  // the second grouping's value ("" with one grouping)
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

// Every rule set's duties, one grouping. Callers bring the store forward to `as_of` first
// (RollForward), so that every periodic update due in the range exists.
// REQUIRES: group_by is force, unit, officer, duty or crime_type
std::vector<ComplianceRow> Compliance(storage::CaseStore& store, core::Date from, core::Date to,
                                      core::Date as_of, const std::string& group_by,
                                      const std::vector<std::string>& duties);

// What to report.
struct ComplianceRequest {
  core::Date from;
  core::Date to;
  core::Date as_of;
  std::vector<std::string> by = {"force"};  // one or two of ComplianceGroupings()
  std::vector<std::string> duties;          // empty: every duty
  // Whose duties: "victims" (the Victims' Code), "witnesses" (the Witness Charter) or "all".
  std::string audience = "victims";
};
// force, bcu, unit, officer, duty, crime_type, month.
const std::vector<std::string>& ComplianceGroupings();
// victims, witnesses, all.
const std::vector<std::string>& ComplianceAudiences();
// "BCU", "crime type", ... for a grouping; "Victims' Code" ... for an audience.
std::string GroupingTitle(const std::string& by);
std::string AudienceTitle(const std::string& audience);

// kInvalidArgument naming what is wrong: a grouping or audience not known, none or more than
// two groupings, the same one twice, `to` before `from`.
core::Status CheckComplianceRequest(const ComplianceRequest& r);

// The rows, ordered by group then group2 (months in order). A BCU is its units' figures
// together ("no BCU" for a unit without one). Callers bring the store forward first, as for
// Compliance. Errors: CheckComplianceRequest's.
core::Result<std::vector<ComplianceRow>> ComplianceReport(Services& s, const ComplianceRequest& r);

// ComplianceReport for a supervisor, analyst or admin (kPermissionDenied otherwise, audited as
// denied_compliance); audited as viewed_compliance with what was asked.
core::Result<std::vector<ComplianceRow>> ComplianceAs(Services& s, const Actor& actor,
                                                      const ComplianceRequest& r);

// The rows as CSV: a column per grouping (named by it), then met, met_late, overdue,
// not_required, open, on_time_rate, ci95_low, ci95_high (rates as fractions to 4 places).
std::string ComplianceCsv(const ComplianceRequest& r, const std::vector<ComplianceRow>& rows);

// The rows as an Excel workbook: sheet "Compliance" with the CSV's columns (numbers as
// numbers) and sheet "About" saying what was counted. Throws std::runtime_error when the
// workbook cannot be made (a failure of the machine).
std::string ComplianceXlsx(const ComplianceRequest& r, const std::vector<ComplianceRow>& rows);

// How complete the MG11 needs assessments are: the victims and witnesses on cases recorded
// from r.from to r.to (London dates; cases of the force's units), complete or not
// (app/needs_assessment), grouped by r.by (force, bcu, unit, officer, crime_type or month, the
// month the case was recorded; not duty). r.as_of and r.audience are not used.
struct CompletionRow {
  std::string group;
  std::string group2;
  int64_t complete = 0;
  int64_t incomplete = 0;  // assessed in part, or not at all
  std::optional<double> rate;
  double low = 0;
  double high = 0;
};
// kInvalidArgument as CheckComplianceRequest, and for grouping by duty.
core::Result<std::vector<CompletionRow>> AssessmentCompletion(Services& s,
                                                              const ComplianceRequest& r);
// For whom ComplianceAs allows; audited as viewed_compliance ("needs assessments by ...").
core::Result<std::vector<CompletionRow>> AssessmentCompletionAs(Services& s, const Actor& actor,
                                                                const ComplianceRequest& r);
// A column per grouping, then complete, not_complete, completion_rate, ci95_low, ci95_high.
std::string AssessmentCompletionCsv(const ComplianceRequest& r,
                                    const std::vector<CompletionRow>& rows);

// The file to download (`format` csv or xlsx), for whom ComplianceAs allows; audited as
// downloaded_compliance. kInvalidArgument for another format.
struct ComplianceFile {
  std::string body;
  std::string content_type;
  std::string filename;  // compliance-FROM-to-TO.FORMAT
};
core::Result<ComplianceFile> DownloadComplianceAs(Services& s, const Actor& actor,
                                                  const ComplianceRequest& r,
                                                  const std::string& format);

// AssessmentCompletion as a CSV file (needs-assessments-FROM-to-TO.csv), for whom ComplianceAs
// allows; audited as downloaded_compliance. kInvalidArgument for a format other than csv.
core::Result<ComplianceFile> DownloadAssessmentCompletionAs(Services& s, const Actor& actor,
                                                            const ComplianceRequest& r,
                                                            const std::string& format);

}  // namespace cf::app
