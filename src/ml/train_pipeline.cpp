#include "ml/train_pipeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "core/error.h"
#include "features/feature_recipe.h"
#include "features/feature_set.h"
#include "features/labels.h"
#include "ml/adapters.h"
#include "ml/cluster_metrics.h"
#include "ml/fold_metrics.h"
#include "ml/leakage.h"
#include "ml/model_artifact.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"
#include "ml/cv_splits.h"
#include "ml/cross_section_metrics.h"
#include "ml/panel_training.h"
#include "ml/splits.h"

namespace mlt {
namespace {

Matrix rows_at(const FeatureMatrix& X, const std::vector<std::size_t>& rows) {
  Matrix m(rows.size(), X.cols());
  for (std::size_t i = 0; i < rows.size(); ++i)
    std::copy_n(X.values.begin() + static_cast<std::ptrdiff_t>(rows[i] * X.cols()), X.cols(),
                m.data.begin() + static_cast<std::ptrdiff_t>(i * X.cols()));
  return m;
}

std::vector<double> values_at(const std::vector<double>& v, const std::vector<std::size_t>& rows) {
  std::vector<double> out(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) out[i] = v[rows[i]];
  return out;
}

// First and last date of a (possibly non-contiguous) row set.
Json date_range(const FeatureMatrix& X, const std::vector<std::size_t>& rows) {
  return Json::array({format_date(X.ts[rows.front()]), format_date(X.ts[rows.back()])});
}

Json importance_json(const std::vector<std::string>& names, const std::vector<double>& importance) {
  std::vector<std::pair<std::string, double>> pairs;
  for (std::size_t i = 0; i < importance.size() && i < names.size(); ++i) pairs.emplace_back(names[i], importance[i]);
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  Json out = Json::array();
  for (const auto& [name, value] : pairs) out.push_back({{"feature", name}, {"importance", value}});
  return out;
}

// The named set only (no macro join).
DatasetFeatures dataset_base_features(const Dataset& ds, const std::string& column_arg, const std::string& set);

}  // namespace

std::string FeatureChoice::describe() const {
  if (macro.empty()) return set;
  std::string names;
  for (const auto& m : macro) names += (names.empty() ? "" : ",") + m.name();
  return fmt::format("{}+macro({})", set, names);
}

DatasetFeatures dataset_features(const Dataset& ds, const std::string& column_arg, const FeatureChoice& features) {
  DatasetFeatures out = dataset_base_features(ds, column_arg, features.set);
  if (!features.macro.empty()) out.X = join_macro(out.X, features.macro, features.macro_columns);
  return out;
}

namespace {

DatasetFeatures dataset_base_features(const Dataset& ds, const std::string& column_arg, const std::string& set) {
  DatasetFeatures out;
  if (ds.kind() == DatasetKind::Bars) {
    if (!column_arg.empty() && column_arg != "close")
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("dataset '{}' holds OHLCV bars; column '{}' cannot be the close", ds.name(), column_arg),
                  "omit 'column' for bars datasets");
    out.X = feature_set_for_bars(ds.bars(), set);
    out.close = ds.bars().close;
    return out;
  }
  const Panel& p = ds.panel();
  std::string column = column_arg;
  if (column.empty() && p.columns.size() == 1) column = p.columns.front();
  if (column.empty())
    throw Error(
        ErrorKind::InvalidArgument,
        fmt::format("dataset '{}' is a panel of {} columns; say which one to train on", ds.name(), p.columns.size()),
        fmt::format("pass 'column', e.g. \"{}\"", p.columns.empty() ? "" : p.columns.front()));
  const CloseSeries s = panel_close_series(p, column);
  out.X = feature_set_for_closes(s.ts, s.close, set);
  out.close = s.close;
  out.column = column;
  return out;
}

}  // namespace

TrainingSet build_training_set(const Dataset& ds, const TrainSpec& spec) {
  if (spec.horizon < 1)
    throw Error(ErrorKind::InvalidArgument, fmt::format("horizon must be >= 1 bar, got {}", spec.horizon));
  if (spec.cross_section || is_cross_section_target(spec.target)) return build_cross_section_set(ds, spec);
  DatasetFeatures f = dataset_features(ds, spec.column, spec.features);
  LabeledRows joined =
      join_labels(f.X, {direction_labels(f.close, spec.horizon), forward_returns(f.close, spec.horizon)});
  return TrainingSet{std::move(joined.X), std::move(joined.labels[0]), std::move(joined.labels[1])};
}

std::vector<IndexSplit> make_cv_splits(std::size_t n, const TrainSpec& spec) {
  if (spec.folds < 1) throw Error(ErrorKind::InvalidArgument, fmt::format("folds must be >= 1, got {}", spec.folds));
  const auto folds = static_cast<std::size_t>(spec.folds);
  const auto gap = static_cast<std::size_t>(spec.horizon);
  std::vector<IndexSplit> out;
  if (spec.scheme == "expanding" || spec.scheme == "rolling") {
    const std::size_t needed = kMinTrainRows + gap + folds * kMinTestRowsPerFold;
    if (n < needed)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("{} usable rows (after warm-up and the last {} unlabeled rows) are too few for {} "
                              "folds: need at least {}",
                              n, spec.horizon, spec.folds, needed),
                  "use fewer folds, a shorter horizon, or a dataset with more history");
    const std::size_t min_train =
        spec.min_train > 0 ? spec.min_train : std::max(kMinTrainRows + gap, n / (folds + 1));
    const auto splits = spec.scheme == "expanding" ? walk_forward_splits(n, spec.folds, min_train, gap)
                                                   : rolling_walk_forward_splits(n, spec.folds, min_train, gap);
    for (const auto& s : splits) out.push_back(to_index_split(s));
  } else if (spec.scheme == "purged_kfold") {
    out = purged_kfold_splits(n, spec.folds, gap, spec.embargo);
  } else if (spec.scheme == "cpcv") {
    out = combinatorial_purged_splits(n, spec.cpcv_groups, spec.cpcv_test_groups, gap, spec.embargo);
  } else {
    throw Error(ErrorKind::InvalidArgument, fmt::format("unknown validation scheme '{}'", spec.scheme),
                "use expanding, rolling, purged_kfold or cpcv");
  }
  for (const auto& s : out)
    if (s.train.size() < kMinTrainRows || s.test.size() < kMinTestRowsPerFold)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("a '{}' fold has {} training and {} test rows; need {} and {}", spec.scheme,
                              s.train.size(), s.test.size(), kMinTrainRows, kMinTestRowsPerFold),
                  "use fewer folds or groups, or a dataset with more history");
  return out;
}

Json train_on_set(const TrainingSet& set, const TrainSpec& spec, const TrainCallbacks& cb) {
  return train_on_splits(set, spec, {}, cb);
}

Json train_on_splits(const TrainingSet& set, const TrainSpec& spec, const std::vector<IndexSplit>& given,
                     const TrainCallbacks& cb) {
  const auto started = std::chrono::steady_clock::now();
  const ModelSpec& model_spec = find_model_spec(spec.model);
  const Task task = task_for_target(spec.target);
  if (model_spec.task != task)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("model '{}' does {}, but target '{}' needs {}", spec.model, task_name(model_spec.task),
                            spec.target, task_name(task)),
                fmt::format("use target '{}' with '{}', or a {} model (see ml.models)", default_target(model_spec.task),
                            spec.model, task_name(task)));
  const Json params = effective_params(model_spec, spec.params);

  const FeatureMatrix& X = set.X;
  const std::size_t n = X.rows();
  // Cross-sectional sets split by date, so no date is in both training and test.
  const auto splits = !given.empty()                 ? given
                      : set.cross_section.empty() ? make_cv_splits(n, spec)
                                                  : make_date_splits(set.cross_section, spec);

  // Clustering fits without labels; its regimes are scored against the forward return.
  const std::vector<double>& y = task == Task::Classification ? set.direction : set.forward_return;
  Json fold_results = Json::array();
  Json warnings = Json::array();
  std::vector<std::string> suspects;
  std::map<std::string, std::vector<double>> per_metric;
  std::vector<double> last_importance;

  const FoldMetricOptions metric_options{.horizon = spec.horizon, .cost_bps = spec.cost_bps};
  const int n_folds = static_cast<int>(splits.size());
  for (std::size_t k = 0; k < splits.size(); ++k) {
    if (cb.check_cancelled) cb.check_cancelled();
    const IndexSplit& s = splits[k];
    const int fold = static_cast<int>(k) + 1;
    StandardScaler scaler;
    const Matrix train = scaler.fit_transform(rows_at(X, s.train));
    if (cb.on_scaler_fit) cb.on_scaler_fit(fold, scaler);
    const Matrix test = scaler.transform(rows_at(X, s.test));

    auto model = model_spec.make(params, spec.seed);
    model->fit(train, values_at(y, s.train));
    const auto pred = model->predict(test);
    const auto y_test = values_at(y, s.test);
    Json metrics = task == Task::Clustering
                       ? clustering_fold_metrics(test, pred, values_at(set.forward_return, s.test))
                       : fold_metrics(task, y_test, pred, values_at(set.forward_return, s.test), metric_options);
    if (!set.cross_section.empty())
      metrics.update(
          cross_section_fold_metrics(set.cross_section, s.test, pred, values_at(set.forward_return, s.test)));
    for (const auto& [name, value] : metrics.items())
      per_metric[name].push_back(value.is_number() ? value.get<double>() : std::nan(""));
    // The canary reads a contiguous block; CPCV test sets are checked over their span.
    const std::size_t t0 = s.test.front(), t1 = s.test.back() + 1;
    if (auto w = leakage_warning(fold, metrics, X, y, t0, t1)) {
      warnings.push_back(*w);
      for (auto& f : detect_lookahead_features(X, y, t0, t1))
        if (std::find(suspects.begin(), suspects.end(), f) == suspects.end()) suspects.push_back(f);
    }
    fold_results.push_back({{"fold", fold},
                            {"train", date_range(X, s.train)},
                            {"test", date_range(X, s.test)},
                            {"n_train", s.train.size()},
                            {"n_test", s.test.size()},
                            {"metrics", metrics}});
    if (k + 1 == splits.size()) last_importance = model->feature_importance();
    if (cb.progress)
      cb.progress(static_cast<double>(fold) / static_cast<double>(n_folds), fold_progress(fold, n_folds, task, metrics));
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
              {"scheme", spec.scheme},
              {"embargo", spec.embargo},
              {"folds", fold_results},
              {"metrics", summarize_folds(per_metric)},
              {"feature_set", spec.features.describe()},
              {"feature_names", X.names},
              {"feature_importance", importance_json(X.names, last_importance)},
              {"n_rows", n},
              {"warnings", warnings},
              {"suspect_features", suspects},
              {"library_versions", library_versions()},
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
  Json macro = Json::array();
  for (const auto& m : spec.features.macro)
    macro.push_back({{"dataset", m.name()}, {"sha256", m.provenance().sha256}});
  if (!macro.empty()) result["data"]["macro"] = macro;
  if (!set.cross_section.empty()) result.update(cross_section_summary(set.cross_section));
  if (ds.kind() == DatasetKind::Panel && set.cross_section.empty())
    result["data"]["column"] = spec.column.empty() ? ds.panel().columns.front() : spec.column;
  return result;
}

}  // namespace mlt
