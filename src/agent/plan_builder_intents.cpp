// PlanBuilder::add: one branch per intent; the action names come from
// planner_table.cpp, the arguments from PlanBuilder::fill.
#include <fmt/format.h>

#include <algorithm>

#include "agent/plan_builder.h"
#include "agent/planner_table.h"

namespace mlt::agent {
namespace {

bool needs_data(Intent i) {
  switch (i) {
    case Intent::Train: case Intent::Compare: case Intent::Tune: case Intent::Predict: case Intent::Backtest:
    case Intent::Risk: case Intent::Describe: case Intent::Show: case Intent::Analyze:
      return true;
    default:
      return false;
  }
}

constexpr std::string_view kHelp =
    "I can import your CSV files, describe and show datasets, train and compare models (e.g. \"train xgboost and "
    "a random forest on the S&P 500 to predict next-day direction and compare them\"), show trials and results, "
    "search memory and set a goal; backtests, option pricing, portfolios and risk run when those actions are "
    "installed.";

}  // namespace

bool PlanBuilder::simple(const Clause& c, Intent intent, std::string_view doing, bool needs_dataset,
                         bool per_dataset) {
  const auto action = action_for(intent);
  if (!action) {
    ask(fmt::format("Sorry, {}. Is there something else I can do?", intent_rule(intent).missing));
    return false;
  }
  Json slots = base_slots(c);
  if (!c.rest_text.empty()) slots[intent == Intent::SetGoal ? "goal_text" : "query"] = c.rest_text;
  if (c.path) slots["path"] = *c.path;
  if (c.name) slots["new_name"] = *c.name;
  if (!c.symbols.empty()) {
    slots["symbols"] = c.symbols;
    slots["symbol"] = c.symbols.front();
  }
  if (intent == Intent::SearchMemory && !c.concepts.empty()) slots["topic"] = c.concepts.front();
  if (!needs_dataset || !per_dataset) {
    if ((needs_dataset || clause_named_data_) && !carry_.datasets.empty()) slots["dataset"] = carry_.datasets.front();
    auto args = fill(*action, slots, doing);
    if (!args) return false;
    emit(*action, *args, std::string(doing));
    return true;
  }
  for (const auto& ds : carry_.datasets) {
    Json s = slots;
    s["dataset"] = ds;
    s["dataset_name"] = ds;
    if (carry_.column) s["column"] = *carry_.column;
    auto args = fill(*action, s, doing);
    if (!args) return false;
    emit(*action, *args, fmt::format("{} {}", doing, ds));
  }
  return true;
}

bool PlanBuilder::add(const Clause& clause) {
  Clause c = clause;
  // A clause with models but no verb is a training request ("xgboost on AAPL");
  // one with only a dataset or symbol is a request to describe it.
  if (c.intent == Intent::None && (!c.families.empty() || c.generic_models) && !c.purpose_predict)
    c.intent = Intent::Train;
  if (c.intent == Intent::None && c.purpose_predict) c.intent = Intent::Train;
  if (c.intent == Intent::Analyze && !c.families.empty()) c.intent = Intent::Compare;
  if (c.intent == Intent::Predict && !action_for(Intent::Predict) && !c.families.empty()) {
    plan_.notes.push_back("forecasting with a stored model is not available yet: training and validating instead");
    c.intent = Intent::Train;
  }

  // Datasets: this clause's, else the previous clause's.
  std::vector<std::string> names, unknown;
  std::optional<std::string> column;
  if (c.intent != Intent::Fetch && c.intent != Intent::Portfolio && c.intent != Intent::SearchMemory &&
      c.intent != Intent::SetGoal && resolve_datasets(c, names, column, unknown)) {
    carry_.datasets = names;
    carry_.column = column;
  }
  clause_named_data_ = !names.empty();
  if (c.intent == Intent::None && !names.empty()) c.intent = Intent::Describe;
  if (c.target) carry_.target = c.target;
  if (c.horizon) carry_.horizon = c.horizon;
  if (c.start) carry_.start = c.start;
  if (c.end) carry_.end = c.end;

  if (needs_data(c.intent) && !unknown.empty() && names.empty()) {
    const bool can_fetch = action_for(Intent::Fetch).has_value();
    ask(fmt::format("I have no data for {}. Stored datasets: {}.{}", fmt::join(unknown, ", "), dataset_list_text(),
                    can_fetch ? fmt::format(" Shall I fetch {} from Polygon first?", unknown.front()) : std::string()));
    return false;
  }
  if (needs_data(c.intent) && carry_.datasets.empty()) {
    ask(fmt::format("Which dataset should I use? Stored datasets: {}.", dataset_list_text()));
    return false;
  }

  switch (c.intent) {
    case Intent::Train: {
      std::vector<std::string> missing;
      auto models = resolve_models(c, /*allow_defaults=*/c.generic_models, missing);
      if (!missing.empty() && !models.empty())
        plan_.notes.push_back(fmt::format("not available yet, skipped: {}", fmt::join(missing, ", ")));
      if (models.empty()) {
        std::vector<std::string> ids;
        for (const Action* a : registry_.list())
          if (a->name.rfind("train.", 0) == 0) ids.push_back(a->name.substr(6));
        ask(missing.empty()
                ? fmt::format("Which model should I train? Available: {}.", fmt::join(ids, ", "))
                : fmt::format("{} is not available yet. Available models: {}. Which should I use instead?",
                              fmt::join(missing, ", "), fmt::join(ids, ", ")));
        return false;
      }
      carry_.models = models;
      return train_models(c, models, false);
    }
    case Intent::Compare: return compare(c, false);
    case Intent::Analyze:
      if (c.generic_models || !c.concepts.empty()) return compare(c, true);
      return simple(c, Intent::Describe, "describe", true, true);
    case Intent::Tune: case Intent::Predict: case Intent::Backtest: case Intent::Risk: {
      const std::string_view doing = c.intent == Intent::Tune       ? "tune"
                                     : c.intent == Intent::Predict  ? "forecast with"
                                     : c.intent == Intent::Backtest ? "backtest on"
                                                                    : "measure the risk of";
      if (!action_for(c.intent)) return simple(c, c.intent, doing, true, true);
      std::vector<std::string> missing;
      auto models = resolve_models(c, false, missing);
      Clause with_model = c;
      bool ok = true;
      for (const auto& ds : carry_.datasets) {
        Json slots = base_slots(c);
        slots["dataset"] = ds;
        if (carry_.column) slots["column"] = *carry_.column;
        if (!models.empty()) {
          slots["model"] = models.front();
          slots["models"] = models;
          if (c.intent == Intent::Predict) slots["saved_model"] = ds + "_" + models.front();
        }
        auto args = fill(*action_for(c.intent), slots, std::string(doing) + " " + ds);
        if (!args) return false;
        emit(*action_for(c.intent), *args, fmt::format("{} {}", doing, ds));
      }
      return ok;
    }
    case Intent::Describe: return simple(c, Intent::Describe, "describe", true, true);
    case Intent::Show: return simple(c, Intent::Show, "show the first and last rows of", true, true);
    case Intent::Fetch: {
      const bool fred = !c.series.empty() ||
                        std::find(c.sources.begin(), c.sources.end(), "fred") != c.sources.end();
      const std::string name = fred ? "data.fetch_fred" : "data.fetch_polygon";
      if (!registry_.contains(name)) {
        ask(fmt::format("Sorry, {} is not available in this build yet. The bundled datasets are: {}.", name,
                        dataset_list_text()));
        return false;
      }
      Json slots = base_slots(c);
      if (!c.symbols.empty()) slots["symbols"] = c.symbols, slots["symbol"] = c.symbols.front();
      if (fred && c.series.empty() && !c.symbols.empty()) slots["series"] = c.symbols;
      if (fred && c.point_in_time) slots["vintages"] = true;
      // "since 2015" leaves the range open: a fetch runs to today.
      const Json props = registry_.schema_json(name).value("properties", Json::object());
      const bool takes_end = props.contains("end") || props.contains("to");
      bool end_is_today = false;
      if (slots.contains("start") && !slots.contains("end") && takes_end && context_.today) {
        slots["end"] = *context_.today;
        end_is_today = true;
      }
      auto args = fill(name, slots, fred ? "fetch from FRED" : "fetch from Polygon");
      if (!args) return false;
      auto arg_of = [&](const char* a, const char* b) {
        return args->contains(a) ? (*args)[a].get<std::string>() : args->contains(b) ? (*args)[b].get<std::string>() : "";
      };
      const std::string from = arg_of("start", "from"), to = arg_of("end", "to");
      std::string range;
      if (!from.empty()) range = fmt::format(" from {}", from);
      if (!to.empty()) range += fmt::format(" to {}{}", to, end_is_today ? " (today)" : "");
      emit(name, *args, fmt::format("fetch {} from {}{}", fred ? fmt::format("{}", fmt::join(c.series, ", "))
                                                               : fmt::format("{}", fmt::join(c.symbols, ", ")),
                                    fred ? "FRED" : "Polygon", range));
      return true;
    }
    case Intent::PriceOption: {
      Clause o = c;
      if (o.numbers.contains("atm") && o.numbers.contains("spot") && !o.numbers.contains("strike"))
        o.numbers["strike"] = o.numbers["spot"];
      o.numbers.erase("atm");
      if (!o.numbers.contains("option_type")) o.numbers["option_type"] = "call";
      return simple(o, Intent::PriceOption, "price the option", false, false);
    }
    case Intent::Portfolio: {
      Clause p = c;
      std::vector<std::string> names2, unknown2;
      std::optional<std::string> col;
      // Symbols that are columns of one panel make that panel the dataset.
      std::string panel;
      for (const auto& s : c.symbols) {
        std::optional<std::string> cc;
        const std::string ds = dataset_for_symbol(s, cc);
        if (cc) panel = ds;
      }
      if (!panel.empty()) carry_.datasets = {panel};
      return simple(p, Intent::Portfolio, "optimise the portfolio", !panel.empty(), false);
    }
    case Intent::Trials: return simple(c, Intent::Trials, "list the trials", false, false);
    case Intent::ShowTrial:
      if (!c.id) return simple(c, Intent::Trials, "list the trials", false, false);
      return simple(c, Intent::ShowTrial, fmt::format("show trial {}", *c.id), false, false);
    case Intent::CancelTrial:
      if (!c.id) {
        ask("Which trial should I cancel? Give its id, e.g. \"cancel trial 3\" (\"show trials\" lists them).");
        return false;
      }
      return simple(c, Intent::CancelTrial, fmt::format("cancel trial {}", *c.id), false, false);
    case Intent::Results: {
      Clause r = c;
      return simple(r, Intent::Results, "show the stored results", false, false);
    }
    case Intent::ListData: return simple(c, Intent::ListData, "list the datasets", false, false);
    case Intent::Import:
      if (!c.path) {
        ask("Which file should I import? Give its path inside the working folder, e.g. data/market/x.csv.");
        return false;
      }
      return simple(c, Intent::Import, fmt::format("import {}", *c.path), false, false);
    case Intent::SearchMemory:
      if (c.rest_text.empty()) {
        ask("What should I search the memory for?");
        return false;
      }
      return simple(c, Intent::SearchMemory, fmt::format("search memory for \"{}\"", c.rest_text), false, false);
    case Intent::SetGoal: return simple(c, Intent::SetGoal, fmt::format("set the goal \"{}\"", c.rest_text), false, false);
    case Intent::ListGoals: return simple(c, Intent::ListGoals, "show the current goal", false, false);
    case Intent::GoalHistory: return simple(c, Intent::GoalHistory, "show the goal history", false, false);
    case Intent::Help:
      plan_.notes.push_back(std::string(kHelp));
      return true;
    case Intent::None: return true;
  }
  return true;
}

Plan PlanBuilder::finish(bool any_intent) {
  if (plan_.question) {
    plan_.actions.clear();
    plan_.summary = *plan_.question;
    return plan_;
  }
  if (plan_.actions.empty()) {
    if (!plan_.notes.empty() && plan_.notes.back() == kHelp) {
      plan_.summary = std::string(kHelp);
      return plan_;
    }
    plan_.question = any_intent ? "I understood the request but found nothing to run. Could you say which dataset "
                                  "and model you mean?"
                                : "What would you like to do? For example: \"describe sp500_daily\", \"train xgboost "
                                  "on AAPL to predict next-day direction\", \"show my trials\".";
    plan_.summary = *plan_.question;
    return plan_;
  }
  std::string s = "I will:";
  for (std::size_t i = 0; i < plan_.actions.size(); ++i)
    s += fmt::format("\n{}. {} [{}]", i + 1, plan_.actions[i].why, plan_.actions[i].action);
  for (const auto& n : plan_.notes) s += "\nNote: " + n;
  plan_.summary = s;
  return plan_;
}

}  // namespace mlt::agent
