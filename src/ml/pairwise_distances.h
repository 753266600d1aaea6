// Squared Euclidean distances between every pair of rows of two matrices,
// for the kernel models (internal to src/ml).
#pragma once

#include <Eigen/Dense>

namespace mlt::detail {

// D(i, j) = |a_i - b_j|^2 as |a_i|^2 + |b_j|^2 - 2 a_i.b_j: one matrix product
// instead of a loop over pairs. Rounding can leave a distance slightly below
// zero, so the result is clamped at 0.
template <typename DA, typename DB>
Eigen::MatrixXd pairwise_squared_distances(const Eigen::MatrixBase<DA>& A, const Eigen::MatrixBase<DB>& B) {
  const Eigen::VectorXd a2 = A.rowwise().squaredNorm(), b2 = B.rowwise().squaredNorm();
  Eigen::MatrixXd d = (-2.0 * A * B.transpose()).colwise() + a2;
  d.rowwise() += b2.transpose();
  return d.cwiseMax(0.0);
}

}  // namespace mlt::detail
