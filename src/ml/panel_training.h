// Cross-sectional (panel) training: one row per (date, symbol) of a wide
// panel of closes, so one model learns which symbols beat the others.
//
//   TrainSpec spec{.model = "ridge", .target = "excess_return", .cross_section = true};
//   TrainingSet set = build_training_set(dow30, spec);  // dispatches here
//   Json result = train_on_set(set, spec);               // date-based splits, cs_* metrics
//
// Rows: every symbol's causal features (feature_recipe.h), rank-normalised
// across the symbols of each date (features/cross_section.h, centred ranks
// in [-0.5, 0.5]), ordered by date then symbol. Labels: the excess return
// over `horizon` dates (forward return minus the equal-weight cross-section
// mean) for "excess_return", its sign for "excess_direction". A row whose
// label is undefined is dropped after ranking.
//
// Validation: the schemes of make_cv_splits() run over DATES (folds,
// min_train, purge = horizon and embargo all count dates) and each date is
// expanded to all its rows, so no date is split between training and test.
// The pipeline's StandardScaler is still fitted per fold on training rows
// only (ranks make it close to the identity).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/json.h"
#include "data/dataset.h"
#include "features/cross_section.h"
#include "ml/cv_splits.h"
#include "ml/train_pipeline.h"

namespace mlt {

// "excess_return" or "excess_direction".
bool is_cross_section_target(const std::string& target);

// The ranked stacked features of a panel (also the latest dates without a
// label): what training and ml.predict build. Throws Error{InvalidArgument}
// when ds is not a panel, has fewer than 3 of the symbols, or features
// carry macro panels (identical for every symbol on a date, so their ranks
// carry nothing); Error{NotFound} for an unknown symbol.
PanelFeatures cross_section_features(const Dataset& ds, const std::vector<std::string>& symbols,
                                     const FeatureChoice& features);

// The stacked training set for spec (cross_section, symbols, target,
// horizon, features). Errors as cross_section_features, plus
// Error{InvalidArgument} for horizon < 1, a target that is not an excess
// target, or an excess target without spec.cross_section.
TrainingSet build_cross_section_set(const Dataset& ds, const TrainSpec& spec);

// make_cv_splits(index.n_dates, spec) with every date expanded to its rows.
std::vector<IndexSplit> make_date_splits(const CrossSectionIndex& index, const TrainSpec& spec);

// {cross_section: true, n_dates, n_symbols, symbols} for result JSON.
Json cross_section_summary(const CrossSectionIndex& index);

}  // namespace mlt
