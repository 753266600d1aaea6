#include "finance/portfolio/bounds.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {

Bounds resolve_bounds(const PortfolioConstraints& c, std::size_t n) {
  Bounds b;
  b.lower = c.lower_by_asset.empty() ? std::vector<double>(n, c.lower) : c.lower_by_asset;
  b.upper = c.upper_by_asset.empty() ? std::vector<double>(n, c.upper) : c.upper_by_asset;
  if (b.lower.size() != n || b.upper.size() != n)
    throw Error(ErrorKind::InvalidArgument, fmt::format("per-asset bounds need {} values", n));
  double lo = 0, hi = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(b.lower[i]) || std::isnan(b.upper[i]) || b.lower[i] > b.upper[i])
      throw Error(ErrorKind::InvalidArgument, fmt::format("asset {}: lower bound above upper bound", i));
    lo += b.lower[i];
    hi += b.upper[i];
  }
  if (lo > c.budget + 1e-12 || hi < c.budget - 1e-12)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("bounds cannot sum to the budget {}: lower bounds sum to {}, upper to {}", c.budget, lo, hi),
                "loosen max_weight/min_weight or change the budget");
  return b;
}

std::vector<double> feasible_start(const Bounds& b, double budget) {
  const std::size_t n = b.lower.size();
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = std::clamp(budget / static_cast<double>(n), b.lower[i], b.upper[i]);
  // Spread what is missing (or excess) over assets with room, in a few passes.
  for (int pass = 0; pass < 50; ++pass) {
    const double gap = budget - std::accumulate(x.begin(), x.end(), 0.0);
    if (std::fabs(gap) < 1e-14) break;
    std::size_t room = 0;
    for (std::size_t i = 0; i < n; ++i) room += gap > 0 ? x[i] < b.upper[i] : x[i] > b.lower[i];
    if (room == 0) break;
    for (std::size_t i = 0; i < n; ++i) x[i] = std::clamp(x[i] + gap / static_cast<double>(room), b.lower[i], b.upper[i]);
  }
  return x;
}

std::pair<double, double> return_range(const Eigen::VectorXd& mu, const Bounds& b, double budget) {
  const auto n = static_cast<std::size_t>(mu.size());
  std::vector<std::size_t> idx(n);
  std::iota(idx.begin(), idx.end(), 0);
  std::sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) { return mu[static_cast<Eigen::Index>(x)] > mu[static_cast<Eigen::Index>(y)]; });
  const double inf = std::numeric_limits<double>::infinity();
  // Everything at its lower bound, then the rest of the budget to the best (worst) assets first.
  auto fill = [&](bool highest) -> double {
    double base = 0, left = budget, value = 0;
    for (std::size_t i = 0; i < n; ++i) {
      if (std::isinf(b.lower[i])) return highest ? inf : -inf;
      base += b.lower[i];
      value += b.lower[i] * mu[static_cast<Eigen::Index>(i)];
    }
    left -= base;
    for (std::size_t k = 0; k < n && left > 0; ++k) {
      const std::size_t i = highest ? idx[k] : idx[n - 1 - k];
      const double room = b.upper[i] - b.lower[i];
      if (std::isinf(room)) return highest ? inf : -inf;
      const double add = std::min(room, left);
      value += add * mu[static_cast<Eigen::Index>(i)];
      left -= add;
    }
    return value;
  };
  return {fill(false), fill(true)};
}

void check_target_reachable(const Eigen::VectorXd& mu, const Bounds& b, double budget, double target) {
  const auto [lo, hi] = return_range(mu, b, budget);
  if (target < lo - 1e-12 || target > hi + 1e-12)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("target return {:.4f} is outside what the bounds allow [{:.4f}, {:.4f}] (annualised)",
                            target, lo, hi),
                "choose a target inside the efficient frontier's range");
}

}  // namespace mlt
