// Value at risk and conditional VaR (expected shortfall) of a portfolio.
//
//   VarSpec spec{.method = VarMethod::Historical, .confidence = 0.99, .horizon = 10};
//   VarResult v = value_at_risk(returns, weights, spec);   // v.var = 0.081: an 8.1% loss
//
// Both are positive fractions of the portfolio's value (losses). Daily simple
// returns of the portfolio are w' r_t (rebalanced daily). Horizon rules:
//   historical     overlapping h-day compounded returns prod(1 + r) - 1; VaR is
//                  the order statistic L_(k) of the sorted losses, k = ceil(c m)
//                  (no interpolation); CVaR is the mean of L_(k) .. L_(m).
//   normal         mean and sample std of daily returns scaled by h and sqrt(h):
//                  VaR = z_c sd sqrt(h) - h mu; CVaR = sd sqrt(h) pdf(z_c)/(1-c) - h mu.
//   cornish_fisher as normal with z replaced by the Cornish-Fisher quantile of
//                  the daily skew S and excess kurtosis K, scaled for iid sums
//                  (S / sqrt(h), K / h); CVaR from exact truncated normal moments.
//   monte_carlo    multivariate normal daily asset returns (sample mean and
//                  covariance) compounded over h days, `simulations`
//                  paths from `seed`; quantiles as for historical. The paths are
//                  SimulatedScenarios, never a Dataset: they cannot feed training.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/json.h"
#include "finance/portfolio/asset_returns.h"

namespace mlt {

enum class VarMethod { Historical, Normal, CornishFisher, MonteCarlo };
VarMethod parse_var_method(const std::string& name);  // historical | normal | cornish_fisher | monte_carlo
const char* var_method_name(VarMethod m);

struct VarSpec {
  VarMethod method = VarMethod::Historical;
  double confidence = 0.99;  // in (0.5, 1)
  int horizon = 1;           // days
  std::size_t simulations = 10000;
  std::uint64_t seed = 42;
};

struct VarResult {
  VarMethod method = VarMethod::Historical;
  double confidence = 0, var = 0, cvar = 0;
  int horizon = 1;
  std::size_t observations = 0;  // daily rows (historical h-day windows: rows - h + 1)
  Json details;                  // method inputs: mean, std, skew, excess_kurtosis, z, ...
  Json to_json() const;
};

// Simulated h-day portfolio returns (Monte Carlo). Output only: not data.
struct SimulatedScenarios {
  std::vector<double> returns;
  std::uint64_t seed = 0;
  int horizon = 1;
};

// Throws Error{InvalidArgument} for a confidence outside (0.5, 1), horizon < 1,
// too few rows for the horizon, or simulations outside [100, 1e6].
VarResult value_at_risk(const AssetReturns& returns, const Eigen::VectorXd& weights, const VarSpec& spec,
                        SimulatedScenarios* scenarios = nullptr);

// The building blocks, exposed for tests and other callers.
// Loss quantile and tail mean of a sample of returns (historical convention above).
std::pair<double, double> empirical_var_cvar(std::vector<double> returns, double confidence);
// Cornish-Fisher quantile of a standardised variable at normal quantile z.
double cornish_fisher_z(double z, double skew, double excess_kurtosis);
// h-day overlapping compounded returns of a daily series.
std::vector<double> overlapping_returns(const Eigen::VectorXd& daily, int horizon);

}  // namespace mlt
