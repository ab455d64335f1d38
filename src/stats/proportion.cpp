#include "stats/proportion.hpp"

#include <algorithm>
#include <cmath>

#include "stats/logit.hpp"

namespace cf::stats {
Interval WilsonInterval(size_t successes, size_t n) {
  const double nn = static_cast<double>(n);
  const double p = static_cast<double>(successes) / nn;
  const double z2 = kZ975 * kZ975;
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = kZ975 * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
  // At 0 or n successes the formula's own rounding can put an end a hair beyond [0, 1].
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::optional<Comparison> CompareProportions(size_t successes1, size_t n1, size_t successes2,
                                             size_t n2) {
  if (n1 == 0 || n2 == 0) return std::nullopt;
  Comparison c;
  c.first = static_cast<double>(successes1) / static_cast<double>(n1);
  c.second = static_cast<double>(successes2) / static_cast<double>(n2);
  c.difference = c.first - c.second;
  const Interval a = WilsonInterval(successes1, n1);
  const Interval b = WilsonInterval(successes2, n2);
  c.difference_ci.low =
      c.difference - std::sqrt(std::pow(c.first - a.low, 2) + std::pow(b.high - c.second, 2));
  c.difference_ci.high =
      c.difference + std::sqrt(std::pow(a.high - c.first, 2) + std::pow(c.second - b.low, 2));
  const double pooled = static_cast<double>(successes1 + successes2) / static_cast<double>(n1 + n2);
  const double se = std::sqrt(pooled * (1 - pooled) *
                              (1 / static_cast<double>(n1) + 1 / static_cast<double>(n2)));
  c.z = se > 0 ? c.difference / se : 0;
  c.p_value = se > 0 ? TwoSidedNormalP(c.z) : 1;
  c.significant = c.p_value < 0.05;
  return c;
}

}  // namespace cf::stats
