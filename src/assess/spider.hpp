#pragma once
// Spider (radar) diagrams of a self-assessment, as in the guide: one axis per component (the
// overall hexagon) or per indicator (a component's diagram), scores 0-4 from the centre out,
// the points joined. Accessible SVG: role="img" with a title and a description that states
// every value (pages also show them in a table beside it); readable in black and white: the
// assessment is a solid line with round points, a comparison dashed with square points.
// An axis with no score is labelled "not scored" and the shape joins the scored points.

#include <optional>
#include <string>
#include <vector>

#include "assess/assessment.hpp"

namespace cf::assess {

struct Point {
  double x = 0;
  double y = 0;
};

// The diagram's geometry: axis i points at -90 + 360 i / n degrees (the first straight up,
// then clockwise); a score v lies at v / 4 of the radius along its axis.
struct SpiderGeometry {
  double cx = 360, cy = 250, radius = 160;
  size_t axes = 6;
  Point Vertex(size_t axis, double score) const;
};

struct Series {
  std::string name;                           // "Force, 27 Nov 2026 (J Smith)"
  std::vector<std::optional<double>> values;  // one per axis
};

struct SpiderChart {
  std::string title;
  std::vector<std::string> axes;  // labels
  std::vector<Series> series;     // the first solid; a second, the comparison, dashed
};

// The six component averages; with `compare`, its averages as a second series.
SpiderChart OverallChart(const Framework& framework, const Assessment& assessment,
                         const Assessment* compare = nullptr);
// One component's indicators.
SpiderChart ComponentChart(const Framework& framework, const Component& component,
                           const Assessment& assessment, const Assessment* compare = nullptr);
std::string SeriesName(const Assessment& a);

// The SVG document; `id` makes its element ids unique on a page.
std::string SpiderSvg(const SpiderChart& chart, const SpiderGeometry& geometry,
                      const std::string& id);

}  // namespace cf::assess
