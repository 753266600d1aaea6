// Cross-sectional (panel) features and labels: every (date, symbol) of a
// wide panel of closes is one row, rows ordered by date then symbol.
//
//   PanelFeatures pf = stack_panel_features(dow30.panel(), {}, "standard");
//   pf.X = cross_sectional_rank(pf.X);                    // per-date ranks in [-0.5, 0.5]
//   ExcessLabels y = excess_return_labels(dow30.panel(), pf.index.symbols, 1);
//
// Causality: each symbol's features are computed from its own closes up to
// t (feature_recipe.h), and a rank at date t compares only rows dated t, so
// a row at t never sees data after t. Labels look forward and are joined
// afterwards (labels.h); rank before dropping unlabeled rows, because which
// symbols have a label later is itself future information.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.h"
#include "features/feature_matrix.h"

namespace mlt {

// Which symbol and which date each stacked row is. Empty for a single series.
struct CrossSectionIndex {
  std::vector<std::string> symbols;  // the panel columns used, in panel order
  std::vector<std::size_t> symbol;   // per row: index into symbols
  std::vector<std::size_t> date;     // per row: 0-based position of its date among the rows' distinct dates
  std::size_t n_dates = 0;
  bool empty() const { return date.empty(); }
};

struct PanelFeatures {
  FeatureMatrix X;  // source_row = the panel row (date) of each stacked row
  CrossSectionIndex index;
};

// Fewest symbols a cross-section may have: with two, every rank is 0 or 1.
inline constexpr std::size_t kMinCrossSectionSymbols = 3;

// The named feature set ("standard", "alpha158") of each symbol's closes
// (NaN cells skipped, warm-up rows dropped), stacked by date then symbol.
// `symbols` empty = every panel column. Throws Error{NotFound} for an
// unknown symbol, Error{InvalidArgument} for a repeated symbol or fewer
// than kMinCrossSectionSymbols symbols.
PanelFeatures stack_panel_features(const Panel& panel, const std::vector<std::string>& symbols, std::string_view set);

enum class RankScale {
  Unit,     // [0, 1]: lowest 0, highest 1
  Centred,  // [-0.5, 0.5]: the unit rank minus 0.5
};

// Per date (a run of rows with equal ts) and per column: the average
// 1-based rank r among the m finite values of that date, mapped to
// (r - 1) / (m - 1); ties share their average rank, NaN stays NaN and is
// not counted, a lone finite value maps to 0.5. Rows must be ordered by ts
// (Error{InvalidArgument} otherwise). Pure: X is not modified.
//
//   values 3, 1, 3, NaN on one date -> Unit: 0.75, 0, 0.75, NaN
FeatureMatrix cross_sectional_rank(const FeatureMatrix& X, RankScale scale = RankScale::Centred);

// Labels per [symbol][panel row] over `horizon` panel rows (dates):
//   forward_return   = close[t+h] / close[t] - 1 (NaN if either is missing)
//   excess_return    = forward_return - the equal-weight mean forward return
//                      of the symbols with one on the same date (NaN when
//                      fewer than two symbols have one)
//   excess_direction = excess_return > 0 ? 1 : 0 (NaN where it is NaN)
struct ExcessLabels {
  std::vector<std::vector<double>> forward_return, excess_return, excess_direction;
};
// Throws Error{InvalidArgument} for horizon < 1, Error{NotFound} for an
// unknown symbol.
ExcessLabels excess_return_labels(const Panel& panel, const std::vector<std::string>& symbols, int horizon);

}  // namespace mlt
