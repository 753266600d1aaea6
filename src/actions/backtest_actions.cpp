#include "actions/backtest_actions.h"

#include <algorithm>

#include <fmt/format.h>

#include "actions/action_args.h"
#include "actions/result_store.h"
#include "backtest/chart_series.h"
#include "backtest/drawdown.h"
#include "backtest/optimize.h"
#include "backtest/signal.h"
#include "core/error.h"
#include "core/time.h"
#include "data/dataset_repository.h"
#include "store/store.h"

namespace mlt {
namespace {

struct Loaded {
  Dataset dataset;
  PriceTable prices;
};

Loaded load_prices(const Json& args, ActionContext& ctx) {
  Dataset ds = DatasetRepository(ctx.store).load(args.at("dataset").get<std::string>());
  PriceTable p = price_table(ds, args.value("columns", std::vector<std::string>{}), date_arg(args, "from"),
                             date_arg(args, "to"));
  return Loaded{std::move(ds), std::move(p)};
}

BacktestConfig config_from(const Json& args, const PriceTable& p) {
  BacktestConfig c;
  c.execution = parse_execution(args.value("execution", std::string(p.has_open() ? "next_open" : "next_close")));
  c.commission_bps = args.value("commission_bps", 1.0);
  c.slippage_bps = args.value("slippage_bps", 2.0);
  c.periods_per_year = args.value("periods_per_year", 252);
  return c;
}

Json inputs_json(const Json& args, const Loaded& l, const BacktestConfig& c) {
  return Json{{"arguments", args},
              {"dataset", l.dataset.name()},
              {"sha256", l.dataset.provenance().sha256},
              {"first", format_date(l.prices.ts.front())},
              {"last", format_date(l.prices.ts.back())},
              {"rows", l.prices.rows()},
              {"assets", l.prices.assets},
              {"execution", execution_name(c.execution)},
              {"execution_rule", c.execution == Execution::NextOpen
                                     ? "signal at close t fills at the open of t+1"
                                     : "signal at close t fills at the close of t+1"},
              {"commission_bps", c.commission_bps},
              {"slippage_bps", c.slippage_bps}};
}

Json trades_json(const std::vector<Trade>& trades, std::size_t limit) {
  Json out = Json::array();
  // The most recent trades are the ones a reader checks first.
  const std::size_t start = trades.size() > limit ? trades.size() - limit : 0;
  for (std::size_t i = start; i < trades.size(); ++i) {
    const Trade& t = trades[i];
    out.push_back(Json{{"asset", t.asset},
                       {"side", t.side > 0 ? "long" : "short"},
                       {"entry", format_date(t.entry_ts)},
                       {"exit", t.exit_ts ? Json(format_date(*t.exit_ts)) : Json(nullptr)},
                       {"entry_price", t.entry_price},
                       {"exit_price", t.exit_price},
                       {"bars", t.bars},
                       {"return", t.ret}});
  }
  return out;
}

Json charts_json(const BacktestResult& r) {
  const DrawdownAnalysis dd = analyze_drawdowns(r.ts, r.equity, 5);
  Json episodes = Json::array();
  for (const auto& e : dd.episodes)
    episodes.push_back(Json{{"peak", format_date(e.peak_ts)},
                            {"trough", format_date(e.trough_ts)},
                            {"recovery", e.recovery_ts ? Json(format_date(*e.recovery_ts)) : Json(nullptr)},
                            {"depth", e.depth},
                            {"duration_bars", e.duration_bars}});
  return Json{{"equity", chart_series(r.ts, r.equity)},
              {"drawdown", chart_series(r.ts, dd.drawdown)},
              {"drawdown_episodes", episodes}};
}

// Signals from the caller (e.g. ML predictions): [{t, value}] for one asset,
// or {asset: [{t, value}]} for a panel.
std::vector<Series> signal_series(const Json& signal, const PriceTable& p) {
  auto one = [](const std::string& name, const Json& points) {
    Series s{name, {}, {}};
    for (const auto& pt : points) {
      const std::string t = pt.at("t").get<std::string>();
      const auto ts = parse_timestamp(t);
      if (!ts) throw Error(ErrorKind::InvalidArgument, "signal: '" + t + "' is not a date", "use YYYY-MM-DD");
      s.ts.push_back(*ts);
      s.values.push_back(pt.at("value").get<double>());
    }
    return s;
  };
  std::vector<Series> out;
  if (signal.is_array()) {
    if (p.n_assets() != 1)
      throw Error(ErrorKind::InvalidArgument, "signal: a list applies to one asset only",
                  "give {asset: [{t, value}]} per column");
    out.push_back(one(p.assets[0], signal));
    return out;
  }
  for (const auto& asset : p.assets) {
    if (!signal.contains(asset))
      throw Error(ErrorKind::InvalidArgument, "signal: no series for asset '" + asset + "'");
    out.push_back(one(asset, signal.at(asset)));
  }
  return out;
}

Json run_backtest_action(const Json& args, ActionContext& ctx) {
  const Loaded l = load_prices(args, ctx);
  const BacktestConfig c = config_from(args, l.prices);
  std::vector<std::vector<double>> targets;
  Json strategy;
  if (args.contains("signal")) {
    SignalRule rule{parse_signal_mode(args.value("signal_mode", std::string("sign"))), args.value("threshold", 0.5),
                    args.value("allow_short", false)};
    targets = targets_from_series(l.prices, signal_series(args.at("signal"), l.prices), rule);
    strategy = Json{{"strategy", "external_signal"}, {"signal_mode", args.value("signal_mode", std::string("sign"))}};
  } else {
    const StrategySpec spec{args.value("strategy", std::string("ma_crossover")), args.value("params", Json::object())};
    targets = strategy_targets(spec, l.prices);
    strategy = spec.to_json();
  }
  const BacktestResult r = run_backtest(l.prices, targets, c);
  Json summary{{"strategy", strategy}, {"stats", r.stats.to_json()}, {"inputs", inputs_json(args, l, c)}};
  summary["result_id"] = store_result(ctx, "backtest.run", l.dataset.name(), summary);
  summary["charts"] = charts_json(r);
  summary["trades"] = trades_json(r.trades, static_cast<std::size_t>(args.value("max_trades", 200)));
  summary["trades_total"] = r.trades.size();
  return summary;
}

// backtest.model: a saved model version's predictions are the signal. The
// predictions come from ml.predict itself (same artifact, hash check and
// causal features), so this equals ml.predict followed by backtest.run with
// `signal`. The final model was fitted on every labelled row up to
// `fitted_to`, and those labels use closes `horizon` bars later, so a window
// starting on or before that last label close would be an in-sample backtest:
// it is refused.
Json run_model_backtest(const ActionRegistry& registry, const Json& args, ActionContext& ctx) {
  const std::string name = args.at("name").get<std::string>();
  const int wanted = args.value("version", 0);
  const Json versions = registry.get("ml.versions").run(Json{{"name", name}, {"limit", 1000}}, ctx);
  Json row;
  for (const auto& v : versions.at("models"))
    if (wanted == 0 || v.at("version").get<int>() == wanted) {
      row = v;  // newest first
      break;
    }
  if (row.is_null())
    throw Error(ErrorKind::NotFound, fmt::format("model '{}' has no version {}", name, wanted),
                "list the saved models and their versions with ml.versions");
  const int version = row.at("version").get<int>();
  const Json& spec = row.at("spec");
  if (spec.value("cross_section", false))
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("model '{}' v{} is cross-sectional; backtest.model trades one series", name, version),
                "score the panel with ml.predict and pass the predictions to backtest.run as {asset: [{t, value}]}");
  const std::string fitted_to_text = spec.value("fitted_to", std::string());
  const auto fitted_to = parse_timestamp(fitted_to_text);
  if (!fitted_to)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("model '{}' v{} does not record the end of its training data", name, version),
                "train and save the model again with ml.train");
  const int horizon = spec.value("horizon", 1);

  const std::string dataset = args.value("dataset", row.at("dataset").get<std::string>());
  const std::string column = spec.value("column", std::string());
  const std::vector<std::string> columns = column.empty() ? std::vector<std::string>{} : std::vector{column};
  Dataset ds = DatasetRepository(ctx.store).load(dataset);
  // The last close the training labels used: `horizon` bars after fitted_to.
  const PriceTable all = price_table(ds, columns);
  const auto fit_end =
      static_cast<std::size_t>(std::upper_bound(all.ts.begin(), all.ts.end(), *fitted_to) - all.ts.begin());
  const std::size_t label_end =
      std::min(all.rows() - 1, (fit_end == 0 ? 0 : fit_end - 1) + static_cast<std::size_t>(horizon));
  if (label_end + 1 >= all.rows())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("'{}' has no bars after model '{}' v{}'s training data (fitted to {}, labels to {})",
                            dataset, name, version, fitted_to_text, format_date(all.ts[label_end])),
                "backtest on a dataset that extends past the training period, or train on an earlier span");
  const std::string first_allowed = format_date(all.ts[label_end + 1]);
  const TimestampMs from = args.contains("from") ? date_arg(args, "from") : all.ts[label_end + 1];
  if (from <= all.ts[label_end])
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("the window starts {} but model '{}' v{} was trained on data up to {} (its {}-bar labels "
                            "use closes up to {}): that backtest would be in-sample",
                            format_date(from), name, version, fitted_to_text, horizon, format_date(all.ts[label_end])),
                fmt::format("start the window after the training data: \"from\": \"{}\" or later", first_allowed));

  PriceTable window = price_table(ds, columns, from, date_arg(args, "to"));
  const Loaded l{std::move(ds), std::move(window)};
  const BacktestConfig c = config_from(args, l.prices);
  const Json predicted = registry.get("ml.predict")
                             .run(Json{{"name", name},
                                       {"version", version},
                                       {"dataset", dataset},
                                       {"from", format_date(l.prices.ts.front())},
                                       {"to", format_date(l.prices.ts.back())}},
                                  ctx);
  Json signal = Json::array();
  for (const auto& p : predicted.at("predictions"))
    signal.push_back(Json{{"t", p.at("date")}, {"value", p.at("prediction")}});
  const bool classifier = row.at("task").get<std::string>() == "classification";
  const std::string mode = args.value("signal_mode", std::string(classifier ? "threshold" : "sign"));
  const SignalRule rule{parse_signal_mode(mode), args.value("threshold", 0.5), args.value("allow_short", false)};
  const BacktestResult r =
      run_backtest(l.prices, targets_from_series(l.prices, signal_series(signal, l.prices), rule), c);
  Json summary{{"strategy", Json{{"strategy", "model_signal"},
                                 {"signal_mode", mode},
                                 {"threshold", rule.threshold},
                                 {"allow_short", rule.allow_short}}},
               {"model", Json{{"name", name},
                              {"version", version},
                              {"model", row.at("model")},
                              {"task", row.at("task")},
                              {"prediction_kind", predicted.at("prediction_kind")},
                              {"horizon", horizon},
                              {"trained_on", row.at("dataset")},
                              {"fitted_from", spec.value("fitted_from", std::string())},
                              {"fitted_to", fitted_to_text},
                              {"labels_to", format_date(all.ts[label_end])},
                              {"artifact_sha256", row.at("artifact_sha256")}}},
               {"window", Json{{"from", format_date(l.prices.ts.front())}, {"to", format_date(l.prices.ts.back())}}},
               {"predictions", signal.size()},
               {"stats", r.stats.to_json()},
               {"inputs", inputs_json(args, l, c)}};
  summary["result_id"] = store_result(ctx, "backtest.model", l.dataset.name(), summary);
  summary["charts"] = charts_json(r);
  summary["trades"] = trades_json(r.trades, static_cast<std::size_t>(args.value("max_trades", 200)));
  summary["trades_total"] = r.trades.size();
  return summary;
}

SearchCallbacks callbacks(ActionContext& ctx) {
  return SearchCallbacks{[&ctx](double f, const std::string& m) { ctx.report(f, m); },
                         [&ctx] { ctx.check_cancelled(); }};
}

Json run_grid_action(const Json& args, ActionContext& ctx) {
  ctx.report(0.0, "loading " + args.at("dataset").get<std::string>());
  const Loaded l = load_prices(args, ctx);
  const BacktestConfig c = config_from(args, l.prices);
  const std::string strategy = args.value("strategy", std::string("ma_crossover"));
  const std::string objective = args.value("objective", std::string("sharpe"));
  const std::vector<StrategySpec> grid = expand_grid(strategy, args.at("grid"));
  if (grid.empty()) throw Error(ErrorKind::InvalidArgument, "the grid has no valid combination");
  (void)PerformanceStats{}.objective(objective);
  const std::vector<GridPoint> points = grid_search(l.prices, grid, c, callbacks(ctx));
  std::vector<std::size_t> rank(points.size());
  for (std::size_t i = 0; i < rank.size(); ++i) rank[i] = i;
  std::stable_sort(rank.begin(), rank.end(), [&](std::size_t a, std::size_t b) {
    return points[a].stats.objective(objective) > points[b].stats.objective(objective);
  });
  Json table = Json::array();
  const auto top = static_cast<std::size_t>(args.value("top", 50));
  for (std::size_t k = 0; k < std::min(top, rank.size()); ++k)
    table.push_back(Json{{"params", points[rank[k]].spec.params}, {"stats", points[rank[k]].stats.to_json()}});
  const StrategySpec& best = points[rank.front()].spec;
  const BacktestResult r = run_backtest(l.prices, strategy_targets(best, l.prices), c);
  Json summary{{"strategy", strategy},
               {"objective", objective},
               {"grid_size", points.size()},
               {"best", Json{{"params", best.params}, {"stats", r.stats.to_json()}}},
               {"ranking", table},
               {"warning", "in-sample selection: the best point's statistics are optimistic; "
                           "use backtest.walk_forward for an out-of-sample estimate"},
               {"inputs", inputs_json(args, l, c)}};
  summary["result_id"] = store_result(ctx, "backtest.grid", l.dataset.name(), summary);
  summary["charts"] = charts_json(r);
  return summary;
}

Json run_walk_forward_action(const Json& args, ActionContext& ctx) {
  ctx.report(0.0, "loading " + args.at("dataset").get<std::string>());
  const Loaded l = load_prices(args, ctx);
  const BacktestConfig c = config_from(args, l.prices);
  const std::string strategy = args.value("strategy", std::string("ma_crossover"));
  WalkForwardSpec wf;
  wf.train_bars = args.value("train_bars", std::size_t{504});
  wf.test_bars = args.value("test_bars", std::size_t{126});
  wf.anchored = args.value("anchored", false);
  wf.objective = args.value("objective", std::string("sharpe"));
  const WalkForwardResult r = walk_forward(l.prices, expand_grid(strategy, args.at("grid")), c, wf, callbacks(ctx));
  Json folds = Json::array();
  for (const auto& f : r.folds)
    folds.push_back(Json{{"train", {format_date(l.prices.ts[f.train_first]), format_date(l.prices.ts[f.train_last])}},
                         {"test", {format_date(l.prices.ts[f.test_first]), format_date(l.prices.ts[f.test_last])}},
                         {"params", f.chosen.params},
                         {"train_" + wf.objective, f.train_score},
                         {"test_stats", f.test.to_json()}});
  Json summary{{"strategy", strategy},
               {"objective", wf.objective},
               {"train_bars", wf.train_bars},
               {"test_bars", wf.test_bars},
               {"anchored", wf.anchored},
               {"folds", folds},
               {"out_of_sample", r.out_of_sample.stats.to_json()},
               {"inputs", inputs_json(args, l, c)}};
  summary["result_id"] = store_result(ctx, "backtest.walk_forward", l.dataset.name(), summary);
  summary["charts"] = charts_json(r.out_of_sample);
  return summary;
}

Json list_strategies(const Json&, ActionContext&) {
  Json out = Json::array();
  for (const auto& s : strategy_catalog())
    out.push_back(Json{{"name", s.name}, {"summary", s.summary}, {"defaults", s.defaults}, {"parameters", s.descriptions}});
  return Json{{"strategies", out}};
}


// Properties shared by backtest.run, backtest.grid and backtest.walk_forward.
const char* kCommonProperties = R"(
  "dataset":{"type":"string","minLength":1,"description":"Stored dataset (see data.list): bars such as sp500_daily, or a panel of closes such as dow30_close."},
  "columns":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":500,"description":"Panels only: the columns (assets) to trade, equally weighted; default all."},
  "from":{"type":"string","description":"First date (YYYY-MM-DD); default: the dataset's first row."},
  "to":{"type":"string","description":"Last date (YYYY-MM-DD); default: the last row."},
  "execution":{"type":"string","enum":["next_open","next_close"],"description":"Where a signal decided at the close of bar t is filled: the open or the close of bar t+1 (never bar t). Default next_open for bars, next_close for panels (they have closes only)."},
  "commission_bps":{"type":"number","minimum":0,"maximum":1000,"default":1,"description":"Commission in basis points of traded notional."},
  "slippage_bps":{"type":"number","minimum":0,"maximum":1000,"default":2,"description":"Slippage (half-spread plus impact) in basis points of traded notional."},
  "periods_per_year":{"type":"integer","minimum":1,"maximum":100000,"default":252,"description":"Bars per year for annualised statistics (252 for daily bars)."})";

const char* kStrategyProperty = R"(
  "strategy":{"type":"string","enum":["ma_crossover","rsi_reversion","bollinger","macd","momentum"],"default":"ma_crossover","description":"Technical strategy (see backtest.strategies)."})";

const char* kGridProperties = R"(
  "grid":{"type":"object","minProperties":1,"description":"Parameter values to try: {parameter: [values]}; every combination runs (at most 20000). E.g. {\"fast\": [5, 10, 20], \"slow\": [50, 100, 200]}.","additionalProperties":{"type":"array","minItems":1,"maxItems":200,"items":{"type":["number","boolean"]}}},
  "objective":{"type":"string","enum":["sharpe","sortino","cagr","calmar","total_return","max_drawdown","hit_rate"],"default":"sharpe","description":"Statistic to maximise when ranking parameter sets."})";

std::string object_schema(const std::string& properties, const std::string& required) {
  return R"({"type":"object","additionalProperties":false,"required":[)" + required + R"(],"properties":{)" +
         properties + "}}";
}

}  // namespace

void register_backtest_actions(ActionRegistry& registry) {
  registry.add(Action{
      .name = "backtest.strategies",
      .summary = "List the technical strategies for backtests with their parameters and defaults.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = "{}",
      .cost = Cost::Instant,
      .run = list_strategies,
  });
  registry.add(Action{
      .name = "backtest.run",
      .summary = "Backtest a technical strategy or an external signal (e.g. ML predictions) on a stored dataset "
                 "with next-bar execution and costs; returns statistics, equity and drawdown charts and trades.",
      .schema = object_schema(std::string(kCommonProperties) + "," + kStrategyProperty + R"(,
        "params":{"type":"object","description":"Strategy parameters overriding the defaults, e.g. {\"fast\": 20, \"slow\": 100}.","additionalProperties":{"type":["number","boolean"]}},
        "signal":{"type":["array","object"],"description":"Instead of a strategy: values decided at each date's close, [{\"t\":\"2015-01-02\",\"value\":0.61}, ...] for one asset or {asset: [...]} for a panel. Dates without a value are flat.","items":{"type":"object","required":["t","value"],"properties":{"t":{"type":"string","description":"Date of the close the value was computed at."},"value":{"type":"number","description":"Prediction, score or weight."}}}},
        "signal_mode":{"type":"string","enum":["sign","threshold","weight"],"default":"sign","description":"How a signal value becomes a position: sign (+1/-1/0), threshold (long above `threshold`, short below 1 - threshold; for probabilities), weight (the value clipped to [-1, 1])."},
        "threshold":{"type":"number","minimum":0,"maximum":1,"default":0.5,"description":"For signal_mode threshold."},
        "allow_short":{"type":"boolean","default":false,"description":"For signals: allow short positions."},
        "max_trades":{"type":"integer","minimum":0,"maximum":5000,"default":200,"description":"How many of the most recent trades to return (all are counted in the statistics)."})",
                              R"("dataset")"),
      .example = R"({"dataset":"sp500_daily","strategy":"ma_crossover","params":{"fast":20,"slow":100},"commission_bps":1,"slippage_bps":2})",
      .cost = Cost::Instant,
      .run = run_backtest_action,
      .dataset_args = {"dataset"},
      .details = "Positions decided at the close of bar t are filled at bar t+1 (open or close), so no bar earns "
                 "from information it did not have. Weights are rebalanced to target at each fill; costs are "
                 "(commission + slippage) bps of traded notional. Panels trade every column equally weighted "
                 "(1/N each). Statistics: total return, CAGR, volatility, Sharpe, Sortino, Calmar, max drawdown and "
                 "its duration, hit rate (winning round trips), daily hit rate, turnover (traded weight per year), "
                 "exposure (mean gross weight). The result is stored with its inputs.",
  });
  registry.add(Action{
      .name = "backtest.model",
      .summary = "Backtest a saved ML model version: its predictions on a later window become positions, traded "
                 "next bar with costs.",
      .schema = object_schema(R"(
        "name":{"type":"string","minLength":1,"description":"Saved model name (see ml.versions)."},
        "version":{"type":"integer","minimum":1,"description":"Version; default the newest."},
        "dataset":{"type":"string","minLength":1,"description":"Dataset to score and trade; default the one the model was trained on."},
        "from":{"type":"string","description":"First date (YYYY-MM-DD); must be after the model's training data (the last close its labels used). Default: the first bar after it."},
        "to":{"type":"string","description":"Last date (YYYY-MM-DD); default the dataset's last row."},
        "execution":{"type":"string","enum":["next_open","next_close"],"description":"Where a position decided at the close of bar t is filled: the open or the close of bar t+1. Default next_open for bars, next_close for panels."},
        "commission_bps":{"type":"number","minimum":0,"maximum":1000,"default":1,"description":"Commission in basis points of traded notional."},
        "slippage_bps":{"type":"number","minimum":0,"maximum":1000,"default":2,"description":"Slippage (half-spread plus impact) in basis points of traded notional."},
        "periods_per_year":{"type":"integer","minimum":1,"maximum":100000,"default":252,"description":"Bars per year for annualised statistics."},
        "signal_mode":{"type":"string","enum":["sign","threshold","weight"],"description":"How a prediction becomes a position (as in backtest.run); default threshold for classifiers (probability of an up move), sign for regressors (forward return)."},
        "threshold":{"type":"number","minimum":0,"maximum":1,"default":0.5,"description":"For signal_mode threshold: long above it, short (if allowed) below 1 - threshold."},
        "allow_short":{"type":"boolean","default":false,"description":"Allow short positions."},
        "max_trades":{"type":"integer","minimum":0,"maximum":5000,"default":200,"description":"How many of the most recent trades to return."})",
                              R"("name")"),
      .example =
          R"({"name":"sp500_2000_2012_logistic_l2","dataset":"sp500_daily","from":"2013-01-02","to":"2015-12-31","commission_bps":1,"slippage_bps":2})",
      .cost = Cost::Instant,
      .run = [&registry](const Json& args, ActionContext& ctx) { return run_model_backtest(registry, args, ctx); },
      .dataset_args = {"dataset"},
      .details = "Equals ml.predict on the window followed by backtest.run with those predictions as `signal`: "
                 "the stored artifact is checked against its SHA-256, features are rebuilt causally (row t uses "
                 "data up to t) and positions decided at close t fill at bar t+1. A window that starts on or "
                 "before the last close the model's training labels used (fitted_to plus the horizon) is refused "
                 "as in-sample. The result adds the model (name, version, training span) and the window.",
  });
  registry.add(Action{
      .name = "backtest.grid",
      .summary = "Run a strategy over a grid of parameters on a stored dataset and rank the results.",
      .schema = object_schema(std::string(kCommonProperties) + "," + kStrategyProperty + "," + kGridProperties + R"(,
        "top":{"type":"integer","minimum":1,"maximum":1000,"default":50,"description":"How many ranked parameter sets to return."})",
                              R"("dataset","grid")"),
      .example = R"({"dataset":"dow30_close","strategy":"ma_crossover","grid":{"fast":[5,10,20,50],"slow":[50,100,150,200]},"objective":"sharpe"})",
      .cost = Cost::Trial,
      .run = run_grid_action,
      .dataset_args = {"dataset"},
      .details = "Every combination is backtested with the same costs and execution in parallel; progress is "
                 "reported per batch and the trial can be cancelled between batches. The best point is in-sample: "
                 "use backtest.walk_forward to estimate how parameter selection performs out of sample.",
  });
  registry.add(Action{
      .name = "backtest.walk_forward",
      .summary = "Walk-forward optimisation: pick parameters on a training window, trade the next window, roll on; "
                 "reports the stitched out-of-sample result.",
      .schema = object_schema(std::string(kCommonProperties) + "," + kStrategyProperty + "," + kGridProperties + R"(,
        "train_bars":{"type":"integer","minimum":20,"maximum":100000,"default":504,"description":"Bars in each training window (504 = about two years of daily bars)."},
        "test_bars":{"type":"integer","minimum":5,"maximum":100000,"default":126,"description":"Bars in each out-of-sample test window; folds step by this."},
        "anchored":{"type":"boolean","default":false,"description":"Expanding training windows from the first row instead of rolling ones."})",
                              R"("dataset","grid")"),
      .example = R"({"dataset":"sp500_daily","strategy":"ma_crossover","grid":{"fast":[10,20,50],"slow":[100,150,200]},"train_bars":504,"test_bars":126})",
      .cost = Cost::Trial,
      .run = run_walk_forward_action,
      .dataset_args = {"dataset"},
      .details = "For each fold the grid is ranked on the training rows only; the winner's positions trade the "
                 "following test rows. Test windows are stitched into one out-of-sample equity curve with the usual "
                 "next-bar execution and costs. Each fold reports its chosen parameters, training score and test "
                 "statistics.",
  });
}

}  // namespace mlt
