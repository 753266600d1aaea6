#include "backtest/signal.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {

SignalMode parse_signal_mode(const std::string& name) {
  if (name == "sign") return SignalMode::Sign;
  if (name == "threshold") return SignalMode::Threshold;
  if (name == "weight") return SignalMode::Weight;
  throw Error(ErrorKind::InvalidArgument, "unknown signal mode '" + name + "'", "use sign, threshold or weight");
}

std::vector<std::vector<double>> strategy_targets(const StrategySpec& spec, const PriceTable& prices,
                                                  IndicatorCache* cache) {
  std::vector<std::vector<double>> out(prices.n_assets());
  const double scale = 1.0 / static_cast<double>(prices.n_assets());
  for (std::size_t a = 0; a < prices.n_assets(); ++a) {
    out[a] = strategy_positions(spec, prices.close[a], cache);
    for (double& w : out[a]) w *= scale;
  }
  return out;
}

TargetSource strategy_target_source(const StrategySpec& spec, const PriceTable& prices, IndicatorCache* cache) {
  const double scale = 1.0 / static_cast<double>(prices.n_assets());
  return [spec, &prices, cache, scale](std::size_t a, std::vector<double>& out) {
    out = strategy_positions(spec, prices.close[a], cache);
    for (double& w : out) w *= scale;
  };
}

namespace {

double position(double v, const SignalRule& rule) {
  if (!std::isfinite(v)) return 0.0;
  switch (rule.mode) {
    case SignalMode::Sign:
      return v > 0 ? 1.0 : (v < 0 && rule.allow_short ? -1.0 : 0.0);
    case SignalMode::Threshold:
      return v > rule.threshold ? 1.0 : (rule.allow_short && v < 1.0 - rule.threshold ? -1.0 : 0.0);
    case SignalMode::Weight:
      return std::clamp(v, rule.allow_short ? -1.0 : 0.0, 1.0);
  }
  return 0.0;
}

}  // namespace

std::vector<std::vector<double>> targets_from_series(const PriceTable& prices, const std::vector<Series>& signals,
                                                     const SignalRule& rule) {
  if (signals.size() != prices.n_assets())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} signal series for {} assets", signals.size(), prices.n_assets()),
                "give one series per asset, in the order of 'columns'");
  std::unordered_map<TimestampMs, std::size_t> row_of;
  for (std::size_t r = 0; r < prices.rows(); ++r) row_of.emplace(prices.ts[r], r);
  const double scale = 1.0 / static_cast<double>(prices.n_assets());
  std::vector<std::vector<double>> out(prices.n_assets(), std::vector<double>(prices.rows(), 0.0));
  std::size_t matched = 0;
  for (std::size_t a = 0; a < signals.size(); ++a) {
    const Series& s = signals[a];
    if (s.ts.size() != s.values.size())
      throw Error(ErrorKind::InvalidArgument, "signal '" + s.name + "': timestamps and values differ in length");
    for (std::size_t i = 0; i < s.size(); ++i) {
      const auto it = row_of.find(s.ts[i]);
      if (it == row_of.end()) continue;
      out[a][it->second] = position(s.values[i], rule) * scale;
      ++matched;
    }
  }
  if (matched == 0)
    throw Error(ErrorKind::InvalidArgument, "no signal timestamp matches a bar of the prices",
                "stamp each value with the close it was computed at (dates as YYYY-MM-DD)");
  return out;
}

}  // namespace mlt
