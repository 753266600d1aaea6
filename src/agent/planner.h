// OfflinePlanner: natural language → registry actions, with no model at all.
//
//   OfflinePlanner planner(registry);
//   Plan plan = planner.plan("train xgboost and a random forest on the S&P 500 "
//                            "to predict next-day direction and compare them",
//                            {.datasets = {{"sp500_daily", {}}}});
//   // plan.actions: [ml.compare {dataset: sp500_daily, models: [...], ...}]
//   // plan.summary: "I will: compare xgboost_classifier and ... on sp500_daily ..."
//
// How: a real tokenizer (memory/lexicon.h), a phrase lexicon with synonyms
// and fuzzy correction (edit distance), clause splitting at sentence ends and
// at "and/then" before a new request, one grammar pass per clause that fills
// typed slots (symbols, datasets, model families, horizon, dates, metrics,
// option and portfolio numbers), context carried across clauses ("compare
// them"), then the intent table (planner_table.cpp) maps each intent to the
// first of its action names that is registered and fills that action's
// arguments from the slots by the names its JSON schema declares.
//
// Contract: only registered actions are planned, and every planned action's
// arguments pass the registry's schema validation (checked here). When
// something required is missing or ambiguous the plan has no actions and one
// clarifying `question`. plan() never throws on any input and never runs
// anything. Thread-safe: plan() is const and the lexicon is immutable.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace mlt {
class ActionRegistry;
}

namespace mlt::agent {

struct DatasetInfo {
  std::string name;
  std::vector<std::string> columns;  // panels: one per symbol (Dow-30 closes)
};

// What the planner may know besides the text.
struct PlannerContext {
  std::vector<DatasetInfo> datasets;          // the store's datasets (data.list)
  std::optional<std::string> last_dataset;    // from earlier turns: "now backtest it"
  std::vector<std::string> last_models;       // model ids trained in earlier turns
  // Today (YYYY-MM-DD, from the caller's Env): "since 2015" in a fetch runs to
  // today. Without it such a fetch asks for an end date.
  std::optional<std::string> today;
};

struct PlannedAction {
  std::string action;
  Json args = Json::object();
  std::string why;  // one line, said to the user before acting
  Json to_json() const;
};

struct Plan {
  std::vector<PlannedAction> actions;
  std::optional<std::string> question;  // set ⇒ actions is empty
  std::string summary;                  // "I will: ..." or the question
  std::vector<std::string> notes;       // what was skipped or ignored, and why
  // {"actions":[{action,args,why}], "question"?, "summary", "notes"}
  Json to_json() const;
};

class OfflinePlanner {
 public:
  explicit OfflinePlanner(const ActionRegistry& registry);
  Plan plan(std::string_view text, const PlannerContext& context = {}) const;

 private:
  const ActionRegistry& registry_;
};

// Datasets of a store as the planner wants them (name + columns from data.list).
std::vector<DatasetInfo> datasets_from_list(const Json& data_list_result);

}  // namespace mlt::agent
