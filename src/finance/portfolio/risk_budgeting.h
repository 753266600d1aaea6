// Risk-based allocations that need no expected returns: equal risk
// contribution (risk parity) and hierarchical risk parity. Both long-only.
#pragma once

#include <vector>

#include <Eigen/Dense>

namespace mlt {

// Weights summing to `budget` with w_i (S w)_i equal for every i. Newton's
// method on min 1/2 y' S y - (1/N) sum ln y_i (Spinu 2013), which is convex
// with the ERC portfolio at y / sum(y). Throws Error{InvalidArgument} unless S
// is square with a positive diagonal; Error{Unavailable} if Newton stalls.
Eigen::VectorXd equal_risk_contribution(const Eigen::MatrixXd& cov, double budget = 1.0, int* iterations = nullptr);

// Lopez de Prado's HRP weights (sum 1). `order_out` receives the
// quasi-diagonal order of the assets (dendrogram leaves, left to right).
Eigen::VectorXd hierarchical_risk_parity(const Eigen::MatrixXd& cov, std::vector<int>* order_out = nullptr);

// Single-linkage merges in SciPy's convention: row k joins clusters a and b
// (ids < N are assets, N + j is the cluster made by row j), a < b, at `height`.
struct LinkageStep {
  int a = 0, b = 0;
  double height = 0;
};
std::vector<LinkageStep> single_linkage(const Eigen::MatrixXd& distance);

}  // namespace mlt
