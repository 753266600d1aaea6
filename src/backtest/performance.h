// Performance statistics of a backtest's per-bar net returns.
//
// Conventions (risk-free rate 0, `p` = periods per year, n = bars with a return):
//   cagr        = (E_end / E_0)^(p / n) - 1
//   volatility  = sample std of returns * sqrt(p)
//   sharpe      = mean / std * sqrt(p)
//   sortino     = mean / sqrt(mean(min(r, 0)^2)) * sqrt(p)
//   calmar      = cagr / |max_drawdown|           (0 when there is no drawdown)
//   hit_rate    = winning closed trades / closed trades (NaN-free: 0 with no trades)
//   daily_hit_rate = bars with r > 0 / bars with exposure > 0
//   turnover    = traded weight per year: sum |delta w| * p / n (1.0 = the book once a year)
//   exposure    = mean gross weight held per bar
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/json.h"

namespace mlt {

struct Trade;

struct PerformanceStats {
  double total_return = 0, cagr = 0, volatility = 0, sharpe = 0, sortino = 0, calmar = 0;
  double max_drawdown = 0;
  std::size_t max_drawdown_bars = 0;
  double hit_rate = 0, daily_hit_rate = 0, turnover = 0, exposure = 0, total_costs = 0;
  std::size_t bars = 0, trades = 0;

  Json to_json() const;
  // The named statistic (cagr, sharpe, sortino, calmar, total_return,
  // max_drawdown, hit_rate); Error{InvalidArgument} for other names.
  double objective(const std::string& name) const;
};

// `returns[0]` is the opening bar (no return) and is skipped; the other
// vectors are per bar like returns. `costs` is the cost fraction per bar.
PerformanceStats compute_performance(const std::vector<double>& returns, const std::vector<double>& equity,
                                     const std::vector<double>& exposure, const std::vector<double>& turnover,
                                     const std::vector<double>& costs, const std::vector<Trade>& trades,
                                     int periods_per_year);

}  // namespace mlt
