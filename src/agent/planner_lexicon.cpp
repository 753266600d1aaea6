// The planner's own phrases: request verbs (intents) and fixed expressions
// for horizons and portfolio objectives, on top of the domain vocabulary.
// Adding a synonym is one line here.
#include <string_view>

#include "agent/clause.h"

namespace mlt::agent {
namespace {

using memory::TermKind;

struct Entry {
  std::string_view phrase;
  std::string_view value;
};

constexpr Entry kIntents[] = {
    {"import", "import"}, {"load", "import"}, {"upload", "import"}, {"ingest", "import"}, {"read in", "import"},
    {"list datasets", "list_data"}, {"list data", "list_data"}, {"list the datasets", "list_data"},
    {"list my datasets", "list_data"}, {"what data", "list_data"}, {"which datasets", "list_data"},
    {"what datasets", "list_data"}, {"show datasets", "list_data"}, {"show the datasets", "list_data"},
    {"show me the datasets", "list_data"}, {"available data", "list_data"}, {"available datasets", "list_data"},
    {"datasets", "list_data"},
    {"describe", "describe"}, {"summarize", "describe"}, {"summarise", "describe"}, {"summary", "describe"},
    {"statistics", "describe"}, {"stats", "describe"}, {"profile", "describe"}, {"overview", "describe"},
    {"tell me about", "describe"}, {"inspect", "describe"}, {"describe the", "describe"},
    {"show", "show"}, {"preview", "show"}, {"first rows", "show"}, {"last rows", "show"}, {"peek", "show"},
    {"display", "show"}, {"show me", "show"},
    {"fetch", "fetch"}, {"download", "fetch"}, {"pull", "fetch"}, {"retrieve", "fetch"}, {"grab", "fetch"},
    {"get data", "fetch"},
    {"train", "train"}, {"fit", "train"}, {"build", "train"}, {"learn", "train"}, {"training", "train"},
    {"compare", "compare"}, {"comparison", "compare"}, {"versus", "compare"}, {"vs", "compare"},
    {"benchmark", "compare"}, {"which is better", "compare"}, {"which model is best", "compare"},
    {"which is best", "compare"}, {"rank", "compare"}, {"head to head", "compare"}, {"pit", "compare"},
    {"tune", "tune"}, {"tuning", "tune"}, {"hyperparameter", "tune"}, {"hyperparameters", "tune"},
    {"hyper parameters", "tune"}, {"grid search", "tune"}, {"hyperparameter search", "tune"},
    {"random search", "tune"}, {"optimize hyperparameters", "tune"}, {"optimise hyperparameters", "tune"},
    {"predict", "predict"}, {"forecast", "predict"}, {"prediction", "predict"}, {"predicting", "predict"},
    {"forecasting", "predict"},
    {"backtest", "backtest"}, {"back test", "backtest"}, {"backtesting", "backtest"}, {"back testing", "backtest"},
    {"price", "price?"}, {"value", "price?"}, {"valuate", "price?"}, {"greeks", "price_option"},
    {"implied volatility", "price_option"}, {"implied vol", "price_option"},
    {"optimise", "optimize?"}, {"optimize", "optimize?"}, {"optimization", "optimize?"},
    {"optimisation", "optimize?"}, {"allocate", "portfolio"}, {"rebalance", "portfolio"},
    {"efficient frontier", "portfolio"},
    {"risk", "risk"}, {"measure risk", "risk"}, {"risk report", "risk"}, {"how risky", "risk"},
    {"trials", "trials"}, {"jobs", "trials"}, {"what's running", "trials"}, {"whats running", "trials"},
    {"running", "trials"}, {"queue", "trials"}, {"progress", "trials"}, {"status", "trials"},
    {"trial", "show_trial"},
    {"cancel", "cancel_trial"}, {"stop", "cancel_trial"}, {"abort", "cancel_trial"}, {"kill", "cancel_trial"},
    {"results", "results"}, {"leaderboard", "results"}, {"scores", "results"}, {"how did", "results"},
    {"outcome", "results"}, {"outcomes", "results"}, {"performance", "results"},
    {"search memory", "search_memory"}, {"search my memory", "search_memory"}, {"search the memory", "search_memory"},
    {"memory", "search_memory"}, {"remember", "search_memory"}, {"recall", "search_memory"},
    {"what did we", "search_memory"}, {"what do we know", "search_memory"}, {"past work", "search_memory"},
    {"search for", "search_memory"}, {"search", "search_memory"}, {"notes", "search_memory"},
    {"goal", "set_goal"}, {"objective", "set_goal"}, {"my goal", "set_goal"}, {"new goal", "set_goal"},
    {"aim", "set_goal"}, {"goals", "list_goals"}, {"current goal", "list_goals"}, {"show goal", "list_goals"},
    {"show my goal", "list_goals"}, {"what is my goal", "list_goals"}, {"list goals", "list_goals"},
    {"goal history", "goal_history"}, {"history of goals", "goal_history"}, {"past goals", "goal_history"},
    {"analyze", "analyze"}, {"analyse", "analyze"}, {"analysis", "analyze"}, {"study", "analyze"},
    {"investigate", "analyze"}, {"explore", "analyze"}, {"research", "analyze"}, {"examine", "analyze"},
    {"look at", "analyze"}, {"assess", "analyze"}, {"evaluate", "analyze"}, {"dig into", "analyze"},
    {"help", "help"}, {"hello", "help"}, {"hi", "help"}, {"hey", "help"}, {"what can you do", "help"},
    {"thanks", "help"}, {"thank you", "help"},
};

// Fixed expressions read as "key:value" facts.
constexpr Entry kFacts[] = {
    {"next day", "horizon:1"}, {"tomorrow", "horizon:1"}, {"tomorrows", "horizon:1"}, {"day ahead", "horizon:1"},
    {"one day ahead", "horizon:1"}, {"next session", "horizon:1"}, {"overnight", "horizon:1"},
    {"next week", "horizon:5"}, {"one week ahead", "horizon:5"}, {"a week ahead", "horizon:5"},
    {"week ahead", "horizon:5"}, {"next month", "horizon:21"}, {"one month ahead", "horizon:21"},
    {"a month ahead", "horizon:21"}, {"month ahead", "horizon:21"},
    {"max sharpe", "objective:max_sharpe"}, {"maximum sharpe", "objective:max_sharpe"},
    {"maximise sharpe", "objective:max_sharpe"}, {"maximize sharpe", "objective:max_sharpe"},
    {"highest sharpe", "objective:max_sharpe"}, {"best sharpe", "objective:max_sharpe"},
    {"min variance", "objective:min_variance"}, {"minimum variance", "objective:min_variance"},
    {"lowest volatility", "objective:min_variance"}, {"lowest risk", "objective:min_variance"},
    {"least risk", "objective:min_variance"}, {"minimise risk", "objective:min_variance"},
    {"minimize risk", "objective:min_variance"}, {"risk parity", "objective:risk_parity"},
    {"equal weight", "objective:equal_weight"}, {"equally weighted", "objective:equal_weight"},
    {"call option", "option_type:call"}, {"put option", "option_type:put"}, {"call", "option_type:call"},
    {"put", "option_type:put"}, {"american", "style:american"}, {"european", "style:european"},
    {"binomial", "method:binomial"}, {"binomial tree", "method:binomial"}, {"monte carlo", "method:monte_carlo"},
    {"black scholes", "method:black_scholes"}, {"black-scholes", "method:black_scholes"},
    {"at the money", "atm:1"}, {"atm", "atm:1"},
};

}  // namespace

const memory::PhraseMatcher& planner_matcher() {
  static const memory::PhraseMatcher matcher = [] {
    memory::PhraseMatcher m;
    memory::add_domain_vocabulary(m);
    for (const auto& e : kIntents) m.add(e.phrase, TermKind::Intent, std::string(e.value));
    for (const auto& e : kFacts) m.add(e.phrase, TermKind::Filler, std::string(e.value));
    m.add_known_words({"ahead", "forward", "horizon", "fold", "folds", "strike", "spot", "volatility", "rate",
                       "expiry", "maturity", "expiring", "confidence", "weight", "since", "until", "through",
                       "between", "during", "named", "called", "data", "them", "then", "also", "please"});
    return m;
  }();
  return matcher;
}

}  // namespace mlt::agent
