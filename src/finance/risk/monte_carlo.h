// Monte Carlo paths of a portfolio for VaR: multivariate normal daily asset
// returns fitted to the sample (mean, covariance), compounded over a horizon.
// With daily rebalancing the daily portfolio return w' r is exactly normal
// with mean w' mu and variance w' Sigma w, so each day takes one draw.
// Reproducible across compilers and platforms: mt19937_64 (fully specified by
// the standard) with our own Box-Muller transform, since std:: distributions
// differ between standard libraries.
#pragma once

#include <cstdint>

#include <Eigen/Dense>

#include "finance/portfolio/asset_returns.h"
#include "finance/risk/var.h"

namespace mlt {

// `paths` h-day portfolio returns prod_d (1 + w' r_d) - 1. Throws
// Error{DataError} when the covariance is not positive semi-definite.
SimulatedScenarios simulate_portfolio_paths(const AssetReturns& returns, const Eigen::VectorXd& weights, int horizon,
                                            std::size_t paths, std::uint64_t seed);

}  // namespace mlt
