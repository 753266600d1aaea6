#include "agent/planner_table.h"

#include <array>
#include <map>

namespace mlt::agent {
namespace {

const std::vector<IntentRule>& rules() {
  static const std::vector<IntentRule> kRules = {
      {Intent::Import, {"data.import_csv"}, "data.", "import", "importing files is not available"},
      {Intent::ListData, {"data.list"}, "", "", "listing datasets is not available"},
      {Intent::Describe, {"data.describe"}, "", "", "describing datasets is not available"},
      {Intent::Show, {"data.show"}, "", "", "showing rows is not available"},
      {Intent::Fetch, {"data.fetch_polygon", "data.fetch_fred"}, "data.", "fetch",
       "fetching from Polygon or FRED is not available in this build yet"},
      {Intent::Train, {}, "", "", "no trainable model is registered"},
      {Intent::Compare, {"ml.compare"}, "", "", ""},  // falls back to train + ml.results
      {Intent::Tune, {"ml.tune", "ml.search", "ml.hyperparameter_search"}, "ml.", "tune",
       "hyperparameter tuning (ml.tune) is not available yet"},
      {Intent::Predict, {"ml.predict", "ml.forecast"}, "ml.", "predict",
       "forecasting with a stored model (ml.predict) is not available yet"},
      {Intent::Backtest, {"backtest.run", "backtest.strategy", "backtest.signal"}, "backtest.", "",
       "backtesting is not available yet"},
      {Intent::PriceOption,
       {"finance.option_price", "finance.price_option", "options.price", "finance.black_scholes", "finance.options"},
       "finance.", "option", "option pricing is not available yet"},
      {Intent::Portfolio,
       {"portfolio.optimize", "portfolio.optimise", "finance.portfolio_optimize", "finance.optimize_portfolio"},
       "portfolio.", "", "portfolio optimisation is not available yet"},
      {Intent::Risk, {"risk.measure", "risk.report", "risk.metrics", "risk.var", "finance.risk"}, "risk.", "",
       "risk measures are not available yet"},
      {Intent::Trials, {"trials.list"}, "", "", "listing trials is not available"},
      {Intent::ShowTrial, {"trials.show"}, "", "", "showing a trial is not available"},
      {Intent::CancelTrial, {"trials.cancel"}, "", "", "cancelling trials is not available"},
      {Intent::Results, {"ml.results", "ml.leaderboard"}, "", "", "stored results are not available"},
      {Intent::SearchMemory, {"memory.search"}, "", "", "memory search is not available"},
      {Intent::SetGoal, {"goals.set"}, "", "", "goals are not available"},
      {Intent::ListGoals, {"goals.list"}, "", "", "goals are not available"},
      {Intent::GoalHistory, {"goals.history"}, "", "", "goal history is not available"},
  };
  return kRules;
}

const std::vector<FamilyModels>& families() {
  static const std::vector<FamilyModels> kFamilies = {
      {"xgboost", {"xgboost_classifier", "xgboost"}, {"xgboost_regressor"}, "xgboost", "XGBoost"},
      {"random_forest",
       {"random_forest_classifier", "random_forest_100", "random_forest", "rf_classifier"},
       {"random_forest_regressor"}, "forest", "random forest"},
      {"logistic", {"logistic_l2", "logistic_l1", "logistic"}, {}, "logistic", "logistic regression"},
      {"ridge", {}, {"ridge"}, "ridge", "ridge regression"},
      {"linear", {"logistic_l2"}, {"ridge"}, "linear", "linear model"},
      {"lstm", {"lstm_classifier", "lstm"}, {"lstm_regressor"}, "lstm", "LSTM"},
      {"gru", {"gru_classifier", "gru"}, {"gru_regressor"}, "gru", "GRU"},
      {"transformer", {"transformer_classifier", "transformer"}, {"transformer_regressor"}, "transformer",
       "transformer"},
      {"deep", {"mlp_classifier", "mlp", "deep_mlp"}, {"mlp_regressor"}, "mlp", "deep network (MLP)"},
      {"svm", {"svm_classifier", "svm"}, {"svm_regressor"}, "svm", "SVM"},
      {"knn", {"knn_classifier", "knn"}, {"knn_regressor"}, "knn", "k-nearest neighbours"},
      {"naive_bayes", {"naive_bayes"}, {}, "bayes", "naive Bayes"},
      {"adaboost", {"adaboost"}, {}, "adaboost", "AdaBoost"},
      {"tree", {"decision_tree", "tree_classifier"}, {"tree_regressor"}, "tree", "decision tree"},
      {"trees", {"xgboost_classifier", "random_forest_100"}, {"xgboost_regressor"}, "forest", "tree ensemble"},
  };
  return kFamilies;
}

constexpr std::array<std::string_view, 3> kDefaultFamilies = {"xgboost", "random_forest", "logistic"};

const std::map<std::string_view, std::vector<std::string_view>>& slots() {
  static const std::map<std::string_view, std::vector<std::string_view>> kSlots = {
      {"dataset", {"dataset", "data"}},
      {"dataset_name", {"name"}},  // actions whose only subject is a dataset name (data.describe)
      {"column", {"column", "symbol_column"}},
      {"model", {"model", "model_id"}},
      {"models", {"models", "model_ids"}},
      {"target", {"target"}},
      {"horizon", {"horizon", "horizon_days", "horizon_bars"}},
      {"folds", {"folds", "n_folds"}},
      {"start", {"start", "from", "start_date", "since", "begin"}},
      {"end", {"end", "to", "end_date", "until"}},
      {"symbol", {"symbol", "ticker"}},
      {"symbols", {"symbols", "tickers", "assets", "columns"}},
      {"series", {"series_id", "series", "ids"}},
      {"vintages", {"vintages"}},
      {"metric", {"metric", "metrics"}},
      {"strategy", {"strategy", "signal", "rule"}},
      {"spot", {"spot", "s", "underlying", "underlying_price"}},
      {"strike", {"strike", "k"}},
      {"volatility", {"volatility", "vol", "sigma"}},
      {"rate", {"rate", "r", "risk_free_rate", "risk_free"}},
      {"dividend", {"dividend", "dividend_yield", "q"}},
      {"maturity", {"maturity", "expiry", "t", "years", "time_to_expiry", "tenor"}},
      {"option_type", {"type", "option_type", "right", "kind", "call_put"}},
      {"style", {"style", "exercise"}},
      {"method", {"method", "engine", "pricer"}},
      {"confidence", {"confidence", "level", "confidence_level"}},
      {"objective", {"objective", "goal", "method"}},
      {"max_weight", {"max_weight", "weight_cap", "max_position"}},
      {"capital", {"capital", "notional"}},
      {"query", {"query", "text", "q"}},
      {"saved_model", {"name", "model_name"}},  // ml.predict: "<dataset>_<model id>" as ml.train saves it
      {"topic", {"topic"}},
      {"goal_text", {"text", "goal"}},
      {"id", {"id", "trial_id"}},
      {"path", {"path", "file"}},
      {"new_name", {"name"}},
  };
  return kSlots;
}

}  // namespace

const IntentRule& intent_rule(Intent intent) {
  static const IntentRule kNone{Intent::None, {}, "", "", "I did not understand the request"};
  for (const auto& r : rules())
    if (r.intent == intent) return r;
  return kNone;
}

const FamilyModels* family_models(std::string_view family) {
  for (const auto& f : families())
    if (f.family == family) return &f;
  return nullptr;
}

std::span<const std::string_view> default_families() { return kDefaultFamilies; }

std::span<const std::string_view> slot_properties(std::string_view slot) {
  const auto& s = slots();
  auto it = s.find(slot);
  if (it == s.end()) return {};
  return it->second;
}

std::span<const std::string_view> slot_names() {
  static const std::vector<std::string_view> kNames = [] {
    std::vector<std::string_view> names;
    for (const auto& [k, v] : slots()) names.push_back(k);
    return names;
  }();
  return kNames;
}

}  // namespace mlt::agent
