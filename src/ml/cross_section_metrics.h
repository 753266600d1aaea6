// Cross-sectional metrics of one test fold: how well the forecast orders
// the symbols on each date, which is what a long-short book trades.
//
// For every date with at least 3 test rows (symbols):
//   IC       Pearson(forecast, realised excess return) across the symbols
//   rank IC  Spearman of the same
//   spread   mean realised return of the top quintile by forecast minus
//            that of the bottom quintile (each max(1, m/5) symbols; ties
//            in the forecast keep the row order)
// Keys: cs_ic, cs_rank_ic (means over dates), cs_icir (mean / sample std
// of the per-date IC), ls_spread (mean per-date spread), ls_spread_t
// (mean / (std / sqrt(dates))), cs_dates (dates used). Undefined values
// (a date whose forecast is constant has no IC) are skipped; a metric with
// no value left is null. With a horizon h > 1 the per-date spreads overlap,
// so ls_spread_t overstates significance by about sqrt(h).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "core/json.h"
#include "features/cross_section.h"

namespace mlt {

// `rows` are the test rows (ascending) of the set `index` describes; pred
// and realised are aligned with `rows`.
Json cross_section_fold_metrics(const CrossSectionIndex& index, const std::vector<std::size_t>& rows,
                                std::span<const double> pred, std::span<const double> realised);

}  // namespace mlt
