// Chart data for the web app: a series as [{t, value}], downsampled so a
// response stays small while statistics are computed on the full series.
#pragma once

#include <cstddef>
#include <vector>

#include "core/json.h"
#include "core/time.h"

namespace mlt {

inline constexpr std::size_t kMaxChartPoints = 2000;

// At most max_points points ({"t": "YYYY-MM-DD", "value": v}). Long series
// are cut into max_points/2 buckets and each keeps its minimum and maximum
// (in time order), so peaks and troughs such as the deepest drawdown survive;
// the first and last points are always kept.
Json chart_series(const std::vector<TimestampMs>& ts, const std::vector<double>& values,
                  std::size_t max_points = kMaxChartPoints);

}  // namespace mlt
