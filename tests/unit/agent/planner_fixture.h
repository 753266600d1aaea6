// A registry for planner tests: the real data.* actions plus stubs whose
// schemas mirror the ml.* actions and the actions other modules are adding
// (backtest.run, finance.option_price, ...). The phrase table must not
// change meaning whenever someone registers a new model, so ml.* are stubs
// here too; planner_live_test.cpp covers the live registry.
#pragma once

#include <memory>

#include "actions/data_actions.h"
#include "actions/registry.h"
#include "agent/planner.h"

namespace mlt::test {

inline void add_stub(ActionRegistry& r, const std::string& name, const std::string& schema, const std::string& example,
                     Cost cost = Cost::Instant) {
  if (r.contains(name)) return;
  r.add(Action{.name = name, .summary = "stub for planner tests", .schema = schema, .example = example,
               .cost = cost, .run = [](const Json&, ActionContext&) { return Json::object(); }});
}

// `future`: also stub the actions other modules have not registered yet.
inline std::unique_ptr<ActionRegistry> planner_registry(bool future) {
  auto r = std::make_unique<ActionRegistry>();
  register_data_actions(*r);
  const std::string train_props =
      R"("dataset":{"type":"string","minLength":1},"horizon":{"type":"integer","minimum":1,"maximum":60},
         "folds":{"type":"integer","minimum":2,"maximum":20},"seed":{"type":"integer"},"column":{"type":"string"})";
  for (const auto& [id, target] : std::vector<std::pair<std::string, std::string>>{
           {"xgboost_classifier", "direction"}, {"xgboost_regressor", "return"}, {"logistic_l2", "direction"},
           {"ridge", "return"}})
    add_stub(*r, "train." + id,
             R"({"type":"object","required":["dataset"],"additionalProperties":false,"properties":{)" + train_props +
                 R"(,"target":{"type":"string","enum":[")" + target + R"("]}}})",
             R"({"dataset":"sp500_daily"})", Cost::Trial);
  add_stub(*r, "ml.results",
           R"({"type":"object","additionalProperties":false,"properties":{"id":{"type":"integer"},"limit":{"type":"integer"},
               "dataset":{"type":"string"},"model":{"type":"string"}}})", "{}");
  add_stub(*r, "trials.list", R"({"type":"object","properties":{"limit":{"type":"integer"},"state":{"type":"string"}}})", "{}");
  add_stub(*r, "trials.show", R"({"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}})", R"({"id":1})");
  add_stub(*r, "trials.cancel", R"({"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}})", R"({"id":1})");
  if (!future) return r;
  const std::string ds = R"("dataset":{"type":"string"},"column":{"type":"string"})";
  add_stub(*r, "ml.compare",
           R"({"type":"object","required":["dataset"],"additionalProperties":false,"properties":{)" + ds +
               R"(,"models":{"type":"array","items":{"type":"string"}},"target":{"type":"string","enum":["direction","return"]},
               "horizon":{"type":"integer","minimum":1},"folds":{"type":"integer","minimum":2},"metric":{"type":"string"}}})",
           R"({"dataset":"sp500_daily"})", Cost::Trial);
  add_stub(*r, "train.random_forest_100",
           R"({"type":"object","required":["dataset"],"additionalProperties":false,"properties":{)" + ds +
               R"(,"target":{"type":"string","enum":["direction"]},"horizon":{"type":"integer","minimum":1},"folds":{"type":"integer"}}})",
           R"({"dataset":"sp500_daily"})", Cost::Trial);
  add_stub(*r, "ml.predict",
           R"({"type":"object","required":["name"],"properties":{"name":{"type":"string","minLength":1},)" + ds +
               R"(,"last":{"type":"integer"}}})",
           R"({"name":"sp500_daily_xgboost_classifier"})");
  add_stub(*r, "backtest.run",
           R"({"type":"object","required":["dataset","strategy"],"properties":{)" + ds +
               R"(,"strategy":{"type":"string","enum":["momentum","sma_crossover","mean_reversion","buy_and_hold","rsi","model_signal"]},
               "start":{"type":"string"},"end":{"type":"string"}}})",
           R"({"dataset":"sp500_daily","strategy":"momentum"})", Cost::Trial);
  add_stub(*r, "finance.option_price",
           R"({"type":"object","required":["spot","strike","volatility","maturity"],"properties":{
               "type":{"type":"string","enum":["call","put"]},"spot":{"type":"number"},"strike":{"type":"number"},
               "volatility":{"type":"number"},"rate":{"type":"number"},"maturity":{"type":"number"},
               "style":{"type":"string","enum":["european","american"]},
               "method":{"type":"string","enum":["black_scholes","binomial","monte_carlo"]}}})",
           R"({"spot":100,"strike":100,"volatility":0.2,"maturity":1})");
  add_stub(*r, "portfolio.optimize",
           R"({"type":"object","required":["symbols"],"properties":{"dataset":{"type":"string"},
               "symbols":{"type":"array","items":{"type":"string"}},
               "objective":{"type":"string","enum":["max_sharpe","min_variance","risk_parity","equal_weight"]},
               "max_weight":{"type":"number"}}})",
           R"({"symbols":["MSFT","IBM"]})");
  add_stub(*r, "risk.measure",
           R"({"type":"object","required":["dataset"],"properties":{)" + ds +
               R"(,"confidence":{"type":"number"},"start":{"type":"string"},"end":{"type":"string"}}})",
           R"({"dataset":"sp500_daily"})");
  add_stub(*r, "data.fetch_polygon",
           R"({"type":"object","required":["symbol"],"properties":{"symbol":{"type":"string"},"start":{"type":"string"},"end":{"type":"string"}}})",
           R"({"symbol":"AAPL"})", Cost::Trial);
  add_stub(*r, "data.fetch_fred",
           R"({"type":"object","required":["series_id"],"properties":{"series_id":{"type":"string"},"start":{"type":"string"},"vintages":{"type":"boolean"}}})",
           R"({"series_id":"UNRATE"})", Cost::Trial);
  add_stub(*r, "memory.search",
           R"({"type":"object","required":["query"],"properties":{"query":{"type":"string"},"topic":{"type":"string"}}})",
           R"({"query":"xgboost"})");
  add_stub(*r, "goals.set", R"({"type":"object","required":["text"],"properties":{"text":{"type":"string"}}})",
           R"({"text":"find the best model"})");
  add_stub(*r, "goals.list", R"({"type":"object","properties":{}})", "{}");
  add_stub(*r, "goals.history", R"({"type":"object","properties":{"limit":{"type":"integer"}}})", "{}");
  return r;
}

inline agent::PlannerContext bundled_context() {
  agent::PlannerContext ctx;
  for (const char* n : {"sp500_daily", "aapl_daily", "goog_daily", "fred_core", "us_macro_quarterly", "usdchf_30min"})
    ctx.datasets.push_back({n, {}});
  ctx.datasets.push_back({"dow30_close", {"AA", "AXP", "T", "BA", "CAT", "C", "KO", "DD", "EK", "XOM", "GE", "GM",
                                          "HWP", "HD", "HON", "INTC", "IBM", "IP", "JPM", "JNJ", "MCD", "MRK", "MSFT",
                                          "MMM", "MO", "PG", "SBC", "UTX", "WMT", "DIS"}});
  return ctx;
}

}  // namespace mlt::test
