// Drawdowns of an equity (or price) curve: the running loss from the last peak.
//
//   DrawdownAnalysis dd = analyze_drawdowns(ts, equity);
//   dd.max_drawdown   // -0.337 = a 33.7% fall from peak to trough
//
// Durations count bars. An episode runs from a peak to the first bar that
// regains it (recovery); one still under water at the end has no recovery and
// its duration runs to the last bar.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "core/time.h"

namespace mlt {

struct DrawdownEpisode {
  TimestampMs peak_ts = 0, trough_ts = 0;
  std::optional<TimestampMs> recovery_ts;  // nullopt: not recovered by the end
  double depth = 0;                        // trough / peak - 1 (<= 0)
  std::size_t bars_to_trough = 0;
  std::size_t duration_bars = 0;  // peak to recovery (or to the last bar)
};

struct DrawdownAnalysis {
  std::vector<double> drawdown;  // equity / running peak - 1, per bar
  double max_drawdown = 0;       // most negative value of drawdown
  std::size_t max_duration_bars = 0;  // longest time under water
  std::vector<DrawdownEpisode> episodes;  // deepest first
};

// Throws Error{InvalidArgument} when sizes differ or a value is not positive
// and finite. `top` limits the episodes kept (deepest first).
DrawdownAnalysis analyze_drawdowns(const std::vector<TimestampMs>& ts, const std::vector<double>& equity,
                                   std::size_t top = 10);

}  // namespace mlt
