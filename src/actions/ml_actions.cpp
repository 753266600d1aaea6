#include "actions/ml_actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <thread>

#include "actions/result_store.h"
#include "core/error.h"
#include "core/sha256.h"
#include "core/time.h"
#include "data/dataset_repository.h"
#include "features/feature_recipe.h"
#include "ml/clustering.h"
#include "ml/compare.h"
#include "ml/scaler.h"
#include "ml/model_artifact.h"
#include "ml/model_registry.h"
#include "ml/panel_training.h"
#include "ml/train_pipeline.h"
#include "store/store.h"

namespace mlt {
namespace {

// ---- ml.train / train.<id> ----

Json save_model_version(ActionContext& ctx, const std::string& name, const Dataset& ds, const TrainSpec& spec,
                        const Json& summary);

// The feature recipe of ml.train / ml.compare: the named set plus the
// `macro` datasets. The gateway and Runtime::call already checked every
// macro name (dataset_names() reads arrays); the handler checks again because
// it may run later as a trial: each must exist and still match its SHA-256
// (load() re-verifies) before any feature is built from it.
FeatureChoice feature_choice(const std::string& set, const Json& macro_names, const Json& macro_columns,
                             ActionContext& ctx) {
  FeatureChoice f;
  f.set = set;
  DatasetRepository repo(ctx.store);
  for (const auto& name_json : macro_names) {
    const std::string name = name_json.get<std::string>();
    repo.require(name);
    if (auto problem = repo.integrity_problem(name))
      throw Error(ErrorKind::Denied, fmt::format("macro dataset '{}' failed its provenance check: {}", name, *problem),
                  "re-import the dataset from its original source");
    f.macro.push_back(repo.load(name));
  }
  for (const auto& c : macro_columns) f.macro_columns.push_back(c.get<std::string>());
  return f;
}

FeatureChoice feature_choice(const Json& args, ActionContext& ctx) {
  return feature_choice(args.value("feature_set", std::string("standard")), args.value("macro", Json::array()),
                        args.value("macro_columns", Json::array()), ctx);
}

Json run_train(const Json& args, ActionContext& ctx, const std::string& fixed_model) {
  TrainSpec spec;
  spec.model = fixed_model.empty() ? args.value("model", std::string("xgboost_classifier")) : fixed_model;
  const ModelSpec& model = find_model_spec(spec.model);
  spec.cross_section = args.value("cross_section", false);
  spec.symbols = args.value("symbols", std::vector<std::string>{});
  const std::string prefix = spec.cross_section ? "excess_" : "";
  spec.target =
      args.value("target", prefix + default_target(model.task));
  spec.horizon = args.value("horizon", 1);
  spec.folds = args.value("folds", 5);
  spec.seed = args.contains("seed") ? args.at("seed").get<std::uint64_t>() : ctx.config.seed;
  spec.params = args.value("params", Json::object());
  spec.column = args.value("column", std::string());
  spec.scheme = args.value("scheme", std::string("expanding"));
  spec.embargo = args.value("embargo", std::size_t{0});
  const std::string dataset = args.at("dataset").get<std::string>();

  ctx.report(0.0, fmt::format("loading dataset '{}'", dataset));
  spec.features = feature_choice(args, ctx);
  const Dataset ds = DatasetRepository(ctx.store).load(dataset);
  TrainCallbacks cb;
  cb.progress = [&ctx](double fraction, const std::string& message) { ctx.report(fraction, message); };
  cb.check_cancelled = [&ctx] { ctx.check_cancelled(); };
  Json summary = train_walk_forward(ds, spec, cb);
  summary["result_id"] = store_result(ctx, "ml.train", ds.name(), summary);
  if (args.value("save", true)) {
    ctx.report(1.0, "fitting the final model on every labelled row");
    const std::string column = summary["data"].value("column", std::string());
    const std::string name =
        args.value("name", column.empty() ? fmt::format("{}_{}", ds.name(), spec.model)
                                          : fmt::format("{}_{}_{}", ds.name(), column, spec.model));
    summary["saved_model"] = save_model_version(ctx, name, ds, spec, summary);
  }
  return summary;
}

// ---- model registry: save a version, ml.versions, ml.predict ----

// Fits the final model (every labelled row) and stores it as the next
// version of `name`. Versions are numbered inside the write transaction,
// so two trials saving the same name never collide.
Json save_model_version(ActionContext& ctx, const std::string& name, const Dataset& ds, const TrainSpec& spec,
                        const Json& summary) {
  if (name.empty() || name.size() > 200)
    throw Error(ErrorKind::InvalidArgument, "a model name must have 1 to 200 characters");
  const ModelArtifact artifact = fit_artifact(build_training_set(ds, spec), spec, spec.features.describe());
  Json macro_names = Json::array();
  for (const auto& m : spec.features.macro) macro_names.push_back(m.name());
  const std::string bytes = artifact.bytes();
  const std::string sha = artifact.sha256();
  const Json spec_json{{"target", spec.target},   {"horizon", spec.horizon}, {"column", summary["data"].value("column", "")},
                       {"scheme", spec.scheme},   {"folds", spec.folds},     {"embargo", spec.embargo},
                       {"fitted_from", artifact.fitted_from}, {"fitted_to", artifact.fitted_to},
                       {"n_train", artifact.n_train},
                       // ml.predict rebuilds exactly these features:
                       {"feature_set_name", spec.features.set}, {"macro", macro_names},
                       {"macro_columns", spec.features.macro_columns},
                       // Cross-sectional models are scored on the same symbols, ranked per date.
                       {"cross_section", spec.cross_section},
                       {"symbols", summary.value("symbols", Json::array())}};
  const int version = ctx.store.write([&](SQLite::Database& db) {
    SQLite::Statement next(db, "SELECT COALESCE(MAX(version), 0) + 1 FROM models WHERE name = ?");
    next.bind(1, name);
    next.executeStep();
    const int v = next.getColumn(0).getInt();
    SQLite::Statement st(db,
                         "INSERT INTO models (name, version, model, task, dataset, data_sha256, feature_set, params, "
                         "seed, library_versions, metrics, spec, artifact, artifact_sha256, result_id, trial_id, "
                         "created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    st.bind(1, name);
    st.bind(2, v);
    st.bind(3, spec.model);
    st.bind(4, std::string(task_name(artifact.task)));
    st.bind(5, ds.name());
    st.bind(6, ds.provenance().sha256);
    st.bind(7, artifact.feature_set);
    st.bind(8, artifact.params.dump());
    st.bind(9, static_cast<std::int64_t>(spec.seed));
    st.bind(10, summary.at("library_versions").dump());
    st.bind(11, summary.at("metrics").dump());
    st.bind(12, spec_json.dump());
    st.bind(13, bytes.data(), static_cast<int>(bytes.size()));
    st.bind(14, sha);
    st.bind(15, summary.at("result_id").get<std::int64_t>());
    if (ctx.trial_id) {
      st.bind(16, *ctx.trial_id);
    } else {
      st.bind(16);
    }
    st.bind(17, static_cast<std::int64_t>(ctx.env.now()));
    st.exec();
    return v;
  });
  return Json{{"name", name},           {"version", version},         {"artifact_sha256", sha},
              {"feature_set", artifact.feature_set}, {"fitted_rows", artifact.n_train}, {"fitted_to", artifact.fitted_to}};
}

constexpr const char* kModelFields =
    "SELECT name, version, model, task, dataset, data_sha256, feature_set, params, seed, library_versions, metrics, "
    "spec, artifact_sha256, result_id, created_at";

Json version_row(SQLite::Statement& st) {
  return Json{{"name", st.getColumn(0).getString()},
              {"version", st.getColumn(1).getInt()},
              {"model", st.getColumn(2).getString()},
              {"task", st.getColumn(3).getString()},
              {"dataset", st.getColumn(4).getString()},
              {"data_sha256", st.getColumn(5).getString()},
              {"feature_set", st.getColumn(6).getString()},
              {"params", column_json(st, 7)},
              {"seed", st.getColumn(8).getInt64()},
              {"library_versions", column_json(st, 9)},
              {"metrics", column_json(st, 10)},
              {"spec", column_json(st, 11)},
              {"artifact_sha256", st.getColumn(12).getString()},
              {"result_id", st.getColumn(13).isNull() ? Json(nullptr) : Json(st.getColumn(13).getInt64())},
              {"created_at", format_iso8601(st.getColumn(14).getInt64())}};
}

Json list_versions(const Json& args, ActionContext& ctx) {
  const std::string name = args.value("name", std::string());
  const int limit = args.value("limit", 50);
  Json rows = Json::array();
  ctx.store.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, std::string(kModelFields) +
                                 " FROM models WHERE (?1 = '' OR name = ?1) ORDER BY name, version DESC LIMIT ?2");
    st.bind(1, name);
    st.bind(2, limit);
    while (st.executeStep()) rows.push_back(version_row(st));
  });
  if (!name.empty() && rows.empty())
    throw Error(ErrorKind::NotFound, fmt::format("no saved model named '{}'", name),
                "train one with ml.train (it saves a version), or list all with ml.versions");
  return Json{{"models", rows}};
}

struct StoredModel {
  Json row;
  std::string bytes;
};

// The newest version of `name` when version is 0. Throws Error{NotFound}.
StoredModel load_stored_model(ActionContext& ctx, const std::string& name, int version) {
  return ctx.store.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, std::string(kModelFields) +
                                 ", artifact FROM models WHERE name = ?1 AND (?2 = 0 OR version = ?2)"
                                 " ORDER BY version DESC LIMIT 1");
    st.bind(1, name);
    st.bind(2, version);
    if (!st.executeStep())
      throw Error(ErrorKind::NotFound,
                  version == 0 ? fmt::format("no saved model named '{}'", name)
                               : fmt::format("model '{}' has no version {}", name, version),
                  "list the saved models and their versions with ml.versions");
    const SQLite::Column blob = st.getColumn(15);
    return StoredModel{version_row(st),
                       std::string(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes()))};
  });
}

// ml.predict: the saved model scores a dataset's latest `last` feature rows,
// or the rows dated within [from, to]. Features are rebuilt causally from the
// dataset exactly as in training, so row t uses data up to t only.
Json run_predict(const Json& args, ActionContext& ctx) {
  const std::string name = args.at("name").get<std::string>();
  const StoredModel stored = load_stored_model(ctx, name, args.value("version", 0));
  const ModelArtifact artifact = ModelArtifact::from_bytes(stored.bytes);
  if (sha256_hex(stored.bytes) != stored.row.at("artifact_sha256"))
    throw Error(ErrorKind::Internal, fmt::format("model '{}' v{} does not match its stored hash", name,
                                                 stored.row.at("version").get<int>()),
                "the store was altered; train the model again");
  const std::string dataset = args.value("dataset", stored.row.at("dataset").get<std::string>());
  const std::string column = args.value("column", stored.row.at("spec").value("column", std::string()));
  const Dataset ds = DatasetRepository(ctx.store).load(dataset);
  const Json& stored_spec = stored.row.at("spec");
  const FeatureChoice features =
      feature_choice(stored_spec.value("feature_set_name", std::string("standard")),
                     stored_spec.value("macro", Json::array()), stored_spec.value("macro_columns", Json::array()), ctx);
  const bool cross_section = stored_spec.value("cross_section", false);
  DatasetFeatures f;
  CrossSectionIndex cs;  // cross-sectional models: each row's date and symbol
  if (cross_section) {
    PanelFeatures pf =
        cross_section_features(ds, stored_spec.value("symbols", std::vector<std::string>{}), features);
    f.X = std::move(pf.X);
    cs = std::move(pf.index);
  } else {
    f = dataset_features(ds, column, features);
  }
  std::size_t first = 0, end = f.X.rows();
  if (args.contains("from") || args.contains("to")) {
    const auto parse = [](const Json& v, const char* what) {
      const auto t = parse_timestamp(v.get<std::string>());
      if (!t)
        throw Error(ErrorKind::InvalidArgument, fmt::format("'{}' is not a date: {}", what, v.dump()),
                    "use YYYY-MM-DD");
      return *t;
    };
    const TimestampMs lo = args.contains("from") ? parse(args.at("from"), "from") : f.X.ts.front();
    const TimestampMs hi = args.contains("to") ? parse(args.at("to"), "to") : f.X.ts.back();
    first = static_cast<std::size_t>(std::lower_bound(f.X.ts.begin(), f.X.ts.end(), lo) - f.X.ts.begin());
    end = static_cast<std::size_t>(std::upper_bound(f.X.ts.begin(), f.X.ts.end(), hi) - f.X.ts.begin());
  } else {
    const auto last = static_cast<std::size_t>(args.value("last", 20));
    first = end > last ? end - last : 0;
    if (cross_section)  // the latest `last` dates, every symbol on them
      first = static_cast<std::size_t>(
          std::lower_bound(cs.date.begin(), cs.date.end(), cs.n_dates > last ? cs.n_dates - last : 0) -
          cs.date.begin());
  }
  if (first >= end)
    throw Error(ErrorKind::InvalidArgument, fmt::format("no feature rows of '{}' in the requested range", dataset),
                "widen the date range (the first ~50 bars are feature warm-up)");
  FeatureMatrix rows;
  rows.names = f.X.names;
  rows.ts.assign(f.X.ts.begin() + static_cast<std::ptrdiff_t>(first), f.X.ts.begin() + static_cast<std::ptrdiff_t>(end));
  rows.values.assign(f.X.values.begin() + static_cast<std::ptrdiff_t>(first * f.X.cols()),
                     f.X.values.begin() + static_cast<std::ptrdiff_t>(end * f.X.cols()));
  const auto pred = artifact.predict(rows);
  const bool classifier = artifact.task == Task::Classification;
  const std::string prediction_kind = artifact.task == Task::Clustering ? "regime"
                                      : cross_section ? (classifier ? "probability_beats_cross_section" : "excess_return")
                                                      : (classifier ? "probability_up" : "forward_return");
  Json out = Json::array();
  for (std::size_t i = 0; i < pred.size(); ++i) {
    out.push_back({{"date", format_date(rows.ts[i])}, {"prediction", pred[i]}});
    if (cross_section) out.back()["symbol"] = cs.symbols[cs.symbol[first + i]];
  }
  return Json{{"model", stored.row},
              {"dataset", ds.name()},
              {"data_sha256", ds.provenance().sha256},
              {"prediction_kind", prediction_kind},
              {"horizon", artifact.horizon},
              {"predictions", out}};
}

// ---- ml.cluster: market regimes ----

// Regime features are causal (row t uses closes up to t); the clustering
// itself is fitted on the whole requested span, so the labels describe
// regimes in-sample: a description, not a tradable forecast.
Json run_cluster(const Json& args, ActionContext& ctx) {
  const std::string dataset = args.at("dataset").get<std::string>();
  const std::string method = args.value("method", std::string("kmeans"));
  const auto features = args.value("features", std::vector<std::string>{"ret_1", "ret_5", "vol_20"});
  const std::uint64_t seed = args.contains("seed") ? args.at("seed").get<std::uint64_t>() : ctx.config.seed;
  const Dataset ds = DatasetRepository(ctx.store).load(dataset);
  const DatasetFeatures f = dataset_features(ds, args.value("column", std::string()));
  std::vector<std::size_t> cols;
  for (const auto& name : features) {
    const int c = f.X.column_index(name);
    if (c < 0) {
      std::string known;
      for (const auto& n : f.X.names) known += (known.empty() ? "" : ", ") + n;
      throw Error(ErrorKind::InvalidArgument, fmt::format("unknown regime feature '{}'", name),
                  "available: " + known);
    }
    cols.push_back(static_cast<std::size_t>(c));
  }
  Matrix raw(f.X.rows(), cols.size());
  for (std::size_t r = 0; r < f.X.rows(); ++r)
    for (std::size_t j = 0; j < cols.size(); ++j) raw(r, j) = f.X.at(r, cols[j]);
  StandardScaler scaler;  // distances need comparable units
  Json params = {{"k", args.value("k", 3)}};
  for (const char* key : {"eps", "min_samples", "max_iter"})
    if (args.contains(key)) params[key] = args.at(key);
  ctx.report(0.1, fmt::format("{} on {} rows x {} features", method, raw.rows, raw.cols));
  const ClusterResult cr = cluster_rows(scaler.fit_transform(raw), method, params, seed);
  // Per cluster: size, daily return and volatility (annualised), mean raw features.
  const int ret_col = f.X.column_index("ret_1");
  Json clusters = Json::array();
  for (int k = -1; k < cr.n_clusters; ++k) {
    std::vector<std::size_t> rows;
    for (std::size_t i = 0; i < cr.labels.size(); ++i)
      if (cr.labels[i] == k) rows.push_back(i);
    if (rows.empty()) continue;
    double m = 0, v = 0;
    for (auto i : rows) m += f.X.at(i, static_cast<std::size_t>(ret_col)) / double(rows.size());
    for (auto i : rows) v += std::pow(f.X.at(i, static_cast<std::size_t>(ret_col)) - m, 2) / double(rows.size());
    Json means = Json::object();
    for (std::size_t j = 0; j < cols.size(); ++j) {
      double s = 0;
      for (auto i : rows) s += raw(i, j);
      means[features[j]] = s / double(rows.size());
    }
    clusters.push_back({{"cluster", k},
                        {"label", k < 0 ? "noise" : fmt::format("regime {}", k)},
                        {"days", rows.size()},
                        {"share", double(rows.size()) / double(cr.labels.size())},
                        {"ann_return", m * 252.0},
                        {"ann_volatility", std::sqrt(v * 252.0)},
                        {"feature_means", means},
                        {"first", format_date(f.X.ts[rows.front()])},
                        {"last", format_date(f.X.ts[rows.back()])}});
  }
  Json labels = Json::array();
  for (std::size_t i = 0; i < cr.labels.size(); ++i)
    labels.push_back({{"date", format_date(f.X.ts[i])}, {"cluster", cr.labels[i]}});
  Json out{{"dataset", ds.name()},       {"data_sha256", ds.provenance().sha256}, {"method", method},
           {"params", params},           {"seed", seed},                          {"features", features},
           {"n_clusters", cr.n_clusters}, {"inertia", cr.inertia},                {"clusters", clusters},
           {"labels", labels}};
  if (method.rfind("gmm", 0) == 0) out["log_likelihood"] = cr.log_likelihood;
  out["result_id"] = store_result(ctx, "ml.cluster", ds.name(), Json{{"method", method}, {"clusters", clusters}});
  return out;
}

// ---- ml.compare ----

// ml.compare's target: as given; else the one of `task`; else the one of the
// first listed model's task (a clustering list compares regimes); else
// direction. A task and a target that disagree are refused.
std::string compare_target(const Json& args) {
  std::string target = args.value("target", std::string());
  if (args.contains("task")) {
    const std::string name = args.at("task").get<std::string>();
    for (const Task task : {Task::Classification, Task::Regression, Task::Clustering}) {
      if (task_name(task) != name) continue;
      if (target.empty()) return default_target(task);
      if (task_for_target(target) != task)
        throw Error(ErrorKind::InvalidArgument, fmt::format("target '{}' is not a {} target", target, name),
                    fmt::format("omit the target, or use '{}'", default_target(task)));
      return target;
    }
    throw Error(ErrorKind::InvalidArgument, fmt::format("unknown task '{}'", name),
                "use classification, regression or clustering");
  }
  if (target.empty() && args.contains("models") && !args.at("models").empty())
    target = default_target(find_model_spec(args.at("models").at(0).get<std::string>()).task);
  return target.empty() ? "direction" : target;
}

Json run_compare(const Json& args, ActionContext& ctx) {
  CompareSpec spec;
  spec.models = args.value("models", std::vector<std::string>{});
  spec.base.target = compare_target(args);
  spec.base.horizon = args.value("horizon", 1);
  spec.base.folds = args.value("folds", 5);
  spec.base.seed = args.contains("seed") ? args.at("seed").get<std::uint64_t>() : ctx.config.seed;
  spec.base.column = args.value("column", std::string());
  spec.base.scheme = args.value("scheme", std::string("expanding"));
  spec.base.embargo = args.value("embargo", std::size_t{0});
  spec.base.cross_section = args.value("cross_section", false);
  spec.base.symbols = args.value("symbols", std::vector<std::string>{});
  // Cross-sectional sets have excess labels: the same task, measured against the other symbols.
  if (spec.base.cross_section && !args.contains("target"))
    spec.base.target = spec.base.target == "return" ? "excess_return" : "excess_direction";
  spec.params = args.value("params", Json::object());
  spec.metric = args.value("metric", std::string());
  spec.base.features = feature_choice(args, ctx);
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  spec.workers = ctx.config.workers > 0 ? ctx.config.workers : static_cast<int>(cores);
  const std::string dataset = args.at("dataset").get<std::string>();
  ctx.report(0.0, fmt::format("loading dataset '{}'", dataset));
  const Dataset ds = DatasetRepository(ctx.store).load(dataset);
  const TrainingSet set = build_training_set(ds, spec.base);
  TrainCallbacks cb;
  cb.progress = [&ctx](double fraction, const std::string& message) { ctx.report(fraction, message); };
  cb.check_cancelled = [&ctx] { ctx.check_cancelled(); };
  Json board = compare_on_set(set, spec, cb);
  board["data"] = {{"dataset", ds.name()}, {"sha256", ds.provenance().sha256}};
  board["feature_set"] = spec.base.features.describe();
  if (!set.cross_section.empty()) {
    board.update(cross_section_summary(set.cross_section));
    board["n_rows"] = set.X.rows();
  }
  for (const auto& m : spec.base.features.macro)
    board["data"]["macro"].push_back({{"dataset", m.name()}, {"sha256", m.provenance().sha256}});
  board["result_id"] = store_result(ctx, "ml.compare", ds.name(), board);
  return board;
}

// The properties shared by ml.train and train.<id>; `params` is described
// per model when the model is known, so the schema itself rejects bad keys.
Json train_properties(const ModelSpec* model) {
  Json props = {
      {"dataset",
       {{"type", "string"},
        {"minLength", 1},
        {"description", "Name of a stored dataset (see data.list), e.g. sp500_daily."}}},
      {"target",
       {{"type", "string"},
        {"enum", {"direction", "return", "regime", "excess_direction", "excess_return"}},
        {"description",
         "direction: will the close be higher after `horizon` bars (classifiers); return: the forward return "
         "close[t+h]/close[t]-1 (regressors); regime: clustering models, fitted without labels and scored by "
         "silhouette, Calinski-Harabasz, Davies-Bouldin and how well the regimes separate the forward return "
         "(regime_f). With cross_section: excess_direction (beats the equal-weight "
         "mean of the symbols over the horizon?) or excess_return (forward return minus that mean). Default "
         "follows the model's task."}}},
      {"horizon",
       {{"type", "integer"},
        {"minimum", 1},
        {"maximum", 60},
        {"default", 1},
        {"description", "Label horizon in bars (days for daily data); also the purge gap between training and test."}}},
      {"folds",
       {{"type", "integer"},
        {"minimum", 2},
        {"maximum", 20},
        {"default", 5},
        {"description", "Number of walk-forward test blocks (expanding training window)."}}},
      {"seed",
       {{"type", "integer"},
        {"minimum", 0},
        {"description", "Random seed; default: the configured run seed. Recorded with the result."}}},
      {"column",
       {{"type", "string"},
        {"description", "Panels only (e.g. the Dow-30 closes): the column to use as the close, e.g. MSFT."}}},
      {"cross_section",
       {{"type", "boolean"},
        {"default", false},
        {"description",
         "Wide panels of closes (e.g. dow30_close): one row per (date, symbol), each feature ranked across the "
         "symbols of its date, excess targets, splits by date (purge and embargo count dates); adds cs_ic, "
         "cs_rank_ic, cs_icir, ls_spread, ls_spread_t (top-minus-bottom quintile). See docs/cross_section.md."}}},
      {"symbols",
       {{"type", "array"},
        {"items", {{"type", "string"}, {"minLength", 1}}},
        {"minItems", 3},
        {"description", "With cross_section: the panel columns to use (at least 3); default every column."}}},
      {"scheme",
       {{"type", "string"},
        {"enum", {"expanding", "rolling", "purged_kfold", "cpcv"}},
        {"default", "expanding"},
        {"description",
         "Validation: expanding or rolling walk-forward, purged k-fold with embargo, or combinatorial purged CV "
         "(6 groups, 2 test groups). The horizon drives the purge."}}},
      {"feature_set",
       {{"type", "string"},
        {"enum", feature_set_names()},
        {"default", "standard"},
        {"description",
         "standard: returns, SMA/EMA ratios, RSI, volatility, volume (15 columns); alpha158: Qlib's Alpha158 "
         "(k-bar shape, price ratios, ROC/MA/STD/BETA/RSQR/RESI/MAX/MIN/QTLU/QTLD/RANK/RSV/IMAX/IMIN/IMXD/CORR/"
         "CORD/CNT*/SUM*/VMA/VSTD/WVMA/VSUM* over 5/10/20/30/60 bars; see docs/features.md)."}}},
      {"macro",
       {{"type", "array"},
        {"items", {{"type", "string"}, {"minLength", 1}}},
        {"maxItems", 10},
        {"description",
         "Stored FRED-style datasets (e.g. fred_core, or a data.fetch_fred result) joined point in time: a row "
         "at date t sees only values published by t (vintages when fetched with them, else the publication-lag "
         "rule). Adds macro_<series> and macro_<series>_chg per column."}}},
      {"macro_columns",
       {{"type", "array"},
        {"items", {{"type", "string"}, {"minLength", 1}}},
        {"description", "Series to take from the macro datasets, e.g. [\"CPIAUCSL\",\"UNRATE\"]; default all."}}},
      {"embargo",
       {{"type", "integer"},
        {"minimum", 0},
        {"maximum", 250},
        {"default", 0},
        {"description", "purged_kfold / cpcv: rows dropped after each test block beyond the purge."}}},
  };
  Json params = {{"type", "object"}, {"description", "Overrides of the model's default parameters (see ml.models)."}};
  if (model) {
    // A model fixes the task, so only the matching target is offered.
    props["target"]["enum"] = model->task == Task::Classification ? Json::array({"direction", "excess_direction"})
                              : model->task == Task::Regression   ? Json::array({"return", "excess_return"})
                                                                  : Json::array({"regime"});
    Json p = Json::object();
    for (const auto& [key, value] : model->defaults.items())
      p[key] = {{"type", value.is_number_integer() ? "integer"
                         : value.is_number()       ? "number"
                                                   : value.type_name()},
                {"default", value}};
    params["properties"] = p;
    params["additionalProperties"] = false;
  }
  props["params"] = params;
  return props;
}

// ---- ml.results ----

Json result_row(SQLite::Statement& st, bool full) {
  Json summary = column_json(st, 4);
  Json row = {{"id", st.getColumn(0).getInt64()},
              {"trial_id", st.getColumn(1).isNull() ? Json(nullptr) : Json(st.getColumn(1).getInt64())},
              {"kind", st.getColumn(2).getString()},
              {"dataset", st.getColumn(3).isNull() ? Json(nullptr) : Json(st.getColumn(3).getString())},
              {"created_at", format_iso8601(st.getColumn(5).getInt64())}};
  if (full) {
    row["summary"] = summary;
  } else {
    row["model"] = summary.value("model", Json(nullptr));
    row["target"] = summary.value("target", Json(nullptr));
    row["metrics"] = summary.value("metrics", Json::object());
  }
  return row;
}

Json list_results(const Json& args, ActionContext& ctx) {
  constexpr const char* kColumns = "SELECT id, trial_id, kind, dataset, summary, created_at FROM results";
  if (args.contains("id")) {
    const std::int64_t id = args.at("id").get<std::int64_t>();
    return ctx.store.read([&](SQLite::Database& db) {
      SQLite::Statement st(db, std::string(kColumns) + " WHERE id = ? AND kind LIKE 'ml.%'");
      st.bind(1, id);
      if (!st.executeStep())
        throw Error(ErrorKind::NotFound, fmt::format("no ml result with id {}", id), "list them with ml.results");
      return result_row(st, true);
    });
  }
  const int limit = args.value("limit", 20);
  const std::string dataset = args.value("dataset", std::string()), model = args.value("model", std::string());
  Json rows = Json::array();
  ctx.store.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, std::string(kColumns) +
                                 " WHERE kind LIKE 'ml.%' AND (?1 = '' OR dataset = ?1)"
                                 " AND (?2 = '' OR json_extract(summary, '$.model') = ?2) ORDER BY id DESC LIMIT ?3");
    st.bind(1, dataset);
    st.bind(2, model);
    st.bind(3, limit);
    while (st.executeStep()) rows.push_back(result_row(st, false));
  });
  return Json{{"results", rows}};
}

Json list_models(const Json&, ActionContext&) {
  Json out = Json::array();
  for (const auto& spec : model_specs()) out.push_back(spec.to_json());
  return Json{{"models", out}};
}

// ml.train and train.<id> save the final model as a new version of `name`.
Json with_save_properties(Json props) {
  props["name"] = {{"type", "string"},
                   {"minLength", 1},
                   {"maxLength", 200},
                   {"description",
                    "Saved model name; each run adds a version. Default <dataset>_<model> "
                    "(<dataset>_<column>_<model> for panels)."}};
  props["save"] = {{"type", "boolean"},
                   {"default", true},
                   {"description",
                    "Fit the final model on every labelled row after validation and save it as a version "
                    "(see ml.versions, ml.predict)."}};
  return props;
}

Json object_schema(Json properties, Json required) {
  Json schema{{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

}  // namespace

FeatureChoice ml_feature_choice(const Json& args, ActionContext& ctx) { return feature_choice(args, ctx); }

Json ml_train_properties() { return train_properties(nullptr); }

Json ml_save_model_version(ActionContext& ctx, const std::string& name, const Dataset& ds, const TrainSpec& spec,
                           const Json& summary) {
  return save_model_version(ctx, name, ds, spec, summary);
}

void register_ml_actions(ActionRegistry& registry) {
  Json ids = Json::array();
  for (const auto& spec : model_specs()) ids.push_back(spec.id);

  Json train_props = train_properties(nullptr);
  train_props["model"] = {{"type", "string"},
                          {"enum", ids},
                          {"default", "xgboost_classifier"},
                          {"description", "Model id from ml.models."}};
  registry.add(Action{
      .name = "ml.train",
      .summary = "Train a model on a stored dataset with leakage-free walk-forward validation and store the result.",
      .schema = object_schema(with_save_properties(train_props), {"dataset"}).dump(),
      .example = R"({"dataset":"sp500_daily","model":"xgboost_classifier","target":"direction","horizon":1,"folds":5})",
      .cost = Cost::Trial,
      .run = [](const Json& args, ActionContext& ctx) { return run_train(args, ctx, ""); },
      .dataset_args = {"dataset", "macro"},
      .details = "Builds causal features (returns, SMA/EMA ratios, RSI, volatility, volume) and forward labels, "
                 "splits the rows into an initial training block and `folds` consecutive test blocks (training "
                 "rows whose label reaches into the test block are purged), fits a scaler and the model on each "
                 "training window only, and reports per-fold and mean/std metrics, feature importance, seed, "
                 "library versions and data SHA-256. Warns when out-of-sample skill is implausible (look-ahead).",
  });

  for (const auto& spec : model_specs()) {
    const std::string target = default_target(spec.task);
    const std::string id = spec.id;
    registry.add(Action{
        .name = "train." + spec.id,
        .summary = spec.summary + " Walk-forward validated; the result is stored.",
        .schema = object_schema(with_save_properties(train_properties(&spec)), {"dataset"}).dump(),
        .example = Json{{"dataset", "sp500_daily"}, {"target", target}, {"folds", 5}}.dump(),
        .cost = Cost::Trial,
        .run = [id](const Json& args, ActionContext& ctx) { return run_train(args, ctx, id); },
        .dataset_args = {"dataset", "macro"},
    });
  }

  Json compare_props = train_properties(nullptr);
  compare_props["models"] = {{"type", "array"},
                             {"items", {{"type", "string"}, {"enum", ids}}},
                             {"description", "Model ids to compare; omit for every model of the target's task."}};
  compare_props["metric"] = {{"type", "string"},
                             {"description",
                              "Sort key: auc (default for direction), ic (default for return), accuracy, "
                              "balanced_accuracy, f1, log_loss, brier, rmse, mae, r2, rank_ic, icir, sharpe, "
                              "hit_rate, max_drawdown, turnover; clustering (target regime): silhouette (default), "
                              "calinski_harabasz, davies_bouldin (lower is better), n_clusters, noise_share, "
                              "regime_f (ANOVA F of the forward return across the regimes)."}};
  compare_props["params"] = {{"type", "object"},
                             {"description", "Per-model parameter overrides: {\"<model id>\": {...}}."}};
  compare_props["task"] = {{"type", "string"},
                           {"enum", {"classification", "regression", "clustering"}},
                           {"description",
                            "Compare every model of this task (clustering: the market-regime models, target "
                            "regime); sets the target when none is given. Default: the task of the first listed "
                            "model, else classification."}};
  registry.add(Action{
      .name = "ml.compare",
      .summary = "Leaderboard: train several models on identical leakage-free splits in parallel and rank them.",
      .schema = object_schema(compare_props, {"dataset"}).dump(),
      .example = R"({"dataset":"sp500_daily","models":["xgboost_classifier","logistic_l2","lda"],"folds":5})",
      .cost = Cost::Trial,
      .run = run_compare,
      .dataset_args = {"dataset", "macro"},
      .details = "Every model uses the same splits, seed and features; models run in parallel on the configured "
                 "workers with one thread each, progress is reported per model, and a model that fails is "
                 "reported on its row without stopping the others. Rows are sorted by the metric's mean across "
                 "folds (mean ± std and time per model). The table is stored as an ml.compare result.",
  });

  registry.add(Action{
      .name = "ml.results",
      .summary = "List stored training results (newest first), or show one full result by id.",
      .schema =
          object_schema({{"id", {{"type", "integer"}, {"minimum", 1}, {"description", "Show this result in full."}}},
                         {"limit",
                          {{"type", "integer"},
                           {"minimum", 1},
                           {"maximum", 500},
                           {"default", 20},
                           {"description", "How many results to list."}}},
                         {"dataset", {{"type", "string"}, {"description", "Only results on this dataset."}}},
                         {"model", {{"type", "string"}, {"description", "Only results of this model id."}}}},
                        Json::array())
              .dump(),
      .example = R"({"limit":10,"dataset":"sp500_daily"})",
      .cost = Cost::Instant,
      .run = list_results,
  });

  registry.add(Action{
      .name = "ml.versions",
      .summary = "List saved model versions (every ml.train saves one): parameters, seed, data hash, metrics.",
      .schema = object_schema({{"name", {{"type", "string"}, {"description", "Only the versions of this model name."}}},
                               {"limit",
                                {{"type", "integer"},
                                 {"minimum", 1},
                                 {"maximum", 500},
                                 {"default", 50},
                                 {"description", "How many versions to list."}}}},
                              Json::array())
                    .dump(),
      .example = R"({"name":"sp500_daily_xgboost_classifier"})",
      .cost = Cost::Instant,
      .run = list_versions,
  });

  registry.add(Action{
      .name = "ml.predict",
      .summary = "Predict with a saved model version: the latest rows of a dataset, or a date range.",
      .schema =
          object_schema(
              {{"name", {{"type", "string"}, {"minLength", 1}, {"description", "Saved model name (see ml.versions)."}}},
               {"version", {{"type", "integer"}, {"minimum", 1}, {"description", "Version; default the newest."}}},
               {"dataset",
                {{"type", "string"}, {"description", "Dataset to score; default the one the model was trained on."}}},
               {"column", {{"type", "string"}, {"description", "Panels: the column; default the training column."}}},
               {"last",
                {{"type", "integer"},
                 {"minimum", 1},
                 {"maximum", 5000},
                 {"default", 20},
                 {"description", "Score the latest N feature rows (ignored when from/to is given)."}}},
               {"from", {{"type", "string"}, {"description", "First date (YYYY-MM-DD) to score."}}},
               {"to", {{"type", "string"}, {"description", "Last date (YYYY-MM-DD) to score."}}}},
              {"name"})
              .dump(),
      .example = R"({"name":"sp500_daily_xgboost_classifier","last":5})",
      .cost = Cost::Instant,
      .run = run_predict,
      .dataset_args = {"dataset"},
      .details = "Loads the stored artifact (scaler and model fitted on every labelled row after walk-forward "
                 "validation), checks its SHA-256, rebuilds the same causal features and returns one prediction "
                 "per date: the probability of an up move over the horizon for classifiers, the forward return "
                 "for regressors, the regime (cluster label, -1 = noise) for clustering models.",
  });

  registry.add(Action{
      .name = "ml.cluster",
      .summary = "Market-regime detection: cluster a dataset's days by return/volatility features.",
      .schema = object_schema(
                    {{"dataset", {{"type", "string"}, {"minLength", 1}, {"description", "Stored dataset name."}}},
                     {"column", {{"type", "string"}, {"description", "Panels: the column to use as the close."}}},
                     {"method",
                      {{"type", "string"},
                       {"enum", clustering_methods()},
                       {"default", "kmeans"},
                       {"description", "kmeans (k-means++), minibatch_kmeans, dbscan, agglomerative_ward / "
                                       "_average / _complete / _single, gmm (diagonal Gaussian mixture, EM), "
                                       "gmm_full, gmm_spherical, mean_shift (flat kernel, estimated bandwidth)."}}},
                     {"k", {{"type", "integer"}, {"minimum", 1}, {"maximum", 20}, {"default", 3},
                            {"description", "Number of regimes (not used by dbscan)."}}},
                     {"features",
                      {{"type", "array"},
                       {"items", {{"type", "string"}}},
                       {"description", "Causal feature columns to cluster on; default ret_1, ret_5, vol_20."}}},
                     {"eps", {{"type", "number"}, {"exclusiveMinimum", 0}, {"description", "dbscan radius (standardised units, default 0.5)."}}},
                     {"min_samples", {{"type", "integer"}, {"minimum", 1}, {"description", "dbscan core size (default 5)."}}},
                     {"max_iter", {{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}, {"description", "Iterative methods: iteration cap."}}},
                     {"seed", {{"type", "integer"}, {"minimum", 0}, {"description", "Seed; default the run seed."}}}},
                    {"dataset"})
                    .dump(),
      .example = R"({"dataset":"sp500_daily","method":"gmm","k":3})",
      .cost = Cost::Trial,
      .run = run_cluster,
      .dataset_args = {"dataset"},
      .details = "Features are computed causally and standardised; the clusters are fitted on the whole span, "
                 "so labels describe regimes in-sample. Returns one label per date and, per cluster, its days, "
                 "share, annualised return and volatility and mean features.",
  });

  registry.add(Action{
      .name = "ml.models",
      .summary = "List the trainable models with their family, task, library and default parameters.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = "{}",
      .cost = Cost::Instant,
      .run = list_models,
  });

  register_ml_tune_action(registry);  // ml_tune_action.cpp
}

}  // namespace mlt
