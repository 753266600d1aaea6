// Technical strategies: a rule from one close series to a position in
// {-1, 0, +1} decided at each close from closes[0..t] only (the engine fills
// it on the next bar). Built on features/indicators.h, which is causal.
//
//   StrategySpec spec{"ma_crossover", {{"fast", 20}, {"slow", 50}}};
//   std::vector<double> pos = strategy_positions(spec, close);
//
// Catalogue (defaults in brackets; allow_short [false] turns "flat" sides short):
//   ma_crossover   long while SMA(fast [20]) > SMA(slow [50]), else flat/short
//                  ("above" means by more than 1e-10 relative: exact ties of
//                  averages over stale prices must not hinge on rounding)
//   rsi_reversion  Wilder RSI(period [14]): long below lower [30] until above
//                  exit [50]; short above upper [70] until below exit
//   bollinger      mean reversion on SMA(window [20]) +- k [2] sample stds:
//                  long below the lower band until back at the mean (short mirror)
//   macd           long while EMA(fast [12]) - EMA(slow [26]) > its EMA(signal [9])
//   momentum       long while the lookback [126]-bar return > threshold [0]
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"

namespace mlt {

struct StrategySpec {
  std::string name;
  Json params = Json::object();  // overrides of the defaults
  Json to_json() const { return Json{{"strategy", name}, {"params", params}}; }
};

struct StrategyInfo {
  std::string name, summary;
  Json defaults;      // parameter -> default value
  Json descriptions;  // parameter -> one line
};

// All strategies, in a fixed order.
const std::vector<StrategyInfo>& strategy_catalog();
// Throws Error{NotFound} with the known names as hint.
const StrategyInfo& find_strategy(const std::string& name);

// Memoised indicator series, so a grid computes each moving average once
// instead of once per parameter set. Keyed by the close series' address:
// keep the series alive and unchanged while the cache is used. Not
// thread-safe: use one per thread.
class IndicatorCache {
 public:
  const std::vector<double>& rolling_mean(const std::vector<double>& close, int n);

 private:
  std::map<std::pair<const double*, int>, std::vector<double>> means_;
};

// Positions per bar; 0 while indicators warm up. Throws Error{InvalidArgument}
// for an unknown parameter or an invalid value (e.g. fast >= slow, period < 2).
std::vector<double> strategy_positions(const StrategySpec& spec, const std::vector<double>& close,
                                       IndicatorCache* cache = nullptr);

// The cartesian product of grid = {param: [values], ...} over the defaults,
// in lexicographic order of the parameter names. Combinations the strategy
// rejects (fast >= slow) are skipped. Throws Error{InvalidArgument} for an
// unknown parameter, an empty list, or more than `max_points` combinations.
std::vector<StrategySpec> expand_grid(const std::string& name, const Json& grid, std::size_t max_points = 20000);

}  // namespace mlt
