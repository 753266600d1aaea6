// PriceTable: the prices a backtest trades, one row per bar and one column per
// asset, taken from a Dataset (bars: one asset; panel: its columns' closes).
//
// Panels carry closes only, so has_open() is false for them and only
// next-close execution is possible (engine.h refuses next-open).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/time.h"
#include "data/dataset.h"

namespace mlt {

struct PriceTable {
  std::vector<TimestampMs> ts;
  std::vector<std::string> assets;
  std::vector<std::vector<double>> open;   // [asset][row]; empty for panels
  std::vector<std::vector<double>> close;  // [asset][row]; NaN where the data has no price
  // [asset][row]: close[row] / close[row-1] - 1, 0 for row 0 or a missing
  // price. Filled by price_table(); the engine computes it when empty.
  std::vector<std::vector<double>> close_returns;

  std::size_t rows() const { return ts.size(); }
  std::size_t n_assets() const { return assets.size(); }
  bool has_open() const { return !open.empty(); }
};

// close_returns for `close` (the engine's convention for missing prices: 0).
std::vector<std::vector<double>> simple_returns(const std::vector<std::vector<double>>& close);

// The dataset's prices. `columns` picks panel columns (default: all); for
// bars it must be empty or {"close"}, and the single asset is named after the
// dataset. Rows are restricted to [from, to] (inclusive, 0 = unbounded).
// Throws Error{NotFound} for an unknown column, Error{InvalidArgument} when
// fewer than 3 rows remain.
PriceTable price_table(const Dataset& ds, const std::vector<std::string>& columns = {}, TimestampMs from = 0,
                       TimestampMs to = 0);

}  // namespace mlt
