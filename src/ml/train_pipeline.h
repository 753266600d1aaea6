// Walk-forward training of one registry model on one dataset.
//
//   TrainSpec spec{.model = "xgboost_classifier", .params = {{"n_estimators", 30}}, .folds = 3};
//   Json result = train_walk_forward(ds, spec, {.progress = report});
//
// Other schemes (rolling, purged k-fold, CPCV) are chosen by spec.scheme.
// Steps: causal features (features/feature_set.h) and forward labels are
// built from the dataset's closes; rows without a full feature set or a
// label are dropped; walk_forward_splits() makes `folds` test blocks with a
// purge gap equal to the horizon; per fold a StandardScaler is fitted on the
// training rows only, the model is fitted on the training rows, and the test
// rows are scored. Deterministic for a seed (XGBoost with a fixed nthread).
//
// Errors (Error{InvalidArgument} with a hint): unknown target, a model whose
// task does not fit the target, horizon < 1, folds < 1, a panel without a
// valid column, too few rows for the folds. Error{NotFound}: unknown model.
// check_cancelled may throw (Error{Cancelled}) between folds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/json.h"
#include "data/dataset.h"
#include "features/cross_section.h"
#include "features/feature_matrix.h"
#include "ml/cv_splits.h"

namespace mlt {

class StandardScaler;

// Which features to build (features/feature_recipe.h): a named set plus
// macro panels joined point in time (as of publication: vintages, or the
// publication-lag rule), so a row at t only sees values published by t.
// Rows before every macro column has a published value are dropped.
struct FeatureChoice {
  std::string set = "standard";            // "standard" | "alpha158"
  std::vector<Dataset> macro = {};         // FRED-style panels (loaded, provenance-checked by the caller)
  std::vector<std::string> macro_columns;  // empty = every column of every macro panel
  // "standard", "alpha158+macro(fred_core)": recorded with results and artifacts.
  std::string describe() const;
};

struct TrainSpec {
  std::string model = "xgboost_classifier";  // a model_specs() id
  Json params = Json::object();              // overrides of the model's defaults
  // "direction" (up next horizon?) | "return" (forward return) | "regime"
  // (clustering models: fitted without labels, folds scored by
  // clustering_fold_metrics); with cross_section: "excess_return" |
  // "excess_direction" (ml/panel_training.h).
  std::string target = "direction";
  int horizon = 1;                           // label horizon in bars (days for daily data)
  int folds = 5;
  std::uint64_t seed = 42;
  std::string column;         // panels: the column used as the close
  std::size_t min_train = 0;  // initial training rows; 0 = rows / (folds + 1)
  // Validation scheme (ml/cv_splits.h): "expanding" walk-forward (default),
  // "rolling" walk-forward (window = min_train rows), "purged_kfold" (folds
  // blocks, purge by horizon, embargo rows), "cpcv" (combinatorial purged:
  // cpcv_groups groups, cpcv_test_groups per split).
  std::string scheme = "expanding";
  std::size_t embargo = 0;
  int cpcv_groups = 6;
  int cpcv_test_groups = 2;
  double cost_bps = 1.0;  // trading cost for the sharpe/turnover metrics
  FeatureChoice features;
  // One row per (date, symbol) of a wide panel, ranked per date, split by
  // date (ml/panel_training.h); symbols empty = every panel column.
  bool cross_section = false;
  std::vector<std::string> symbols = {};
};

struct TrainCallbacks {
  std::function<void(double fraction, const std::string& message)> progress;
  std::function<void()> check_cancelled;
  // Test hook: sees each fold's scaler right after it was fitted (1-based fold).
  std::function<void(int fold, const StandardScaler& scaler)> on_scaler_fit;
};

// Features with both labels, row-aligned.
struct TrainingSet {
  FeatureMatrix X;
  std::vector<double> direction;       // 1 if close[t+h] > close[t] else 0
  std::vector<double> forward_return;  // close[t+h] / close[t] - 1
  // Cross-sectional sets: each row's date and symbol (direction and
  // forward_return then hold the excess labels); empty for one series.
  CrossSectionIndex cross_section = {};
};

inline constexpr std::size_t kMinTrainRows = 100;
inline constexpr std::size_t kMinTestRowsPerFold = 20;

// The causal features of a dataset (every row with a full feature set, also
// the latest rows that have no label yet) plus the close series they were
// computed from (FeatureMatrix::source_row indexes it). Used for training
// and for ml.predict on a saved model. Errors as build_training_set.
struct DatasetFeatures {
  FeatureMatrix X;
  std::vector<double> close;
  std::string column;  // panels: the column used; empty for bars
};
DatasetFeatures dataset_features(const Dataset& ds, const std::string& column, const FeatureChoice& features = {});

// Features (spec.features) and labels for spec.horizon and spec.column.
TrainingSet build_training_set(const Dataset& ds, const TrainSpec& spec);

// The validation splits train_on_set uses for `spec` on `n_rows` rows.
// Throws Error{InvalidArgument} for an unknown scheme or too few rows.
std::vector<IndexSplit> make_cv_splits(std::size_t n_rows, const TrainSpec& spec);

// The walk-forward loop on a prepared set. Result keys: model, params, seed,
// target, horizon, folds[{fold, train:[first,last], test:[first,last],
// n_train, n_test, metrics}], metrics{name:{mean,std}}, feature_names,
// feature_importance[{feature, importance}] (last fold's model), feature_set, n_rows,
// warnings[], suspect_features[], library_versions, duration_ms.
Json train_on_set(const TrainingSet& set, const TrainSpec& spec, const TrainCallbacks& cb = {});

// train_on_set on explicit splits (empty = make_cv_splits(rows, spec)), for
// callers that carve their own, e.g. the inner folds of ml.tune (tune.h).
// Every index must be < set.X.rows().
Json train_on_splits(const TrainingSet& set, const TrainSpec& spec, const std::vector<IndexSplit>& splits,
                     const TrainCallbacks& cb = {});

// build_training_set + train_on_set, plus data{dataset, sha256, first, last, column, macro[{dataset, sha256}]}.
Json train_walk_forward(const Dataset& ds, const TrainSpec& spec, const TrainCallbacks& cb = {});

}  // namespace mlt
