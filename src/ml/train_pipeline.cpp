#include "ml/train_pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "core/error.h"
#include "features/feature_set.h"
#include "features/labels.h"
#include "ml/adapters.h"
#include "ml/fold_metrics.h"
#include "ml/leakage.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"
#include "ml/splits.h"

namespace mlt {
namespace {

Task task_for_target(const std::string& target) {
  if (target == "direction") return Task::Classification;
  if (target == "return") return Task::Regression;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown target '{}'", target),
              "use 'direction' (classification) or 'return' (regression)");
}

Matrix rows_of(const FeatureMatrix& X, std::size_t begin, std::size_t end) {
  Matrix m(end - begin, X.cols());
  std::copy(X.values.begin() + static_cast<std::ptrdiff_t>(begin * X.cols()),
            X.values.begin() + static_cast<std::ptrdiff_t>(end * X.cols()), m.data.begin());
  return m;
}

Json date_range(const FeatureMatrix& X, std::size_t begin, std::size_t end) {
  return Json::array({format_date(X.ts[begin]), format_date(X.ts[end - 1])});
}

Json importance_json(const std::vector<std::string>& names, const std::vector<double>& importance) {
  std::vector<std::pair<std::string, double>> pairs;
  for (std::size_t i = 0; i < importance.size() && i < names.size(); ++i) pairs.emplace_back(names[i], importance[i]);
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  Json out = Json::array();
  for (const auto& [name, value] : pairs) out.push_back({{"feature", name}, {"importance", value}});
  return out;
}

}  // namespace

TrainingSet build_training_set(const Dataset& ds, const TrainSpec& spec) {
  if (spec.horizon < 1)
    throw Error(ErrorKind::InvalidArgument, fmt::format("horizon must be >= 1 bar, got {}", spec.horizon));
  FeatureMatrix X;
  std::vector<double> close;
  if (ds.kind() == DatasetKind::Bars) {
    if (!spec.column.empty() && spec.column != "close")
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("dataset '{}' holds OHLCV bars; column '{}' cannot be the close", ds.name(), spec.column),
                  "omit 'column' for bars datasets");
    X = bar_features(ds.bars());
    close = ds.bars().close;
  } else {
    const Panel& p = ds.panel();
    std::string column = spec.column;
    if (column.empty() && p.columns.size() == 1) column = p.columns.front();
    if (column.empty())
      throw Error(
          ErrorKind::InvalidArgument,
          fmt::format("dataset '{}' is a panel of {} columns; say which one to train on", ds.name(), p.columns.size()),
          fmt::format("pass 'column', e.g. \"{}\"", p.columns.empty() ? "" : p.columns.front()));
    const CloseSeries s = panel_close_series(p, column);
    X = close_features(s.ts, s.close);
    close = s.close;
  }
  LabeledRows joined = join_labels(X, {direction_labels(close, spec.horizon), forward_returns(close, spec.horizon)});
  return TrainingSet{std::move(joined.X), std::move(joined.labels[0]), std::move(joined.labels[1])};
}

Json train_on_set(const TrainingSet& set, const TrainSpec& spec, const TrainCallbacks& cb) {
  const auto started = std::chrono::steady_clock::now();
  const ModelSpec& model_spec = find_model_spec(spec.model);
  const Task task = task_for_target(spec.target);
  if (model_spec.task != task)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("model '{}' does {}, but target '{}' needs {}", spec.model, task_name(model_spec.task),
                            spec.target, task_name(task)),
                task == Task::Classification ? "use target 'return', or a classifier such as xgboost_classifier"
                                             : "use target 'direction', or a regressor such as xgboost_regressor");
  if (spec.folds < 1) throw Error(ErrorKind::InvalidArgument, fmt::format("folds must be >= 1, got {}", spec.folds));
  const Json params = effective_params(model_spec, spec.params);

  const FeatureMatrix& X = set.X;
  const std::size_t n = X.rows();
  const auto folds = static_cast<std::size_t>(spec.folds);
  const auto gap = static_cast<std::size_t>(spec.horizon);
  const std::size_t needed = kMinTrainRows + gap + folds * kMinTestRowsPerFold;
  if (n < needed)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} usable rows (after warm-up and the last {} unlabeled rows) are too few for {} folds: "
                            "need at least {}",
                            n, spec.horizon, spec.folds, needed),
                "use fewer folds, a shorter horizon, or a dataset with more history");
  const std::size_t min_train = spec.min_train > 0 ? spec.min_train : std::max(kMinTrainRows + gap, n / (folds + 1));
  const auto splits = walk_forward_splits(n, spec.folds, min_train, gap);

  const std::vector<double>& y = task == Task::Classification ? set.direction : set.forward_return;
  Json fold_results = Json::array();
  Json warnings = Json::array();
  std::vector<std::string> suspects;
  std::map<std::string, std::vector<double>> per_metric;
  std::vector<double> last_importance;

  for (std::size_t k = 0; k < splits.size(); ++k) {
    if (cb.check_cancelled) cb.check_cancelled();
    const Split& s = splits[k];
    const int fold = static_cast<int>(k) + 1;
    StandardScaler scaler;
    const Matrix train = scaler.fit_transform(rows_of(X, s.train_begin, s.train_end));
    if (cb.on_scaler_fit) cb.on_scaler_fit(fold, scaler);
    const Matrix test = scaler.transform(rows_of(X, s.test_begin, s.test_end));

    auto model = model_spec.make(params, spec.seed);
    const std::span<const double> y_all(y);
    model->fit(train, y_all.subspan(s.train_begin, s.n_train()));
    const auto pred = model->predict(test);
    const std::span<const double> fwd(set.forward_return);
    const Json metrics =
        fold_metrics(task, y_all.subspan(s.test_begin, s.n_test()), pred, fwd.subspan(s.test_begin, s.n_test()));
    for (const auto& [name, value] : metrics.items())
      per_metric[name].push_back(value.is_number() ? value.get<double>() : std::nan(""));
    if (auto w = leakage_warning(fold, metrics, X, y, s.test_begin, s.test_end)) {
      warnings.push_back(*w);
      for (auto& f : detect_lookahead_features(X, y, s.test_begin, s.test_end))
        if (std::find(suspects.begin(), suspects.end(), f) == suspects.end()) suspects.push_back(f);
    }
    fold_results.push_back({{"fold", fold},
                            {"train", date_range(X, s.train_begin, s.train_end)},
                            {"test", date_range(X, s.test_begin, s.test_end)},
                            {"n_train", s.n_train()},
                            {"n_test", s.n_test()},
                            {"metrics", metrics}});
    if (k + 1 == splits.size()) last_importance = model->feature_importance();
    if (cb.progress)
      cb.progress(static_cast<double>(fold) / static_cast<double>(folds),
                  fold_progress(fold, spec.folds, task, metrics));
  }

  Json params_out = params;
  params_out["seed"] = spec.seed;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  return Json{{"model", spec.model},
              {"task", task_name(task)},
              {"params", params_out},
              {"seed", spec.seed},
              {"target", spec.target},
              {"horizon", spec.horizon},
              {"folds", fold_results},
              {"metrics", summarize_folds(per_metric)},
              {"feature_names", X.names},
              {"feature_importance", importance_json(X.names, last_importance)},
              {"n_rows", n},
              {"warnings", warnings},
              {"suspect_features", suspects},
              {"library_versions",
               {{"xgboost", xgboost_version()}, {"liblinear", liblinear_version()}, {"eigen", eigen_version()}}},
              {"duration_ms", ms.count()}};
}

Json train_walk_forward(const Dataset& ds, const TrainSpec& spec, const TrainCallbacks& cb) {
  const TrainingSet set = build_training_set(ds, spec);
  Json result = train_on_set(set, spec, cb);
  const auto& ts = ds.timestamps();
  result["data"] = {{"dataset", ds.name()},
                    {"kind", kind_name(ds.kind())},
                    {"sha256", ds.provenance().sha256},
                    {"first", ts.empty() ? "" : format_date(ts.front())},
                    {"last", ts.empty() ? "" : format_date(ts.back())}};
  if (ds.kind() == DatasetKind::Panel)
    result["data"]["column"] = spec.column.empty() ? ds.panel().columns.front() : spec.column;
  return result;
}

}  // namespace mlt
