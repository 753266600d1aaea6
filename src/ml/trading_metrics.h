// Trading metrics of a forecast used as a long/short signal.
//
// position[t] = +1 when the forecast says up, -1 when it says down, 0 when
// it is exactly neutral (classifiers: probability vs 0.5; regressors: the
// sign of the forecast). pnl[t] = position[t] * forward_return[t]
// - cost_bps / 1e4 * |position[t] - position[t-1]| (position[-1] = 0, so
// opening the book is charged). Rows are consecutive bars of one series;
// with a horizon h > 1 the forward returns overlap, so the Sharpe ratio is
// annualised with sqrt(periods_per_year / h) and is an approximation.
#pragma once

#include <span>
#include <vector>

namespace mlt {

struct TradingOptions {
  double neutral = 0.0;             // 0.5 for probabilities, 0 for return forecasts
  double cost_bps = 1.0;            // per unit of position change
  int horizon = 1;                  // bars per forward return
  double periods_per_year = 252.0;  // daily bars
};

struct TradingMetrics {
  double sharpe = 0;        // annualised mean/std of pnl (NaN when std is 0)
  double hit_rate = 0;      // share of non-flat rows with pnl before costs > 0 (NaN if all flat)
  double max_drawdown = 0;  // largest fall of cumulative pnl from its running peak (>= 0)
  double turnover = 0;      // mean |position change| per row
  double total_return = 0;  // sum of pnl (additive)
};

std::vector<double> signal_positions(std::span<const double> forecast, double neutral);

// Throws Error{InvalidArgument} for unequal or empty inputs or horizon < 1.
TradingMetrics trading_metrics(std::span<const double> forecast, std::span<const double> forward_return,
                               const TradingOptions& options);

}  // namespace mlt
