#include "assess/spider.hpp"

#include <fmt/format.h>

#include <cmath>
#include <numbers>

#include "core/date.hpp"
#include "core/escape.hpp"

namespace cf::assess {
namespace {

std::string Xml(std::string_view s) { return core::EscapeMarkup(s); }

// Words into lines of at most `width` characters.
std::vector<std::string> Wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    if (!line.empty()) line += ' ';
    line += word;
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

double ScaleY(size_t i) { return 60 + 90.0 * static_cast<double>(i); }

std::string Num(double v) { return fmt::format("{:.1f}", std::round(v * 10) / 10 + 0.0); }

std::string Value(const std::optional<double>& v) {
  return v ? fmt::format("{:.1f}", *v) : "not scored";
}

// A point of series `s`: the assessment round and blue, a comparison square and hollow.
std::string Marker(size_t s, Point p) {
  if (s == 0)
    return fmt::format(R"(<circle cx="{}" cy="{}" r="5" fill="#1d70b8"/>)"
                       "\n",
                       Num(p.x), Num(p.y));
  // Unfilled and larger than the round point, so a score that has not changed shows both.
  return fmt::format(
      R"(<rect x="{}" y="{}" width="14" height="14" fill="none" stroke="#0b0c0c" stroke-width="2"/>)"
      "\n",
      Num(p.x - 7), Num(p.y - 7));
}

// One or two indicators make no shape: each is drawn as a scale from 0 to 4 instead.
std::string Scales(const SpiderChart& chart, double width) {
  std::string svg;
  const double x0 = 60, w = width - 120;
  for (size_t i = 0; i < chart.axes.size(); ++i) {
    const double y = ScaleY(i);
    svg += fmt::format(
        R"(<text class="cf-spider-axis" x="{}" y="{}" font-size="13" fill="#0b0c0c">{}</text>)"
        "\n",
        Num(x0), Num(y - 22),
        Xml(chart.axes[i] +
            (!chart.series.empty() && !chart.series.front().values[i] ? " (not scored)" : "")));
    svg += fmt::format(
        R"(<line class="cf-spider-scale" x1="{}" y1="{}" x2="{}" y2="{}" stroke="#505a5f" stroke-width="1"/>)"
        "\n",
        Num(x0), Num(y), Num(x0 + w), Num(y));
    for (int k = 0; k <= kMaxScore; ++k) {
      const double x = x0 + w * k / kMaxScore;
      svg += fmt::format(
          R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#b1b4b6" stroke-width="1"/>)", Num(x),
          Num(y - 6), Num(x), Num(y + 6));
      svg += fmt::format(
          R"(<text x="{}" y="{}" font-size="12" fill="#505a5f" text-anchor="middle">{}</text>)"
          "\n",
          Num(x), Num(y + 22), k);
    }
    for (size_t s = 0; s < chart.series.size(); ++s) {
      if (chart.series[s].values[i])
        svg += Marker(s, {x0 + w * *chart.series[s].values[i] / kMaxScore, y});
    }
  }
  return svg;
}

std::string Radar(const SpiderChart& chart, const SpiderGeometry& geo) {
  const size_t n = chart.axes.size();
  std::string svg;
  // Rings at 1, 2, 3 and 4, with their scores up the first axis.
  for (int ring = 1; ring <= kMaxScore; ++ring) {
    std::string points;
    for (size_t i = 0; i < n; ++i) {
      const Point p = geo.Vertex(i, ring);
      points += fmt::format("{}{},{}", i ? " " : "", Num(p.x), Num(p.y));
    }
    svg += fmt::format(
        R"(<polygon class="cf-spider-ring" points="{}" fill="none" stroke="#b1b4b6" stroke-width="1"/>)"
        "\n",
        points);
    const Point label = geo.Vertex(0, ring);
    svg += fmt::format(R"(<text x="{}" y="{}" font-size="12" fill="#505a5f">{}</text>)"
                       "\n",
                       Num(label.x + 4), Num(label.y + 4), ring);
  }
  // Axes and their labels.
  for (size_t i = 0; i < n; ++i) {
    const Point end = geo.Vertex(i, kMaxScore);
    svg +=
        fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#505a5f" stroke-width="1"/>)"
                    "\n",
                    Num(geo.cx), Num(geo.cy), Num(end.x), Num(end.y));
    const Point at = geo.Vertex(i, kMaxScore * 1.12);
    const double dx = at.x - geo.cx;
    const char* anchor = std::abs(dx) < 1 ? "middle" : dx > 0 ? "start" : "end";
    std::string label = chart.axes[i];
    if (!chart.series.empty() && !chart.series.front().values[i]) label += " (not scored)";
    const auto lines = Wrap(label, 24);
    const double top = at.y < geo.cy - 1   ? at.y - 15.0 * static_cast<double>(lines.size() - 1)
                       : at.y > geo.cy + 1 ? at.y + 10
                                           : at.y - 7.5 * static_cast<double>(lines.size() - 1) + 4;
    svg += fmt::format(
        R"(<text class="cf-spider-axis" x="{}" y="{}" font-size="13" fill="#0b0c0c" text-anchor="{}">)",
        Num(at.x), Num(top), anchor);
    for (size_t l = 0; l < lines.size(); ++l) {
      svg += fmt::format(R"(<tspan x="{}" dy="{}">{}</tspan>)", Num(at.x), l == 0 ? "0" : "15",
                         Xml(lines[l]));
    }
    svg += "</text>\n";
  }
  // The assessment (solid, round points) and any comparison (dashed, square points).
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const bool main = s == 0;
    std::string points;
    for (size_t i = 0; i < n; ++i) {
      if (!chart.series[s].values[i]) continue;
      const Point p = geo.Vertex(i, *chart.series[s].values[i]);
      points += fmt::format("{}{},{}", points.empty() ? "" : " ", Num(p.x), Num(p.y));
    }
    if (!points.empty()) {
      svg += fmt::format(
          R"(<polygon class="cf-spider-series-{}" points="{}" fill="{}" fill-opacity="{}" stroke="{}" )"
          R"(stroke-width="{}"{}/>)"
          "\n",
          s, points, main ? "#1d70b8" : "none", main ? "0.15" : "0", main ? "#1d70b8" : "#0b0c0c",
          main ? 3 : 2, main ? "" : R"( stroke-dasharray="8 5")");
    }
    for (size_t i = 0; i < n; ++i) {
      if (chart.series[s].values[i]) svg += Marker(s, geo.Vertex(i, *chart.series[s].values[i]));
    }
  }
  return svg;
}

}  // namespace

Point SpiderGeometry::Vertex(size_t axis, double score) const {
  const double angle = -std::numbers::pi / 2 +
                       2 * std::numbers::pi * static_cast<double>(axis) / static_cast<double>(axes);
  const double r = radius * score / kMaxScore;
  return {cx + r * std::cos(angle), cy + r * std::sin(angle)};
}

std::string SeriesName(const Assessment& a) {
  const auto d = core::Date::Parse(a.assessed_on);
  return fmt::format("{}, {}{}", a.scope == "force" ? "Force" : a.scope,
                     d ? d->ToLongString() : a.assessed_on,
                     a.assessor.empty() ? "" : " (" + a.assessor + ")");
}

SpiderChart OverallChart(const Framework& framework, const Assessment& assessment,
                         const Assessment* compare) {
  SpiderChart chart;
  chart.title = "Component averages";
  for (const auto& c : framework.components)
    chart.axes.push_back(fmt::format("{}. {}", c.number, c.name));
  for (const Assessment* a : {&assessment, compare}) {
    if (a == nullptr) continue;
    Series s{SeriesName(*a), {}};
    for (const auto& summary : Summarise(framework, *a)) s.values.push_back(summary.average);
    chart.series.push_back(std::move(s));
  }
  return chart;
}

SpiderChart ComponentChart(const Framework& framework, const Component& component,
                           const Assessment& assessment, const Assessment* compare) {
  (void)framework;
  SpiderChart chart;
  chart.title = fmt::format("Component {}: {}", component.number, component.name);
  for (const auto& i : component.indicators)
    chart.axes.push_back(fmt::format("{} {}", i.id, i.title));
  for (const Assessment* a : {&assessment, compare}) {
    if (a == nullptr) continue;
    Series s{SeriesName(*a), {}};
    for (const auto& i : component.indicators) {
      const auto it = a->scores.find(i.id);
      s.values.push_back(it != a->scores.end() && it->second.score
                             ? std::optional<double>(*it->second.score)
                             : std::nullopt);
    }
    chart.series.push_back(std::move(s));
  }
  return chart;
}

std::string SpiderSvg(const SpiderChart& chart, const SpiderGeometry& g, const std::string& id) {
  const size_t n = chart.axes.size();
  SpiderGeometry geo = g;
  geo.axes = n;
  const bool scales = n < 3;
  const double width = geo.cx * 2;
  const double body = scales ? ScaleY(n) : geo.cy * 2;  // where the legend starts
  const double height = body + 20.0 * static_cast<double>(chart.series.size()) + 10;
  // The description states every value, for screen readers.
  std::string desc = scales ? "Scores from 0 to 4. " : "Scores from 0 (centre) to 4 (edge). ";
  for (const auto& s : chart.series) {
    desc += s.name + ": ";
    for (size_t i = 0; i < n; ++i)
      desc += fmt::format("{} {}{}", chart.axes[i], Value(s.values[i]), i + 1 < n ? "; " : ". ");
  }
  std::string svg = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" )"
      R"(aria-labelledby="{}-title {}-desc" class="cf-spider" font-family="Arial, Helvetica, sans-serif">)"
      "\n<title id=\"{}-title\">{}</title>\n<desc id=\"{}-desc\">{}</desc>\n",
      Num(width), Num(height), Num(width), Num(height), id, id, id, Xml(chart.title), id,
      Xml(desc));
  if (scales) {
    svg += Scales(chart, width);
  } else {
    svg += Radar(chart, geo);
  }
  // Legend.
  for (size_t s = 0; s < chart.series.size(); ++s) {
    const double y = body + 10 + 20.0 * static_cast<double>(s);
    svg += fmt::format(R"(<line x1="20" y1="{}" x2="60" y2="{}" stroke="{}" stroke-width="{}"{}/>)",
                       Num(y), Num(y), s == 0 ? "#1d70b8" : "#0b0c0c", s == 0 ? 3 : 2,
                       s == 0 ? "" : R"( stroke-dasharray="8 5")");
    svg += fmt::format(R"(<text x="70" y="{}" font-size="13" fill="#0b0c0c">{}</text>)"
                       "\n",
                       Num(y + 4), Xml(chart.series[s].name + (s == 0 ? "" : " (compared)")));
  }
  return svg + "</svg>\n";
}

}  // namespace cf::assess
