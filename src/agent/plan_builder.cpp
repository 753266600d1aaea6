#include "agent/plan_builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "agent/planner_table.h"
#include "core/error.h"
#include "memory/lexicon.h"

namespace mlt::agent {
namespace {

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

std::string join(const std::vector<std::string>& v, std::string_view sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

// A slot value shaped for one schema property (type and enum).
std::optional<Json> coerce(const Json& value, const Json& prop) {
  const std::string type = prop.value("type", std::string());
  Json v = value;
  if (type == "integer") {
    if (v.is_array() && !v.empty()) v = v[0];
    if (!v.is_number()) return std::nullopt;
    v = static_cast<long long>(v.get<double>());
  } else if (type == "number") {
    if (!v.is_number()) return std::nullopt;
  } else if (type == "string") {
    if (v.is_array()) {
      if (v.empty()) return std::nullopt;
      v = v[0];
    }
    if (v.is_number()) v = v.dump();
    if (!v.is_string()) return std::nullopt;
  } else if (type == "array") {
    if (!v.is_array()) v = Json::array({v});
  } else if (type == "boolean") {
    if (!v.is_boolean()) return std::nullopt;
  }
  if (prop.contains("enum") && prop["enum"].is_array() && v.is_string()) {
    const std::string s = v.get<std::string>();
    std::optional<std::string> best;
    std::size_t best_d = 3;
    for (const auto& e : prop["enum"]) {
      if (!e.is_string()) continue;
      const std::string cand = e.get<std::string>();
      if (cand == s) return v;
      const std::size_t d = memory::bounded_edit_distance(lower(s), lower(cand), 2);
      const bool contains = cand.find(s) != std::string::npos || s.find(cand) != std::string::npos;
      if (contains && d > 1) {
        if (!best || best_d > 2) best = cand, best_d = 2;
      } else if (d < best_d) {
        best = cand, best_d = d;
      }
    }
    if (!best) return std::nullopt;
    v = *best;
  }
  return v;
}

}  // namespace

PlanBuilder::PlanBuilder(const ActionRegistry& registry, const PlannerContext& context)
    : registry_(registry), context_(context) {
  if (context.last_dataset) carry_.datasets = {*context.last_dataset};
  carry_.models = context.last_models;
}

std::optional<std::string> PlanBuilder::action_for(Intent intent) const {
  const IntentRule& rule = intent_rule(intent);
  for (auto name : rule.actions)
    if (registered(std::string(name))) return std::string(name);
  if (!rule.prefix.empty())
    for (const Action* a : registry_.list())
      if (a->name.rfind(rule.prefix, 0) == 0 &&
          (rule.keyword.empty() || a->name.find(rule.keyword) != std::string::npos))
        return a->name;
  return std::nullopt;
}

std::vector<std::string> PlanBuilder::model_ids() const {
  std::vector<std::string> ids;
  for (const Action* a : registry_.list())
    if (a->name.rfind("train.", 0) == 0) ids.push_back(a->name.substr(6));
  return ids;
}

std::optional<std::string> PlanBuilder::model_for(std::string_view family, bool regression, bool by_keyword) const {
  const FamilyModels* f = family_models(family);
  if (!f) return std::nullopt;
  const auto ids = model_ids();
  auto has = [&](std::string_view id) { return std::find(ids.begin(), ids.end(), std::string(id)) != ids.end(); };
  for (auto id : regression ? f->regression : f->classification)
    if (has(id)) return std::string(id);
  if (!by_keyword) return std::nullopt;
  for (const auto& id : ids) {
    const bool is_reg = id.find("regress") != std::string::npos || id == "ridge";
    if (id.find(f->id_keyword) != std::string::npos && is_reg == regression) return id;
  }
  return std::nullopt;
}

std::vector<std::string> PlanBuilder::resolve_models(const Clause& c, bool allow_defaults,
                                                     std::vector<std::string>& missing) {
  const bool regression = c.target.value_or(carry_.target.value_or("direction")) == "return";
  std::vector<std::string> out;
  auto add = [&](const std::string& id) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  for (const auto& fam : c.families) {
    // The table's ids first (either task when no target was named: "train
    // ridge" is a regression), then any registered id naming the family.
    auto id = model_for(fam, regression, false);
    if (!id && !c.target) id = model_for(fam, !regression, false);
    if (!id) id = model_for(fam, regression, true);
    if (!id && !c.target) id = model_for(fam, !regression, true);
    if (id) add(*id);
    else missing.push_back(std::string(family_models(fam) ? family_models(fam)->label : std::string_view(fam)));
  }
  if (out.empty() && missing.empty() && (c.refers_back || !allow_defaults) && !carry_.models.empty())
    return carry_.models;
  if (out.empty() && missing.empty() && allow_defaults)
    for (auto fam : default_families())
      if (auto id = model_for(fam, regression, false)) add(*id);
  return out;
}

std::string PlanBuilder::dataset_for_symbol(const std::string& symbol, std::optional<std::string>& column) const {
  const std::string s = lower(symbol);
  for (const auto& d : context_.datasets) {
    const std::string n = lower(d.name);
    if (symbol == "SPX" && (n.find("sp500") != std::string::npos || n.find("spx") != std::string::npos ||
                            n.find("gspc") != std::string::npos))
      return d.name;
    if (symbol == "DJI" && n.find("dow") != std::string::npos) return d.name;
    if (n == s || n.rfind(s + "_", 0) == 0) return d.name;
  }
  for (const auto& d : context_.datasets)
    for (const auto& col : d.columns)
      if (col == symbol) {
        column = col;
        return d.name;
      }
  return {};
}

bool PlanBuilder::resolve_datasets(const Clause& c, std::vector<std::string>& names, std::optional<std::string>& column,
                                   std::vector<std::string>& unknown_symbols) const {
  for (const auto& w : c.unknown_words)
    for (const auto& d : context_.datasets) {
      const std::string n = lower(d.name);
      const std::size_t limit = n.size() >= 7 ? 2 : 1;
      if (n == w || (w.size() >= 5 && memory::bounded_edit_distance(w, n, limit) <= limit))
        if (std::find(names.begin(), names.end(), d.name) == names.end()) names.push_back(d.name);
    }
  for (const auto& sym : c.symbols) {
    std::optional<std::string> col;
    const std::string ds = dataset_for_symbol(sym, col);
    if (ds.empty()) {
      unknown_symbols.push_back(sym);
      continue;
    }
    if (col) column = col;
    if (std::find(names.begin(), names.end(), ds) == names.end()) names.push_back(ds);
  }
  return !names.empty();
}

std::string PlanBuilder::dataset_list_text() const {
  std::vector<std::string> names;
  for (const auto& d : context_.datasets) names.push_back(d.name);
  return names.empty() ? std::string("none yet (import a CSV or fetch data first)") : join(names);
}

Json PlanBuilder::base_slots(const Clause& c) const {
  Json s = Json::object();
  if (auto t = c.target.has_value() ? c.target : carry_.target) s["target"] = *t;
  if (auto h = c.horizon.has_value() ? c.horizon : carry_.horizon) s["horizon"] = *h;
  if (c.folds) s["folds"] = *c.folds;
  if (auto v = c.start.has_value() ? c.start : carry_.start) s["start"] = *v;
  if (auto v = c.end.has_value() ? c.end : carry_.end) s["end"] = *v;
  if (!c.metrics.empty()) s["metric"] = c.metrics.front();
  if (!c.strategies.empty()) s["strategy"] = c.strategies.front();
  else if (std::find(c.concepts.begin(), c.concepts.end(), "momentum") != c.concepts.end()) s["strategy"] = "momentum";
  else if (std::find(c.concepts.begin(), c.concepts.end(), "mean_reversion") != c.concepts.end())
    s["strategy"] = "mean_reversion";
  for (const auto& [k, v] : c.numbers.items()) s[k] = v;
  if (c.id) s["id"] = *c.id;
  if (!c.series.empty()) s["series"] = c.series;
  return s;
}

void PlanBuilder::ask(std::string question) {
  if (!plan_.question) plan_.question = std::move(question);
}

void PlanBuilder::emit(const std::string& action, const Json& args, std::string why) {
  plan_.actions.push_back(PlannedAction{action, args, std::move(why)});
}

std::optional<Json> PlanBuilder::fill(const std::string& action, const Json& slots, std::string_view doing) {
  const Json schema = registry_.schema_json(action);
  const Json props = schema.value("properties", Json::object());
  Json args = Json::object();
  for (auto slot : slot_names()) {
    if (!slots.contains(std::string(slot))) continue;
    for (auto prop_name : slot_properties(slot)) {
      const std::string p(prop_name);
      if (!props.contains(p) || args.contains(p)) continue;
      if (auto v = coerce(slots[std::string(slot)], props[p])) {
        args[p] = *v;
        break;
      }
    }
  }
  for (const char* dated : {"start", "end"})
    if (slots.contains(dated) && !args.contains(dated) && !args.contains(dated == std::string("start") ? "from" : "to"))
      plan_.notes.push_back(fmt::format("{} takes no date range; it uses the whole dataset", action));
  for (const auto& req : schema.value("required", Json::array())) {
    const std::string r = req.get<std::string>();
    if (args.contains(r)) continue;
    if (r == "dataset" || (r == "name" && action.rfind("data.", 0) == 0))
      ask(fmt::format("Which dataset should I use to {}? Stored datasets: {}.", doing, dataset_list_text()));
    else {
      const std::string desc = props.contains(r) ? props[r].value("description", std::string()) : std::string();
      ask(fmt::format("To {} I need `{}`{}. What value should I use?", doing, r, desc.empty() ? "" : " (" + desc + ")"));
    }
    return std::nullopt;
  }
  try {
    registry_.validate(action, args);
  } catch (const Error& e) {
    ask(fmt::format("I could not form valid arguments for {}: {}. Could you rephrase?", action, e.message()));
    return std::nullopt;
  }
  return args;
}

bool PlanBuilder::train_models(const Clause& c, const std::vector<std::string>& models, bool then_results) {
  Json slots = base_slots(c);
  for (const auto& ds : carry_.datasets) {
    slots["dataset"] = ds;
    if (carry_.column) slots["column"] = *carry_.column;
    for (const auto& id : models) {
      const std::string action = registered("train." + id) ? "train." + id : "ml.train";
      Json s = slots;
      s["model"] = id;
      // A fixed-model action offers only its task's target; drop a mismatch.
      auto args = fill(action, s, "train " + id);
      if (!args) return false;
      std::string detail;
      if (args->contains("target")) detail += fmt::format(", target {}", (*args)["target"].get<std::string>());
      if (args->contains("horizon")) detail += fmt::format(", horizon {} bars", (*args)["horizon"].get<long long>());
      emit(action, *args, fmt::format("train {} on {}{} (walk-forward validated)", id, ds, detail));
    }
    if (then_results && registered("ml.results")) {
      auto args = fill("ml.results", Json{{"dataset", ds}}, "read the results");
      if (!args) return false;
      emit("ml.results", *args, fmt::format("compare the stored results on {}", ds));
    }
  }
  return true;
}

bool PlanBuilder::compare(const Clause& c, bool analyze) {
  std::vector<std::string> missing;
  std::vector<std::string> models = resolve_models(c, /*allow_defaults=*/c.families.empty(), missing);
  // "train A ... then compare it with B": the models of this plan come first.
  const bool trained_here = std::any_of(plan_.actions.begin(), plan_.actions.end(), [](const PlannedAction& a) {
    return a.action.rfind("train.", 0) == 0 || a.action == "ml.train";
  });
  if (trained_here && c.families.empty() && !carry_.models.empty()) models = carry_.models;
  if ((c.refers_back || trained_here) && !c.families.empty()) {
    std::vector<std::string> merged = carry_.models;
    for (const auto& id : models)
      if (std::find(merged.begin(), merged.end(), id) == merged.end()) merged.push_back(id);
    models = merged;
  }
  if (!missing.empty())
    plan_.notes.push_back(fmt::format("not available yet, skipped: {}", join(missing)));
  if (models.empty()) {
    ask(fmt::format("None of the requested models ({}) is available. Available models: {}. Which should I use?",
                    join(missing), join(model_ids())));
    return false;
  }
  carry_.models = models;
  if (analyze && !c.concepts.empty())
    plan_.notes.push_back(fmt::format("{}: the standard feature set (returns over several look-backs, volatility, "
                                      "moving-average gaps) already covers it",
                                      join(c.concepts)));
  if (auto cmp = action_for(Intent::Compare)) {
    // Fuse "train A and B ... and compare them" into the one comparison trial.
    std::erase_if(plan_.actions, [&](const PlannedAction& a) {
      return (a.action.rfind("train.", 0) == 0 || a.action == "ml.train") && a.args.contains("dataset") &&
             std::find(carry_.datasets.begin(), carry_.datasets.end(), a.args["dataset"].get<std::string>()) !=
                 carry_.datasets.end();
    });
    for (const auto& ds : carry_.datasets) {
      Json slots = base_slots(c);
      slots["dataset"] = ds;
      slots["models"] = models;
      if (carry_.column) slots["column"] = *carry_.column;
      auto args = fill(*cmp, slots, "compare models");
      if (!args) return false;
      emit(*cmp, *args, fmt::format("compare {} on {} on identical walk-forward splits", join(models, " vs "), ds));
    }
    return true;
  }
  // No ml.compare: train what was not trained in this plan, then read results.
  std::vector<std::string> todo;
  for (const auto& id : models) {
    const bool done = std::any_of(plan_.actions.begin(), plan_.actions.end(), [&](const PlannedAction& a) {
      return a.action == "train." + id || (a.action == "ml.train" && a.args.value("model", "") == id);
    });
    if (!done) todo.push_back(id);
  }
  if (!train_models(c, todo, false)) return false;
  for (const auto& ds : carry_.datasets) {
    auto args = fill("ml.results", Json{{"dataset", ds}}, "read the results");
    if (!args) return false;
    emit("ml.results", *args, fmt::format("compare the results of {} on {}", join(models, " and "), ds));
  }
  return true;
}

}  // namespace mlt::agent
