// Real S&P 500 training data for the ml tests: a 2010-2015 slice of the
// bundled file, small enough that every test stays fast.
#pragma once

#include "ml/matrix.h"
#include "ml/train_pipeline.h"
#include "unit/features/real_data.h"

namespace mlt::test {

inline const Dataset& sp500_2010_2015() {
  static const Dataset ds =
      load_real("market/sp500_daily_2000-2020.csv", "sp500_2010_2015", "2010-01-01", "2015-12-31");
  return ds;
}

inline const TrainingSet& sp500_set() {
  static const TrainingSet set = build_training_set(sp500_2010_2015(), TrainSpec{});
  return set;
}

// Rows [begin, end) of a feature matrix as a model input.
inline Matrix rows_matrix(const FeatureMatrix& X, std::size_t begin, std::size_t end) {
  Matrix m(end - begin, X.cols());
  for (std::size_t r = begin; r < end; ++r)
    for (std::size_t c = 0; c < X.cols(); ++c) m(r - begin, c) = X.at(r, c);
  return m;
}

// A spec that keeps XGBoost small: 30 trees, 3 folds.
inline TrainSpec small_spec(const std::string& model = "xgboost_classifier", const std::string& target = "direction") {
  TrainSpec spec;
  spec.model = model;
  spec.target = target;
  spec.folds = 3;
  spec.seed = 7;
  // One thread: these tests share the machine with parallel builds, and
  // OpenMP barriers stall badly when cores are oversubscribed. Determinism
  // with two threads is tested explicitly.
  if (model.rfind("xgboost", 0) == 0) spec.params = Json{{"n_estimators", 30}, {"nthread", 1}};
  return spec;
}

}  // namespace mlt::test
