// The backtest module's actions.
//
//   backtest.strategies    (instant) the technical strategies with their parameters and defaults
//   backtest.run           (instant) one strategy, or an external signal such as ML predictions,
//                                    on a stored dataset: statistics, equity and drawdown charts,
//                                    trade list; stored in `results`
//   backtest.model         (instant) a saved ML model version's predictions on a later window as the
//                                    signal (ml.predict + backtest.run in one step); refuses windows
//                                    that overlap the training data; stored
//   backtest.grid          (trial)   a parameter grid, ranked by an objective; stored
//   backtest.walk_forward  (trial)   rolling choose-on-train / trade-on-test; stored
//
// Every run fills a signal decided at close t on bar t+1 (execution next_close
// or next_open) and charges commission and slippage in bps of traded notional
// (backtest/engine.h). Charts are [{t, value}] with at most 2000 points;
// statistics use every bar.
#pragma once

#include <cstdint>
#include <string>

#include "actions/registry.h"

namespace mlt {

// Adds the five actions above (backtest.model calls ml.versions and ml.predict
// from `registry` when it runs). Throws Error{Conflict} when one is already registered.
void register_backtest_actions(ActionRegistry& registry);

}  // namespace mlt
