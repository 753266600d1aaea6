// Portfolio optimisers over annualised expected returns and covariance.
//
//   PortfolioInputs in = portfolio_inputs(returns, CovarianceMethod::LedoitWolfConstantCorrelation);
//   PortfolioResult p = optimize_portfolio(in, {.objective = PortfolioObjective::MaxSharpe});
//
// Objectives:
//   min_variance     min w' S w
//   mean_variance    target_return set: min w' S w subject to mu' w = target;
//                    else max mu' w - (risk_aversion / 2) w' S w
//   max_sharpe       max (mu' w - rf) / sqrt(w' S w)
//   risk_parity      equal risk contributions w_i (S w)_i (long-only, budget
//                    only: the ERC portfolio is unique), via Newton's method on
//                    Spinu's convex problem min 1/2 y' S y - sum ln y_i
//   hrp              hierarchical risk parity (Lopez de Prado 2016): distance
//                    sqrt((1 - corr) / 2), single linkage on the Euclidean
//                    distance between distance columns (as the paper's code),
//                    quasi-diagonal leaf order, recursive bisection with
//                    inverse-variance cluster weights. Long-only; bounds ignored.
// The first three run NLopt's SLSQP with the bounds and sum(w) = budget as an
// equality constraint (plus mu' w = target). Defaults: long-only, fully
// invested, no upper bound below 1.
//
// Errors: Error{InvalidArgument} for inconsistent sizes, infeasible bounds
// (sum of lower > budget or sum of upper < budget) or an unreachable target
// return; Error{Unavailable} when the solver fails to converge.
#pragma once

#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/json.h"
#include "finance/portfolio/asset_returns.h"
#include "finance/portfolio/covariance.h"

namespace mlt {

// Annualised inputs: mean = 252 * daily mean, cov = 252 * daily covariance.
struct PortfolioInputs {
  std::vector<std::string> assets;
  Eigen::VectorXd mean;
  Eigen::MatrixXd cov;
  double shrinkage = 0;
  CovarianceMethod method = CovarianceMethod::Sample;
};
PortfolioInputs portfolio_inputs(const AssetReturns& returns, CovarianceMethod method, int periods_per_year = 252);

enum class PortfolioObjective { MinVariance, MeanVariance, MaxSharpe, RiskParity, Hrp };
PortfolioObjective parse_portfolio_objective(const std::string& name);
const char* portfolio_objective_name(PortfolioObjective o);

struct PortfolioConstraints {
  double budget = 1.0;                // sum of weights
  double lower = 0.0;                 // per-asset lower bound (-inf: shorts unlimited)
  double upper = 1.0;                 // per-asset upper bound (+inf: none)
  std::vector<double> lower_by_asset{};  // overrides `lower` when not empty
  std::vector<double> upper_by_asset{};
  static PortfolioConstraints unconstrained() {
    const double inf = std::numeric_limits<double>::infinity();
    return PortfolioConstraints{1.0, -inf, inf, {}, {}};
  }
};

struct OptimizeSpec {
  PortfolioObjective objective = PortfolioObjective::MinVariance;
  std::optional<double> target_return{};  // mean_variance (annualised)
  double risk_aversion = 1.0;            // mean_variance without a target
  double risk_free = 0.0;                // annualised, for max_sharpe and reported Sharpe
  PortfolioConstraints constraints{};
};

struct PortfolioResult {
  Eigen::VectorXd weights;
  double expected_return = 0, volatility = 0, sharpe = 0;
  Eigen::VectorXd risk_contributions;  // w_i (S w)_i / (w' S w); sums to 1
  std::string solver;
  int iterations = 0;
  Json to_json(const std::vector<std::string>& assets) const;
};

PortfolioResult optimize_portfolio(const PortfolioInputs& in, const OptimizeSpec& spec);

// Return, volatility, Sharpe and risk contributions of given weights.
PortfolioResult evaluate_portfolio(const PortfolioInputs& in, const Eigen::VectorXd& weights, double risk_free = 0.0);

}  // namespace mlt
