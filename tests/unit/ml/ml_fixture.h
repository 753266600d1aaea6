// Real S&P 500 training data for the ml tests: a 2010-2015 slice of the
// bundled file, small enough that every test stays fast.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "ml/matrix.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"
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

struct Slice {
  Matrix train, test;
  std::vector<double> y, y_test;
};

// The first 800 labelled rows for training, the next 200 for testing, scaled
// on the training rows only (as the pipeline does); labels by task.
inline const Slice& scaled_slice(Task task) {
  static const auto make = [](Task t) {
    const TrainingSet& set = sp500_set();
    const auto& y = t == Task::Classification ? set.direction : set.forward_return;
    StandardScaler s;
    Slice out;
    out.train = s.fit_transform(rows_matrix(set.X, 0, 800));
    out.test = s.transform(rows_matrix(set.X, 800, 1000));
    out.y.assign(y.begin(), y.begin() + 800);
    out.y_test.assign(y.begin() + 800, y.begin() + 1000);
    return out;
  };
  static const Slice cls = make(Task::Classification), reg = make(Task::Regression);
  return task == Task::Classification ? cls : reg;
}

// A registry model with its defaults and the given overrides.
inline std::unique_ptr<Model> make_model(const std::string& id, const Json& overrides = Json::object(),
                                         std::uint64_t seed = 7) {
  const ModelSpec& spec = find_model_spec(id);
  return spec.make(effective_params(spec, overrides), seed);
}

}  // namespace mlt::test
