// Per-asset weight bounds resolved from PortfolioConstraints, with the
// feasibility checks the optimisers and the frontier share.
#pragma once

#include <vector>

#include <Eigen/Dense>

#include "finance/portfolio/optimizer.h"

namespace mlt {

struct Bounds {
  std::vector<double> lower, upper;
};

// Throws Error{InvalidArgument} for wrong lengths, lower > upper, or bounds
// that cannot sum to the budget.
Bounds resolve_bounds(const PortfolioConstraints& c, std::size_t n);

// A start point inside the bounds summing to the budget where possible.
std::vector<double> feasible_start(const Bounds& b, double budget);

// The lowest and highest mu' w over the bounds with sum(w) = budget (a
// knapsack solved greedily); +-inf when unbounded.
std::pair<double, double> return_range(const Eigen::VectorXd& mu, const Bounds& b, double budget);

// Throws Error{InvalidArgument} when target lies outside return_range.
void check_target_reachable(const Eigen::VectorXd& mu, const Bounds& b, double budget, double target);

}  // namespace mlt
