#pragma once
// Key driver analysis: binary logistic regression of a 0/1 outcome on drivers, fitted by
// Newton-Raphson: Cholesky steps while far from the estimate, then iteratively reweighted least
// squares steps solved by Householder QR (so that an ill-conditioned problem loses no more
// precision than it must), the estimate and its covariance from the QR.
// It reports what statsmodels' Logit reports (coefficients, standard errors from the inverse
// information matrix, Wald z and p-values, odds ratios with 95% intervals) and a relative
// importance per driver, and refuses, naming the cause, what would only give a misleading
// number: separation, collinear drivers, too few rows.

#include <string>
#include <vector>

#include "core/result.hpp"

namespace cf::stats {

// The data: an outcome of 0s and 1s and the drivers' columns, all of the same length.
struct LogitData {
  std::string outcome_name;
  std::vector<double> outcome;
  std::vector<std::string> driver_names;
  std::vector<std::vector<double>> drivers;  // one column per driver
};

struct LogitTerm {
  std::string term;  // "(intercept)" or the driver's name
  double coefficient = 0;
  double std_error = 0;
  double z = 0;
  double p_value = 0;
  double odds_ratio = 0;
  double ci95_low = 0;  // of the odds ratio
  double ci95_high = 0;
  // The driver's share of the summed absolute standardised coefficients (|b| x the driver's
  // standard deviation), so the drivers' importances add to 1; 0 for the intercept.
  double importance = 0;
};

struct LogitFit {
  std::vector<LogitTerm> terms;  // the intercept first, then the drivers in the order given
  size_t rows = 0;
  size_t events = 0;  // rows whose outcome is 1
  int iterations = 0;
  double log_likelihood = 0;
  double null_log_likelihood = 0;  // of the intercept alone
  double pseudo_r2 = 0;            // McFadden's: 1 - log_likelihood / null_log_likelihood
  // Cautions that do not stop the fit: a driver with a variance inflation factor over 10
  // (nearly collinear), fewer than ten of the rarer outcome per driver.
  std::vector<std::string> warnings;
};

// The most drivers a fit takes (a survey has a few dozen questions at most).
inline constexpr size_t kMaxDrivers = 100;

// Fits `outcome ~ 1 + drivers`. Errors (kInvalidArgument), each naming the cause:
// an outcome that is not 0/1 or is the same in every row; columns of unequal length;
// too few rows (fewer than five per term, or fewer of the rarer outcome than there are terms);
// a constant driver or collinear drivers (naming which drivers each depends on); complete or
// quasi-complete separation (naming the driver and value when one driver does it); a
// non-finite value.
core::Result<LogitFit> FitLogit(const LogitData& data);

// The standard normal's upper tail both sides: P(|Z| >= |z|).
double TwoSidedNormalP(double z);

}  // namespace cf::stats
