// Data quality checks that become warnings, not errors: real data has
// holidays, late publications and the odd bad print, and the user decides.
//
// coverage_warnings: the requested range against what came back (a late
//   start, an early end), gaps much longer than the series' usual spacing,
//   and staleness (the last value is old for a range that runs to today).
// anomaly_warnings: implausible values before training — a one-period move
//   over 50% in a price series (an unadjusted split or a bad print), runs of
//   zero volume (3+ bars) and stale repeated closes (5+ identical values in
//   daily data). Macro panels from FRED skip the move check: rates can double.
//
// Both return at most a handful of lines per kind, each naming dates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace mlt {

struct AnomalyThresholds {
  double max_move = 0.5;     // |x[t]/x[t-1] - 1| above this is flagged
  int zero_volume_run = 3;   // consecutive bars with volume 0
  int stale_run = 5;         // consecutive identical closes (daily data only)
};

std::vector<std::string> coverage_warnings(const Dataset& ds, std::optional<TimestampMs> requested_from,
                                           std::optional<TimestampMs> requested_to, TimestampMs now);

std::vector<std::string> anomaly_warnings(const Dataset& ds, const AnomalyThresholds& thresholds = {});

}  // namespace mlt
