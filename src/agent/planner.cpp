#include "agent/planner.h"

#include "actions/registry.h"
#include "agent/plan_builder.h"
#include "core/error.h"
#include "memory/lexicon.h"

namespace mlt::agent {

Json PlannedAction::to_json() const { return {{"action", action}, {"args", args}, {"why", why}}; }

Json Plan::to_json() const {
  Json a = Json::array();
  for (const auto& p : actions) a.push_back(p.to_json());
  Json j{{"actions", a}, {"summary", summary}, {"notes", notes}};
  if (question) j["question"] = *question;
  return j;
}

OfflinePlanner::OfflinePlanner(const ActionRegistry& registry) : registry_(registry) {}

Plan OfflinePlanner::plan(std::string_view text, const PlannerContext& context) const {
  try {
    const auto tokens = memory::tokenize(text);
    PlanBuilder builder(registry_, context);
    bool any_intent = false;
    const auto clauses = split_clauses(tokens);
    std::vector<memory::Token> pending;  // a verb-less clause joins the next one: "on AAPL, train xgboost"
    for (std::size_t k = 0; k < clauses.size(); ++k) {
      std::vector<memory::Token> clause_tokens = pending;
      clause_tokens.insert(clause_tokens.end(), clauses[k].begin(), clauses[k].end());
      const Clause clause = read_clause(clause_tokens);
      if (clause.intent == Intent::None && k + 1 < clauses.size()) {
        pending = clause_tokens;
        continue;
      }
      pending.clear();
      any_intent = any_intent || clause.intent != Intent::None || !clause.families.empty();
      if (!builder.add(clause)) break;
    }
    return builder.finish(any_intent);
  } catch (const std::exception& e) {
    // The planner must never take the session down; say so instead.
    Plan p;
    p.question = std::string("I could not plan that (") + e.what() + "). Could you rephrase?";
    p.summary = *p.question;
    return p;
  }
}

std::vector<DatasetInfo> datasets_from_list(const Json& result) {
  std::vector<DatasetInfo> out;
  for (const auto& d : result.value("datasets", Json::array())) {
    DatasetInfo info{d.value("name", std::string()), {}};
    for (const auto& c : d.value("columns", Json::array()))
      if (c.is_string()) info.columns.push_back(c.get<std::string>());
    if (!info.name.empty()) out.push_back(std::move(info));
  }
  return out;
}

}  // namespace mlt::agent
