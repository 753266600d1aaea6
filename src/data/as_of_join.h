// As-of join of economic series onto other timestamps without look-ahead:
// the value a column had "as known at" each time.
//
//  - point-in-time FRED datasets (fetched with vintages, is_point_in_time()):
//    rows are publication dates, so the value at t is the last row at or
//    before t — exactly what had been published by t;
//  - any other panel (today's FRED vintage, the bundled fred_core file, a
//    user's macro file): row dates are PERIOD dates, so each value is taken
//    as known only from publication_date(period, frequency) on (the
//    documented, conservative lag rule in fred_vintages.h), the frequency
//    inferred per column from its non-missing dates.
// Times before anything was known give NaN. Revised values are never used
// before their publication; without vintages, today's revised value is used
// from its first publication date (state this when it matters).
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"

namespace mlt {

struct AsOfColumn {
  std::string column;
  std::vector<double> values;  // aligned with the requested times
  std::string rule;            // "vintages" or "publication lag (M: period end + 15 days)" etc.
};

enum class AsOfQuantity {
  Level,   // the latest published value
  Change,  // latest / the one published before it - 1 (both as known at t)
};

// One column as known at each time in `at` (any order). Throws
// Error{NotFound} for an unknown column, Error{InvalidArgument} for bars.
AsOfColumn as_of_values(const Dataset& macro, const std::string& column, const std::vector<TimestampMs>& at,
                        AsOfQuantity quantity = AsOfQuantity::Level);

}  // namespace mlt
