// Clause analysis for the offline planner (internal): splits a message into
// requests and reads each one's intent and typed slots.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/json.h"
#include "memory/lexicon.h"

namespace mlt::agent {

enum class Intent {
  None, Import, ListData, Describe, Show, Fetch, Train, Compare, Tune, Predict, Backtest, PriceOption,
  Portfolio, Risk, Trials, ShowTrial, CancelTrial, Results, SearchMemory, SetGoal, ListGoals, GoalHistory,
  Analyze, Help,
};
std::string_view intent_name(Intent intent);

struct Clause {
  Intent intent = Intent::None;
  bool purpose_predict = false;        // "... to predict ..." (a target, not a request)
  std::vector<std::string> families;   // canonical family keys, in order, no "any"
  bool generic_models = false;         // "ML models", "some models"
  std::vector<std::string> symbols;    // upper-case tickers (SPX for the S&P 500)
  std::vector<std::string> datasets;   // dataset names written out
  std::optional<int> horizon;          // bars
  std::optional<std::string> target;   // direction | return
  std::optional<std::string> start, end;  // YYYY-MM-DD
  std::optional<int> folds;
  std::optional<long long> id;         // "trial 7"
  std::optional<std::string> path, name;
  std::vector<std::string> metrics, concepts, strategies, series, sources;
  Json numbers = Json::object();       // spot, strike, volatility, rate, maturity, option_type, confidence, ...
  std::string rest_text;               // free text (memory query, goal text)
  bool refers_back = false;            // "them", "it", "those"
  bool point_in_time = false;          // "with vintages", "point-in-time", "as published"
  std::vector<std::string> unknown_words;  // content words nothing understood
};

// The planner's lexicon: the domain vocabulary plus intent phrases.
const memory::PhraseMatcher& planner_matcher();

// Splits tokens into request clauses (sentence ends; "and"/"then"/"," before
// a new intent verb that is not a purpose "to predict").
std::vector<std::vector<memory::Token>> split_clauses(const std::vector<memory::Token>& tokens);

// Reads one clause. `original` is the message text (for goal/memory free text).
Clause read_clause(const std::vector<memory::Token>& tokens);

}  // namespace mlt::agent
