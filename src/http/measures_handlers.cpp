// The measures pages (app/measures.hpp): one measure over up to 24 months by force, BCU or
// unit, as an SVG chart with its numbers in a table, the roll-ups as CSV, and refreshing them.
#include <fmt/format.h>

#include <cmath>

#include "app/measures.hpp"
#include "core/escape.hpp"
#include "http/handlers.hpp"

namespace cf::http {
namespace {

std::string MonthLabel(const std::string& month) {  // "2026-03" -> "Mar 2026"
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const int m = std::stoi(month.substr(5, 2));
  return fmt::format("{} {}", kMonths[m - 1], month.substr(0, 4));
}

std::string AsPercent(double share) { return fmt::format("{:.1f}%", 100 * share); }

// The line chart: a line a group (at most kLines, each its own colour and dash, so that colour
// is not the only difference), the rate from 0 to 100% over the months, a gap where a month
// counted nothing. The table beside it carries every number.
constexpr int kPageRefreshMonths = 2;  // "Roll up this month and last now"
constexpr size_t kLines = 6;
constexpr const char* kColours[kLines] = {"#1d70b8", "#d4351c", "#00703c",
                                          "#f47738", "#4c2c92", "#505a5f"};
constexpr const char* kDashes[kLines] = {"", "8 4", "2 4", "10 4 2 4", "1 2", "12 6"};

std::string DashAttribute(size_t line) {
  return *kDashes[line] ? fmt::format(" stroke-dasharray=\"{}\"", kDashes[line]) : std::string();
}

// The legend's sample of line `line`: its colour and dash (attributes, which the content
// security policy allows where it refuses inline styles).
std::string Swatch(size_t line) {
  return fmt::format(
      "<svg class=\"cf-swatch\" width=\"32\" height=\"8\" aria-hidden=\"true\" focusable=\"false\">"
      "<line x1=\"0\" y1=\"4\" x2=\"32\" y2=\"4\" stroke=\"{}\" stroke-width=\"3\"{}/></svg>",
      kColours[line], DashAttribute(line));
}

std::string Chart(const app::MeasuresView& v) {
  constexpr double kLeft = 48, kTop = 12, kWidth = 660, kHeight = 220;
  const size_t n = v.months.size();
  auto x = [&](size_t i) {
    return kLeft +
           (n == 1 ? kWidth / 2 : kWidth * static_cast<double>(i) / static_cast<double>(n - 1));
  };
  auto y = [&](double rate) { return kTop + kHeight * (1 - rate); };
  std::string svg = fmt::format(
      "<svg class=\"cf-chart\" viewBox=\"0 0 720 270\" role=\"img\" "
      "aria-labelledby=\"chart-title\" xmlns=\"http://www.w3.org/2000/svg\">"
      "<title id=\"chart-title\">{} by month, {} to {}: the table below gives each figure</title>",
      core::EscapeMarkup(v.measure->title), MonthLabel(v.months.front()),
      MonthLabel(v.months.back()));
  for (int g = 0; g <= 4; ++g) {
    const double gy = y(g / 4.0);
    svg += fmt::format(
        "<line x1=\"{}\" y1=\"{:.1f}\" x2=\"{}\" y2=\"{:.1f}\" stroke=\"#b1b4b6\" "
        "stroke-width=\"1\"/><text x=\"{}\" y=\"{:.1f}\" font-size=\"12\" text-anchor=\"end\" "
        "fill=\"#0b0c0c\">{}%</text>",
        kLeft, gy, kLeft + kWidth, gy, kLeft - 6, gy + 4, g * 25);
  }
  const size_t step = n > 12 ? 3 : 1;
  for (size_t i = 0; i < n; i += step)
    svg += fmt::format(
        "<text x=\"{:.1f}\" y=\"{}\" font-size=\"12\" text-anchor=\"middle\" "
        "fill=\"#0b0c0c\">{}</text>",
        x(i), kTop + kHeight + 20, MonthLabel(v.months[i]));
  for (size_t s = 0; s < std::min(v.series.size(), kLines); ++s) {
    std::string d;
    bool pen_down = false;
    for (size_t i = 0; i < n; ++i) {
      const auto rate = v.series[s].Rate(i);
      if (!rate) {
        pen_down = false;
        continue;
      }
      d += fmt::format("{}{:.1f} {:.1f} ", pen_down ? "L" : "M", x(i), y(*rate));
      pen_down = true;
      svg += fmt::format("<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"{}\"/>", x(i),
                         y(*rate), kColours[s]);
    }
    if (!d.empty())
      svg += fmt::format("<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"{}/>", d,
                         kColours[s], DashAttribute(s));
  }
  svg += "</svg>";
  return svg;
}

}  // namespace

Reply QualityHandlers::MeasuresPage(RequestContext& rc, const Req& req,
                                    const std::string& message) {
  const std::string measure =
      Query(req, "measure").empty() ? "code_on_time" : Query(req, "measure");
  const std::string by = Query(req, "by").empty() ? "bcu" : Query(req, "by");
  const std::string to =
      Query(req, "to").empty() ? s_.Today().ToString().substr(0, 7) : Query(req, "to");
  const auto view = app::MeasuresAs(s_, ActorOf(rc), measure, by, to);
  if (!view) throw ProblemFor(view.error(), "Measures not shown");
  mstch::array measures;
  for (const auto& m : app::MeasureDefinitions())
    if (app::MayViewMeasure(*rc.user, m.id))
      measures.push_back(
          mstch::map{{"id", m.id}, {"title", m.title}, {"selected", m.id == measure}});
  mstch::array groupings;
  for (const auto& [id, title] :
       {std::pair{"force", "Force"}, std::pair{"bcu", "BCU"}, std::pair{"unit", "Unit"}})
    groupings.push_back(
        mstch::map{{"id", std::string(id)}, {"title", std::string(title)}, {"selected", by == id}});
  mstch::array legend, heads;
  for (size_t s = 0; s < view->series.size(); ++s) {
    heads.push_back(mstch::map{{"group", view->series[s].group}});
    if (s < kLines)
      legend.push_back(mstch::map{{"group", view->series[s].group}, {"swatch", Swatch(s)}});
  }
  // The table's body is written here, every text escaped: 24 months of 40 units is a thousand
  // cells, which the template engine would take most of the page's time over.
  std::string rows;
  for (size_t i = view->months.size(); i-- > 0;) {  // newest first
    rows += fmt::format(
        "<tr class=\"govuk-table__row\"><th scope=\"row\" class=\"govuk-table__header\">{}</th>",
        MonthLabel(view->months[i]));
    for (const auto& series : view->series) {
      const auto rate = series.Rate(i);
      rows += fmt::format("<td class=\"govuk-table__cell\" data-label=\"{}\">{}</td>",
                          core::EscapeMarkup(series.group),
                          rate ? fmt::format("{} ({:g} of {:g})", AsPercent(*rate),
                                             series.numerator[i], series.denominator[i])
                               : std::string("none counted"));
    }
    rows += "</tr>";
  }
  auto context = AdminContext(rc, message, {});
  context["measures"] = measures;
  context["groupings"] = groupings;
  context["title"] = view->measure->title;
  context["definition"] = view->measure->definition;
  context["has_series"] = !view->series.empty();
  context["chart"] = Chart(*view);
  context["legend"] = legend;
  context["more"] = view->series.size() > kLines
                        ? fmt::format("The chart shows the first six of {}; the table has all.",
                                      view->series.size())
                        : std::string();
  context["heads"] = heads;
  context["rows"] = rows;
  context["by"] = by;
  context["to"] = to;
  context["period"] = MonthLabel(view->months.front()) + " to " + MonthLabel(view->months.back());
  context["refreshed"] = view->refreshed_at.empty()
                             ? std::string("not yet rolled up")
                             : "rolled up " + view->refreshed_at.substr(0, 16) + " UTC";
  context["csv_href"] = fmt::format("/measures.csv?by={}&to={}", by, to);
  context["xlsx_href"] = fmt::format("/measures.xlsx?by={}&to={}", by, to);
  context["pdf_href"] = fmt::format("/measures.pdf?by={}&to={}", by, to);
  context["to_text"] = MonthLabel(to);
  context["may_refresh"] = app::MayRefreshMeasures(*rc.user);
  return SendHtml(req, restinio::status_ok(),
                  StaffPage(rc, "Measures: " + view->measure->title, Render("measures", context)));
}

Reply QualityHandlers::MeasuresDownload(RequestContext& rc, const Req& req,
                                        const std::string& format) {
  const std::string by = Query(req, "by").empty() ? "bcu" : Query(req, "by");
  const std::string to =
      Query(req, "to").empty() ? s_.Today().ToString().substr(0, 7) : Query(req, "to");
  const auto file = app::MeasuresFileAs(s_, ActorOf(rc), by, to, format);
  if (!file) throw ProblemFor(file.error(), "Measures not downloaded");
  return SendDownload(req, file->content_type, file->filename, file->body);
}

Reply QualityHandlers::RefreshMeasuresForm(RequestContext& rc, const Req& req) {
  if (!SignedIn(rc, req)) return Redirect(req, "/login");
  const auto form = ParseForm(req->body());
  CheckCsrf(rc, form);
  if (!app::MayRefreshMeasures(*rc.user)) {
    Audit(rc, "denied_measures", "", "refresh");
    throw Forbidden("the roll-ups are refreshed by analysts and admins (and the worker)");
  }
  // This month and last, which change as work is done (4 s for a force of 1,000,000
  // obligations): the 24 months would hold a serving thread for a quarter of a minute, and the
  // worker rolls them up nightly (or `measures refresh` at once).
  const auto [first, last] = app::LastMonths(s_.Today(), kPageRefreshMonths);
  const auto stored = app::RefreshMeasures(s_, first, last);
  if (!stored) throw ProblemFor(stored.error(), "Measures not refreshed");
  Audit(rc, "refreshed_measures", "", fmt::format("{} to {}: {} rows", first, last, *stored));
  return Redirect(req, "/measures?done=refreshed");
}

}  // namespace cf::http
