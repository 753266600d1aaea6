// Signals -> target weights for the engine (engine.h), from a strategy or
// from any external series such as an ML model's predictions.
//
// An ML engine feeds predictions like this:
//   Series preds{.name = "xgb", .ts = test_timestamps, .values = probabilities};
//   auto w = targets_from_series(prices, {preds}, {.mode = SignalMode::Threshold, .threshold = 0.5});
//   BacktestResult r = run_backtest(prices, w, config);
// A prediction stamped t must have been made with data up to close t (the
// engine fills it at t+1). Timestamps missing from the prices are ignored;
// bars without a prediction are flat.
#pragma once

#include <vector>

#include "backtest/engine.h"
#include "backtest/price_table.h"
#include "backtest/strategies.h"
#include "data/dataset.h"

namespace mlt {

// How a raw value becomes a position in [-1, 1]:
//   Sign:      +1 if v > 0, -1 if v < 0 (flat when short is not allowed)
//   Threshold: +1 if v > threshold, -1 if v < 1 - threshold (allow_short), else 0;
//              suits classifier probabilities
//   Weight:    v itself, clipped to [-1, 1] (or [0, 1] without shorts)
enum class SignalMode { Sign, Threshold, Weight };
SignalMode parse_signal_mode(const std::string& name);  // "sign" | "threshold" | "weight"

struct SignalRule {
  SignalMode mode = SignalMode::Sign;
  double threshold = 0.5;
  bool allow_short = false;
};

// One strategy on every asset, equally weighted: targets[a][t] = position / n_assets.
std::vector<std::vector<double>> strategy_targets(const StrategySpec& spec, const PriceTable& prices,
                                                  IndicatorCache* cache = nullptr);

// The same targets one asset at a time, for run_backtest(prices, TargetSource, ...).
// `cache` (optional) must outlive the returned source.
TargetSource strategy_target_source(const StrategySpec& spec, const PriceTable& prices, IndicatorCache* cache = nullptr);

// External series -> targets, one series per asset in prices.assets order
// (a single series for a single-asset table), each aligned by timestamp and
// scaled by 1 / n_assets. Throws Error{InvalidArgument} when the count
// differs or no timestamp matches.
std::vector<std::vector<double>> targets_from_series(const PriceTable& prices, const std::vector<Series>& signals,
                                                     const SignalRule& rule);

}  // namespace mlt
