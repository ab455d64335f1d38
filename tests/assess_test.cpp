// The self-assessment: the guide's 21 indicators, scoring and averaging (partial assessments
// included), guidance to the guide and the next level, and the spider diagram's geometry.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "assess/assessment.hpp"
#include "assess/spider.hpp"

namespace cf::assess {
namespace {

const Framework& F() { return BuiltInFramework(); }

TEST(Framework, TheGuidesSixComponentsAndTwentyOneIndicators) {
  ASSERT_EQ(F().components.size(), 6u);
  EXPECT_EQ(F().IndicatorCount(), 21u);
  const std::vector<size_t> sizes = {2, 8, 2, 2, 4, 3};
  for (size_t c = 0; c < 6; ++c) EXPECT_EQ(F().components[c].indicators.size(), sizes[c]) << c + 1;
  EXPECT_EQ(F().components[1].guide_pages, "18-26");
  const Indicator* continuity = F().FindIndicator("2.6");
  ASSERT_NE(continuity, nullptr);
  EXPECT_EQ(continuity->title, "Ensure continuity of contact");
  EXPECT_EQ(continuity->component, 2);
  EXPECT_EQ(continuity->levels[2],
            "We have tools/processes in place but there is no monitoring regime.");
  EXPECT_EQ(F().scale[4], "Indicator fully delivered, model of good practice")
      << "the guide's misprint corrected";
  EXPECT_NE(F().attribution.find("Open Government Licence v3.0"), std::string::npos);
  EXPECT_EQ(F().FindIndicator("7.1"), nullptr);
}

Assessment Partial() {
  Assessment a;
  a.scope = "force";
  a.assessed_on = "2026-11-27";
  a.assessor = "Ch Insp R Shah";
  a.scores["1.1"].score = 3;
  a.scores["1.2"].score = 2;
  a.scores["2.1"].score = 4;
  a.scores["2.6"].score = 1;
  a.scores["2.7"] = {std::nullopt, "not discussed yet", {}};  // present but unscored
  a.scores["4.1"].score = 0;
  return a;
}

TEST(Scoring, AveragesAreOverScoredIndicatorsOnly) {
  const auto s = Summarise(F(), Partial());
  ASSERT_EQ(s.size(), 6u);
  EXPECT_DOUBLE_EQ(*s[0].average, 2.5);
  EXPECT_EQ(s[0].scored, 2u);
  EXPECT_DOUBLE_EQ(*s[1].average, 2.5)
      << "(4 + 1) / 2: the six unscored indicators do not count as zero";
  EXPECT_EQ(s[1].scored, 2u);
  EXPECT_EQ(s[1].total, 8u);
  EXPECT_FALSE(s[2].average) << "component 3 has nothing scored";
  EXPECT_DOUBLE_EQ(*s[3].average, 0.0) << "a zero is a score";
  EXPECT_EQ(FormatAverage(s[0].average), "2.5");
  EXPECT_EQ(FormatAverage(s[2].average), "Not scored");
  Assessment full = Partial();
  for (const auto& c : F().components) {
    for (const auto& i : c.indicators) full.scores[i.id].score = 4;
  }
  for (const auto& c : Summarise(F(), full)) EXPECT_DOUBLE_EQ(*c.average, 4.0);
  EXPECT_EQ(FormatAverage(2.0 / 3.0), "0.7");
}

TEST(Scoring, GuidanceStartsWithTheWeakestAndNamesTheNextLevel) {
  const auto g = Guidance(F(), Partial());
  ASSERT_EQ(g.size(), 6u);
  EXPECT_EQ(g[0].component->number, 3) << "not scored first";
  EXPECT_EQ(g[3].component->number, 4) << "then 0.0";
  EXPECT_TRUE(g[3].development);
  const auto& c1 =
      *std::find_if(g.begin(), g.end(), [](const auto& x) { return x.component->number == 1; });
  EXPECT_TRUE(c1.development) << "2.5 is below 3";
  ASSERT_EQ(c1.next_steps.size(), 2u);
  EXPECT_EQ(c1.next_steps[0].next_level, F().FindIndicator("1.1")->levels[4]);
  const auto& c2 =
      *std::find_if(g.begin(), g.end(), [](const auto& x) { return x.component->number == 2; });
  EXPECT_EQ(c2.next_steps.size(), 7u) << "2.1 is at 4 already";
  const auto unscored = std::find_if(c2.next_steps.begin(), c2.next_steps.end(),
                                     [](const auto& n) { return n.indicator->id == "2.7"; });
  EXPECT_EQ(unscored->next_level, F().FindIndicator("2.7")->levels[1])
      << "an unscored indicator aims at 1";
}

TEST(Scoring, ValidationNamesTheField) {
  Assessment a = Partial();
  a.scores["2.6"].score = 5;
  a.scores["9.9"].score = 1;
  a.scores["1.1"].evidence = {"https://intranet/a", ""};
  a.assessed_on = "27/11/2026";
  a.assessor.clear();
  const auto p = Validate(F(), a);
  const std::vector<std::string> expected = {
      "assessed_on: \"27/11/2026\" is not a date (YYYY-MM-DD)",
      "assessor: say who made the assessment",
      "scores.1.1.evidence: a link must have 1 to 500 characters",
      "scores.2.6.score: 5 is not between 0 and 4", "scores.9.9: there is no indicator 9.9"};
  EXPECT_EQ(p, expected);
  EXPECT_TRUE(Validate(F(), Partial()).empty());
}

TEST(Spider, VerticesForKnownScores) {
  const SpiderGeometry g{300, 200, 160, 6};
  const Point top = g.Vertex(0, 4);
  EXPECT_NEAR(top.x, 300, 1e-9);
  EXPECT_NEAR(top.y, 40, 1e-9) << "the first axis points straight up";
  const Point second = g.Vertex(1, 2);  // 30 degrees below horizontal right, half way
  EXPECT_NEAR(second.x, 300 + 80 * std::cos(-M_PI / 6), 1e-9);
  EXPECT_NEAR(second.y, 200 + 80 * std::sin(-M_PI / 6), 1e-9);
  EXPECT_NEAR(g.Vertex(3, 4).y, 360, 1e-9) << "the fourth of six points straight down";
  EXPECT_NEAR(g.Vertex(2, 0).x, 300, 1e-9);
  EXPECT_NEAR(g.Vertex(2, 0).y, 200, 1e-9) << "zero is the centre";
  const SpiderGeometry pair{300, 200, 160, 2};
  EXPECT_NEAR(pair.Vertex(1, 4).y, 360, 1e-9) << "two axes: up and down";
}

// The "points" of the polygon with this class in the SVG.
std::string Points(const std::string& svg, const std::string& cls) {
  const std::regex re("class=\"" + cls + "\" points=\"([^\"]*)\"");
  std::smatch m;
  return std::regex_search(svg, m, re) ? m[1].str() : "";
}

TEST(Spider, TheOverallHexagonPlotsTheComponentAverages) {
  Assessment a;
  a.scope = "North BCU";
  a.assessed_on = "2026-11-27";
  a.assessor = "Supt K Lee";
  for (const auto& c : F().components) {
    for (const auto& i : c.indicators) a.scores[i.id].score = 4;
  }
  a.scores["1.1"].score = 2;
  a.scores["1.2"].score = 2;  // component 1: 2.0
  const auto chart = OverallChart(F(), a);
  ASSERT_EQ(chart.axes.size(), 6u);
  EXPECT_EQ(chart.axes[0], "1. Understand the needs of victims and witnesses");
  const SpiderGeometry g{360, 250, 160, 6};
  const std::string svg = SpiderSvg(chart, g, "overall");
  // Component 1 at 2.0: half way up; the others at the edge.
  EXPECT_EQ(Points(svg, "cf-spider-series-0"),
            "360.0,170.0 498.6,170.0 498.6,330.0 360.0,410.0 221.4,330.0 221.4,170.0");
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("aria-labelledby=\"overall-title overall-desc\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"overall-title\">Component averages</title>"), std::string::npos);
  EXPECT_NE(svg.find("1. Understand the needs of victims and witnesses 2.0; 2. Deliver a "
                     "personalised service 4.0;"),
            std::string::npos)
      << "the description states every value";
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '\n') > 10, true);
}

TEST(Spider, AComparisonIsOverlaidDashedAndUnscoredAxesAreSaidSo) {
  Assessment now = Partial(), before = Partial();
  before.assessed_on = "2025-11-27";
  before.scores["2.6"].score = 0;
  const Component& c2 = *F().FindComponent(2);
  const auto chart = ComponentChart(F(), c2, now, &before);
  ASSERT_EQ(chart.series.size(), 2u);
  ASSERT_EQ(chart.axes.size(), 8u);
  const std::string svg = SpiderSvg(chart, {}, "c2");
  EXPECT_NE(svg.find("stroke-dasharray=\"8 5\""), std::string::npos);
  EXPECT_NE(svg.find("(compared)"), std::string::npos);
  EXPECT_NE(svg.find("(not scored)"), std::string::npos);
  // Two scored axes (2.1 at 4, 2.6 at 1): only they are joined.
  const SpiderGeometry g{360, 250, 160, 8};
  const Point a = g.Vertex(0, 4), b = g.Vertex(5, 1);
  EXPECT_EQ(Points(svg, "cf-spider-series-0"),
            fmt::format("{:.1f},{:.1f} {:.1f},{:.1f}", a.x, a.y, b.x, b.y));
  EXPECT_NE(svg.find("Ch Insp R Shah"), std::string::npos);
  Assessment hostile = Partial();
  hostile.scope = "<script>alert(1)</script>";
  EXPECT_EQ(SpiderSvg(OverallChart(F(), hostile), {}, "x").find("<script>"), std::string::npos)
      << "escaped";
}

TEST(Spider, OneOrTwoIndicatorsAreDrawnAsScalesNotAFlatShape) {
  Assessment now = Partial(), before = Partial();
  before.scores["1.1"].score = 1;
  const auto chart = ComponentChart(F(), *F().FindComponent(1), now, &before);
  const std::string svg = SpiderSvg(chart, {}, "c1");
  EXPECT_EQ(svg.find("<polygon"), std::string::npos) << "no shape from two points";
  // A 720-wide diagram: scales from x 60 to 660; 1.1 at 3 (now) and 1 (before) on the first.
  EXPECT_NE(svg.find(R"(class="cf-spider-scale" x1="60.0" y1="60.0" x2="660.0" y2="60.0")"),
            std::string::npos);
  EXPECT_NE(svg.find(R"(<circle cx="510.0" cy="60.0")"), std::string::npos);
  EXPECT_NE(svg.find(R"(<rect x="203.0" y="53.0" width="14" height="14" fill="none")"),
            std::string::npos)
      << "unfilled, so an unchanged score shows both points";
  EXPECT_NE(svg.find("Scores from 0 to 4. "), std::string::npos);
}

}  // namespace
}  // namespace cf::assess
