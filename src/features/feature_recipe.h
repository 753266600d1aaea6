// Feature recipes: which named feature set to compute, plus macro series
// joined point in time. What ml.train / ml.compare / ml.predict build.
//
//   FeatureMatrix fm = feature_set_for_bars(ds.bars(), "alpha158");
//   fm = join_macro(fm, {fred_core}, {"CPIAUCSL", "UNRATE"});
//
// Sets: "standard" (feature_set.h) and "alpha158" (alpha158.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.h"
#include "features/feature_matrix.h"

namespace mlt {

// {"standard", "alpha158"}
const std::vector<std::string>& feature_set_names();

// Throw Error{InvalidArgument} (hint: the known sets) for an unknown name.
FeatureMatrix feature_set_for_bars(const Bars& bars, std::string_view set);
FeatureMatrix feature_set_for_closes(const std::vector<TimestampMs>& ts, const std::vector<double>& close,
                                     std::string_view set);

// Each macro panel joined with macro_features_as_of() (level and change,
// publication-lag rule or vintages); `columns` empty = every column of every
// panel, else each listed column is taken from the panels that have it.
// Throws Error{NotFound} for a listed column no panel has, and
// Error{InvalidArgument} when two panels give the same column name.
FeatureMatrix join_macro(const FeatureMatrix& fm, const std::vector<Dataset>& macro,
                         const std::vector<std::string>& columns);

}  // namespace mlt
