#include "features/feature_set.h"

#include <fmt/format.h>

#include <cmath>
#include <string>

#include "core/error.h"
#include "features/indicators.h"

namespace mlt {

FeatureColumns close_feature_columns(const std::vector<TimestampMs>& ts, const std::vector<double>& close) {
  FeatureColumns out;
  out.ts = ts;
  auto add = [&](std::string name, std::vector<double> col) {
    out.names.push_back(std::move(name));
    out.columns.push_back(std::move(col));
  };
  for (int n : {1, 5, 10, 20}) add(fmt::format("ret_{}", n), pct_change(close, n));
  for (int n : {5, 10, 20, 50}) add(fmt::format("sma_ratio_{}", n), ratio_to(close, sma(close, n)));
  for (int n : {12, 26}) add(fmt::format("ema_ratio_{}", n), ratio_to(close, ema(close, n)));
  add("rsi_14", rsi_wilder(close, 14));
  const auto lr = log_returns(close);
  for (int n : {10, 20}) add(fmt::format("vol_{}", n), rolling_std(lr, n));
  return out;
}

FeatureColumns bar_feature_columns(const Bars& bars) {
  FeatureColumns out = close_feature_columns(bars.ts, bars.close);
  const auto& v = bars.volume;
  bool has_volume = v.size() == bars.size() && !v.empty();
  for (double x : v) has_volume = has_volume && std::isfinite(x) && x > 0.0;
  if (!has_volume) return out;
  std::vector<double> log_v(v.size());
  for (std::size_t t = 0; t < v.size(); ++t) log_v[t] = std::log(v[t]);
  out.names.emplace_back("volume_z_20");
  out.columns.push_back(rolling_zscore(log_v, 20));
  out.names.emplace_back("log_volume_change");
  out.columns.push_back(log_returns(v));
  return out;
}

FeatureMatrix bar_features(const Bars& bars) {
  return drop_incomplete_rows(bar_feature_columns(bars));
}

FeatureMatrix close_features(const std::vector<TimestampMs>& ts, const std::vector<double>& close) {
  return drop_incomplete_rows(close_feature_columns(ts, close));
}

CloseSeries panel_close_series(const Panel& panel, std::string_view column) {
  const int c = panel.column_index(column);
  if (c < 0) {
    std::string names;
    for (const auto& n : panel.columns) names += (names.empty() ? "" : ", ") + n;
    throw Error(ErrorKind::NotFound, fmt::format("column '{}' is not in this panel", column),
                fmt::format("pass 'column' as one of: {}", names));
  }
  CloseSeries s;
  const auto& values = panel.values[static_cast<std::size_t>(c)];
  for (std::size_t r = 0; r < panel.size(); ++r) {
    if (!std::isfinite(values[r])) continue;
    s.ts.push_back(panel.ts[r]);
    s.close.push_back(values[r]);
    s.row.push_back(r);
  }
  return s;
}

FeatureMatrix panel_features(const Panel& panel, std::string_view column) {
  const CloseSeries s = panel_close_series(panel, column);
  return close_features(s.ts, s.close);
}

}  // namespace mlt
