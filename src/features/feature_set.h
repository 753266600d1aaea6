// The standard daily feature set, computed causally from bars or closes.
//
// Close-based features (all datasets):
//   ret_1, ret_5, ret_10, ret_20        close[t] / close[t-n] - 1
//   sma_ratio_5/10/20/50                close[t] / SMA(n)[t] - 1
//   ema_ratio_12, ema_ratio_26          close[t] / EMA(n)[t] - 1
//   rsi_14                              Wilder's RSI, 0..100
//   vol_10, vol_20                      std of daily log returns over n days
// Volume features (bars whose volume is positive on every row):
//   volume_z_20                         z-score of log volume over 20 days
//   log_volume_change                   ln(volume[t] / volume[t-1])
//
// Whether the volume features are included is decided once per series (a
// column choice, not a value); every value at row t uses bars[0..t] only.
// The first rows (about 50, for SMA(50)) are warm-up and are dropped.
//
//   FeatureMatrix fm = bar_features(ds.bars());
//   FeatureMatrix fm = panel_features(ds.panel(), "MSFT");
#pragma once

#include <string_view>
#include <vector>

#include "data/dataset.h"
#include "features/feature_matrix.h"

namespace mlt {

// All feature columns aligned to the input (NaN during warm-up).
FeatureColumns close_feature_columns(const std::vector<TimestampMs>& ts, const std::vector<double>& close);
FeatureColumns bar_feature_columns(const Bars& bars);

// Model-ready matrices: warm-up rows dropped, source_row indexes the input.
FeatureMatrix bar_features(const Bars& bars);
FeatureMatrix close_features(const std::vector<TimestampMs>& ts, const std::vector<double>& close);

// A panel column as a close series with its missing (NaN) rows removed, so
// a stock listed later or a gap does not poison moving windows. row[i] is
// the panel row of compacted element i.
struct CloseSeries {
  std::vector<TimestampMs> ts;
  std::vector<double> close;
  std::vector<std::size_t> row;
};
// Throws Error{NotFound} (with the available columns in the hint) for an
// unknown column.
CloseSeries panel_close_series(const Panel& panel, std::string_view column);

// Close-only features of one panel column; source_row indexes the compacted
// CloseSeries (not the panel), which is what labels are computed on.
FeatureMatrix panel_features(const Panel& panel, std::string_view column);

}  // namespace mlt
