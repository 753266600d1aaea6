#include "backtest/drawdown.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace mlt {

DrawdownAnalysis analyze_drawdowns(const std::vector<TimestampMs>& ts, const std::vector<double>& equity,
                                   std::size_t top) {
  if (ts.size() != equity.size())
    throw Error(ErrorKind::InvalidArgument, "drawdown: timestamps and values differ in length");
  DrawdownAnalysis out;
  out.drawdown.assign(equity.size(), 0.0);
  if (equity.empty()) return out;
  std::vector<DrawdownEpisode> episodes;
  std::size_t peak = 0, trough = 0;
  bool under = false;
  auto close_episode = [&](std::size_t end, bool recovered) {
    DrawdownEpisode e;
    e.peak_ts = ts[peak];
    e.trough_ts = ts[trough];
    if (recovered) e.recovery_ts = ts[end];
    e.depth = equity[trough] / equity[peak] - 1.0;
    e.bars_to_trough = trough - peak;
    e.duration_bars = end - peak;
    episodes.push_back(e);
  };
  for (std::size_t i = 0; i < equity.size(); ++i) {
    const double v = equity[i];
    if (!(v > 0) || !std::isfinite(v))
      throw Error(ErrorKind::InvalidArgument, "drawdown: values must be positive and finite",
                  "pass an equity curve or prices, not returns");
    if (v >= equity[peak]) {
      if (under) close_episode(i, true);
      under = false;
      peak = trough = i;
      continue;
    }
    under = true;
    if (v < equity[trough]) trough = i;
    out.drawdown[i] = v / equity[peak] - 1.0;
  }
  if (under) close_episode(equity.size() - 1, false);
  for (const auto& e : episodes) {
    out.max_drawdown = std::min(out.max_drawdown, e.depth);
    out.max_duration_bars = std::max(out.max_duration_bars, e.duration_bars);
  }
  std::sort(episodes.begin(), episodes.end(), [](const auto& a, const auto& b) { return a.depth < b.depth; });
  if (episodes.size() > top) episodes.resize(top);
  out.episodes = std::move(episodes);
  return out;
}

}  // namespace mlt
