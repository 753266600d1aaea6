// Asset returns from stored prices: the input of every optimiser and risk measure.
//
//   AssetReturns r = asset_returns(dow30, {"MSFT", "KO"});   // all columns when empty
//   r.values(t, i)  // simple return of asset i from row t to row t+1 of the prices
//
// Returns are simple (p1/p0 - 1), one row per price row after the first,
// stamped with the later date. Rows where any chosen asset lacks a price on
// either date are dropped, so every row is a complete cross-section.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/time.h"
#include "data/dataset.h"

namespace mlt {

struct AssetReturns {
  std::vector<TimestampMs> ts;  // date of each return row (the later price)
  std::vector<std::string> assets;
  Eigen::MatrixXd values;  // rows = ts.size(), cols = assets.size()
  std::size_t rows() const { return ts.size(); }
  std::size_t n_assets() const { return assets.size(); }
};

// Bars: one asset named after the dataset, from its closes. Panels: the named
// columns (default all). Prices restricted to [from, to] (0 = unbounded).
// Throws Error{NotFound} for an unknown column, Error{InvalidArgument} when
// fewer than `min_rows` complete return rows remain.
AssetReturns asset_returns(const Dataset& ds, const std::vector<std::string>& columns = {}, TimestampMs from = 0,
                           TimestampMs to = 0, std::size_t min_rows = 20);

// Portfolio return per row: values * weights (weights rebalanced every row).
// Throws Error{InvalidArgument} when weights.size() != n_assets().
Eigen::VectorXd portfolio_returns(const AssetReturns& r, const Eigen::VectorXd& weights);

}  // namespace mlt
