// Labels look forward, so they are computed separately from features and
// joined afterwards; rows whose label window runs past the data are dropped,
// never filled.
//
//   direction_labels(close, 1)[t]  = close[t+1] > close[t] ? 1 : 0
//   forward_returns(close, h)[t]   = close[t+h] / close[t] - 1
// Both are NaN for the last h rows.
#pragma once

#include <vector>

#include "features/feature_matrix.h"

namespace mlt {

std::vector<double> direction_labels(const std::vector<double>& close, int horizon);
std::vector<double> forward_returns(const std::vector<double>& close, int horizon);

// Features joined with one or more label vectors (indexed like the series
// the features came from). Rows where any label is NaN are dropped.
struct LabeledRows {
  FeatureMatrix X;
  std::vector<std::vector<double>> labels;  // labels[k][r] for row r of X
};
LabeledRows join_labels(const FeatureMatrix& X, const std::vector<std::vector<double>>& labels_by_source_row);

}  // namespace mlt
