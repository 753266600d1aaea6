// PlanBuilder (internal): turns read clauses into registered actions with
// schema-checked arguments, carrying context from clause to clause.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "actions/registry.h"
#include "agent/clause.h"
#include "agent/planner.h"

namespace mlt::agent {

class PlanBuilder {
 public:
  PlanBuilder(const ActionRegistry& registry, const PlannerContext& context);
  // Adds the actions of one clause; returns false once a question was asked.
  bool add(const Clause& clause);
  Plan finish(bool any_intent);

 private:
  struct Carry {
    std::vector<std::string> datasets;
    std::optional<std::string> column;
    std::vector<std::string> models;
    std::optional<std::string> target;
    std::optional<int> horizon;
    std::optional<std::string> start, end;
  };

  std::optional<std::string> action_for(Intent intent) const;
  bool registered(const std::string& name) const { return registry_.contains(name); }
  std::vector<std::string> model_ids() const;
  std::optional<std::string> model_for(std::string_view family, bool regression, bool by_keyword) const;
  std::vector<std::string> resolve_models(const Clause& c, bool allow_defaults, std::vector<std::string>& missing);
  bool resolve_datasets(const Clause& c, std::vector<std::string>& names, std::optional<std::string>& column,
                        std::vector<std::string>& unknown_symbols) const;
  std::string dataset_for_symbol(const std::string& symbol, std::optional<std::string>& column) const;
  std::string dataset_list_text() const;

  Json base_slots(const Clause& c) const;
  // Fills the action's arguments from slots; nullopt after asking a question.
  std::optional<Json> fill(const std::string& action, const Json& slots, std::string_view doing);
  void emit(const std::string& action, const Json& args, std::string why);
  void ask(std::string question);

  bool train_models(const Clause& c, const std::vector<std::string>& models, bool then_results);
  bool compare(const Clause& c, bool analyze);
  bool simple(const Clause& c, Intent intent, std::string_view doing, bool needs_dataset, bool per_dataset);

  const ActionRegistry& registry_;
  const PlannerContext& context_;
  Carry carry_;
  bool clause_named_data_ = false;  // this clause itself named a dataset or symbol
  Plan plan_;
};

}  // namespace mlt::agent
