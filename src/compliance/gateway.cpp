#include "compliance/gateway.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "actions/action.h"
#include "core/error.h"
#include "core/secrets.h"
#include "data/data_quality.h"
#include "data/dataset_repository.h"
#include "store/store.h"

namespace mlt {
namespace {

// Words that, as a data argument or a flag, ask for generated data as input.
constexpr std::string_view kSyntheticMarkers[] = {"synthetic", "simulated", "simulate", "random_walk",
                                                   "randomwalk", "fake", "generated", "mock", "dummy"};
// Argument names whose truthy value would switch a rule off; they do not exist.
constexpr std::string_view kOverrideNames[] = {"skip_compliance", "allow_synthetic", "bypass",
                                               "disable_compliance", "compliance", "unsafe"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

Decision deny(std::string_view rule, std::string reason, std::string hint) {
  return Decision{false, std::string(rule), std::move(reason), std::move(hint), {}};
}

// Walks every string in args; returns the first (path, value) for which pred holds.
template <class Pred>
std::optional<std::pair<std::string, std::string>> find_string(const Json& v, const std::string& path, Pred pred) {
  if (v.is_string()) {
    if (pred(path, v.get<std::string>())) return std::make_pair(path, v.get<std::string>());
  } else if (v.is_object()) {
    for (const auto& [k, val] : v.items())
      if (auto hit = find_string(val, path + "/" + k, pred)) return hit;
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      if (auto hit = find_string(v[i], fmt::format("{}/{}", path, i), pred)) return hit;
  }
  return std::nullopt;
}

std::optional<std::string> find_key(const Json& v, const std::string& path,
                                    const std::function<bool(const std::string&)>& pred) {
  if (v.is_object()) {
    for (const auto& [k, val] : v.items()) {
      if (pred(k)) return path + "/" + k;
      if (auto hit = find_key(val, path + "/" + k, pred)) return hit;
    }
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i)
      if (auto hit = find_key(v[i], fmt::format("{}/{}", path, i), pred)) return hit;
  }
  return std::nullopt;
}

std::optional<Decision> check_secrets(const Json& args) {
  if (auto field = find_key(args, "", [](const std::string& k) { return is_secret_field_name(k); }))
    return deny("no_secrets", fmt::format("argument '{}' looks like a credential", *field),
                "API keys come from the environment or mltrainer.toml, never from action arguments");
  if (auto hit = find_string(args, "", [](const std::string&, const std::string& s) { return looks_like_secret(s); }))
    return deny("no_secrets", fmt::format("argument '{}' contains an API key", hit->first),
                "remove the key; set it in the environment or mltrainer.toml instead");
  return std::nullopt;
}

std::optional<Decision> check_synthetic(const Action& action, const Json& args) {
  if (auto field = find_key(args, "", [](const std::string& k) {
        const std::string lk = lower(k);
        return std::any_of(std::begin(kOverrideNames), std::end(kOverrideNames),
                           [&](std::string_view n) { return lk == n; });
      }))
    return deny("no_synthetic_data", fmt::format("argument '{}' tries to switch a compliance rule off", *field),
                "compliance rules are compiled in and cannot be disabled");
  for (const auto& name : dataset_names(action, args)) {
    const std::string value = lower(name);
    for (auto marker : kSyntheticMarkers)
      if (value.find(marker) != std::string::npos)
        return deny("no_synthetic_data", fmt::format("dataset '{}' looks like generated data", name),
                    "train and backtest on real data: import a file you own, or fetch from Polygon or FRED");
  }
  const std::string src = args.contains("source") && args["source"].is_string() ? lower(args["source"].get<std::string>()) : "";
  if (!src.empty() && !parse_source(src))
    return deny("approved_sources", fmt::format("source '{}' is not approved", src),
                "approved sources are polygon, fred and user_file");
  return std::nullopt;
}

}  // namespace

Json Decision::to_json() const {
  Json j{{"allowed", allowed}, {"rule", rule}, {"reason", reason}};
  if (!hint.empty()) j["hint"] = hint;
  if (!warnings.empty()) j["warnings"] = warnings;
  return j;
}

std::optional<Source> action_source(std::string_view name) {
  if (name.rfind("data.", 0) != 0) return std::nullopt;
  if (name.find("polygon") != std::string_view::npos || name == "data.lookup_ticker") return Source::Polygon;
  if (name.find("fred") != std::string_view::npos || name == "data.vintages") return Source::Fred;
  if (name == "data.import_csv") return Source::UserFile;
  return std::nullopt;
}

namespace {

bool goal_allows(const GoalConstraints& goal, Source source) {
  return goal.allowed_sources.empty() ||
         std::find(goal.allowed_sources.begin(), goal.allowed_sources.end(), source) != goal.allowed_sources.end();
}

std::string allowed_list(const GoalConstraints& goal) {
  std::string out;
  for (Source s : goal.allowed_sources) out += (out.empty() ? "" : ", ") + std::string(source_name(s));
  return out;
}

bool uses_data_for_modelling(std::string_view name) {
  return name.rfind("ml.", 0) == 0 || name.rfind("train.", 0) == 0 || name.rfind("backtest.", 0) == 0;
}

}  // namespace

Decision Gateway::check(const Action& action, const Json& args) const { return check(action, args, GoalConstraints{}); }

Decision Gateway::check(const Action& action, const Json& args, const GoalConstraints& goal) const {
  if (const auto source = action_source(action.name); source && !goal_allows(goal, *source))
    return deny("approved_sources",
                fmt::format("the active goal allows data only from {}, not {}", allowed_list(goal), source_name(*source)),
                "use one of the goal's sources, or change the goal's constraints");
  if (auto d = check_secrets(args)) return *d;
  if (auto d = check_synthetic(action, args)) return *d;

  for (const auto& key : action.path_args) {
    if (!args.contains(key) || !args[key].is_string()) continue;
    try {
      env_.resolve_user_file(args[key].get<std::string>());
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::Denied)
        return deny("provenance", e.message(), e.hint());
      // A missing file is the handler's error to report, not a compliance matter.
    }
  }

  DatasetRepository datasets(store_);
  for (const auto& name : dataset_names(action, args)) {
    if (!datasets.exists(name)) continue;  // the handler reports NotFound with a hint
    if (auto problem = datasets.integrity_problem(name))
      return deny("provenance", fmt::format("dataset '{}' failed its provenance check: {}", name, *problem),
                  "re-import the dataset from its original source");
    const std::string source = store_.read([&](SQLite::Database& db) {
      SQLite::Statement st(db, "SELECT source FROM datasets WHERE name = ?");
      st.bind(1, name);
      return st.executeStep() ? st.getColumn(0).getString() : std::string();
    });
    const auto parsed = parse_source(source);
    if (!parsed)
      return deny("approved_sources", fmt::format("dataset '{}' does not come from an approved source", name),
                  "approved sources are polygon, fred and user_file");
    if (!goal_allows(goal, *parsed))
      return deny("approved_sources",
                  fmt::format("dataset '{}' comes from {}, which the active goal excludes (allowed: {})", name, source,
                              allowed_list(goal)),
                  "use a dataset from one of the goal's sources, or change the goal's constraints");
  }
  Decision allowed{true, "all", "every rule passed", "", {}};
  if (uses_data_for_modelling(action.name)) {
    for (const auto& name : dataset_names(action, args)) {
      if (!datasets.exists(name)) continue;
      try {
        for (auto& w : anomaly_warnings(datasets.load(name)))
          allowed.warnings.push_back(std::move(w));
      } catch (const Error&) {  // the handler reports unloadable data itself
      }
    }
  }
  return allowed;
}

}  // namespace mlt
