#pragma once
// Proportions as the satisfaction survey reports them: the Wilson score interval for one
// percentage, and two percentages compared (their difference with Newcombe's interval, built
// from the two Wilson intervals, and the pooled two-proportion z test).

#include <cstddef>
#include <optional>

namespace cf::stats {

// The standard normal's 97.5th percentile: the half-width of a 95% interval in standard errors.
inline constexpr double kZ975 = 1.959963984540054;

struct Interval {
  double low = 0;
  double high = 0;
};

// The 95% Wilson score interval of `successes` out of `n`. REQUIRES: successes <= n, n > 0.
Interval WilsonInterval(size_t successes, size_t n);

struct Comparison {
  double first = 0;        // successes / n of the first group
  double second = 0;       // of the second
  double difference = 0;   // first - second
  Interval difference_ci;  // Newcombe's hybrid score interval (method 10), 95%
  double z = 0;            // the pooled two-proportion z statistic
  double p_value = 1;
  bool significant = false;  // p_value < 0.05
};

// The first group against the second. nullopt when either group is empty.
std::optional<Comparison> CompareProportions(size_t successes1, size_t n1, size_t successes2,
                                             size_t n2);

}  // namespace cf::stats
