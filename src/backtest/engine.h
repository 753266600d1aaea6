// The backtest engine: target weights decided at each close -> positions
// filled on the NEXT bar -> P&L net of commissions and slippage.
//
// Timing contract (no look-ahead). targets[a][t] is the weight of asset a
// (fraction of equity, sign = side) that a strategy wants after seeing data
// up to and including the close of bar t. It is filled at bar t+1:
//   NextClose: at close[t+1]; held[t+1] = targets[t]; bar t+1 earns held[t]
//              (the previous fill) on close[t] -> close[t+1].
//   NextOpen:  at open[t+1]; bar t+1 earns the old weight on close[t] ->
//              open[t+1] and the new weight on open[t+1] -> close[t+1].
// So bar s's return never depends on targets at s or later (next-open) or
// only through the fill cost at s (next-close, target s-1 is filled at s).
//
// Weights are rebalanced to target at every fill (drift inside a bar is not
// traded), the vectorised convention. Costs: (commission_bps + slippage_bps)
// / 1e4 times the traded weight sum_a |held[s] - held[s-1]|, taken from the
// equity at the fill: E_s = E_{s-1} (1 + gross_s)(1 - cost_s) for next-close.
// A NaN price makes that asset's return 0 for the bar; NaN targets are flat.
//
// Thread-safety: pure functions; safe to call concurrently.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "backtest/performance.h"
#include "backtest/price_table.h"

namespace mlt {

enum class Execution { NextOpen, NextClose };
// "next_open" | "next_close"; Error{InvalidArgument} otherwise.
Execution parse_execution(const std::string& name);
const char* execution_name(Execution e);

struct BacktestConfig {
  Execution execution = Execution::NextClose;
  double commission_bps = 1.0;  // per unit of traded notional
  double slippage_bps = 2.0;    // half-spread plus impact, per unit of traded notional
  int periods_per_year = 252;   // for annualised statistics (daily bars)
  bool record_trades = true;    // the trade list costs memory in grid searches
};

// One round trip of one asset: opened when the held weight leaves 0 (or
// flips sign), closed when it returns to 0 or flips. Prices are the fills;
// ret is side * (exit / entry - 1), before costs.
struct Trade {
  std::string asset;
  int side = 0;  // +1 long, -1 short
  TimestampMs entry_ts = 0;
  std::optional<TimestampMs> exit_ts;  // nullopt: still open, marked at the last close
  double entry_price = 0, exit_price = 0;
  std::size_t bars = 0;
  double ret = 0;
};

struct BacktestResult {
  std::vector<TimestampMs> ts;   // bars first_row..last_row
  std::vector<double> returns;   // net return of each bar (0 for the first)
  std::vector<double> equity;    // starts at 1
  std::vector<double> exposure;  // gross held weight sum_a |held| during the bar
  std::vector<double> turnover;  // traded weight at the bar's fill
  std::vector<Trade> trades;
  PerformanceStats stats;
};

// Runs targets ([asset][row], same shape as prices.close) over rows
// [first_row, last_row] (last_row = npos: to the end). The window starts in
// cash at the close of first_row; the first fill is targets[first_row] at
// bar first_row+1, so earlier targets are ignored (indicators may still use
// earlier prices: they are causal). Throws Error{InvalidArgument} on a shape
// mismatch, negative costs, or next-open on data without opens.
BacktestResult run_backtest(const PriceTable& prices, const std::vector<std::vector<double>>& targets,
                            const BacktestConfig& config, std::size_t first_row = 0,
                            std::size_t last_row = static_cast<std::size_t>(-1));

// Targets produced one asset at a time: fill(a, out) sets out to asset a's
// targets for every row (out.size() == prices.rows()). Grids use this so a
// parameter set's work stays in cache instead of materialising every asset's
// targets; it may be called twice per asset when trades are recorded.
using TargetSource = std::function<void(std::size_t asset, std::vector<double>& out)>;
BacktestResult run_backtest(const PriceTable& prices, const TargetSource& targets, const BacktestConfig& config,
                            std::size_t first_row = 0, std::size_t last_row = static_cast<std::size_t>(-1));

}  // namespace mlt
