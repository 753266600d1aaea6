// Exact CART regression trees on a weighted response, grown level by level
// over features sorted once (internal to src/ml). One builder serves the
// decision trees and every AdaBoost variant: for 0/1 (or -1/+1) labels the
// weighted variance reduction of a split is proportional to its weighted
// Gini gain, so a classification tree is this tree on the label.
//
// Each level costs one pass over every feature's sorted rows: a row adds to
// the running left sums of the node it is in, and every boundary between two
// distinct values of a node is a candidate split at their midpoint (as
// scikit-learn's). The split kept has the largest gain
//   W_L W_R / W (mean_L - mean_R)^2,
// the weighted sum-of-squares decrease in a form that cannot cancel; ties go
// to the lower feature, then the lower threshold.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "ml/matrix.h"
#include "ml/tree_nodes.h"

namespace mlt::detail {

struct CartSettings {
  int max_depth = 5;          // >= 1
  int min_samples_split = 2;  // a node with fewer used rows stays a leaf
};

class CartBuilder {
 public:
  explicit CartBuilder(const Matrix& X);

  // A tree whose leaves hold the weighted mean of z over their rows;
  // importance, when given, gains each split's decrease at its feature.
  Tree fit(std::span<const double> z, std::span<const double> w, const CartSettings& settings,
           std::vector<double>* importance) const;

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }

 private:
  std::size_t rows_, cols_;
  std::vector<double> columns_;                       // columns_[f * rows_ + r] = X(r, f)
  std::vector<std::vector<std::uint32_t>> order_;     // rows by ascending X(., f), ties by row
};

}  // namespace mlt::detail
