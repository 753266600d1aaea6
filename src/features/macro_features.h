// Macro features joined point in time onto a feature matrix — the hook the
// ML pipeline calls so models can use CPI, unemployment, rates... without
// look-ahead (DESIGN.md rule 3: macro series join as of their publication,
// not their period date). The as-of rule is data/as_of_join.h's: vintages
// when the dataset was fetched with them, the publication-lag rule otherwise.
//
//   FeatureMatrix fm = bar_features(aapl.bars());
//   fm = macro_features_as_of(fm, cpi_pit, {.columns = {"CPIAUCSL"}});
//   // adds macro_CPIAUCSL (level) and macro_CPIAUCSL_chg (relative change
//   // versus the previously published value); rows before the first
//   // publication are dropped, source_row kept for label alignment.
#pragma once

#include <string>
#include <vector>

#include "data/dataset.h"
#include "features/feature_matrix.h"

namespace mlt {

struct MacroJoinOptions {
  std::vector<std::string> columns = {};  // empty = every column of the macro panel
  bool add_change = true;                 // also <prefix><col>_chg: x / previous known x - 1
  std::string prefix = "macro_";
};

// Throws Error{InvalidArgument} when macro is not a panel, Error{NotFound}
// for an unknown column, Error{InvalidArgument} when no row keeps a value
// (the macro series starts after the features end).
FeatureMatrix macro_features_as_of(const FeatureMatrix& fm, const Dataset& macro, const MacroJoinOptions& options = {});

}  // namespace mlt
