#include "features/indicators.h"

#include <cmath>
#include <cstddef>
#include <limits>

namespace mlt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Mean and sample std of x[t-n+1..t], or nullopt-like NaNs if any is not finite.
// Windows are recomputed directly (O(n*w)) rather than by running sums, so a
// NaN only poisons the windows that contain it and no rounding drift builds up.
bool window_stats(const std::vector<double>& x, std::size_t t, std::size_t n, double& mean, double& sd) {
  double sum = 0.0;
  for (std::size_t i = t + 1 - n; i <= t; ++i) {
    if (!std::isfinite(x[i])) return false;
    sum += x[i];
  }
  mean = sum / static_cast<double>(n);
  double ss = 0.0;
  for (std::size_t i = t + 1 - n; i <= t; ++i) ss += (x[i] - mean) * (x[i] - mean);
  sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : 0.0;
  return true;
}

}  // namespace

std::vector<double> pct_change(const std::vector<double>& x, int n) {
  std::vector<double> out(x.size(), kNaN);
  const auto lag = static_cast<std::size_t>(n);
  for (std::size_t t = lag; t < x.size(); ++t)
    if (x[t - lag] != 0.0) out[t] = x[t] / x[t - lag] - 1.0;
  return out;
}

std::vector<double> log_returns(const std::vector<double>& x) {
  std::vector<double> out(x.size(), kNaN);
  for (std::size_t t = 1; t < x.size(); ++t)
    if (x[t] > 0.0 && x[t - 1] > 0.0) out[t] = std::log(x[t] / x[t - 1]);
  return out;
}

std::vector<double> sma(const std::vector<double>& x, int n) {
  std::vector<double> out(x.size(), kNaN);
  const auto w = static_cast<std::size_t>(n);
  double mean = 0.0, sd = 0.0;
  for (std::size_t t = w - 1; t < x.size(); ++t)
    if (window_stats(x, t, w, mean, sd)) out[t] = mean;
  return out;
}

std::vector<double> ema(const std::vector<double>& x, int n) {
  std::vector<double> out(x.size(), kNaN);
  const auto w = static_cast<std::size_t>(n);
  if (x.size() < w) return out;
  const double alpha = 2.0 / (n + 1.0);
  double mean = 0.0, sd = 0.0;
  // A non-finite input restarts the seed, so one bad value does not stop the EMA for good.
  std::size_t t = w - 1;
  while (t < x.size()) {
    if (!window_stats(x, t, w, mean, sd)) {
      ++t;
      continue;
    }
    double e = mean;
    out[t] = e;
    for (++t; t < x.size() && std::isfinite(x[t]); ++t) {
      e = alpha * x[t] + (1.0 - alpha) * e;
      out[t] = e;
    }
    t += w;  // the next seed window starts just after the bad value
  }
  return out;
}

std::vector<double> ratio_to(const std::vector<double>& x, const std::vector<double>& ma) {
  std::vector<double> out(x.size(), kNaN);
  for (std::size_t t = 0; t < x.size(); ++t)
    if (std::isfinite(ma[t]) && ma[t] != 0.0) out[t] = x[t] / ma[t] - 1.0;
  return out;
}

std::vector<double> rsi_wilder(const std::vector<double>& x, int n) {
  std::vector<double> out(x.size(), kNaN);
  const auto w = static_cast<std::size_t>(n);
  if (x.size() <= w) return out;
  double gain = 0.0, loss = 0.0;
  for (std::size_t t = 1; t <= w; ++t) {
    const double d = x[t] - x[t - 1];
    if (!std::isfinite(d)) return out;  // keep it simple: RSI needs a clean seed window
    gain += d > 0 ? d : 0.0;
    loss += d < 0 ? -d : 0.0;
  }
  gain /= n;
  loss /= n;
  auto value = [](double g, double l) { return g + l == 0.0 ? 50.0 : 100.0 * g / (g + l); };
  out[w] = value(gain, loss);
  for (std::size_t t = w + 1; t < x.size(); ++t) {
    const double d = x[t] - x[t - 1];
    if (!std::isfinite(d)) break;  // later values stay NaN rather than pretend
    gain = (gain * (n - 1) + (d > 0 ? d : 0.0)) / n;
    loss = (loss * (n - 1) + (d < 0 ? -d : 0.0)) / n;
    out[t] = value(gain, loss);
  }
  return out;
}

std::vector<double> rolling_std(const std::vector<double>& x, int n) {
  std::vector<double> out(x.size(), kNaN);
  const auto w = static_cast<std::size_t>(n);
  double mean = 0.0, sd = 0.0;
  for (std::size_t t = w - 1; t < x.size(); ++t)
    if (window_stats(x, t, w, mean, sd)) out[t] = sd;
  return out;
}

std::vector<double> rolling_zscore(const std::vector<double>& x, int n) {
  std::vector<double> out(x.size(), kNaN);
  const auto w = static_cast<std::size_t>(n);
  double mean = 0.0, sd = 0.0;
  for (std::size_t t = w - 1; t < x.size(); ++t)
    if (window_stats(x, t, w, mean, sd) && sd > 0.0) out[t] = (x[t] - mean) / sd;
  return out;
}

}  // namespace mlt
