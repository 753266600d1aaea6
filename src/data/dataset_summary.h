// Summaries of a loaded Dataset for people: per-column statistics, the time
// range and its gaps (describe), and the first and last rows (show).
// Pure functions of the dataset; NaN values appear as JSON null.
#pragma once

#include "core/json.h"
#include "data/dataset.h"

namespace mlt {

// {rows, first, last, frequency, gaps:{threshold_days, count, largest:[{after, before, days}]},
//  columns:[{name, count, missing, mean, std, min, 25%, 50%, 75%, max}]}.
// frequency is inferred from the median spacing (intraday, daily, weekly,
// monthly, quarterly, annual). A gap is a spacing above 4 calendar days for
// daily and intraday data (a long weekend is 3-4 days), above 1.5 times the
// median spacing otherwise; the 5 largest are listed.
Json describe_dataset(const Dataset& ds);

// {columns:["date", ...], head:[[date, v, ...], ...], tail:[...]}: the first
// `head` and last `tail` rows (fewer when the dataset is shorter).
Json dataset_rows(const Dataset& ds, int head, int tail);

}  // namespace mlt
