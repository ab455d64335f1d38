#include "app/measures.hpp"

#include <fmt/format.h>

#include <map>
#include <set>
#include <stdexcept>

#include "app/access.hpp"
#include "app/case_derivation.hpp"
#include "app/compliance.hpp"
#include "app/needs_assessment.hpp"
#include "app/survey.hpp"
#include "core/csv.hpp"
#include "core/escape.hpp"
#include "pdf/document.hpp"
#include "sheets/workbook.hpp"

namespace cf::app {
namespace {

std::optional<core::Date> MonthStart(const std::string& month) {
  if (month.size() != 7) return std::nullopt;
  return core::Date::Parse(month + "-01");
}

// The months from `first` to `last` inclusive, YYYY-MM.
std::vector<std::string> MonthsBetween(core::Date first, core::Date last) {
  std::vector<std::string> out;
  for (core::Date m = first; m <= last; m = m.AddMonths(1))
    out.push_back(m.ToString().substr(0, 7));
  return out;
}

using Key = std::pair<std::string, std::string>;  // month, unit
struct Tally {
  double numerator = 0, denominator = 0;
};
using Tallies = std::map<std::string, std::map<Key, Tally>>;  // measure -> (month, unit)

// Code duties by the month of their deadline: Victims' Code duties met on time; referrals and
// leaflets given at all (on time or late).
void CountDuties(Services& s, core::Date from, core::Date to, Tallies& out) {
  for (const auto& [measure, duties, on_time] :
       {std::tuple{"code_on_time", std::vector<std::string>{}, true},
        std::tuple{"referral", std::vector<std::string>{"refer_support"}, false},
        std::tuple{"leaflet", std::vector<std::string>{"information_leaflet"}, false}}) {
    ComplianceRequest r;
    r.from = from;
    r.to = to;
    r.as_of = s.Today();
    r.by = {"unit", "month"};
    r.duties = duties;
    r.audience = "victims";
    const auto rows = ComplianceReport(s, r);
    if (!rows) throw std::logic_error(rows.error().message);
    for (const auto& row : *rows) {
      auto& t = out[measure][{row.group2, row.group}];
      t.numerator += static_cast<double>(on_time ? row.met : row.met + row.met_late);
      t.denominator += static_cast<double>(row.met + row.met_late + row.overdue);
    }
  }
}

// Victims on the cases recorded in the month: identified as vulnerable or intimidated, and
// with their needs assessed.
void CountVictims(Services& s, core::Date from, core::Date to, const std::set<std::string>& units,
                  Tallies& out) {
  const uint32_t vi =
      domain::Bit(domain::PersonFlag::kVulnerable) | domain::Bit(domain::PersonFlag::kIntimidated);
  for (const auto& unit : units) {
    for (const auto& c : s.cases.CasesRecorded(unit, from, to)) {
      const Key key{c.recorded_on.ToString().substr(0, 7), unit};
      const auto bodies = s.cases.EventBodies(c.crime);
      const auto file = ParseStoredCase(c.crime, bodies);
      std::map<std::string, std::pair<bool, bool>> victims;  // person -> identified, assessed
      for (const auto& e : file.events) {
        if (e.type == domain::EventType::kPersonAdded && e.role == domain::Role::kVictim)
          victims[e.person].first = (e.person_flags & vi) != 0;
        const auto it = victims.find(e.person);
        if (it == victims.end()) continue;
        if (e.type == domain::EventType::kPersonFlagged && (e.person_flags & vi) != 0)
          it->second.first = true;
      }
      for (const auto& a : NeedsAssessments(file, bodies)) {
        if (const auto it = victims.find(a.person); it != victims.end())
          it->second.second = a.Complete();
      }
      for (const auto& [person, seen] : victims) {
        auto& identified = out["vi_identified"][key];
        auto& assessed = out["needs_assessed"][key];
        identified.numerator += seen.first ? 1 : 0;
        identified.denominator += 1;
        assessed.numerator += seen.second ? 1 : 0;
        assessed.denominator += 1;
      }
    }
  }
}

// Survey responses (imported and from quality call-backs) by the month of the interview.
void CountSurvey(Services& s, core::Date from, core::Date to, Tallies& out) {
  for (const auto& r : s.quality.SurveyResponses(from, to)) {
    const Key key{r.interviewed_on.ToString().substr(0, 7), r.unit};
    for (const auto& stage : storage::kSurveyStages) {
      const auto satisfied = SatisfiedWith(r, std::string(stage));
      if (!satisfied) continue;
      auto& t = out["satisfaction_" + std::string(stage)][key];
      t.numerator += *satisfied ? 1 : 0;
      t.denominator += 1;
    }
  }
}

// Dip-sample reviews by the month reviewed: the average score, as a share of 100.
void CountReviews(Services& s, core::Date from, core::Date to, Tallies& out) {
  const std::string end = to.AddDays(1).ToString();
  for (const auto& r : s.quality.ReviewsSince(from.ToString(), "")) {
    if (r.reviewed_at >= end) continue;
    auto& t = out["dip_sample_score"][{r.reviewed_at.substr(0, 7), r.unit}];
    t.numerator += r.score;
    t.denominator += 100;
  }
}

}  // namespace

const std::vector<MeasureDefinition>& MeasureDefinitions() {
  static const std::vector<MeasureDefinition> kMeasures = [] {
    std::vector<MeasureDefinition> m = {
        {"code_on_time", "Victims' Code duties met on time",
         "Of the Victims' Code duties due in the month, the share met by their deadline (met "
         "late and overdue count against it).",
         "deadline"},
        {"referral", "Referral rate",
         "Of the referrals to Victim Support owed in the month, the share made (on time or late).",
         "deadline"},
        {"leaflet", "Leaflet rate",
         "Of the information leaflets owed in the month, the share given (on time or late).",
         "deadline"},
        {"vi_identified", "Vulnerable or intimidated victims identified",
         "Of the victims on cases recorded in the month, the share flagged vulnerable or "
         "intimidated.",
         "recorded"},
        {"needs_assessed", "Needs assessments completed",
         "Of the victims on cases recorded in the month, the share whose needs assessment (the "
         "MG11's rear) is complete: every screening question and the court, interpreter, dates "
         "to avoid and personal statement questions answered.",
         "recorded"}};
    for (const auto& q : SurveyStageQuestions())
      m.push_back({"satisfaction_" + q.key,
                   "Satisfied: " + std::string(q.key == "ease_of_contact" ? "ease of contact"
                                               : q.key == "actions_taken" ? "actions taken"
                                               : q.key == "follow_up"     ? "kept informed"
                                               : q.key == "treatment"     ? "treatment"
                                                                          : "whole experience"),
                   "Of the survey's and quality call-backs' answers to \"" + q.question +
                       "\" given in the month, the share completely, very or fairly satisfied.",
                   "interview"});
    m.push_back({"dip_sample_score", "Dip-sample score",
                 "The average score of the dip-sample reviews made in the month.", "review"});
    return m;
  }();
  return kMeasures;
}

const MeasureDefinition* FindMeasure(const std::string& id) {
  for (const auto& m : MeasureDefinitions())
    if (m.id == id) return &m;
  return nullptr;
}

bool MayViewMeasures(const storage::User& user) {
  return MayViewCompliance(user) || HasRole(user, domain::StaffRole::kSupervisor);
}

bool MayViewMeasure(const storage::User& user, const std::string& measure) {
  return MayViewMeasures(user) && (!measure.starts_with("satisfaction_") || MayAnalyseSurvey(user));
}

bool MayRefreshMeasures(const storage::User& user) {
  return HasRole(user, domain::StaffRole::kAnalyst) || HasRole(user, domain::StaffRole::kAdmin);
}

std::pair<std::string, std::string> LastMonths(core::Date day, int count) {
  const core::Date first = core::Date::FromYmd(day.year(), day.month(), 1);
  return {first.AddMonths(1 - count).ToString().substr(0, 7), day.ToString().substr(0, 7)};
}

core::Result<size_t> RefreshMeasures(Services& s, const std::string& first,
                                     const std::string& last) {
  const auto from = MonthStart(first), to_month = MonthStart(last);
  if (!from || !to_month || *to_month < *from || *from < to_month->AddMonths(1 - kMeasureMonths))
    return core::InvalidArgument(fmt::format("months: {} to {} is not 1 to {} months (YYYY-MM)",
                                             first, last, kMeasureMonths));
  const core::Date to = to_month->AddMonths(1).AddDays(-1);
  std::set<std::string> units;
  for (const auto& u : s.accounts.Units()) units.insert(u.id);

  // The duties as of today: periodic updates due since the store was last brought forward
  // exist, as the compliance page's do.
  RollForward(s.cases, s.engine, s.library, {}, s.Today());
  Tallies tallies;
  CountDuties(s, *from, to, tallies);
  for (const auto& [key, tally] : tallies["code_on_time"]) units.insert(key.second);
  CountVictims(s, *from, to, units, tallies);
  CountSurvey(s, *from, to, tallies);
  CountReviews(s, *from, to, tallies);

  std::vector<storage::MeasureRow> rows;
  for (const auto& [measure, by_key] : tallies)
    for (const auto& [key, t] : by_key)
      if (t.denominator > 0)
        rows.push_back({key.first, key.second, measure, t.numerator, t.denominator});
  storage::Transaction tx(s.cases);
  s.quality.ReplaceMeasures(MonthsBetween(*from, *to_month), rows, s.clock.NowUtc());
  tx.Commit();
  return rows.size();
}

namespace {

core::Result<MeasuresView> View(Services& s, const std::string& measure, const std::string& by,
                                const std::string& last, int months) {
  MeasuresView view;
  view.measure = FindMeasure(measure);
  if (!view.measure) return core::InvalidArgument(fmt::format("no measure \"{}\"", measure));
  if (by != "force" && by != "bcu" && by != "unit")
    return core::InvalidArgument("by: one of force, bcu or unit");
  const auto to = MonthStart(last);
  if (!to) return core::InvalidArgument(fmt::format("month: \"{}\" is not YYYY-MM", last));
  if (months < 1 || months > kMeasureMonths)
    return core::InvalidArgument(fmt::format("months: from 1 to {}", kMeasureMonths));
  view.by = by;
  view.months = MonthsBetween(to->AddMonths(1 - months), *to);
  std::map<std::string, std::string> bcu_of;
  for (const auto& u : s.accounts.Units()) bcu_of[u.id] = u.bcu.empty() ? "no BCU" : u.bcu;
  std::map<std::string, MeasureSeries> groups;
  for (const auto& row : s.quality.Measures(view.months.front(), view.months.back())) {
    if (row.measure != measure) continue;
    std::string group = by == "force" ? "Force" : row.unit;
    if (by == "bcu") group = bcu_of.contains(row.unit) ? bcu_of[row.unit] : "no BCU";
    auto& series = groups[group];
    if (series.numerator.empty()) {
      series.group = group;
      series.numerator.assign(view.months.size(), 0);
      series.denominator.assign(view.months.size(), 0);
    }
    const auto at = static_cast<size_t>(
        std::find(view.months.begin(), view.months.end(), row.month) - view.months.begin());
    series.numerator[at] += row.numerator;
    series.denominator[at] += row.denominator;
  }
  for (auto& [group, series] : groups) view.series.push_back(std::move(series));
  view.refreshed_at = s.quality.MeasuresRefreshedAt(view.months.back());
  return view;
}

std::string MonthName(const std::string& month) {  // "2026-11" -> "November 2026"
  static const char* kMonths[] = {"January",   "February", "March",    "April",
                                  "May",       "June",     "July",     "August",
                                  "September", "October",  "November", "December"};
  return fmt::format("{} {}", kMonths[std::stoi(month.substr(5, 2)) - 1], month.substr(0, 4));
}

// The printable monthly report: for each measure, each group's figure in `month` beside the
// month before and the change in percentage points.
core::Result<std::string> MonthlyReport(Services& s, const storage::User& user,
                                        const std::string& by, const std::string& month) {
  std::vector<std::pair<const MeasureDefinition*, MeasuresView>> views;
  for (const auto& m : MeasureDefinitions()) {
    if (!MayViewMeasure(user, m.id)) continue;
    auto view = View(s, m.id, by, month, 2);
    if (!view) return view.error();
    views.emplace_back(&m, std::move(view).value());
  }
  auto figure = [](const MeasureSeries& series, size_t i) {
    const auto rate = series.Rate(i);
    return rate ? fmt::format("{:.1f}% ({:g} of {:g})", 100 * *rate, series.numerator[i],
                              series.denominator[i])
                : std::string("none counted");
  };
  const std::string title = "Citizen Focus measures: " + MonthName(month);
  const std::string grouping = by == "force" ? "the force" : by == "bcu" ? "BCU" : "unit";
  const auto pdf = pdf::RenderPdf(title, title, [&](pdf::Document& d) {
    d.Text("<b>" + core::EscapeMarkup(title) + "</b>", 16);
    d.Gap(2);
    d.Text(core::EscapeMarkup(fmt::format(
               "By {}, beside {}. Rolled up {}. The measures are defined in docs/measures.md.",
               grouping, MonthName(views.front().second.months.front()),
               views.front().second.refreshed_at.empty() ? std::string("never")
                                                         : views.front().second.refreshed_at)),
           9);
    for (const auto& [m, view] : views) {
      d.Gap(4);
      d.Need(60);
      d.Text("<b>" + core::EscapeMarkup(m->title) + "</b>", 12);
      d.Text(core::EscapeMarkup(m->definition), 8);
      d.Gap(1);
      const std::vector<double> widths = {130, 125, 125, 100};
      d.Row({by == "force" ? ""
             : by == "bcu" ? "BCU"
                           : "Unit",
             MonthName(view.months[1]), MonthName(view.months[0]), "Change"},
            widths, true);
      if (view.series.empty()) d.Row({"Nothing counted", "", "", ""}, widths);
      for (const auto& series : view.series) {
        const auto now = series.Rate(1), before = series.Rate(0);
        d.Row(
            {series.group, figure(series, 1), figure(series, 0),
             now && before ? fmt::format("{:+.1f} points", 100 * (*now - *before)) : std::string()},
            widths);
      }
    }
  });
  if (!pdf) throw std::runtime_error("the monthly report's PDF could not be made");
  return *pdf;
}

core::Status MayView(Services& s, const Actor& actor) {
  if (MayViewMeasures(actor.user)) return {};
  AuditAs(s, actor, "denied_measures", "", "");
  return core::PermissionDenied("the measures are for supervisors, analysts and admins");
}

}  // namespace

core::Result<MeasuresView> MeasuresAs(Services& s, const Actor& actor, const std::string& measure,
                                      const std::string& by, const std::string& last, int months) {
  if (auto allowed = MayView(s, actor); !allowed) return allowed.error();
  if (!MayViewMeasure(actor.user, measure)) {
    AuditAs(s, actor, "denied_measures", "", measure);
    return core::PermissionDenied("the satisfaction measures are for analysts and admins");
  }
  auto view = View(s, measure, by, last, months);
  if (view)
    AuditAs(s, actor, "viewed_measures", "",
            fmt::format("{} by {}, {} months to {}", measure, by, months, last));
  return view;
}

core::Result<MeasuresFile> MeasuresFileAs(Services& s, const Actor& actor, const std::string& by,
                                          const std::string& last, const std::string& format,
                                          int months) {
  if (format != "csv" && format != "xlsx" && format != "pdf")
    return core::InvalidArgument("format: one of csv, xlsx or pdf");
  if (auto allowed = MayView(s, actor); !allowed) return allowed.error();
  struct Row {
    std::string month, group, measure;
    double numerator, denominator;
  };
  std::vector<Row> rows;
  for (const auto& m : MeasureDefinitions()) {
    if (!MayViewMeasure(actor.user, m.id)) continue;
    const auto view = View(s, m.id, by, last, months);
    if (!view) return view.error();
    for (size_t i = 0; i < view->months.size(); ++i)
      for (const auto& series : view->series)
        if (series.denominator[i] > 0)
          rows.push_back(
              {view->months[i], series.group, m.id, series.numerator[i], series.denominator[i]});
  }
  MeasuresFile file;
  file.filename = fmt::format("measures-{}-to-{}.{}", by, last, format);
  if (format == "pdf") {
    auto report = MonthlyReport(s, actor.user, by, last);
    if (!report) return report.error();
    file.body = std::move(report).value();
    file.content_type = "application/pdf";
    file.filename = fmt::format("measures-{}-{}.pdf", by, last);
  } else if (format == "csv") {
    file.content_type = "text/csv; charset=utf-8";
    file.body = "month,group,measure,numerator,denominator,rate\r\n";
    for (const auto& r : rows)
      file.body += fmt::format("{},{},{},{:g},{:g},{:.4f}\r\n", r.month, core::CsvField(r.group),
                               r.measure, r.numerator, r.denominator, r.numerator / r.denominator);
  } else {
    file.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    sheets::Sheet table{
        "Measures", {"month", "group", "measure", "numerator", "denominator", "rate"},
        {},         {10, 24, 32, 12, 12, 10},
        "0",        {"", "", "", "", "", "0.0%"}};
    for (const auto& r : rows)
      table.rows.push_back(
          {r.month, r.group, r.measure, r.numerator, r.denominator, r.numerator / r.denominator});
    sheets::Sheet about{"About", {"measure", "title", "definition"}, {}, {32, 40, 100}, "0", {}};
    for (const auto& m : MeasureDefinitions()) about.rows.push_back({m.id, m.title, m.definition});
    auto book = sheets::TableWorkbook({table, about});
    if (!book) throw std::runtime_error("measures workbook: " + book.error().message);
    file.body = std::move(book).value();
  }
  AuditAs(s, actor, "downloaded_measures", "",
          fmt::format("{} by {}, {} months to {}", format, by, months, last));
  return file;
}

}  // namespace cf::app
