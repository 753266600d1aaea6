// ml.tune: the action around ml/tune.h. Arguments as ml.train (dataset,
// model, target, horizon, scheme, folds, seed, features, params = fixed
// overrides) plus the search (method, space, n_iter, max_candidates,
// inner_folds, metric). The report is stored as an ml.tune result; with
// `save` the recommended parameters are fitted on every labelled row and
// saved as a model version exactly as ml.train saves one.
#include <fmt/format.h>

#include "actions/ml_actions.h"
#include "actions/result_store.h"
#include "core/error.h"
#include "data/dataset_repository.h"
#include "ml/adapters.h"
#include "ml/model_artifact.h"
#include "ml/model_registry.h"
#include "ml/panel_training.h"
#include "ml/tune.h"

namespace mlt {
namespace {

Json run_tune(const Json& args, ActionContext& ctx) {
  TuneSpec spec;
  spec.base.model = args.value("model", std::string("xgboost_classifier"));
  const ModelSpec& model = find_model_spec(spec.base.model);
  spec.base.cross_section = args.value("cross_section", false);
  spec.base.symbols = args.value("symbols", std::vector<std::string>{});
  spec.base.target = args.value("target", (spec.base.cross_section ? "excess_" : "") + default_target(model.task));
  spec.base.horizon = args.value("horizon", 1);
  spec.base.folds = args.value("folds", 5);
  spec.base.seed = args.contains("seed") ? args.at("seed").get<std::uint64_t>() : ctx.config.seed;
  spec.base.params = args.value("params", Json::object());
  spec.base.column = args.value("column", std::string());
  spec.base.scheme = args.value("scheme", std::string("expanding"));
  spec.base.embargo = args.value("embargo", std::size_t{0});
  spec.method = args.value("method", std::string("grid"));
  spec.space = args.value("space", Json::object());
  spec.n_iter = args.value("n_iter", 20);
  spec.max_candidates = args.value("max_candidates", 100);
  spec.inner_folds = args.value("inner_folds", 3);
  spec.metric = args.value("metric", std::string());
  const std::string dataset = args.at("dataset").get<std::string>();

  // Every argument error surfaces before the dataset is loaded and features are built.
  const std::size_t n_candidates = tune_candidates(spec).size();
  ctx.report(0.0, fmt::format("loading dataset '{}' ({} candidates)", dataset, n_candidates));
  spec.base.features = ml_feature_choice(args, ctx);
  const Dataset ds = DatasetRepository(ctx.store).load(dataset);
  const TrainingSet set = build_training_set(ds, spec.base);
  TrainCallbacks cb;
  cb.progress = [&ctx](double fraction, const std::string& message) { ctx.report(fraction, message); };
  cb.check_cancelled = [&ctx] { ctx.check_cancelled(); };
  Json report = tune_on_set(set, spec, cb);
  report["data"] = {{"dataset", ds.name()}, {"sha256", ds.provenance().sha256}};
  if (!set.cross_section.empty()) report.update(cross_section_summary(set.cross_section));
  else if (ds.kind() == DatasetKind::Panel)
    report["data"]["column"] = spec.base.column.empty() ? ds.panel().columns.front() : spec.base.column;
  for (const auto& m : spec.base.features.macro)
    report["data"]["macro"].push_back({{"dataset", m.name()}, {"sha256", m.provenance().sha256}});
  report["result_id"] = store_result(ctx, "ml.tune", ds.name(), report);

  if (args.contains("save")) {
    if (report["recommended"].is_null())
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("nothing to save: no candidate scored on every fold (result {} is stored)",
                              report["result_id"].get<std::int64_t>()),
                  "see the candidates' errors in the stored result; widen the space or change the metric");
    ctx.report(1.0, "fitting the recommended parameters on every labelled row");
    TrainSpec final_spec = spec.base;
    final_spec.params = report["recommended"]["params"];
    const std::string column = report["data"].value("column", std::string());
    const std::string name =
        args.at("save").value("name", column.empty() ? fmt::format("{}_{}_tuned", ds.name(), model.id)
                                                     : fmt::format("{}_{}_{}_tuned", ds.name(), column, model.id));
    // The version records the nested outer-fold metrics: the honest estimate of the search.
    Json summary{{"data", report["data"]},
                 {"library_versions", library_versions()},
                 {"metrics", report["outer_metrics"]},
                 {"result_id", report["result_id"]}};
    if (report.contains("symbols")) summary["symbols"] = report["symbols"];  // ml.predict ranks the same symbols
    report["saved_model"] = ml_save_model_version(ctx, name, ds, final_spec, summary);
  }
  return report;
}

Json tune_schema() {
  Json props = ml_train_properties();
  // A label to select by: no regimes here.
  props.erase("task");
  props["target"]["enum"] = Json::array({"direction", "return", "excess_direction", "excess_return"});
  Json ids = Json::array();
  for (const auto& spec : model_specs())
    if (spec.task == Task::Classification || spec.task == Task::Regression) ids.push_back(spec.id);
  props["model"] = {{"type", "string"},
                    {"enum", ids},
                    {"default", "xgboost_classifier"},
                    {"description", "Model id from ml.models."}};
  props["params"]["description"] = "Fixed overrides of the model's defaults, not searched.";
  props["method"] = {{"type", "string"},
                     {"enum", {"grid", "random"}},
                     {"default", "grid"},
                     {"description", "grid: every combination of the space; random: n_iter draws (seeded)."}};
  props["space"] = {{"type", "object"},
                    {"description",
                     "Parameters to search: {\"alpha\": [0.1, 1, 10]} lists values, {\"alpha\": {\"low\": 0.001, "
                     "\"high\": 1000, \"log\": true, \"int\": false}} a range (grid: 5 points; random: sampled). "
                     "Default: the model's search space (see docs/tuning.md)."}};
  props["n_iter"] = {{"type", "integer"},
                     {"minimum", 1},
                     {"maximum", 1000},
                     {"default", 20},
                     {"description", "random: how many distinct candidates to draw."}};
  props["max_candidates"] = {{"type", "integer"},
                             {"minimum", 1},
                             {"maximum", 1000},
                             {"default", 100},
                             {"description", "Refuse a grid with more candidates than this (use random instead)."}};
  props["inner_folds"] = {{"type", "integer"},
                          {"minimum", 1},
                          {"maximum", 10},
                          {"default", 3},
                          {"description",
                           "Walk-forward validation splits inside each outer training set that score the "
                           "candidates (purged by the horizon); the outer test fold is never used to choose."}};
  props["metric"] = {{"type", "string"},
                     {"description",
                      "Selection metric: auc (default for direction), ic (default for return), accuracy, "
                      "balanced_accuracy, f1, log_loss, brier, rmse, mae, r2, rank_ic, icir, sharpe, hit_rate, "
                      "max_drawdown, turnover; with cross_section also cs_ic, cs_rank_ic, cs_icir, ls_spread, "
                      "ls_spread_t."}};
  props["save"] = {{"type", "object"},
                   {"additionalProperties", false},
                   {"properties",
                    {{"name",
                      {{"type", "string"},
                       {"minLength", 1},
                       {"maxLength", 200},
                       {"description", "Saved model name; default <dataset>_<model>_tuned."}}}}},
                   {"description",
                    "Fit the recommended parameters on every labelled row and save them as a model version "
                    "(see ml.versions, ml.predict)."}};
  Json schema{{"type", "object"}, {"additionalProperties", false}, {"properties", props}};
  schema["required"] = Json::array({"dataset"});
  return schema;
}

}  // namespace

void register_ml_tune_action(ActionRegistry& registry) {
  registry.add(Action{
      .name = "ml.tune",
      .summary = "Hyper-parameter search (grid or random) nested inside leakage-free training folds; stores the "
                 "candidate table and an honest outer score.",
      .schema = tune_schema().dump(),
      .example =
          R"({"dataset":"sp500_daily","model":"ridge","target":"return","folds":3,"space":{"alpha":[1,100,10000]}})",
      .cost = Cost::Trial,
      .run = run_tune,
      .dataset_args = {"dataset", "macro"},
      .details = "For each outer fold of the scheme, every candidate is scored on inner walk-forward splits carved "
                 "from that fold's training rows (purged by the horizon); the best is refitted on the outer "
                 "training rows and scored once on the outer test fold. Reports per fold the chosen parameters "
                 "and outer score, the candidate table (inner mean ± std, rank, times chosen), the outer mean ± "
                 "std, the most chosen and the recommended parameters (best mean inner score). A candidate that "
                 "fails is reported on its row. With cross_section the outer and inner splits run over dates "
                 "(purge and embargo count dates). Progress per candidate and fold; cancellable.",
  });
}

}  // namespace mlt
