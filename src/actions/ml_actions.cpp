#include "actions/ml_actions.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>

#include "core/error.h"
#include "core/time.h"
#include "data/dataset_repository.h"
#include "ml/compare.h"
#include "ml/model_registry.h"
#include "ml/train_pipeline.h"
#include "store/store.h"

namespace mlt {
namespace {

// ---- ml.train / train.<id> ----

std::int64_t store_result(ActionContext& ctx, const char* kind, const std::string& dataset, const Json& summary);

Json run_train(const Json& args, ActionContext& ctx, const std::string& fixed_model) {
  TrainSpec spec;
  spec.model = fixed_model.empty() ? args.value("model", std::string("xgboost_classifier")) : fixed_model;
  const ModelSpec& model = find_model_spec(spec.model);
  spec.target = args.value("target", std::string(model.task == Task::Classification ? "direction" : "return"));
  spec.horizon = args.value("horizon", 1);
  spec.folds = args.value("folds", 5);
  spec.seed = args.contains("seed") ? args.at("seed").get<std::uint64_t>() : ctx.config.seed;
  spec.params = args.value("params", Json::object());
  spec.column = args.value("column", std::string());
  spec.scheme = args.value("scheme", std::string("expanding"));
  spec.embargo = args.value("embargo", std::size_t{0});
  const std::string dataset = args.at("dataset").get<std::string>();

  ctx.report(0.0, fmt::format("loading dataset '{}'", dataset));
  const Dataset ds = DatasetRepository(ctx.store).load(dataset);
  TrainCallbacks cb;
  cb.progress = [&ctx](double fraction, const std::string& message) { ctx.report(fraction, message); };
  cb.check_cancelled = [&ctx] { ctx.check_cancelled(); };
  Json summary = train_walk_forward(ds, spec, cb);
  summary["result_id"] = store_result(ctx, "ml.train", ds.name(), summary);
  return summary;
}

std::int64_t store_result(ActionContext& ctx, const char* kind, const std::string& dataset, const Json& summary) {
  const std::string text = summary.dump();
  return ctx.store.write([&](SQLite::Database& db) {
    SQLite::Statement st(
        db, "INSERT INTO results (trial_id, kind, dataset, summary, created_at) VALUES (?, ?, ?, ?, ?)");
    if (ctx.trial_id) {
      st.bind(1, *ctx.trial_id);
    } else {
      st.bind(1);  // NULL: run outside a trial (e.g. from a test or `mltrainer run`)
    }
    st.bind(2, kind);
    st.bind(3, dataset);
    st.bind(4, text);
    st.bind(5, static_cast<std::int64_t>(ctx.env.now()));
    st.exec();
    return static_cast<std::int64_t>(db.getLastInsertRowid());
  });
}

// ---- ml.compare ----

Json run_compare(const Json& args, ActionContext& ctx) {
  CompareSpec spec;
  spec.models = args.value("models", std::vector<std::string>{});
  spec.base.target = args.value("target", std::string("direction"));
  spec.base.horizon = args.value("horizon", 1);
  spec.base.folds = args.value("folds", 5);
  spec.base.seed = args.contains("seed") ? args.at("seed").get<std::uint64_t>() : ctx.config.seed;
  spec.base.column = args.value("column", std::string());
  spec.base.scheme = args.value("scheme", std::string("expanding"));
  spec.base.embargo = args.value("embargo", std::size_t{0});
  spec.params = args.value("params", Json::object());
  spec.metric = args.value("metric", std::string());
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
        {"enum", {"direction", "return"}},
        {"description",
         "direction: will the close be higher after `horizon` bars (classifiers); return: the forward return "
         "close[t+h]/close[t]-1 (regressors). Default follows the model's task."}}},
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
      {"scheme",
       {{"type", "string"},
        {"enum", {"expanding", "rolling", "purged_kfold", "cpcv"}},
        {"default", "expanding"},
        {"description",
         "Validation: expanding or rolling walk-forward, purged k-fold with embargo, or combinatorial purged CV "
         "(6 groups, 2 test groups). The horizon drives the purge."}}},
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
    props["target"]["enum"] = Json::array({model->task == Task::Classification ? "direction" : "return"});
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

Json object_schema(Json properties, Json required) {
  Json schema{{"type", "object"}, {"additionalProperties", false}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  return schema;
}

}  // namespace

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
      .schema = object_schema(train_props, {"dataset"}).dump(),
      .example = R"({"dataset":"sp500_daily","model":"xgboost_classifier","target":"direction","horizon":1,"folds":5})",
      .cost = Cost::Trial,
      .run = [](const Json& args, ActionContext& ctx) { return run_train(args, ctx, ""); },
      .dataset_args = {"dataset"},
      .details = "Builds causal features (returns, SMA/EMA ratios, RSI, volatility, volume) and forward labels, "
                 "splits the rows into an initial training block and `folds` consecutive test blocks (training "
                 "rows whose label reaches into the test block are purged), fits a scaler and the model on each "
                 "training window only, and reports per-fold and mean/std metrics, feature importance, seed, "
                 "library versions and data SHA-256. Warns when out-of-sample skill is implausible (look-ahead).",
  });

  for (const auto& spec : model_specs()) {
    const std::string target = spec.task == Task::Classification ? "direction" : "return";
    const std::string id = spec.id;
    registry.add(Action{
        .name = "train." + spec.id,
        .summary = spec.summary + " Walk-forward validated; the result is stored.",
        .schema = object_schema(train_properties(&spec), {"dataset"}).dump(),
        .example = Json{{"dataset", "sp500_daily"}, {"target", target}, {"folds", 5}}.dump(),
        .cost = Cost::Trial,
        .run = [id](const Json& args, ActionContext& ctx) { return run_train(args, ctx, id); },
        .dataset_args = {"dataset"},
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
                              "hit_rate, max_drawdown, turnover."}};
  compare_props["params"] = {{"type", "object"},
                             {"description", "Per-model parameter overrides: {\"<model id>\": {...}}."}};
  compare_props["target"]["default"] = "direction";
  registry.add(Action{
      .name = "ml.compare",
      .summary = "Leaderboard: train several models on identical leakage-free splits in parallel and rank them.",
      .schema = object_schema(compare_props, {"dataset"}).dump(),
      .example = R"({"dataset":"sp500_daily","models":["xgboost_classifier","logistic_l2","lda"],"folds":5})",
      .cost = Cost::Trial,
      .run = run_compare,
      .dataset_args = {"dataset"},
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
      .name = "ml.models",
      .summary = "List the trainable models with their family, task, library and default parameters.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = "{}",
      .cost = Cost::Instant,
      .run = list_models,
  });
}

}  // namespace mlt
