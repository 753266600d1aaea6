#include "backtest/chart_series.h"

#include <algorithm>

#include "core/error.h"

namespace mlt {

Json chart_series(const std::vector<TimestampMs>& ts, const std::vector<double>& values, std::size_t max_points) {
  if (ts.size() != values.size()) throw Error(ErrorKind::Internal, "chart_series: sizes differ");
  Json out = Json::array();
  auto point = [&](std::size_t i) { out.push_back(Json{{"t", format_timestamp(ts[i])}, {"value", values[i]}}); };
  const std::size_t n = ts.size();
  if (n <= max_points || max_points < 4) {
    for (std::size_t i = 0; i < n; ++i) point(i);
    return out;
  }
  // Interior buckets between the kept first and last points.
  const std::size_t buckets = (max_points - 2) / 2;
  point(0);
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::size_t lo = 1 + b * (n - 2) / buckets, hi = 1 + (b + 1) * (n - 2) / buckets;
    if (lo >= hi) continue;
    const auto first = values.begin() + static_cast<std::ptrdiff_t>(lo);
    const auto last = values.begin() + static_cast<std::ptrdiff_t>(hi);
    const auto [mn, mx] = std::minmax_element(first, last);
    std::size_t i = static_cast<std::size_t>(mn - values.begin()), j = static_cast<std::size_t>(mx - values.begin());
    if (i > j) std::swap(i, j);
    point(i);
    if (j != i) point(j);
  }
  point(n - 1);
  return out;
}

}  // namespace mlt
