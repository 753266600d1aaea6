// Alpha158: Qlib's daily alpha feature set (qlib/contrib/data/loader.py,
// Alpha158DL), computed causally from OHLCV bars. Formulas and the
// deviations from Qlib are documented in docs/features.md.
//
//   FeatureMatrix fm = alpha158_features(ds.bars());   // 157 columns, 60 warm-up rows dropped
//
// Columns: the k-bar shape (KMID, KLEN, KMID2, KUP, KUP2, KLOW, KLOW2,
// KSFT, KSFT2), price ratios (OPEN0, HIGH0, LOW0; VWAP0 needs a VWAP column
// and is omitted), and for d in {5, 10, 20, 30, 60}: ROC, MA, STD, BETA,
// RSQR, RESI, MAX, MIN, QTLU, QTLD, RANK, RSV, IMAX, IMIN, IMXD, CORR,
// CORD, CNTP, CNTN, CNTD, SUMP, SUMN, SUMD, VMA, VSTD, WVMA, VSUMP, VSUMN,
// VSUMD — named like Qlib (e.g. "ROC5", "CORR60").
//
// Causality: every value at t reads bars[t-d..t] only, and each window is
// recomputed from its own values (no running sums), so features on
// bars[0..t] equal the full-series features at t bit for bit. NaN during
// warm-up; drop_incomplete_rows() then drops those rows.
//
// Close-only inputs (a panel column) get the close-based subset, with the
// close standing in for high and low (MAX, MIN, RSV, IMAX, IMIN, IMXD) and
// without the k-bar, price-ratio and volume features.
#pragma once

#include <vector>

#include "data/dataset.h"
#include "features/feature_matrix.h"

namespace mlt {

inline constexpr int kAlpha158Windows[] = {5, 10, 20, 30, 60};

// Aligned to the input bars (NaN during warm-up). Bars need open/high/low/
// close/volume of equal length; volume features need volume >= 0.
FeatureColumns alpha158_columns(const Bars& bars);
FeatureColumns alpha158_close_columns(const std::vector<TimestampMs>& ts, const std::vector<double>& close);

FeatureMatrix alpha158_features(const Bars& bars);
FeatureMatrix alpha158_close_features(const std::vector<TimestampMs>& ts, const std::vector<double>& close);

}  // namespace mlt
