// check_goal / goal_drift: compare one action call with the active goal.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "actions/action.h"
#include "data/provenance.h"
#include "goals/goal.h"

namespace mlt::goals {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Model ids named by the call: train.<id>, "model", "models".
std::vector<std::string> models_of(const Action& action, const Json& args) {
  std::vector<std::string> ids;
  if (action.name.rfind("train.", 0) == 0) ids.push_back(action.name.substr(6));
  if (args.contains("model") && args["model"].is_string()) ids.push_back(args["model"].get<std::string>());
  if (args.contains("models") && args["models"].is_array())
    for (const auto& m : args["models"])
      if (m.is_string()) ids.push_back(m.get<std::string>());
  return ids;
}

// Symbols a call touches: dataset names ("aapl_daily" → AAPL), columns, symbol lists.
std::vector<std::string> symbols_of(const Json& args) {
  std::vector<std::string> out;
  auto from_dataset = [](const std::string& ds) {
    const std::string d = lower(ds);
    if (d.find("sp500") != std::string::npos || d.find("spx") != std::string::npos || d.find("gspc") != std::string::npos)
      return std::string("SPX");
    if (d.find("dow") != std::string::npos) return std::string("DJI");
    std::string head = d.substr(0, d.find('_'));
    for (char& c : head) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return head;
  };
  if (args.contains("column") && args["column"].is_string()) out.push_back(args["column"].get<std::string>());
  else if (args.contains("dataset") && args["dataset"].is_string()) out.push_back(from_dataset(args["dataset"].get<std::string>()));
  for (const char* key : {"symbol", "ticker"})
    if (args.contains(key) && args[key].is_string()) out.push_back(args[key].get<std::string>());
  for (const char* key : {"symbols", "tickers", "assets"})
    if (args.contains(key) && args[key].is_array())
      for (const auto& s : args[key])
        if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

std::optional<std::string> source_of(const Action& action) {
  if (action.name.find("polygon") != std::string::npos) return "polygon";
  if (action.name.find("fred") != std::string::npos) return "fred";
  if (action.name == "data.import_csv") return "user_file";
  return std::nullopt;
}

struct Finding {
  std::string reason;
  bool binding;
};

std::vector<Finding> findings(const Goal& goal, const Action& action, const Json& args) {
  const GoalConstraints& c = goal.constraints;
  std::vector<Finding> out;
  if (!c.families.empty())
    for (const auto& id : models_of(action, args)) {
      const std::string fam = family_of_model(id);
      if (std::find(c.families.begin(), c.families.end(), fam) == c.families.end())
        out.push_back({fmt::format("model {} ({}) is outside the goal's model families ({})", id, fam, join(c.families)),
                       c.strict});
    }
  if (!c.symbols.empty())
    for (const auto& s : symbols_of(args))
      if (std::find(c.symbols.begin(), c.symbols.end(), s) == c.symbols.end())
        out.push_back({fmt::format("{} is outside the goal's symbols ({})", s, join(c.symbols)), c.strict});
  if (!c.sources.empty())
    if (auto src = source_of(action); src && std::find(c.sources.begin(), c.sources.end(), *src) == c.sources.end())
      out.push_back({fmt::format("data source {} is outside the goal's sources ({})", *src, join(c.sources)), c.strict});
  if (c.horizon && args.contains("horizon") && args["horizon"].is_number_integer() &&
      args["horizon"].get<int>() != *c.horizon)
    out.push_back({fmt::format("horizon {} differs from the goal's horizon {}", args["horizon"].get<int>(), *c.horizon),
                   c.strict});
  // Risk limits always bind: an argument that asks for more risk than the goal allows.
  auto over = [&](const char* key, const std::optional<double>& limit, const char* what) {
    if (limit && args.contains(key) && args[key].is_number() && args[key].get<double>() > *limit + 1e-12)
      out.push_back({fmt::format("{} {} exceeds the goal's limit {}", what, args[key].get<double>(), *limit), true});
  };
  over("max_weight", c.max_weight, "position weight");
  over("max_drawdown", c.max_drawdown, "max drawdown");
  over("max_volatility", c.max_volatility, "volatility");
  over("target_volatility", c.max_volatility, "target volatility");
  return out;
}

}  // namespace

std::string family_of_model(std::string_view model_id) {
  const std::string id = lower(model_id);
  static constexpr std::pair<std::string_view, std::string_view> kKeys[] = {
      {"forest", "random_forest"}, {"xgboost", "xgboost"}, {"logistic", "logistic"}, {"ridge", "ridge"},
      {"lstm", "lstm"},           {"gru", "gru"},         {"transformer", "transformer"}, {"mlp", "deep"},
      {"svm", "svm"},             {"knn", "knn"},         {"bayes", "naive_bayes"}, {"adaboost", "adaboost"},
      {"tree", "tree"},           {"linear", "linear"}};
  for (const auto& [key, fam] : kKeys)
    if (id.find(key) != std::string::npos) return std::string(fam);
  return id;
}

std::optional<Decision> check_goal(const Goal& goal, const Action& action, const Json& args) {
  if (!goal.active) return std::nullopt;
  for (const auto& f : findings(goal, action, args))
    if (f.binding) {
      Decision d;
      d.allowed = false;
      d.rule = "goal";
      d.reason = fmt::format("the active goal #{} forbids this: {}", goal.id, f.reason);
      d.hint = "change the request, or set a new goal (goals.set) if the objective changed";
      return d;
    }
  return std::nullopt;
}

std::vector<std::string> goal_drift(const Goal& goal, const Action& action, const Json& args) {
  std::vector<std::string> out;
  if (!goal.active) return out;
  for (const auto& f : findings(goal, action, args))
    if (!f.binding) out.push_back(f.reason);
  return out;
}

mlt::GoalConstraints gateway_constraints(const Goal& goal) {
  mlt::GoalConstraints out;
  if (!goal.active) return out;
  for (const auto& s : goal.constraints.sources)
    if (auto src = parse_source(s)) out.allowed_sources.push_back(*src);
  return out;
}

Json Goal::to_json() const {
  Json j{{"id", id},         {"text", text},     {"constraints", constraints.to_json()},
         {"actor", actor},   {"active", active}, {"created_at", format_iso8601(created_at)}};
  if (ended_at) j["ended_at"] = format_iso8601(*ended_at);
  return j;
}

}  // namespace mlt::goals
