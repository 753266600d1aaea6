// Exact brute-force k-nearest-neighbour search in Euclidean distance, for the
// k-NN models (internal to src/ml).
//
// The training rows are kept transposed (one contiguous column per feature),
// so that a few queries are compared with a run of training rows in vector
// loops over the rows. Rows are ranked by |t|^2 - 2 x.t (the squared
// distance less the query's |x|^2: one multiply-add per feature, as a matrix
// product); the k rows kept then get their exact distance, summed as
// (x - t)^2 per feature, and are ordered by it. A query equal to a training
// row is so at distance exactly 0. Rounding in the ranking key can only swap
// rows whose distances agree to about 1e-15 of the squared norms.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "ml/matrix.h"

namespace mlt::detail {

// The k nearest training rows of every query, nearest first; ties in
// distance go to the earlier training row. Query q's j-th neighbour is at
// [q * k + j].
struct NeighbourLists {
  std::size_t k = 0;
  std::vector<std::uint32_t> index;
  std::vector<double> squared_distance;
};

class NeighbourIndex {
 public:
  NeighbourIndex() = default;
  explicit NeighbourIndex(const Matrix& train);

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  // The training rows as given, row-major (what a saved model stores).
  std::vector<double> row_major() const;

  // k is capped at rows(). Queries are split over the OpenMP threads; the
  // result does not depend on their number.
  NeighbourLists query(const Matrix& X, std::size_t k) const;

 private:
  std::size_t rows_ = 0, cols_ = 0;
  double squared_distance(const double* x, std::size_t row) const;

  std::vector<double> columns_;  // columns_[j * rows_ + i] = train(i, j)
  std::vector<double> norms_;    // |train row i|^2
};

}  // namespace mlt::detail
