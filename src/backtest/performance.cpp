#include "backtest/performance.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "backtest/engine.h"
#include "core/error.h"

namespace mlt {

Json PerformanceStats::to_json() const {
  return Json{{"total_return", total_return}, {"cagr", cagr},
              {"volatility", volatility},     {"sharpe", sharpe},
              {"sortino", sortino},           {"calmar", calmar},
              {"max_drawdown", max_drawdown}, {"max_drawdown_bars", max_drawdown_bars},
              {"hit_rate", hit_rate},         {"daily_hit_rate", daily_hit_rate},
              {"turnover", turnover},         {"exposure", exposure},
              {"total_costs", total_costs},   {"bars", bars},
              {"trades", trades}};
}

double PerformanceStats::objective(const std::string& name) const {
  if (name == "sharpe") return sharpe;
  if (name == "sortino") return sortino;
  if (name == "cagr") return cagr;
  if (name == "calmar") return calmar;
  if (name == "total_return") return total_return;
  if (name == "max_drawdown") return max_drawdown;  // higher (less negative) is better
  if (name == "hit_rate") return hit_rate;
  throw Error(ErrorKind::InvalidArgument, "unknown objective '" + name + "'",
              "use sharpe, sortino, cagr, calmar, total_return, max_drawdown or hit_rate");
}

PerformanceStats compute_performance(const std::vector<double>& returns, const std::vector<double>& equity,
                                     const std::vector<double>& exposure, const std::vector<double>& turnover,
                                     const std::vector<double>& costs, const std::vector<Trade>& trades,
                                     int periods_per_year) {
  PerformanceStats s;
  const std::size_t n = returns.size() > 0 ? returns.size() - 1 : 0;
  s.bars = n;
  if (n == 0) return s;
  const double p = periods_per_year;
  double sum = 0, down2 = 0, traded = 0, gross = 0;
  std::size_t invested = 0, wins = 0;
  for (std::size_t i = 1; i < returns.size(); ++i) {
    const double r = returns[i];
    sum += r;
    down2 += r < 0 ? r * r : 0.0;
    traded += turnover[i];
    gross += exposure[i];
    s.total_costs += costs[i];
    if (exposure[i] > 0) {
      ++invested;
      if (r > 0) ++wins;
    }
  }
  const double mean = sum / static_cast<double>(n);
  double var = 0;
  for (std::size_t i = 1; i < returns.size(); ++i) var += (returns[i] - mean) * (returns[i] - mean);
  const double sd = n > 1 ? std::sqrt(var / static_cast<double>(n - 1)) : 0.0;
  s.total_return = equity.back() / equity.front() - 1.0;
  s.cagr = std::pow(equity.back() / equity.front(), p / static_cast<double>(n)) - 1.0;
  s.volatility = sd * std::sqrt(p);
  s.sharpe = sd > 0 ? mean / sd * std::sqrt(p) : 0.0;
  const double dd = std::sqrt(down2 / static_cast<double>(n));
  s.sortino = dd > 0 ? mean / dd * std::sqrt(p) : 0.0;
  // Max drawdown and its duration in one pass (drawdown.h keeps the episodes).
  double peak = equity.front();
  std::size_t peak_i = 0;
  for (std::size_t i = 0; i < equity.size(); ++i) {
    if (equity[i] >= peak) {
      peak = equity[i];
      peak_i = i;
    } else {
      s.max_drawdown = std::min(s.max_drawdown, equity[i] / peak - 1.0);
      s.max_drawdown_bars = std::max(s.max_drawdown_bars, i - peak_i);
    }
  }
  s.calmar = s.max_drawdown < 0 ? s.cagr / -s.max_drawdown : 0.0;
  s.turnover = traded * p / static_cast<double>(n);
  s.exposure = gross / static_cast<double>(n);
  s.daily_hit_rate = invested ? static_cast<double>(wins) / static_cast<double>(invested) : 0.0;
  std::size_t closed = 0, won = 0;
  for (const auto& t : trades) {
    if (!t.exit_ts) continue;
    ++closed;
    if (t.ret > 0) ++won;
  }
  s.trades = trades.size();
  s.hit_rate = closed ? static_cast<double>(won) / static_cast<double>(closed) : 0.0;
  return s;
}

}  // namespace mlt
