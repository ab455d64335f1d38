// Proportions (against values from statsmodels' proportion_confint, confint_proportions_2indep
// and proportions_ztest) and the key driver engine's refusals. tests/stats/
// logit_vs_statsmodels.py compares whole fits with statsmodels itself.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "stats/logit.hpp"
#include "stats/proportion.hpp"

namespace cf::stats {
namespace {

TEST(WilsonInterval, AgreesWithStatsmodels) {
  const auto i = WilsonInterval(81, 263);
  EXPECT_NEAR(i.low, 0.2552885198782742, 1e-12);
  EXPECT_NEAR(i.high, 0.36620957698280004, 1e-12);
  const auto none = WilsonInterval(0, 20);
  EXPECT_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.1611251580528194, 1e-12);
  const auto all = WilsonInterval(20, 20);
  EXPECT_NEAR(all.low, 0.8388748419471804, 1e-12);
  EXPECT_LE(all.high, 1.0);
}

TEST(CompareProportions, NewcombeIntervalAndPooledZTest) {
  const auto c = CompareProportions(412, 500, 151, 200);
  ASSERT_TRUE(c.has_value());
  EXPECT_NEAR(c->difference, 0.824 - 0.755, 1e-12);
  EXPECT_NEAR(c->difference_ci.low, 0.0038430865896964678, 1e-12);
  EXPECT_NEAR(c->difference_ci.high, 0.14009579908525144, 1e-12);
  EXPECT_NEAR(c->z, 2.0786608175368175, 1e-10);
  EXPECT_NEAR(c->p_value, 0.03764853676541867, 1e-10);
  EXPECT_TRUE(c->significant);
  const auto same = CompareProportions(50, 100, 52, 100);
  ASSERT_TRUE(same.has_value());
  EXPECT_FALSE(same->significant);
  EXPECT_FALSE(CompareProportions(1, 2, 0, 0).has_value());
}

LogitData Generated(size_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution coin(0.5);
  std::uniform_real_distribution<double> unit(0, 1);
  LogitData d{"satisfied", {}, {"knew_who", "days"}, {{}, {}}};
  for (size_t i = 0; i < n; ++i) {
    const double a = coin(rng) ? 1 : 0, b = unit(rng) * 20;
    d.drivers[0].push_back(a);
    d.drivers[1].push_back(b);
    d.outcome.push_back(unit(rng) < 1 / (1 + std::exp(-(-0.5 + 1.2 * a - 0.05 * b))) ? 1 : 0);
  }
  return d;
}

TEST(FitLogit, RecoversKnownDriversAndSumsImportanceToOne) {
  const auto fit = FitLogit(Generated(20000, 7));
  ASSERT_TRUE(fit) << fit.error().message;
  ASSERT_EQ(fit->terms.size(), 3u);
  EXPECT_EQ(fit->terms[0].term, "(intercept)");
  EXPECT_NEAR(fit->terms[1].coefficient, 1.2, 0.1);
  EXPECT_NEAR(fit->terms[2].coefficient, -0.05, 0.01);
  EXPECT_NEAR(fit->terms[1].odds_ratio, std::exp(fit->terms[1].coefficient), 1e-12);
  EXPECT_LT(fit->terms[1].ci95_low, fit->terms[1].odds_ratio);
  EXPECT_GT(fit->terms[1].ci95_high, fit->terms[1].odds_ratio);
  EXPECT_NEAR(fit->terms[1].importance + fit->terms[2].importance, 1.0, 1e-12);
  EXPECT_EQ(fit->terms[0].importance, 0.0);
  EXPECT_GT(fit->pseudo_r2, 0.0);
  EXPECT_TRUE(fit->warnings.empty());
}

TEST(FitLogit, TwoThreadsAndOneAgree) {
  // 20,000 rows or more are split over two threads; the same rows less one are not.
  auto d = Generated(20001, 9);
  const auto two = FitLogit(d);
  // The same table less its last row.
  for (auto* column : {&d.outcome, &d.drivers[0], &d.drivers[1]}) column->pop_back();
  const auto one = FitLogit(d);
  ASSERT_TRUE(two && one);
  EXPECT_NEAR(two->terms[1].coefficient, one->terms[1].coefficient, 1e-3);
}

TEST(FitLogit, RefusesWhatWouldMislead) {
  auto d = Generated(200, 3);
  d.outcome.assign(200, 1);
  EXPECT_NE(FitLogit(d).error().message.find("nothing to explain"), std::string::npos);

  d = Generated(200, 3);
  d.outcome[5] = 2;
  EXPECT_NE(FitLogit(d).error().message.find("must be 0 or 1"), std::string::npos);

  d = Generated(200, 3);
  d.drivers[1][9] = std::nan("");
  EXPECT_NE(FitLogit(d).error().message.find("not a finite number in row 10"), std::string::npos);

  d = Generated(200, 3);
  for (size_t i = 0; i < 200; ++i) d.drivers[0][i] = d.outcome[i];  // the answer is the outcome
  EXPECT_NE(FitLogit(d).error().message.find("separation"), std::string::npos);

  d = Generated(200, 3);
  d.driver_names.push_back("weeks");
  d.drivers.push_back(d.drivers[1]);
  for (auto& v : d.drivers[2]) v /= 7;  // days and weeks: collinear
  const auto collinear = FitLogit(d);
  ASSERT_FALSE(collinear);
  EXPECT_NE(collinear.error().message.find("collinear drivers: days and weeks"), std::string::npos)
      << collinear.error().message;

  d = Generated(14, 3);
  EXPECT_NE(FitLogit(d).error().message.find("too few rows"), std::string::npos);
}

TEST(FitLogit, WarnsOfNearCollinearityAndFewEvents) {
  auto d = Generated(5000, 11);
  std::mt19937_64 rng(5);
  std::normal_distribution<double> noise(0, 0.05);
  d.driver_names.push_back("days_again");
  d.drivers.push_back(d.drivers[1]);
  for (auto& v : d.drivers[2]) v += noise(rng);
  const auto fit = FitLogit(d);
  ASSERT_TRUE(fit) << fit.error().message;
  ASSERT_FALSE(fit->warnings.empty());
  EXPECT_NE(fit->warnings[0].find("variance inflation factor"), std::string::npos);
}

}  // namespace
}  // namespace cf::stats
