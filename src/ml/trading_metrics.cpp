#include "ml/trading_metrics.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "core/error.h"

namespace mlt {

std::vector<double> signal_positions(std::span<const double> forecast, double neutral) {
  std::vector<double> pos(forecast.size());
  for (std::size_t i = 0; i < forecast.size(); ++i)
    pos[i] = forecast[i] > neutral ? 1.0 : forecast[i] < neutral ? -1.0 : 0.0;
  return pos;
}

TradingMetrics trading_metrics(std::span<const double> forecast, std::span<const double> forward_return,
                               const TradingOptions& o) {
  if (forecast.empty() || forecast.size() != forward_return.size())
    throw Error(ErrorKind::InvalidArgument, fmt::format("trading_metrics: need equal non-empty vectors, got {} and {}",
                                                        forecast.size(), forward_return.size()));
  if (o.horizon < 1) throw Error(ErrorKind::InvalidArgument, "trading_metrics: horizon must be >= 1");
  const auto pos = signal_positions(forecast, o.neutral);
  const double cost = o.cost_bps / 1e4;
  TradingMetrics m;
  double prev = 0, sum = 0, sumsq = 0, peak = 0, equity = 0, turn = 0, hits = 0, active = 0;
  for (std::size_t i = 0; i < pos.size(); ++i) {
    const double gross = pos[i] * forward_return[i];
    const double change = std::abs(pos[i] - prev);
    const double pnl = gross - cost * change;
    prev = pos[i];
    turn += change;
    sum += pnl;
    sumsq += pnl * pnl;
    if (pos[i] != 0) {
      active += 1;
      if (gross > 0) hits += 1;
    }
    equity += pnl;
    peak = std::max(peak, equity);
    m.max_drawdown = std::max(m.max_drawdown, peak - equity);
  }
  const auto n = static_cast<double>(pos.size());
  const double mean = sum / n;
  const double var = n > 1 ? (sumsq - n * mean * mean) / (n - 1) : 0.0;
  m.sharpe = var > 0 ? mean / std::sqrt(var) * std::sqrt(o.periods_per_year / o.horizon)
                     : std::numeric_limits<double>::quiet_NaN();
  m.hit_rate = active > 0 ? hits / active : std::numeric_limits<double>::quiet_NaN();
  m.turnover = turn / n;
  m.total_return = sum;
  return m;
}

}  // namespace mlt
