#include "stats/logit.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <optional>
#include <thread>
#include <tuple>

#include "stats/proportion.hpp"

namespace cf::stats {
namespace {

constexpr int kMaxIterations = 50;
constexpr double kStepTolerance = 1e-10;   // the largest relative change, converged
constexpr double kNewtonTolerance = 1e-5;  // from here on, steps by QR
// Rows are taken in blocks small enough to stay in cache, and in two halves on two threads
// when there are many.
constexpr Eigen::Index kBlockRows = 2048;
constexpr Eigen::Index kRowsForTwoThreads = 20000;

std::string Number(double v) {
  return std::abs(v - std::round(v)) < 1e-9 ? fmt::format("{}", std::llround(v))
                                            : fmt::format("{:g}", v);
}

// "A", "A and B", "A, B and C".
std::string Listed(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

// log(1 + e^x) without overflow.
double Softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }

core::Status CheckShape(const LogitData& d) {
  const size_t n = d.outcome.size();
  if (d.driver_names.size() != d.drivers.size())
    return core::InvalidArgument("each driver needs a name");
  if (d.drivers.size() > kMaxDrivers)
    return core::InvalidArgument(
        fmt::format("{} drivers: a fit takes at most {}", d.drivers.size(), kMaxDrivers));
  for (size_t j = 0; j < d.drivers.size(); ++j) {
    if (d.drivers[j].size() != n)
      return core::InvalidArgument(fmt::format("driver {} has {} values for {} rows",
                                               d.driver_names[j], d.drivers[j].size(), n));
    for (size_t i = 0; i < n; ++i)
      if (!std::isfinite(d.drivers[j][i]))
        return core::InvalidArgument(
            fmt::format("driver {} is not a finite number in row {}", d.driver_names[j], i + 1));
  }
  for (size_t i = 0; i < n; ++i)
    if (d.outcome[i] != 0.0 && d.outcome[i] != 1.0)
      return core::InvalidArgument(fmt::format("the outcome {} is {} in row {}: it must be 0 or 1",
                                               d.outcome_name, Number(d.outcome[i]), i + 1));
  return {};
}

core::Status CheckCounts(const LogitData& d, size_t events) {
  const size_t n = d.outcome.size();
  const size_t terms = d.drivers.size() + 1;
  if (events == 0 || events == n)
    return core::InvalidArgument(
        fmt::format("the outcome {} is {} in every one of the {} rows: there is nothing to explain",
                    d.outcome_name, events == 0 ? 0 : 1, n));
  if (n < 5 * terms)
    return core::InvalidArgument(fmt::format(
        "too few rows: {} rows for {} terms (the intercept and {} drivers); a fit needs at "
        "least five rows per term ({})",
        n, terms, d.drivers.size(), 5 * terms));
  const size_t rarer = std::min(events, n - events);
  if (rarer < terms)
    return core::InvalidArgument(
        fmt::format("too few rows: only {} rows have {} = {}, fewer than the {} terms to estimate",
                    rarer, d.outcome_name, events == rarer ? 1 : 0, terms));
  return {};
}

// A driver that takes two values, one of which always goes with the same outcome: its
// coefficient has no finite estimate (quasi-complete separation).
core::Status CheckSeparatingDriver(const LogitData& d) {
  const size_t n = d.outcome.size();
  for (size_t j = 0; j < d.drivers.size(); ++j) {
    const auto& col = d.drivers[j];
    const double a = col[0];
    double b = a;
    size_t rows_a = 0, events_a = 0, rows_b = 0, events_b = 0;
    bool two_values = true;
    for (size_t i = 0; i < n && two_values; ++i) {
      const bool event = d.outcome[i] == 1.0;
      if (col[i] == a) {
        ++rows_a;
        events_a += event ? 1 : 0;
      } else if (rows_b == 0 || col[i] == b) {
        b = col[i];
        ++rows_b;
        events_b += event ? 1 : 0;
      } else {
        two_values = false;
      }
    }
    if (!two_values || rows_b == 0) continue;
    for (const auto& [value, rows, events] :
         {std::tuple{a, rows_a, events_a}, std::tuple{b, rows_b, events_b}}) {
      if (events != 0 && events != rows) continue;
      return core::InvalidArgument(fmt::format(
          "separation: every one of the {} rows with {} = {} has {} = {}, so {}'s odds ratio "
          "would be infinite; leave {} out, or collect more responses",
          rows, d.driver_names[j], Number(value), d.outcome_name, events == 0 ? 0 : 1,
          d.driver_names[j], d.driver_names[j]));
    }
  }
  return {};
}

struct Spread {
  Eigen::VectorXd mean, sd;
  Eigen::VectorXd vif;  // variance inflation factors
};

// The design matrix [1, drivers], gathered a block of rows at a time from the columns into a
// buffer that stays in cache: no copy of the whole table is made.
void Gather(const LogitData& d, Eigen::Index begin, Eigen::Index rows, Eigen::MatrixXd& out) {
  out.col(0).head(rows).setOnes();
  for (size_t j = 0; j < d.drivers.size(); ++j)
    out.col(static_cast<Eigen::Index>(j) + 1).head(rows) =
        Eigen::Map<const Eigen::VectorXd>(d.drivers[j].data() + begin, rows);
}

// The drivers' means, standard deviations and variance inflation factors, or the error naming
// a constant driver or a set of collinear drivers.
core::Result<Spread> DriverSpread(const LogitData& d) {
  const auto n = static_cast<Eigen::Index>(d.outcome.size());
  const auto k = static_cast<Eigen::Index>(d.drivers.size());
  Spread s;
  s.mean.resize(k);
  s.sd.resize(k);
  for (Eigen::Index j = 0; j < k; ++j) {
    const Eigen::Map<const Eigen::VectorXd> col(d.drivers[static_cast<size_t>(j)].data(), n);
    s.mean(j) = col.mean();
    s.sd(j) = std::sqrt((col.array() - s.mean(j)).square().sum() / static_cast<double>(n - 1));
    if (!(s.sd(j) > 1e-12 * std::max(1.0, std::abs(s.mean(j)))))
      return core::InvalidArgument(fmt::format(
          "collinear: driver {} is {} in every row, so it cannot be told from the intercept; "
          "leave it out",
          d.driver_names[static_cast<size_t>(j)], Number(s.mean(j))));
  }
  if (k == 0) return s;
  // The drivers' correlation matrix, summed over blocks of standardised rows.
  const Eigen::VectorXd scale = (s.sd * std::sqrt(static_cast<double>(n - 1))).cwiseInverse();
  Eigen::MatrixXd corr = Eigen::MatrixXd::Zero(k, k);
  Eigen::MatrixXd block(kBlockRows, k + 1);
  for (Eigen::Index b = 0; b < n; b += kBlockRows) {
    const Eigen::Index rows = std::min(kBlockRows, n - b);
    Gather(d, b, rows, block);
    auto z = block.block(0, 1, rows, k);
    z = (z.rowwise() - s.mean.transpose()) * scale.asDiagonal();
    corr.selfadjointView<Eigen::Lower>().rankUpdate(z.transpose());
  }
  corr = corr.selfadjointView<Eigen::Lower>();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(corr);
  const Eigen::VectorXd& values = eigen.eigenvalues();  // ascending
  if (values(0) < 1e-10) {
    // The drivers with weight in the eigenvector of the near-zero eigenvalue are the ones a
    // linear combination of which is (nearly) constant.
    const Eigen::VectorXd v = eigen.eigenvectors().col(0);
    std::vector<std::string> names;
    for (Eigen::Index j = 0; j < k; ++j)
      if (std::abs(v(j)) > 1e-3) names.push_back(d.driver_names[static_cast<size_t>(j)]);
    return core::InvalidArgument(fmt::format(
        "collinear drivers: {} (one is a linear combination of the others, so their effects "
        "cannot be told apart); leave one of them out",
        Listed(names)));
  }
  s.vif =
      (eigen.eigenvectors() * values.cwiseInverse().asDiagonal() * eigen.eigenvectors().transpose())
          .diagonal();
  return s;
}

// One pass over rows [begin, end) at beta. Far from the estimate it sums the Newton
// equations' X'WX (lower triangle) and X'(y - mu); near it, it reduces the least-squares
// problem min || sqrt(W) X delta - (y - mu) / sqrt(W) || to R delta = c by Householder QR,
// a block at a time (each block stacked under the R and c so far: tall-skinny QR).
struct Pass {
  bool by_qr = false;
  bool ok = true;               // false: a fitted probability of exactly 0 or 1 (separation)
  Eigen::MatrixXd information;  // Newton
  Eigen::VectorXd score;
  Eigen::MatrixXd r;  // QR: upper triangular, p x p
  Eigen::VectorXd c;
};

void Accumulate(const LogitData& d, const Eigen::VectorXd& beta, Eigen::Index begin,
                Eigen::Index end, Pass& out) {
  const Eigen::Index p = beta.size();
  Eigen::MatrixXd x(kBlockRows, p);
  Eigen::MatrixXd stack(kBlockRows + p, p);
  Eigen::VectorXd mu(kBlockRows), root_w(kBlockRows), v(kBlockRows + p);
  out.information = Eigen::MatrixXd::Zero(p, p);
  out.score = Eigen::VectorXd::Zero(p);
  Eigen::Index above = 0;  // rows of R stacked above the block (0 at first, then p)
  for (Eigen::Index b = begin; b < end; b += kBlockRows) {
    const Eigen::Index rows = std::min(kBlockRows, end - b);
    Gather(d, b, rows, x);
    const auto xb = x.topRows(rows);
    const Eigen::Map<const Eigen::VectorXd> y(d.outcome.data() + b, rows);
    auto m = mu.head(rows);
    auto rw = root_w.head(rows);
    m.noalias() = xb * beta;
    m.array() = (1.0 + (-m.array()).exp()).inverse();
    rw.array() = (m.array() * (1.0 - m.array())).sqrt();
    if (rw.minCoeff() < 1e-150) {
      out.ok = false;
      return;
    }
    if (!out.by_qr) {
      auto scaled = stack.topRows(rows);
      scaled.noalias() = rw.asDiagonal() * xb;
      out.information.selfadjointView<Eigen::Lower>().rankUpdate(scaled.transpose());
      out.score.noalias() += xb.transpose() * (y - m);
      continue;
    }
    if (above > 0) {  // (the first block has nothing above it, and R is not yet p x p)
      stack.topRows(above) = out.r;
      v.head(above) = out.c;
    }
    stack.middleRows(above, rows).noalias() = rw.asDiagonal() * xb;
    v.segment(above, rows).array() = (y - m).array() / rw.array();
    Eigen::Ref<Eigen::MatrixXd> a = stack.topRows(above + rows);
    const Eigen::HouseholderQR<Eigen::Ref<Eigen::MatrixXd>> qr(a);  // in place
    auto vv = v.head(above + rows);
    vv.applyOnTheLeft(qr.householderQ().transpose());
    out.r = a.topRows(p).triangularView<Eigen::Upper>();
    out.c = vv.head(p);
    above = p;
  }
}

// The pass over all rows, in two halves on two threads when there are many.
Pass Accumulated(const LogitData& d, const Eigen::VectorXd& beta, bool by_qr) {
  const auto n = static_cast<Eigen::Index>(d.outcome.size());
  const Eigen::Index p = beta.size();
  Pass first, second;
  first.by_qr = second.by_qr = by_qr;
  if (n < kRowsForTwoThreads) {
    Accumulate(d, beta, 0, n, first);
  } else {
    const Eigen::Index half = n / 2;
    std::thread other([&] { Accumulate(d, beta, half, n, second); });
    Accumulate(d, beta, 0, half, first);
    other.join();
    first.ok = first.ok && second.ok;
    if (!first.ok) return first;
    if (!by_qr) {
      first.information += second.information;
      first.score += second.score;
    } else {
      Eigen::MatrixXd stack(2 * p, p);
      stack << first.r, second.r;
      Eigen::VectorXd v(2 * p);
      v << first.c, second.c;
      const Eigen::HouseholderQR<Eigen::MatrixXd> qr(stack);
      v.applyOnTheLeft(qr.householderQ().transpose());
      first.r = qr.matrixQR().topRows(p).triangularView<Eigen::Upper>();
      first.c = v.head(p);
    }
  }
  if (!by_qr) first.information = first.information.selfadjointView<Eigen::Lower>();
  return first;
}

}  // namespace

double TwoSidedNormalP(double z) { return std::erfc(std::abs(z) / std::sqrt(2.0)); }

core::Result<LogitFit> FitLogit(const LogitData& data) {
  if (const auto s = CheckShape(data); !s) return s.error();
  const auto n = static_cast<Eigen::Index>(data.outcome.size());
  const auto k = static_cast<Eigen::Index>(data.drivers.size());
  const Eigen::Index p = k + 1;
  const Eigen::Map<const Eigen::VectorXd> y(data.outcome.data(), n);
  const auto events = static_cast<size_t>(y.sum());
  if (const auto s = CheckCounts(data, events); !s) return s.error();
  if (const auto s = CheckSeparatingDriver(data); !s) return s.error();

  auto spread = DriverSpread(data);
  if (!spread) return spread.error();

  // Newton-Raphson. While far from the estimate, each step solves the Newton equations
  // (X'WX) delta = X'(y - mu) by Cholesky, which is cheap; near it (a step under
  // kNewtonTolerance), the steps become iteratively reweighted least squares solved by
  // Householder QR of sqrt(W) X, which does not square the condition number: the estimate
  // and its covariance come from the QR.
  const double share = static_cast<double>(events) / static_cast<double>(n);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  beta(0) = std::log(share / (1 - share));
  Eigen::VectorXd step(p);
  Eigen::MatrixXd r;
  int iterations = 0;
  bool converged = false, by_qr = false;
  for (; iterations < kMaxIterations && !converged; ++iterations) {
    const Pass pass = Accumulated(data, beta, by_qr);
    if (!pass.ok) break;
    if (by_qr) {
      r = pass.r;
      step = r.triangularView<Eigen::Upper>().solve(pass.c);
    } else {
      const Eigen::LLT<Eigen::MatrixXd> cholesky(pass.information);
      if (cholesky.info() != Eigen::Success) break;
      step = cholesky.solve(pass.score);
    }
    if (!step.allFinite()) break;
    beta += step;
    // The largest change relative to its coefficient (absolute near zero), so that a driver in
    // small units, with a large coefficient, converges as readily as any other.
    const double largest = (step.array().abs() / (1.0 + beta.array().abs())).maxCoeff();
    converged = by_qr && largest < kStepTolerance;
    by_qr = by_qr || largest < kNewtonTolerance;
  }
  Eigen::VectorXd eta = Eigen::VectorXd::Constant(n, beta(0));
  for (Eigen::Index j = 0; j < k; ++j)
    eta += beta(j + 1) *
           Eigen::Map<const Eigen::VectorXd>(data.drivers[static_cast<size_t>(j)].data(), n);
  const auto certain = (eta.array().abs() > 15).count();
  if (!converged && certain == 0)
    return core::InvalidArgument(fmt::format(
        "the fit did not converge in {} iterations, and no row is predicted with certainty (not "
        "separation): put drivers on comparable scales (days, not seconds) and try again",
        iterations));
  if (!converged) {
    return core::InvalidArgument(fmt::format(
        "separation: the drivers together predict {} = {} exactly for {} of the {} rows, so "
        "the estimates do not exist (they grow without bound); leave out the driver that "
        "decides it, merge answers, or collect more responses",
        data.outcome_name, "0 or 1", certain, n));
  }
  // The information matrix is R'R, R from the QR of the last step (taken a step of under
  // kStepTolerance before the estimate): the covariance is R^-1 R^-T.
  const Eigen::MatrixXd r_inv =
      r.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(p, p));
  const Eigen::VectorXd variance = r_inv.rowwise().squaredNorm();

  LogitFit fit;
  fit.rows = static_cast<size_t>(n);
  fit.events = events;
  fit.iterations = iterations;
  double ll = 0;
  for (Eigen::Index i = 0; i < n; ++i) ll += y(i) * eta(i) - Softplus(eta(i));
  fit.log_likelihood = ll;
  const double n1 = static_cast<double>(events), n0 = static_cast<double>(n) - n1;
  fit.null_log_likelihood = n1 * std::log(share) + n0 * std::log(1 - share);
  fit.pseudo_r2 = 1 - fit.log_likelihood / fit.null_log_likelihood;

  double standardised_sum = 0;
  for (Eigen::Index j = 0; j < k; ++j) standardised_sum += std::abs(beta(j + 1)) * spread->sd(j);
  for (Eigen::Index j = 0; j < p; ++j) {
    LogitTerm t;
    t.term = j == 0 ? "(intercept)" : data.driver_names[static_cast<size_t>(j - 1)];
    t.coefficient = beta(j);
    t.std_error = std::sqrt(variance(j));
    t.z = t.coefficient / t.std_error;
    t.p_value = TwoSidedNormalP(t.z);
    t.odds_ratio = std::exp(t.coefficient);
    t.ci95_low = std::exp(t.coefficient - kZ975 * t.std_error);
    t.ci95_high = std::exp(t.coefficient + kZ975 * t.std_error);
    if (j > 0 && standardised_sum > 0)
      t.importance = std::abs(beta(j)) * spread->sd(j - 1) / standardised_sum;
    fit.terms.push_back(std::move(t));
  }
  for (Eigen::Index j = 0; j < spread->vif.size(); ++j)
    if (spread->vif(j) > 10)
      fit.warnings.push_back(fmt::format(
          "{} is nearly collinear with other drivers (variance inflation factor {:.1f}): its "
          "odds ratio is uncertain and its importance may be shared with them",
          data.driver_names[static_cast<size_t>(j)], spread->vif(j)));
  const size_t rarer = std::min(events, fit.rows - events);
  if (k > 0 && rarer < 10 * static_cast<size_t>(k))
    fit.warnings.push_back(fmt::format(
        "only {} rows have the rarer outcome, fewer than ten per driver ({}): the estimates may "
        "be biased away from 1 and their intervals too narrow",
        rarer, 10 * k));
  return fit;
}

}  // namespace cf::stats
