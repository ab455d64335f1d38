#include "app/compliance.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "app/access.hpp"
#include "app/needs_assessment.hpp"
#include "core/csv.hpp"
#include "sheets/workbook.hpp"

namespace cf::app {
namespace {

void AddCount(ComplianceRow& row, const std::string& status, int64_t count) {
  if (status == "met") row.met += count;
  if (status == "met_late") row.met_late += count;
  if (status == "overdue") row.overdue += count;
  if (status == "not_required") row.not_required += count;
  if (status == "open") row.open += count;
}

}  // namespace

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
    AddCount(row, c.status, c.count);
  }
  std::vector<ComplianceRow> out;
  for (auto& [group, row] : groups) {
    SetRate(row);
    out.push_back(row);
  }
  return out;
}

const std::vector<std::string>& ComplianceGroupings() {
  static const std::vector<std::string> kGroupings = {"force", "bcu",        "unit", "officer",
                                                      "duty",  "crime_type", "month"};
  return kGroupings;
}

const std::vector<std::string>& ComplianceAudiences() {
  static const std::vector<std::string> kAudiences = {"victims", "witnesses", "all"};
  return kAudiences;
}

std::string GroupingTitle(const std::string& by) {
  if (by == "bcu") return "BCU";
  if (by == "crime_type") return "crime type";
  return by;
}

std::string AudienceTitle(const std::string& audience) {
  if (audience == "victims") return "Victims' Code";
  if (audience == "witnesses") return "Witness Charter";
  return "Victims' Code and Witness Charter";
}

core::Status CheckComplianceRequest(const ComplianceRequest& r) {
  const auto& known = ComplianceGroupings();
  if (r.by.empty() || r.by.size() > 2)
    return core::InvalidArgument("by: give one or two groupings");
  for (const auto& by : r.by) {
    if (std::find(known.begin(), known.end(), by) == known.end())
      return core::InvalidArgument(fmt::format(
          "by: \"{}\" is not one of force, bcu, unit, officer, duty, crime_type, month", by));
  }
  if (r.by.size() == 2 && r.by[0] == r.by[1])
    return core::InvalidArgument(fmt::format("by: \"{}\" is given twice", r.by[0]));
  const auto& audiences = ComplianceAudiences();
  if (std::find(audiences.begin(), audiences.end(), r.audience) == audiences.end())
    return core::InvalidArgument(
        fmt::format("for: \"{}\" is not one of victims, witnesses, all", r.audience));
  if (r.to < r.from) return core::InvalidArgument("to: the end is before the start");
  return {};
}

core::Result<std::vector<ComplianceRow>> ComplianceReport(Services& s, const ComplianceRequest& r) {
  if (auto checked = CheckComplianceRequest(r); !checked) return checked.error();
  storage::ComplianceQuery q{r.from, r.to, r.as_of, {}, r.duties, {}};
  // A BCU is counted by unit, then its units' figures are added together.
  for (const auto& by : r.by) q.group_by.push_back(by == "bcu" ? "unit" : by);
  if (r.audience != "all") {
    // Witnesses are owed under the rule sets owed to them (the Charter, the Witness Care Unit's
    // for witnesses); victims under the rest.
    const bool witnesses = r.audience == "witnesses";
    for (const auto& id : s.library.RuleSetIds()) {
      const rules::RuleSet* rule_set = s.library.FindRuleSet(id);
      if (rule_set == nullptr) continue;
      const bool for_witnesses = (rule_set->owed_roles & domain::Bit(domain::Role::kWitness)) != 0;
      if (for_witnesses == witnesses) q.rule_sets.push_back(id);
    }
    // A store never holds an empty list's meaning ("every rule set"): none of this kind
    // counts nothing.
    if (q.rule_sets.empty()) return std::vector<ComplianceRow>{};
  }
  std::map<std::string, std::string> bcu_of;
  for (const auto& unit : s.accounts.Units())
    bcu_of[unit.id] = unit.bcu.empty() ? "no BCU" : unit.bcu;
  auto value = [&](const std::string& by, const std::string& stored) {
    if (by != "bcu") return stored;
    const auto it = bcu_of.find(stored);
    return it == bcu_of.end() ? std::string("no BCU") : it->second;
  };
  std::map<std::pair<std::string, std::string>, ComplianceRow> groups;
  for (const auto& c : s.cases.Compliance(q)) {
    const std::string g = value(r.by[0], c.group);
    const std::string g2 = r.by.size() > 1 ? value(r.by[1], c.group2) : std::string();
    ComplianceRow& row = groups[{g, g2}];
    row.group = g;
    row.group2 = g2;
    AddCount(row, c.status, c.count);
  }
  std::vector<ComplianceRow> out;
  out.reserve(groups.size());
  for (auto& [key, row] : groups) {
    SetRate(row);
    out.push_back(std::move(row));
  }
  return out;
}

namespace {

// Supervisors, analysts and admins; a refusal is audited.
core::Status CheckMayViewCompliance(Services& s, const Actor& actor) {
  if (MayViewCompliance(actor.user)) return {};
  AuditAs(s, actor, "denied_compliance", "", "");
  return core::PermissionDenied("compliance figures are for supervisors and analysts");
}

std::string AskedText(const ComplianceRequest& r) {
  std::string by;
  for (const auto& b : r.by) by += (by.empty() ? "" : " x ") + b;
  return fmt::format("{} by {}, deadlines {} to {}", r.audience, by, r.from.ToString(),
                     r.to.ToString());
}

}  // namespace

core::Result<std::vector<ComplianceRow>> ComplianceAs(Services& s, const Actor& actor,
                                                      const ComplianceRequest& r) {
  if (auto allowed = CheckMayViewCompliance(s, actor); !allowed) return allowed.error();
  auto rows = ComplianceReport(s, r);
  if (rows) AuditAs(s, actor, "viewed_compliance", "", AskedText(r));
  return rows;
}

std::string ComplianceCsv(const ComplianceRequest& r, const std::vector<ComplianceRow>& rows) {
  std::string out;
  for (const auto& by : r.by) out += by + ",";
  out += "met,met_late,overdue,not_required,open,on_time_rate,ci95_low,ci95_high\n";
  auto fraction = [](const std::optional<double>& v) {
    return v ? fmt::format("{:.4f}", *v) : std::string();
  };
  for (const auto& row : rows) {
    out += core::CsvField(row.group) + ",";
    if (r.by.size() > 1) out += core::CsvField(row.group2) + ",";
    out += fmt::format("{},{},{},{},{},{},{},{}\n", row.met, row.met_late, row.overdue,
                       row.not_required, row.open, fraction(row.rate),
                       fraction(row.rate ? std::optional(row.low) : std::nullopt),
                       fraction(row.rate ? std::optional(row.high) : std::nullopt));
  }
  return out;
}

std::string ComplianceXlsx(const ComplianceRequest& r, const std::vector<ComplianceRow>& rows) {
  sheets::Sheet table{"Compliance", {}, {}, {}, "0", {}};
  for (const auto& by : r.by) {
    table.header.push_back(by);
    table.widths.push_back(by == "month" ? 10 : 24);
    table.column_formats.emplace_back();
  }
  for (const char* name : {"met", "met_late", "overdue", "not_required", "open"}) {
    table.header.emplace_back(name);
    table.widths.push_back(12);
    table.column_formats.emplace_back();
  }
  for (const char* name : {"on_time_rate", "ci95_low", "ci95_high"}) {
    table.header.emplace_back(name);
    table.widths.push_back(12);
    table.column_formats.emplace_back("0.0%");
  }
  for (const auto& row : rows) {
    std::vector<sheets::Cell> cells = {row.group};
    if (r.by.size() > 1) cells.emplace_back(row.group2);
    for (const int64_t n : {row.met, row.met_late, row.overdue, row.not_required, row.open})
      cells.emplace_back(static_cast<double>(n));
    if (row.rate) {
      cells.emplace_back(*row.rate);
      cells.emplace_back(row.low);
      cells.emplace_back(row.high);
    }
    table.rows.push_back(std::move(cells));
  }
  sheets::Sheet about{"About", {"what", "value"}, {}, {20, 70}, "0", {}};
  about.rows = {{std::string("duties"), AudienceTitle(r.audience)},
                {std::string("deadlines from"), r.from.ToString()},
                {std::string("deadlines to"), r.to.ToString()},
                {std::string("statuses as of"), r.as_of.ToString()},
                {std::string("on_time_rate"),
                 std::string("met / (met + met_late + overdue); empty when nothing was due")},
                {std::string("ci95"), std::string("Wilson score interval at 95%")}};
  auto book = sheets::TableWorkbook({table, about});
  if (!book) throw std::runtime_error("compliance workbook: " + book.error().message);
  return std::move(book).value();
}

core::Result<std::vector<CompletionRow>> AssessmentCompletion(Services& s,
                                                              const ComplianceRequest& r) {
  if (auto checked = CheckComplianceRequest(r); !checked) return checked.error();
  if (std::find(r.by.begin(), r.by.end(), "duty") != r.by.end())
    return core::InvalidArgument("by: needs assessments are not grouped by duty");
  std::map<std::pair<std::string, std::string>, CompletionRow> groups;
  for (const auto& unit : s.accounts.Units()) {
    const std::string bcu = unit.bcu.empty() ? "no BCU" : unit.bcu;
    for (const auto& c : s.cases.CasesRecorded(unit.id, r.from, r.to)) {
      auto value = [&](const std::string& by) -> std::string {
        if (by == "force") return "force";
        if (by == "bcu") return std::string(bcu);
        if (by == "unit") return c.unit;
        if (by == "officer") return c.officer;
        if (by == "crime_type") return c.crime_type;
        return c.recorded_on.ToString().substr(0, 7);  // month
      };
      const std::string g = value(r.by[0]);
      const std::string g2 = r.by.size() > 1 ? value(r.by[1]) : std::string();
      const auto people = NeedsAssessments(c.crime, s.cases.EventBodies(c.crime));
      if (people.empty()) continue;
      CompletionRow& row = groups[{g, g2}];
      row.group = g;
      row.group2 = g2;
      for (const auto& p : people) ++(p.Complete() ? row.complete : row.incomplete);
    }
  }
  std::vector<CompletionRow> out;
  out.reserve(groups.size());
  for (auto& [key, row] : groups) {
    const int64_t n = row.complete + row.incomplete;
    if (n > 0) {
      row.rate = static_cast<double>(row.complete) / static_cast<double>(n);
      const Interval ci = Wilson95(row.complete, n);
      row.low = ci.low;
      row.high = ci.high;
    }
    out.push_back(std::move(row));
  }
  return out;
}

core::Result<std::vector<CompletionRow>> AssessmentCompletionAs(Services& s, const Actor& actor,
                                                                const ComplianceRequest& r) {
  if (auto allowed = CheckMayViewCompliance(s, actor); !allowed) return allowed.error();
  auto rows = AssessmentCompletion(s, r);
  if (rows) {
    std::string by;
    for (const auto& b : r.by) by += (by.empty() ? "" : " x ") + b;
    AuditAs(s, actor, "viewed_compliance", "",
            fmt::format("needs assessments by {}, cases recorded {} to {}", by, r.from.ToString(),
                        r.to.ToString()));
  }
  return rows;
}

std::string AssessmentCompletionCsv(const ComplianceRequest& r,
                                    const std::vector<CompletionRow>& rows) {
  std::string out;
  for (const auto& by : r.by) out += by + ",";
  out += "complete,not_complete,completion_rate,ci95_low,ci95_high\n";
  for (const auto& row : rows) {
    out += core::CsvField(row.group) + ",";
    if (r.by.size() > 1) out += core::CsvField(row.group2) + ",";
    out += fmt::format("{},{},{},{},{}\n", row.complete, row.incomplete,
                       row.rate ? fmt::format("{:.4f}", *row.rate) : std::string(),
                       row.rate ? fmt::format("{:.4f}", row.low) : std::string(),
                       row.rate ? fmt::format("{:.4f}", row.high) : std::string());
  }
  return out;
}

core::Result<ComplianceFile> DownloadComplianceAs(Services& s, const Actor& actor,
                                                  const ComplianceRequest& r,
                                                  const std::string& format) {
  if (format != "csv" && format != "xlsx")
    return core::InvalidArgument("format: one of csv or xlsx");
  if (auto allowed = CheckMayViewCompliance(s, actor); !allowed) return allowed.error();
  const auto rows = ComplianceReport(s, r);
  if (!rows) return rows.error();
  ComplianceFile file{
      format == "csv" ? ComplianceCsv(r, *rows) : ComplianceXlsx(r, *rows),
      format == "csv" ? "text/csv; charset=utf-8"
                      : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      fmt::format("compliance-{}-to-{}.{}", r.from.ToString(), r.to.ToString(), format)};
  AuditAs(s, actor, "downloaded_compliance", "", AskedText(r) + " as " + format);
  return file;
}

core::Result<ComplianceFile> DownloadAssessmentCompletionAs(Services& s, const Actor& actor,
                                                            const ComplianceRequest& r,
                                                            const std::string& format) {
  if (format != "csv") return core::InvalidArgument("format: needs assessments download as csv");
  if (auto allowed = CheckMayViewCompliance(s, actor); !allowed) return allowed.error();
  const auto rows = AssessmentCompletion(s, r);
  if (!rows) return rows.error();
  ComplianceFile file{
      AssessmentCompletionCsv(r, *rows), "text/csv; charset=utf-8",
      fmt::format("needs-assessments-{}-to-{}.csv", r.from.ToString(), r.to.ToString())};
  AuditAs(s, actor, "downloaded_compliance", "",
          fmt::format("needs assessments, cases recorded {} to {}", r.from.ToString(),
                      r.to.ToString()));
  return file;
}

}  // namespace cf::app
