// The domain vocabulary: one table per kind, so adding a synonym is one line.
#include <string_view>

#include "memory/lexicon.h"

namespace mlt::memory {
namespace {

struct Entry {
  std::string_view phrase;
  std::string_view value;
};

// Model families; values are the canonical family keys the planner and the
// goals use ("allowed model families").
constexpr Entry kFamilies[] = {
    {"xgboost", "xgboost"}, {"xgb", "xgboost"}, {"gradient boosting", "xgboost"}, {"gradient boosted trees", "xgboost"},
    {"gradient boosted", "xgboost"}, {"boosted trees", "xgboost"}, {"boosting", "xgboost"}, {"gbm", "xgboost"},
    {"gbdt", "xgboost"}, {"lightgbm", "xgboost"},
    {"random forest", "random_forest"}, {"random forrest", "random_forest"}, {"rf", "random_forest"},
    {"forest", "random_forest"}, {"random_forest", "random_forest"},
    {"logistic regression", "logistic"}, {"logistic", "logistic"}, {"logit", "logistic"},
    {"ridge", "ridge"}, {"ridge regression", "ridge"}, {"linear regression", "ridge"},
    {"linear model", "linear"}, {"linear", "linear"},
    {"lstm", "lstm"}, {"long short term memory", "lstm"}, {"recurrent", "lstm"}, {"rnn", "lstm"},
    {"gru", "gru"}, {"transformer", "transformer"},
    {"deep net", "deep"}, {"deep network", "deep"}, {"deep learning", "deep"}, {"neural network", "deep"},
    {"neural net", "deep"}, {"mlp", "deep"}, {"nn", "deep"}, {"deep", "deep"},
    {"svm", "svm"}, {"support vector machine", "svm"}, {"knn", "knn"}, {"nearest neighbours", "knn"},
    {"nearest neighbors", "knn"}, {"naive bayes", "naive_bayes"}, {"adaboost", "adaboost"},
    {"decision tree", "tree"}, {"trees", "trees"},
    // Generic: "some ML models" means the default set.
    {"ml models", "any"}, {"ml model", "any"}, {"ml", "any"}, {"machine learning", "any"}, {"models", "any"},
    {"algorithms", "any"}, {"classifiers", "any"},
};

// Symbols: index aliases and company names map to tickers.
constexpr Entry kSymbols[] = {
    {"s&p 500", "SPX"}, {"s&p500", "SPX"}, {"s&p", "SPX"}, {"sp500", "SPX"}, {"sp 500", "SPX"}, {"spx", "SPX"},
    {"^gspc", "SPX"}, {"gspc", "SPX"}, {"s and p", "SPX"}, {"s and p 500", "SPX"}, {"spy", "SPX"},
    {"standard and poors", "SPX"}, {"the index", "SPX"},
    {"apple", "AAPL"}, {"aapl", "AAPL"}, {"google", "GOOG"}, {"goog", "GOOG"}, {"alphabet", "GOOG"},
    {"microsoft", "MSFT"}, {"msft", "MSFT"}, {"ibm", "IBM"}, {"intel", "INTC"}, {"coca cola", "KO"},
    {"exxon", "XOM"}, {"walmart", "WMT"}, {"disney", "DIS"}, {"boeing", "BA"}, {"general electric", "GE"},
    {"jpmorgan", "JPM"}, {"mcdonalds", "MCD"}, {"home depot", "HD"}, {"amex", "AXP"}, {"american express", "AXP"},
    {"tesla", "TSLA"}, {"amazon", "AMZN"}, {"nvidia", "NVDA"}, {"dow", "DJI"}, {"dow jones", "DJI"},
    {"dow 30", "DJI"}, {"usd chf", "USDCHF"}, {"usdchf", "USDCHF"}, {"swiss franc", "USDCHF"},
};

constexpr Entry kConcepts[] = {
    {"momentum", "momentum"}, {"trend", "momentum"}, {"trend following", "momentum"},
    {"mean reversion", "mean_reversion"}, {"mean reverting", "mean_reversion"},
    {"volatility", "volatility"}, {"vol", "volatility"}, {"variance", "volatility"},
    {"drawdown", "drawdown"}, {"max drawdown", "drawdown"}, {"value at risk", "value_at_risk"}, {"var", "value_at_risk"},
    {"cvar", "expected_shortfall"}, {"expected shortfall", "expected_shortfall"},
    {"sharpe", "sharpe"}, {"sharpe ratio", "sharpe"}, {"sortino", "sortino"},
    {"option", "options"}, {"options", "options"}, {"call", "options"}, {"put", "options"},
    {"black scholes", "options"}, {"implied volatility", "implied_volatility"}, {"greeks", "greeks"},
    {"portfolio", "portfolio"}, {"allocation", "portfolio"}, {"diversification", "portfolio"},
    {"backtest", "backtest"}, {"leakage", "leakage"}, {"look ahead", "leakage"}, {"overfitting", "overfitting"},
    {"regime", "regime"}, {"inflation", "inflation"}, {"interest rates", "rates"}, {"yield curve", "rates"},
    {"unemployment", "unemployment"}, {"macro", "macro"}, {"recession", "macro"}, {"gdp", "macro"},
    {"earnings", "earnings"}, {"liquidity", "liquidity"}, {"correlation", "correlation"},
    {"feature importance", "feature_importance"}, {"features", "features"}, {"seasonality", "seasonality"},
};

constexpr Entry kMetrics[] = {
    {"accuracy", "accuracy"}, {"auc", "auc"}, {"roc auc", "auc"}, {"f1", "f1"}, {"precision", "precision"},
    {"recall", "recall"}, {"log loss", "log_loss"}, {"logloss", "log_loss"}, {"brier", "brier"},
    {"hit rate", "hit_rate"}, {"rmse", "rmse"}, {"mae", "mae"}, {"r2", "r2"}, {"information coefficient", "ic"},
    {"ic", "ic"}, {"sharpe ratio", "sharpe"}, {"sharpe", "sharpe"}, {"sortino", "sortino"},
    {"max drawdown", "max_drawdown"}, {"cagr", "cagr"},
};

constexpr Entry kTargets[] = {
    {"direction", "direction"}, {"up or down", "direction"}, {"up down", "direction"}, {"rise or fall", "direction"},
    {"sign", "direction"}, {"directional", "direction"}, {"return", "return"}, {"returns", "return"},
    {"forward return", "return"}, {"price change", "return"},
};

constexpr Entry kStrategies[] = {
    {"momentum strategy", "momentum"}, {"sma crossover", "sma_crossover"}, {"moving average crossover", "sma_crossover"},
    {"ma crossover", "sma_crossover"}, {"crossover", "sma_crossover"}, {"mean reversion strategy", "mean_reversion"},
    {"rsi", "rsi"}, {"bollinger", "bollinger"}, {"bollinger bands", "bollinger"}, {"buy and hold", "buy_and_hold"},
    {"breakout", "breakout"}, {"signal", "model_signal"}, {"signals", "model_signal"},
};

// FRED series by everyday name.
constexpr Entry kSeries[] = {
    {"unemployment rate", "UNRATE"}, {"cpi", "CPIAUCSL"}, {"consumer prices", "CPIAUCSL"},
    {"core cpi", "CPILFESL"}, {"pce", "PCEPI"}, {"fed funds", "FEDFUNDS"}, {"fed funds rate", "FEDFUNDS"},
    {"federal funds", "FEDFUNDS"}, {"10 year treasury", "GS10"}, {"10 year yield", "GS10"}, {"ten year yield", "GS10"},
    {"2 year treasury", "GS2"}, {"2 year yield", "GS2"}, {"3 month bill", "TB3MS"}, {"t bill", "TB3MS"},
    {"industrial production", "INDPRO"}, {"payrolls", "PAYEMS"}, {"nonfarm payrolls", "PAYEMS"}, {"gdp", "GDP"},
};

constexpr Entry kSources[] = {
    {"polygon", "polygon"}, {"polygon.io", "polygon"}, {"massive", "polygon"}, {"fred", "fred"},
    {"st louis fed", "fred"}, {"alfred", "fred"}, {"my file", "user_file"}, {"csv", "user_file"},
    {"user file", "user_file"}, {"bundled data", "user_file"},
};

template <std::size_t N>
void add_all(PhraseMatcher& m, const Entry (&table)[N], TermKind kind) {
  for (const auto& e : table) m.add(e.phrase, kind, std::string(e.value));
}

constexpr std::string_view kTickers[] = {
    "AAPL", "GOOG", "GOOGL", "MSFT", "AMZN", "TSLA", "NVDA", "META", "SPY", "QQQ", "IWM", "SPX", "DJI",
    "AA",   "AXP",  "T",     "BA",   "CAT",  "C",    "KO",   "DD",   "EK",   "XOM", "GE",  "GM",  "HWP", "HD",
    "HON",  "INTC", "IBM",   "IP",   "JPM",  "JNJ",  "MCD",  "MRK",  "MMM",  "MO",  "PG",  "SBC", "UTX", "WMT",
    "DIS",  "NFLX", "BRK.B", "V",    "MA",   "USDCHF"};

constexpr std::string_view kCapsWords[] = {
    "ML",  "AI",   "LSTM", "RNN",  "GRU",  "MLP", "NN",  "RF",  "XGB", "GBM", "SVM", "KNN", "VAR", "CVAR", "ETF",
    "CSV", "AUC",  "ROC",  "US",   "USD",  "GDP", "CPI", "PCE", "FRED", "API", "OK",  "I",   "A",   "RSI", "MACD",
    "SMA", "EMA",  "IC",   "MAE",  "RMSE", "F1",  "R2",  "CAGR", "OHLC", "OHLCV", "JSON", "PNL", "YTD", "EOD",
    "TODO", "AND", "OR",   "THE",  "TO",   "ON",  "IN",  "FOR", "DO",  "IT",  "IS",  "AM",  "PM",  "UTC", "NYSE",
    "HTTP", "URL", "BS",   "MC",   "IV",   "DL",  "PCA", "OLS", "EM",  "NB",  "SP",  "SPX500"};

}  // namespace

void add_domain_vocabulary(PhraseMatcher& m) {
  add_all(m, kFamilies, TermKind::Family);
  add_all(m, kSymbols, TermKind::Symbol);
  add_all(m, kConcepts, TermKind::Concept);
  add_all(m, kMetrics, TermKind::Metric);
  add_all(m, kTargets, TermKind::Target);
  add_all(m, kStrategies, TermKind::Strategy);
  add_all(m, kSeries, TermKind::Series);
  add_all(m, kSources, TermKind::Source);
  // Common words that sit near vocabulary words and must never be "corrected".
  m.add_known_words({"date", "dates", "then", "them", "with", "what", "year", "years", "days", "week", "weeks",
                     "month", "months", "price", "prices", "model", "show", "list", "best", "last", "next", "file",
                     "since", "until", "between", "compare", "train", "fetch", "after", "before", "close", "closes",
                     "open", "high", "from", "ahead", "horizon", "daily", "minute", "hourly", "weekly", "monthly",
                     "stock", "stocks", "shares", "index", "about", "some", "test", "tests", "loss", "rate", "rates",
                     "call", "calls", "puts", "spot", "strike", "expiry", "maturity", "weight", "weights", "risk"});
}

const PhraseMatcher& domain_matcher() {
  static const PhraseMatcher matcher = [] {
    PhraseMatcher m;
    add_domain_vocabulary(m);
    return m;
  }();
  return matcher;
}

bool is_known_ticker(std::string_view upper) {
  for (auto t : kTickers)
    if (t == upper) return true;
  return false;
}

bool is_caps_non_ticker(std::string_view upper) {
  for (auto w : kCapsWords)
    if (w == upper) return true;
  return false;
}

}  // namespace mlt::memory
