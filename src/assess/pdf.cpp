// The self-assessment as a PDF report (Cairo and Pango): the overall hexagon and the averages,
// guidance, each component's diagram with its indicators' scores and notes, the action plan
// and live evidence. Black, grey and one blue, with dashes and point shapes telling the
// assessment from a comparison, so that it reads in print.
#include <cairo-pdf.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include "assess/report.hpp"
#include "assess/spider.hpp"
#include "core/date.hpp"
#include "core/escape.hpp"
#include "core/file_io.hpp"
#include "pdf/document.hpp"

namespace cf::assess {
namespace {

using pdf::kHeight;
using pdf::kMargin;
using pdf::kMm;
using pdf::kWidth;
using Pdf = pdf::Document;

// The spider diagram at the cursor, `size` points square (plus its legend).
// One or two indicators make no shape: a scale from 0 to 4 for each, as in the SVG.
void Scales(Pdf& pdf, const SpiderChart& chart) {
  cairo_t* cr = pdf.cr();
  const double x0 = kMargin + 20, w = kWidth - 2 * kMargin - 40;
  for (size_t i = 0; i < chart.axes.size(); ++i) {
    pdf.Need(60);
    std::string label = chart.axes[i];
    if (!chart.series.empty() && !chart.series.front().values[i]) label += " (not scored)";
    pdf.Text(core::EscapeMarkup(label), 9, x0);
    const double y = pdf.y() + 12;
    cairo_set_source_rgb(cr, 0.31, 0.35, 0.37);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, x0, y);
    cairo_line_to(cr, x0 + w, y);
    cairo_stroke(cr);
    for (int k = 0; k <= kMaxScore; ++k) {
      const double x = x0 + w * k / kMaxScore;
      cairo_move_to(cr, x, y - 4);
      cairo_line_to(cr, x, y + 4);
      cairo_stroke(cr);
      pdf.set_y(y + 6);
      pdf.Text(std::to_string(k), 7, x - 3, 12, false);
    }
    for (size_t s = 0; s < chart.series.size(); ++s) {
      if (!chart.series[s].values[i]) continue;
      const double x = x0 + w * *chart.series[s].values[i] / kMaxScore;
      if (s == 0) {
        cairo_set_source_rgb(cr, 0.11, 0.44, 0.72);
        cairo_arc(cr, x, y, 4, 0, 6.2832);
        cairo_fill(cr);
      } else {
        cairo_rectangle(cr, x - 5, y - 5, 10, 10);  // unfilled: an unchanged score shows both
        cairo_set_source_rgb(cr, 0.04, 0.05, 0.05);
        cairo_set_line_width(cr, 1.5);
        cairo_stroke(cr);
      }
    }
    pdf.set_y(y + 26);
  }
}

void Spider(Pdf& pdf, const SpiderChart& chart, double size) {
  cairo_t* cr = pdf.cr();
  const size_t n = chart.axes.size();
  if (n < 3) {
    Scales(pdf, chart);
    for (size_t s = 0; s < chart.series.size(); ++s) {
      pdf.Text(fmt::format("{} {}", s == 0 ? "\u25cf" : "\u25a1",
                           core::EscapeMarkup(chart.series[s].name)),
               8);
    }
    return;
  }
  pdf.Need(size + 16.0 * static_cast<double>(chart.series.size()));
  const SpiderGeometry g{kWidth / 2, pdf.y() + size / 2, size * 0.3, n};
  cairo_set_line_width(cr, 0.6);
  for (int ring = 1; ring <= kMaxScore; ++ring) {
    cairo_set_source_rgb(cr, 0.69, 0.71, 0.72);
    for (size_t i = 0; i <= n; ++i) {
      const Point p = g.Vertex(i % n, ring);
      i == 0 ? cairo_move_to(cr, p.x, p.y) : cairo_line_to(cr, p.x, p.y);
    }
    cairo_stroke(cr);
    const Point at = g.Vertex(0, ring);
    const double saved = pdf.y();
    pdf.set_y(at.y - 5);
    pdf.Text(fmt::format("<span foreground=\"#505a5f\">{}</span>", ring), 7, at.x + 3, 20, false);
    pdf.set_y(saved);
  }
  for (size_t i = 0; i < n; ++i) {
    const Point end = g.Vertex(i, kMaxScore);
    cairo_set_source_rgb(cr, 0.31, 0.35, 0.37);
    cairo_move_to(cr, g.cx, g.cy);
    cairo_line_to(cr, end.x, end.y);
    cairo_stroke(cr);
    std::string label = chart.axes[i];
    if (!chart.series.empty() && !chart.series.front().values[i]) label += " (not scored)";
    const Point at = g.Vertex(i, kMaxScore * 1.1);
    const double width = 120;
    const double dx = at.x - g.cx;
    const double x = std::abs(dx) < 1 ? at.x - width / 2 : dx > 0 ? at.x : at.x - width;
    const double saved = pdf.y();
    pdf.set_y(at.y < g.cy - 1 ? at.y - 24 : at.y > g.cy + 1 ? at.y + 2 : at.y - 10);
    pdf.Text(fmt::format("<span size=\"small\">{}</span>", core::EscapeMarkup(label)), 8, x, width,
             false);
    pdf.set_y(saved);
  }
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const bool main = s == 0;
    bool first = true;
    for (size_t i = 0; i < n; ++i) {
      if (!chart.series[s].values[i]) continue;
      const Point p = g.Vertex(i, *chart.series[s].values[i]);
      first ? cairo_move_to(cr, p.x, p.y) : cairo_line_to(cr, p.x, p.y);
      first = false;
    }
    cairo_close_path(cr);
    if (main) {
      cairo_set_source_rgba(cr, 0.11, 0.44, 0.72, 0.15);
      cairo_fill_preserve(cr);
      cairo_set_source_rgb(cr, 0.11, 0.44, 0.72);
      cairo_set_line_width(cr, 2);
    } else {
      const double dash[] = {6, 4};
      cairo_set_dash(cr, dash, 2, 0);
      cairo_set_source_rgb(cr, 0.04, 0.05, 0.05);
      cairo_set_line_width(cr, 1.5);
    }
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
    for (size_t i = 0; i < n; ++i) {
      if (!chart.series[s].values[i]) continue;
      const Point p = g.Vertex(i, *chart.series[s].values[i]);
      if (main) {
        cairo_arc(cr, p.x, p.y, 3.5, 0, 6.2832);
        cairo_fill(cr);
      } else {
        cairo_rectangle(cr, p.x - 5, p.y - 5, 10, 10);  // unfilled: an unchanged score shows both
        cairo_set_source_rgb(cr, 0.04, 0.05, 0.05);
        cairo_stroke(cr);
      }
    }
  }
  pdf.set_y(pdf.y() + size);
  for (size_t s = 0; s < chart.series.size(); ++s) {
    pdf.Text(fmt::format("{} {}", s == 0 ? "\u25cf solid:" : "\u25a1 dashed:",
                         core::EscapeMarkup(chart.series[s].name)),
             8);
  }
}

cairo_status_t AppendTo(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

core::Status WritePdf(const Report& r, const std::string& path) {
  const Framework& f = *r.framework;
  const Assessment& a = r.assessment;
  // Made in memory, then written with every step checked: cairo's own file output does not
  // report a full disk.
  std::string bytes;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(AppendTo, &bytes, kWidth, kHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return core::InvalidArgument(fmt::format("{}: cannot make a PDF", path));
  }
  const std::string title = fmt::format("Citizen Focus self-assessment: {}", SeriesName(a));
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Citizen Focus");
  cairo_t* cr = cairo_create(surface);
  {
    Pdf pdf(cr, "Indicators \u00a9 Crown copyright 2007, Open Government Licence v3.0.");
    pdf.Text("<b>" + core::EscapeMarkup(title) + "</b>", 16);
    pdf.Gap(2);
    pdf.Text(core::EscapeMarkup("Scores: " + f.scale[0] + " (0) to " + f.scale[4] +
                                " (4). Averages are over the indicators scored."),
             9);
    if (!a.notes.empty()) pdf.Text(core::EscapeMarkup(a.notes), 9);
    pdf.Gap(4);
    const Assessment* compare = r.compare ? &*r.compare : nullptr;
    Spider(pdf, OverallChart(f, a, compare), 300);
    pdf.Gap(3);
    const auto now = Summarise(f, a);
    std::vector<ComponentSummary> before;
    if (compare) before = Summarise(f, *compare);
    std::vector<double> widths = {250, 70, 70};
    std::vector<std::string> head = {"Component", "Average", "Scored"};
    if (compare) {
      widths = {230, 60, 60, 80};
      head.push_back("Before");
    }
    pdf.Row(head, widths, true);
    for (size_t i = 0; i < now.size(); ++i) {
      std::vector<std::string> row = {
          fmt::format("{}. {}", now[i].component->number, now[i].component->name),
          FormatAverage(now[i].average), fmt::format("{} of {}", now[i].scored, now[i].total)};
      if (compare) row.push_back(FormatAverage(before[i].average));
      pdf.Row(row, widths);
    }
    pdf.Gap(5);
    pdf.Text("<b>Where to improve</b>", 12);
    for (const auto& g : Guidance(f, a)) {
      if (!g.development) continue;
      pdf.Text(core::EscapeMarkup(fmt::format("{}. {} ({}): read pages {} of the guide.",
                                              g.component->number, g.component->name,
                                              FormatAverage(g.average), g.component->guide_pages)),
               9);
    }
    for (const auto& c : f.components) {
      pdf.NewPage();
      pdf.Text(fmt::format("<b>Component {}: {}</b>", c.number, core::EscapeMarkup(c.name)), 13);
      pdf.Text(core::EscapeMarkup(fmt::format("Guide pages {}", c.guide_pages)), 9);
      pdf.Gap(2);
      Spider(pdf, ComponentChart(f, c, a, compare), 250);
      pdf.Gap(3);
      pdf.Row({"Indicator", "Score", "Note and evidence", "Next step"}, {140, 48, 150, 172}, true);
      for (const auto& i : c.indicators) {
        const auto it = a.scores.find(i.id);
        std::string score = "Not scored", note;
        std::optional<int> value;
        if (it != a.scores.end()) {
          if (it->second.score) score = std::to_string(*(value = it->second.score));
          note = it->second.note;
          for (const auto& l : it->second.evidence) note += (note.empty() ? "" : "\n") + l;
        }
        pdf.Row({i.id + " " + i.title, score, note,
                 value && *value >= kMaxScore ? "" : i.levels[value ? *value + 1 : 1]},
                {140, 48, 150, 172});
      }
      for (const auto& e : r.evidence) {
        if (f.FindIndicator(e.indicator)->component != c.number) continue;
        pdf.Gap(2);
        pdf.Text(core::EscapeMarkup(fmt::format("Measured by Citizen Focus ({}): {}: {}",
                                                e.indicator, e.measure, e.value)),
                 9);
      }
    }
    if (!r.actions.empty()) {
      pdf.NewPage();
      pdf.Text("<b>Action plan</b>", 13);
      pdf.Gap(2);
      pdf.Row({"Indicator", "Action", "Owner", "Due", "Status"}, {55, 220, 100, 70, 65}, true);
      for (const auto& p : r.actions) {
        pdf.Row({p.indicator, p.action, p.owner, p.due, ActionStatusText(p.status)},
                {55, 220, 100, 70, 65});
      }
    }
    pdf.Gap(6);
    pdf.Text(core::EscapeMarkup(f.attribution), 7);
    pdf.Finish();
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return core::InvalidArgument(fmt::format("{}: {}", path, cairo_status_to_string(status)));
  return core::WriteFileAtomically(path, bytes);
}

}  // namespace cf::assess
