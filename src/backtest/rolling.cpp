#include "backtest/rolling.h"

#include <cmath>
#include <cstddef>
#include <limits>

namespace mlt {

std::vector<double> rolling_mean(const std::vector<double>& x, int n) {
  std::vector<double> out(x.size(), std::numeric_limits<double>::quiet_NaN());
  const auto w = static_cast<std::size_t>(n);
  // A plain running sum (one dependent add per bar), re-summed exactly every
  // kResync bars so rounding cannot accumulate: values match a fresh window
  // sum to ~1e-13 relative, far inside the strategies' 1e-10 tie tolerance.
  constexpr std::size_t kResync = 512;
  double sum = 0;
  std::size_t run = 0;  // length of the run of finite values ending at t
  for (std::size_t t = 0; t < x.size(); ++t) {
    if (!std::isfinite(x[t])) {
      sum = 0;
      run = 0;
      continue;
    }
    ++run;
    sum += run > w ? x[t] - x[t - w] : x[t];
    if (run > w && run % kResync == 0) {
      sum = 0;
      for (std::size_t i = t + 1 - w; i <= t; ++i) sum += x[i];
    }
    if (run >= w) out[t] = sum / static_cast<double>(w);
  }
  return out;
}

}  // namespace mlt
