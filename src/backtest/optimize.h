// Parameter search over strategy grids: in-sample grid search, and
// walk-forward optimisation (choose on a training window, trade the next
// window out of sample, roll on).
//
//   auto grid = expand_grid("ma_crossover", {{"fast", {10, 20}}, {"slow", {50, 100}}});
//   std::vector<GridPoint> pts = grid_search(prices, grid, config);
//
// Grid points run in parallel (OpenMP); callbacks run on the calling thread
// between batches, so check_cancelled may throw Error{Cancelled} there.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "backtest/engine.h"
#include "backtest/strategies.h"

namespace mlt {

struct SearchCallbacks {
  std::function<void(double fraction, const std::string& message)> progress;
  std::function<void()> check_cancelled;
};

struct GridPoint {
  StrategySpec spec;
  PerformanceStats stats;
};

// One backtest per spec over rows [first_row, last_row] (trades not
// recorded). Results in the order of `specs`.
std::vector<GridPoint> grid_search(const PriceTable& prices, const std::vector<StrategySpec>& specs,
                                   const BacktestConfig& config, const SearchCallbacks& cb = {},
                                   std::size_t first_row = 0, std::size_t last_row = static_cast<std::size_t>(-1));

// Index of the best point by `objective` (PerformanceStats::objective);
// ties keep the earlier point. Throws Error{InvalidArgument} for none.
std::size_t best_point(const std::vector<GridPoint>& points, const std::string& objective);

struct WalkForwardSpec {
  std::size_t train_bars = 504;  // ~2 years of daily bars
  std::size_t test_bars = 126;   // ~6 months
  bool anchored = false;         // true: training always starts at row 0 (expanding)
  std::string objective = "sharpe";
};

struct WalkForwardFold {
  std::size_t train_first = 0, train_last = 0, test_first = 0, test_last = 0;  // rows, inclusive
  StrategySpec chosen;
  double train_score = 0;
  PerformanceStats test;  // the chosen spec on the test window alone
};

struct WalkForwardResult {
  std::vector<WalkForwardFold> folds;
  BacktestResult out_of_sample;  // test windows stitched: each bar traded by its fold's choice
};

// Folds step by test_bars; the last test window may be shorter. Parameters
// for a test window are chosen with training rows only, so the stitched
// curve is out of sample. Throws Error{InvalidArgument} when the data is
// shorter than train_bars + test_bars or a size is 0.
WalkForwardResult walk_forward(const PriceTable& prices, const std::vector<StrategySpec>& specs,
                               const BacktestConfig& config, const WalkForwardSpec& wf, const SearchCallbacks& cb = {});

}  // namespace mlt
