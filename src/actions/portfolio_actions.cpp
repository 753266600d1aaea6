#include "actions/portfolio_actions.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "actions/action_args.h"
#include "actions/backtest_actions.h"
#include "actions/result_store.h"
#include "backtest/chart_series.h"
#include "backtest/drawdown.h"
#include "core/error.h"
#include "data/dataset_repository.h"
#include "finance/portfolio/frontier.h"
#include "finance/risk/stress.h"
#include "finance/risk/var.h"

namespace mlt {
namespace {

struct Inputs {
  Dataset dataset;
  AssetReturns returns;
};

// The assets are the keys of `weights` when given, else `assets`, else all columns.
Inputs load_returns(const Json& args, ActionContext& ctx, const char* default_dataset) {
  Dataset ds = DatasetRepository(ctx.store).load(args.value("dataset", std::string(default_dataset)));
  std::vector<std::string> assets = args.value("assets", std::vector<std::string>{});
  if (args.contains("weights") && ds.kind() == DatasetKind::Panel) {
    assets.clear();
    for (const auto& [k, v] : args.at("weights").items()) assets.push_back(k);
  }
  AssetReturns r = asset_returns(ds, assets, date_arg(args, "from"), date_arg(args, "to"));
  return Inputs{std::move(ds), std::move(r)};
}

// Weights in asset order: from `weights` (bars: the single value), else 1/N.
Eigen::VectorXd weights_arg(const Json& args, const AssetReturns& r) {
  const auto n = static_cast<Eigen::Index>(r.n_assets());
  if (!args.contains("weights")) return Eigen::VectorXd::Constant(n, 1.0 / static_cast<double>(n));
  const Json& w = args.at("weights");
  Eigen::VectorXd out(n);
  if (n == 1 && w.size() == 1) {
    out[0] = w.begin()->get<double>();
    return out;
  }
  for (Eigen::Index i = 0; i < n; ++i) out[i] = w.at(r.assets[static_cast<std::size_t>(i)]).get<double>();
  return out;
}

Json data_json(const Inputs& in) {
  return Json{{"dataset", in.dataset.name()},
              {"sha256", in.dataset.provenance().sha256},
              {"first", format_date(in.returns.ts.front())},
              {"last", format_date(in.returns.ts.back())},
              {"return_rows", in.returns.rows()},
              {"assets", in.returns.assets}};
}

PortfolioConstraints constraints_arg(const Json& args) {
  PortfolioConstraints c;
  const bool long_only = args.value("long_only", true);
  c.budget = args.value("budget", 1.0);
  c.lower = args.value("min_weight", long_only ? 0.0 : -1.0);
  c.upper = args.value("max_weight", 1.0);
  if (long_only && c.lower < 0)
    throw Error(ErrorKind::InvalidArgument, "min_weight < 0 contradicts long_only", "set long_only to false");
  return c;
}

PortfolioInputs estimates(const Json& args, const AssetReturns& r) {
  return portfolio_inputs(r, parse_covariance_method(args.value("covariance", std::string("lw_constant_correlation"))));
}

Json estimates_json(const PortfolioInputs& in) {
  Json mean = Json::object(), vol = Json::object();
  for (std::size_t i = 0; i < in.assets.size(); ++i) {
    mean[in.assets[i]] = in.mean[static_cast<Eigen::Index>(i)];
    vol[in.assets[i]] = std::sqrt(in.cov(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(i)));
  }
  return Json{{"covariance", covariance_method_name(in.method)},
              {"shrinkage", in.shrinkage},
              {"annualised_mean", mean},
              {"annualised_volatility", vol},
              {"note", "expected returns are historical sample means, annualised x252"}};
}

Json optimize(const Json& args, ActionContext& ctx) {
  const Inputs data = load_returns(args, ctx, "dow30_close");
  const PortfolioInputs in = estimates(args, data.returns);
  OptimizeSpec spec;
  spec.objective = parse_portfolio_objective(args.value("objective", std::string("max_sharpe")));
  if (args.contains("target_return")) spec.target_return = args.at("target_return").get<double>();
  spec.risk_aversion = args.value("risk_aversion", 1.0);
  spec.risk_free = args.value("risk_free", 0.0);
  spec.constraints = constraints_arg(args);
  if (spec.target_return && spec.objective != PortfolioObjective::MeanVariance)
    throw Error(ErrorKind::InvalidArgument, "target_return applies to objective mean_variance only");
  const PortfolioResult r = optimize_portfolio(in, spec);
  Json summary{{"objective", portfolio_objective_name(spec.objective)},
               {"portfolio", r.to_json(in.assets)},
               {"estimates", estimates_json(in)},
               {"inputs", {{"arguments", args}, {"data", data_json(data)}}}};
  summary["result_id"] = store_result(ctx, "portfolio.optimize", data.dataset.name(), summary);
  return summary;
}

Json frontier(const Json& args, ActionContext& ctx) {
  const Inputs data = load_returns(args, ctx, "dow30_close");
  const PortfolioInputs in = estimates(args, data.returns);
  const double rf = args.value("risk_free", 0.0);
  const Frontier f = efficient_frontier(in, constraints_arg(args), args.value("points", 25), rf);
  Json points = Json::array(), chart = Json::array();
  for (const auto& p : f.points) {
    points.push_back(p.to_json(in.assets));
    chart.push_back(Json{{"volatility", p.volatility}, {"return", p.expected_return}, {"sharpe", p.sharpe}});
  }
  Json summary{{"min_variance", f.min_variance.to_json(in.assets)},
               {"max_sharpe", f.max_sharpe.to_json(in.assets)},
               {"points", points},
               {"estimates", estimates_json(in)},
               {"inputs", {{"arguments", args}, {"data", data_json(data)}}}};
  summary["result_id"] = store_result(ctx, "portfolio.frontier", data.dataset.name(), summary);
  summary["chart"] = chart;  // [{volatility, return, sharpe}] along the frontier
  return summary;
}

Json var(const Json& args, ActionContext& ctx) {
  const Inputs data = load_returns(args, ctx, "sp500_daily");
  const Eigen::VectorXd w = weights_arg(args, data.returns);
  const double value = args.value("portfolio_value", 1.0);
  VarSpec spec;
  spec.confidence = args.value("confidence", 0.99);
  spec.horizon = args.value("horizon", 1);
  spec.simulations = args.value("simulations", std::size_t{10000});
  spec.seed = args.contains("seed") ? args.at("seed").get<std::uint64_t>() : ctx.config.seed;
  const std::string method = args.value("method", std::string("all"));
  std::vector<VarMethod> methods;
  if (method == "all") {
    methods = {VarMethod::Historical, VarMethod::Normal, VarMethod::CornishFisher, VarMethod::MonteCarlo};
  } else {
    methods = {parse_var_method(method)};
  }
  Json results = Json::array();
  for (VarMethod m : methods) {
    spec.method = m;
    Json j = value_at_risk(data.returns, w, spec).to_json();
    j["var_amount"] = j["var"].get<double>() * value;
    j["cvar_amount"] = j["cvar"].get<double>() * value;
    results.push_back(j);
  }
  Json weights = Json::object();
  for (std::size_t i = 0; i < data.returns.n_assets(); ++i) weights[data.returns.assets[i]] = w[static_cast<Eigen::Index>(i)];
  Json summary{{"results", results},
               {"weights", weights},
               {"portfolio_value", value},
               {"conventions", "losses as positive fractions of value; historical uses overlapping h-day returns, "
                               "normal and cornish_fisher scale the daily mean by h and std by sqrt(h); monte_carlo "
                               "scenarios are simulated, not market data"},
               {"inputs", {{"arguments", args}, {"data", data_json(data)}}}};
  summary["result_id"] = store_result(ctx, "risk.var", data.dataset.name(), summary);
  return summary;
}

Json stress(const Json& args, ActionContext& ctx) {
  const Inputs data = load_returns(args, ctx, "sp500_daily");
  const Eigen::VectorXd w = weights_arg(args, data.returns);
  std::vector<StressWindow> windows;
  if (args.contains("scenarios")) {
    for (const auto& name : args.at("scenarios")) windows.push_back(find_stress_window(name.get<std::string>()));
  } else if (!args.contains("windows")) {
    windows = historical_stress_windows();
  }
  for (const auto& cw : args.value("windows", Json::array()))
    windows.push_back(StressWindow{cw.at("name").get<std::string>(), "custom window", date_arg(cw, "from"),
                                   date_arg(cw, "to")});
  const double value = args.value("portfolio_value", 1.0);
  Json out = Json::array();
  for (const auto& o : stress_test(data.returns, w, windows)) out.push_back(o.to_json(value));
  Json summary{{"scenarios", out},
               {"portfolio_value", value},
               {"inputs", {{"arguments", args}, {"data", data_json(data)}}}};
  summary["result_id"] = store_result(ctx, "risk.stress", data.dataset.name(), summary);
  return summary;
}

Json drawdown(const Json& args, ActionContext& ctx) {
  const Inputs data = load_returns(args, ctx, "sp500_daily");
  const Eigen::VectorXd daily = portfolio_returns(data.returns, weights_arg(args, data.returns));
  // The curve starts at 1 on the price date before the first return, so a loss on day one counts.
  const auto& all_ts = data.dataset.timestamps();
  const auto first = std::lower_bound(all_ts.begin(), all_ts.end(), data.returns.ts.front());
  std::vector<TimestampMs> ts{first == all_ts.begin() ? data.returns.ts.front() : *(first - 1)};
  std::vector<double> equity{1.0};
  for (std::size_t t = 0; t < data.returns.rows(); ++t) {
    ts.push_back(data.returns.ts[t]);
    equity.push_back(equity.back() * (1 + daily[static_cast<Eigen::Index>(t)]));
  }
  const DrawdownAnalysis dd = analyze_drawdowns(ts, equity, static_cast<std::size_t>(args.value("top", 5)));
  Json episodes = Json::array();
  for (const auto& e : dd.episodes)
    episodes.push_back(Json{{"peak", format_date(e.peak_ts)},
                            {"trough", format_date(e.trough_ts)},
                            {"recovery", e.recovery_ts ? Json(format_date(*e.recovery_ts)) : Json(nullptr)},
                            {"depth", e.depth},
                            {"bars_to_trough", e.bars_to_trough},
                            {"duration_bars", e.duration_bars}});
  Json summary{{"max_drawdown", dd.max_drawdown},
               {"max_duration_bars", dd.max_duration_bars},
               {"episodes", episodes},
               {"inputs", {{"arguments", args}, {"data", data_json(data)}}}};
  summary["result_id"] = store_result(ctx, "risk.drawdown", data.dataset.name(), summary);
  summary["charts"] = Json{{"equity", chart_series(ts, equity)}, {"drawdown", chart_series(ts, dd.drawdown)}};
  return summary;
}

const char* kReturnsProperties = R"(
  "from":{"type":"string","description":"First date of the return window (YYYY-MM-DD); default: the dataset's first row."},
  "to":{"type":"string","description":"Last date (YYYY-MM-DD); default: the last row."})";

const char* kPortfolioProperties = R"(
  "dataset":{"type":"string","minLength":1,"default":"dow30_close","description":"Stored dataset of prices: a panel such as dow30_close (one column per stock)."},
  "assets":{"type":"array","items":{"type":"string"},"minItems":2,"maxItems":500,"description":"Columns to include; default all."},
  "covariance":{"type":"string","enum":["sample","lw_constant_correlation","lw_identity"],"default":"lw_constant_correlation","description":"Covariance estimator: sample, Ledoit-Wolf shrinkage to constant correlation (default), or to a scaled identity."},
  "long_only":{"type":"boolean","default":true,"description":"No short positions (min_weight then defaults to 0, else to -1)."},
  "min_weight":{"type":"number","minimum":-10,"maximum":1,"description":"Lower bound of every weight."},
  "max_weight":{"type":"number","minimum":0,"maximum":10,"default":1,"description":"Upper bound of every weight, e.g. 0.1 for at most 10% per asset."},
  "budget":{"type":"number","minimum":0.01,"maximum":10,"default":1,"description":"Sum of the weights (1 = fully invested)."},
  "risk_free":{"type":"number","minimum":-0.5,"maximum":0.5,"default":0,"description":"Annual risk-free rate for Sharpe ratios, e.g. 0.03."})";

const char* kWeightedProperties = R"(
  "assets":{"type":"array","items":{"type":"string"},"minItems":1,"maxItems":500,"description":"Panels: columns held in equal weights when `weights` is absent; default all."},
  "weights":{"type":"object","minProperties":1,"additionalProperties":{"type":"number"},"description":"Portfolio weights by column, e.g. {\"MSFT\": 0.5, \"KO\": 0.5}; for a bars dataset one entry (its leverage). Default: equal weights."},
  "portfolio_value":{"type":"number","exclusiveMinimum":0,"default":1,"description":"Value the fractional results are also expressed in (e.g. 1000000)."})";

std::string schema(const std::string& properties) {
  return R"({"type":"object","additionalProperties":false,"properties":{)" + properties + "}}";
}

std::string dataset_property(const char* default_name, const char* example) {
  return fmt::format(R"("dataset":{{"type":"string","minLength":1,"default":"{}","description":"Stored dataset of prices (see data.list), e.g. {}."}})",
                     default_name, example);
}

}  // namespace

void register_portfolio_actions(ActionRegistry& registry) {
  registry.add(Action{
      .name = "portfolio.optimize",
      .summary = "Optimise portfolio weights (mean-variance, minimum variance, maximum Sharpe, risk parity, HRP) "
                 "from the returns of a stored dataset.",
      .schema = schema(std::string(kPortfolioProperties) + "," + kReturnsProperties + R"(,
        "objective":{"type":"string","enum":["min_variance","mean_variance","max_sharpe","risk_parity","hrp"],"default":"max_sharpe","description":"min_variance; mean_variance (with target_return, or trading return against risk_aversion); max_sharpe; risk_parity (equal risk contributions); hrp (hierarchical risk parity)."},
        "target_return":{"type":"number","minimum":-1,"maximum":5,"description":"mean_variance: annualised return to reach with minimum variance, e.g. 0.15."},
        "risk_aversion":{"type":"number","exclusiveMinimum":0,"maximum":1000,"default":1,"description":"mean_variance without a target: maximise mu'w - risk_aversion/2 w'Sw (annualised)."})"),
      .example = R"({"dataset":"dow30_close","objective":"max_sharpe","covariance":"lw_constant_correlation","max_weight":0.1})",
      .cost = Cost::Instant,
      .run = optimize,
      .dataset_args = {"dataset"},
      .details = "Expected returns are annualised historical means and the covariance is annualised (x252). "
                 "mean_variance, min_variance and max_sharpe run NLopt SLSQP with the weight bounds and the budget "
                 "as an equality constraint; risk_parity solves the equal-risk-contribution problem with Newton's "
                 "method (long-only, bounds not applied); hrp follows Lopez de Prado (correlation distance, single "
                 "linkage, quasi-diagonalisation, recursive bisection). Returns weights, risk contributions, "
                 "expected return, volatility and Sharpe; the result is stored with its inputs.",
  });
  registry.add(Action{
      .name = "portfolio.frontier",
      .summary = "Compute the efficient frontier of a stored dataset's assets, with the minimum-variance and "
                 "maximum-Sharpe portfolios, as chart points.",
      .schema = schema(std::string(kPortfolioProperties) + "," + kReturnsProperties + R"(,
        "points":{"type":"integer","minimum":2,"maximum":200,"default":25,"description":"Number of frontier portfolios, from the minimum-variance return to the highest reachable return."})"),
      .example = R"({"dataset":"dow30_close","points":25,"max_weight":0.25})",
      .cost = Cost::Instant,
      .run = frontier,
      .dataset_args = {"dataset"},
  });
  registry.add(Action{
      .name = "risk.var",
      .summary = "Value at risk and CVaR of a portfolio at a confidence and horizon: historical, normal, "
                 "Cornish-Fisher and Monte Carlo.",
      .schema = schema(dataset_property("sp500_daily", "sp500_daily or dow30_close") + "," + kWeightedProperties + "," +
                       kReturnsProperties + R"(,
        "method":{"type":"string","enum":["all","historical","normal","cornish_fisher","monte_carlo"],"default":"all","description":"Which estimate(s) to compute."},
        "confidence":{"type":"number","exclusiveMinimum":0.5,"exclusiveMaximum":1,"default":0.99,"description":"Confidence level, e.g. 0.95 or 0.99."},
        "horizon":{"type":"integer","minimum":1,"maximum":260,"default":1,"description":"Horizon in trading days (historical: overlapping h-day returns; parametric: sqrt-time scaling)."},
        "simulations":{"type":"integer","minimum":100,"maximum":1000000,"default":10000,"description":"Monte Carlo paths."},
        "seed":{"type":"integer","minimum":0,"description":"Monte Carlo seed; default: the configured run seed. Recorded with the result."})"),
      .example = R"({"dataset":"sp500_daily","confidence":0.99,"horizon":10,"portfolio_value":1000000})",
      .cost = Cost::Instant,
      .run = var,
      .dataset_args = {"dataset"},
      .details = "VaR and CVaR are losses as positive fractions (and amounts of portfolio_value). Historical: the "
                 "ceil(c*m)-th smallest loss of the m overlapping h-day compounded returns, CVaR the mean from there "
                 "on. Normal: z*sd*sqrt(h) - h*mean. Cornish-Fisher: the normal quantile adjusted for sample skew "
                 "and excess kurtosis (scaled by 1/sqrt(h) and 1/h). Monte Carlo: multivariate normal daily returns "
                 "compounded over h days from a seed; the simulated paths are outputs only, never training data.",
  });
  registry.add(Action{
      .name = "risk.stress",
      .summary = "Replay historical crisis windows (dot-com, 2008, Aug 2011, 2015-16, Covid 2020, 1997, 1998) "
                 "present in the data on a portfolio.",
      .schema = schema(dataset_property("sp500_daily", "sp500_daily (2000-2020) or dow30_close (1991-2000)") + "," +
                       kWeightedProperties + "," + kReturnsProperties + R"(,
        "scenarios":{"type":"array","items":{"type":"string","enum":["dotcom_2000_2002","gfc_2007_2009","aug_2011","selloff_2015_2016","covid_2020","asian_crisis_1997","ltcm_1998"]},"description":"Built-in windows to replay; default all (those outside the data are reported as not covered)."},
        "windows":{"type":"array","maxItems":50,"description":"Custom windows to replay.","items":{"type":"object","required":["name","from","to"],"additionalProperties":false,"properties":{"name":{"type":"string","description":"Label."},"from":{"type":"string","description":"Start date (YYYY-MM-DD), from its close."},"to":{"type":"string","description":"End date (YYYY-MM-DD), to its close."}}}})"),
      .example = R"({"dataset":"sp500_daily","scenarios":["gfc_2007_2009","covid_2020"],"portfolio_value":1000000})",
      .cost = Cost::Instant,
      .run = stress,
      .dataset_args = {"dataset"},
      .details = "Each window runs from the close of its first date to the close of its last with the weights "
                 "rebalanced daily, reporting the compounded return and P&L, the maximum drawdown inside the "
                 "window, the worst day, and each asset's contribution (weight x its compounded return).",
  });
  registry.add(Action{
      .name = "risk.drawdown",
      .summary = "Drawdown analysis of an asset or portfolio: maximum drawdown, its duration and recovery, the "
                 "deepest episodes, with equity and drawdown charts.",
      .schema = schema(dataset_property("sp500_daily", "sp500_daily or dow30_close") + "," + kWeightedProperties + "," +
                       kReturnsProperties + R"(,
        "top":{"type":"integer","minimum":1,"maximum":100,"default":5,"description":"How many of the deepest episodes to list."})"),
      .example = R"({"dataset":"sp500_daily","top":5})",
      .cost = Cost::Instant,
      .run = drawdown,
      .dataset_args = {"dataset"},
  });
}

}  // namespace mlt
