// Point-in-time economic data: what was known on a date.
//
// ALFRED rows carry a real-time interval [realtime_start, realtime_end]
// (inclusive dates) during which that value was the published one. The value
// known on date D for the latest period is the row with the greatest
// observation date among the rows whose interval contains D. Nothing
// published after D can be returned, because such a row's interval starts
// after D.
//
// Without vintages, a documented publication-lag rule stands in for the
// publication date (publication_date()): a period is assumed known only
// after the period ends plus a lag — daily 1 day, weekly 7, monthly 15,
// quarterly 30, semiannual 45, annual 90 days. It is conservative for the
// headline US series (CPI for month M is published around the 10th-15th of
// M+1, the jobs report on the first Friday, GDP's advance estimate about 28
// days after the quarter), so it errs towards seeing data late, never early.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "data/dataset.h"

namespace mlt {

struct FredObservation {
  TimestampMs date = 0;            // first day of the period
  TimestampMs realtime_start = 0;  // first day this value was the published one
  TimestampMs realtime_end = 0;    // last day (9999-12-31 while current)
  double value = 0;                // NaN for "."
};

struct KnownValue {
  TimestampMs period = 0;     // observation date
  TimestampMs published = 0;  // realtime_start of the row used
  double value = 0;
};

// The latest period's value known on as_of (missing values skipped), or
// nullopt when nothing had been published by then.
std::optional<KnownValue> value_known_at(const std::vector<FredObservation>& rows, TimestampMs as_of);

// A panel indexed by publication time: one row per distinct realtime_start,
// holding value_known_at() of that date in column `column`.
Panel point_in_time_panel(const std::vector<FredObservation>& rows, const std::string& column);

// 'D','W','M','Q','S','A' (FRED's frequency_short initials) from the spacing of dates; 'M' if unsure.
char infer_frequency(const std::vector<TimestampMs>& dates);
// When a period starting on period_start is assumed published (see above).
TimestampMs publication_date(TimestampMs period_start, char frequency);

}  // namespace mlt
