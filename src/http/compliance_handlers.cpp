// The compliance page (/compliance) and its downloads (/compliance.csv, /compliance.xlsx):
// app::ComplianceAs's figures for any date range, one or two groupings, the Victims' Code
// and the Witness Charter apart, with a chart drawn here as SVG and its numbers in a table.
#include <fmt/format.h>

#include <algorithm>

#include "app/access.hpp"
#include "app/compliance.hpp"
#include "core/escape.hpp"
#include "http/handlers.hpp"

namespace cf::http {
namespace {

// Bars the chart draws; the table below it has every row.
constexpr size_t kChartBars = 30;

struct Asked {
  app::ComplianceRequest request;
  // Each problem with the id of the field it is about, for the error summary's links.
  std::vector<std::pair<std::string, std::string>> problems;
};

// The request a page's query asks for, defaults filled in: deadlines from the first of the
// month five months back to today, by unit, the Victims' Code.
Asked AskedIn(const request_handle_t& req, core::Date today) {
  Asked out;
  app::ComplianceRequest& r = out.request;
  r.as_of = today;
  r.to = today;
  r.from = *core::Date::Parse(today.AddMonths(-5).ToString().substr(0, 8) + "01");
  auto date = [&](const char* name, const char* field, const char* what, core::Date& into) {
    const std::string text = Query(req, name);
    if (text.empty()) return;
    if (const auto d = core::Date::Parse(text)) {
      into = *d;
    } else {
      out.problems.emplace_back(field,
                                fmt::format("{} must be a real date, like 2026-06-01", what));
    }
  };
  date("from", "f-from", "The first deadline", r.from);
  date("to", "f-to", "The last deadline", r.to);
  if (out.problems.empty() && r.to < r.from)
    out.problems.emplace_back("f-to", "The last deadline must be on or after the first");
  const auto& groupings = app::ComplianceGroupings();
  auto known = [&](const std::string& by) {
    return std::find(groupings.begin(), groupings.end(), by) != groupings.end();
  };
  const std::string by = Query(req, "by").empty() ? std::string("unit") : Query(req, "by");
  const std::string then = Query(req, "then");
  r.by = {by};
  if (!known(by))
    out.problems.emplace_back("f-by", "Choose how to group the figures from the list");
  if (!then.empty()) {
    if (!known(then))
      out.problems.emplace_back("f-then", "Choose a second grouping from the list, or none");
    else if (then == by)
      out.problems.emplace_back("f-then", "Choose a second grouping different from the first");
    else
      r.by.push_back(then);
  }
  const std::string audience = Query(req, "for");
  if (!audience.empty()) r.audience = audience;
  const auto& audiences = app::ComplianceAudiences();
  if (std::find(audiences.begin(), audiences.end(), r.audience) == audiences.end())
    out.problems.emplace_back("f-for", "Choose whose duties to count");
  return out;
}

std::string QueryOf(const app::ComplianceRequest& r) {
  return fmt::format("from={}&to={}&by={}&then={}&for={}", r.from.ToString(), r.to.ToString(),
                     r.by[0], r.by.size() > 1 ? r.by[1] : "", r.audience);
}

std::string Percent(double v) { return fmt::format("{:.1f}%", v * 100); }

// "Crime type" for a heading or a choice ("crime type" in a sentence).
std::string TitleOf(const std::string& by) {
  std::string text = app::GroupingTitle(by);
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

// What a person reads for a group's value.
class GroupLabels {
 public:
  GroupLabels(std::map<std::string, std::string> officers, const std::vector<storage::Unit>& units)
      : officers_(std::move(officers)) {
    for (const auto& u : units) units_[u.id] = u.name.empty() ? u.id : u.name + " (" + u.id + ")";
  }
  std::string operator()(const std::string& by, const std::string& value) const {
    if (by == "force") return "The force";
    if (by == "officer") return Find(officers_, value, "no officer");
    if (by == "unit") return Find(units_, value, "no unit");
    if (by == "duty") return std::string(domain::DutyTitle(value));
    if (by == "month") {
      if (const auto d = core::Date::Parse(value + "-01")) {  // "1 Jun 2026" -> "Jun 2026"
        const std::string day = d->ToDayMonthYear();
        return day.substr(day.find(' ') + 1);
      }
    }
    return value.empty() ? std::string("not recorded") : value;
  }

 private:
  static std::string Find(const std::map<std::string, std::string>& in, const std::string& key,
                          const char* empty) {
    if (key.empty()) return empty;
    const auto it = in.find(key);
    return it == in.end() ? key : it->second;
  }
  std::map<std::string, std::string> officers_;
  std::map<std::string, std::string> units_;
};

// A horizontal bar per group: its on-time rate, with its 95% interval as a line across the
// bar's end. role="img" with a title and description; the table after it has the numbers.
std::string RateChart(const std::vector<std::pair<std::string, const app::ComplianceRow*>>& bars,
                      const std::string& title) {
  constexpr int kWidth = 480, kPlot = 400, kRow = 48, kTop = 34;
  const int height = kTop + static_cast<int>(bars.size()) * kRow + 8;
  std::string svg = fmt::format(
      R"(<svg class="cf-chart" viewBox="0 0 {0} {1}" width="100%" role="img" aria-labelledby="chart-title chart-desc" xmlns="http://www.w3.org/2000/svg">)"
      R"(<title id="chart-title">{2}</title>)"
      R"(<desc id="chart-desc">A bar for each group showing the share of duties met on time, with a line showing its 95% interval. The same figures are in the table below.</desc>)",
      kWidth, height, core::EscapeMarkup(title));
  for (int tick = 0; tick <= 100; tick += 25) {
    const int x = kPlot * tick / 100;
    svg += fmt::format(
        R"(<line x1="{0}" y1="{1}" x2="{0}" y2="{2}" stroke="#b1b4b6" stroke-width="1"/>)"
        R"(<text x="{3}" y="20" font-size="14" fill="#0b0c0c" text-anchor="{4}">{5}%</text>)",
        x + 1, kTop - 6, height - 8, std::max(x, 1),
        tick == 0     ? "start"
        : tick == 100 ? "end"
                      : "middle",
        tick);
  }
  int y = kTop;
  for (const auto& [label, row] : bars) {
    svg += fmt::format(R"(<text x="2" y="{}" font-size="15" fill="#0b0c0c">{}</text>)", y + 14,
                       core::EscapeMarkup(label));
    if (row->rate) {
      const double w = kPlot * *row->rate;
      const double lo = kPlot * row->low, hi = kPlot * row->high;
      svg += fmt::format(
          R"(<rect x="1" y="{0}" width="{1:.1f}" height="18" fill="#1d70b8"/>)"
          R"(<line x1="{2:.1f}" y1="{3}" x2="{4:.1f}" y2="{3}" stroke="#0b0c0c" stroke-width="2"/>)"
          R"(<line x1="{2:.1f}" y1="{5}" x2="{2:.1f}" y2="{6}" stroke="#0b0c0c" stroke-width="2"/>)"
          R"(<line x1="{4:.1f}" y1="{5}" x2="{4:.1f}" y2="{6}" stroke="#0b0c0c" stroke-width="2"/>)"
          R"(<text x="{7}" y="{8}" font-size="15" fill="#0b0c0c" text-anchor="end">{9}</text>)",
          y + 20, std::max(w, 1.0), lo + 1, y + 29, hi + 1, y + 24, y + 34, kWidth - 2, y + 34,
          fmt::format("{:.0f}%", *row->rate * 100));
    } else {
      svg += fmt::format(
          R"(<text x="{}" y="{}" font-size="15" fill="#0b0c0c" text-anchor="end">nothing due</text>)",
          kWidth - 2, y + 34);
    }
    y += kRow;
  }
  return svg + "</svg>";
}

}  // namespace

request_handling_status_t ComplianceHandlers::CompliancePage(RequestContext& rc,
                                                             const request_handle_t& req) {
  const Asked asked = AskedIn(req, s_.Today());
  const app::ComplianceRequest& r = asked.request;
  mstch::map context{{"from", Query(req, "from").empty() ? r.from.ToString() : Query(req, "from")},
                     {"to", Query(req, "to").empty() ? r.to.ToString() : Query(req, "to")}};
  auto options = [&](const std::string& chosen, bool with_none) {
    mstch::array out;
    if (with_none)
      out.push_back(mstch::map{{"value", std::string()},
                               {"text", std::string("Nothing else")},
                               {"selected", chosen.empty()}});
    for (const auto& g : app::ComplianceGroupings()) {
      out.push_back(mstch::map{{"value", g}, {"text", TitleOf(g)}, {"selected", g == chosen}});
    }
    return out;
  };
  context["by_options"] = options(Query(req, "by").empty() ? "unit" : Query(req, "by"), false);
  context["then_options"] = options(Query(req, "then"), true);
  mstch::array audiences;
  for (const auto& a : app::ComplianceAudiences()) {
    audiences.push_back(mstch::map{{"value", a},
                                   {"id", a == "victims" ? std::string("f-for") : "f-for-" + a},
                                   {"text", app::AudienceTitle(a)},
                                   {"checked", a == r.audience}});
  }
  context["audiences"] = audiences;
  mstch::array linked;
  for (const auto& [field, text] : asked.problems) {
    linked.push_back(mstch::map{{"href", "#" + field}, {"text", text}});
    context["error_" + field.substr(2)] = text;  // error_from, error_to, error_by...
  }
  if (!asked.problems.empty()) {
    context["problem"] = true;
    context["linked_problems"] = linked;
    return SendHtml(req, restinio::status_bad_request(),
                    StaffPage(rc, "Error: Compliance", Render("compliance", context)));
  }
  const auto rows = app::ComplianceAs(s_, ActorOf(rc), r);
  if (!rows) throw ProblemFor(rows.error(), "Not shown");

  const GroupLabels label(OfficerLabels(), s_.accounts.Units());
  app::ComplianceRow total;
  mstch::array table;
  std::vector<std::pair<std::string, const app::ComplianceRow*>> bars;
  for (const auto& row : *rows) {
    total.met += row.met;
    total.met_late += row.met_late;
    total.overdue += row.overdue;
    total.not_required += row.not_required;
    total.open += row.open;
    mstch::map line{
        {"group", label(r.by[0], row.group)},
        {"met", std::to_string(row.met)},
        {"met_late", std::to_string(row.met_late)},
        {"overdue", std::to_string(row.overdue)},
        {"not_required", std::to_string(row.not_required)},
        {"open", std::to_string(row.open)},
        {"rate", row.rate ? Percent(*row.rate) : std::string("nothing due")},
        {"interval", row.rate ? fmt::format("{} to {}", Percent(row.low), Percent(row.high))
                              : std::string("-")}};
    if (r.by.size() > 1) line["group2"] = label(r.by[1], row.group2);
    table.push_back(line);
    if (r.by.size() == 1 && bars.size() < kChartBars)
      bars.emplace_back(label(r.by[0], row.group), &row);
  }
  app::SetRate(total);
  const std::string what = fmt::format("{}: duties due {} to {}", app::AudienceTitle(r.audience),
                                       r.from.ToDayMonthYear(), r.to.ToDayMonthYear());
  context["what"] = what;
  context["as_of"] = r.as_of.ToDayMonthYear();
  context["due"] = std::to_string(total.met + total.met_late + total.overdue);
  context["overall"] = total.rate ? Percent(*total.rate) : std::string("nothing due");
  context["overall_interval"] =
      total.rate ? fmt::format("{} to {}", Percent(total.low), Percent(total.high)) : "";
  context["has_rows"] = !rows->empty();
  context["rows"] = table;
  context["two"] = r.by.size() > 1;
  context["by_title"] = TitleOf(r.by[0]);
  if (r.by.size() > 1) context["then_title"] = TitleOf(r.by[1]);
  if (!bars.empty()) {
    context["chart"] = RateChart(bars, "On time by " + app::GroupingTitle(r.by[0]) + ", " + what);
    if (rows->size() > bars.size())
      context["chart_note"] =
          fmt::format("The chart shows the first {} of {} groups.", bars.size(), rows->size());
  }
  context["query"] = QueryOf(r);
  // Needs assessments, asked for by a link (each case is read): the first grouping that is not
  // the duty, for cases recorded in the same dates.
  if (Query(req, "needs") == "yes") {
    app::ComplianceRequest needs = r;
    std::erase(needs.by, std::string("duty"));
    if (needs.by.empty()) needs.by = {"unit"};
    const auto completion = app::AssessmentCompletionAs(s_, ActorOf(rc), needs);
    if (!completion) throw ProblemFor(completion.error(), "Not shown");
    mstch::array needs_rows;
    int64_t complete = 0, all = 0;
    for (const auto& row : *completion) {
      complete += row.complete;
      all += row.complete + row.incomplete;
      mstch::map line{
          {"group", label(needs.by[0], row.group)},
          {"complete", std::to_string(row.complete)},
          {"incomplete", std::to_string(row.incomplete)},
          {"rate", row.rate ? Percent(*row.rate) : std::string("-")},
          {"interval", row.rate ? fmt::format("{} to {}", Percent(row.low), Percent(row.high))
                                : std::string("-")}};
      if (needs.by.size() > 1) line["group2"] = label(needs.by[1], row.group2);
      needs_rows.push_back(line);
    }
    context["needs"] = mstch::map{
        {"rows", needs_rows},
        {"has_rows", !needs_rows.empty()},
        {"two", needs.by.size() > 1},
        {"by_title", TitleOf(needs.by[0])},
        {"then_title", needs.by.size() > 1 ? TitleOf(needs.by[1]) : std::string()},
        {"overall",
         all > 0 ? fmt::format("{} of {} ({})", complete, all,
                               Percent(static_cast<double>(complete) / static_cast<double>(all)))
                 : std::string("nobody to assess")},
        {"from", r.from.ToDayMonthYear()},
        {"to", r.to.ToDayMonthYear()},
        {"csv", "/compliance.csv?" + QueryOf(needs) + "&needs=yes"}};
  } else {
    context["needs_link"] = "/compliance?" + QueryOf(r) + "&needs=yes#needs";
  }
  return SendHtml(req, restinio::status_ok(),
                  StaffPage(rc, "Compliance", Render("compliance", context)));
}

request_handling_status_t ComplianceHandlers::Download(RequestContext& rc,
                                                       const request_handle_t& req,
                                                       const std::string& format) {
  const Asked asked = AskedIn(req, s_.Today());
  if (!asked.problems.empty()) {
    const auto& [field, text] = asked.problems.front();
    std::string pointer(1, '?');  // f-from -> ?from
    pointer.append(field, 2, std::string::npos);
    throw BadRequest(text, json::array({{{"pointer", pointer}, {"message", text}}}));
  }
  const auto file =
      Query(req, "needs") == "yes"
          ? app::DownloadAssessmentCompletionAs(s_, ActorOf(rc), asked.request, format)
          : app::DownloadComplianceAs(s_, ActorOf(rc), asked.request, format);
  if (!file) throw ProblemFor(file.error(), "Not downloaded");
  return SendDownload(req, file->content_type, file->filename, file->body);
}

}  // namespace cf::http
