// `mltrainer run ACTION --arg k=v … | --json '{…}'` and `mltrainer actions list`.
#include <fmt/format.h>

#include <iostream>

#include "cli/cli_app.h"
#include "cli/text_output.h"
#include "core/error.h"

namespace mlt::cli {
namespace {

// "k=v" → args[k] = v, typed by the action's schema: strings stay strings,
// integers/numbers/booleans/objects/arrays are parsed as JSON.
void apply_arg(const Json& schema, const std::string& kv, Json& args) {
  const auto eq = kv.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(ErrorKind::InvalidArgument, fmt::format("--arg '{}' is not key=value", kv), "e.g. --arg dataset=sp500_daily");
  const std::string key = kv.substr(0, eq);
  const std::string value = kv.substr(eq + 1);
  const Json* prop = nullptr;
  if (schema.contains("properties") && schema["properties"].contains(key)) prop = &schema["properties"][key];
  const std::string type = prop && prop->contains("type") && (*prop)["type"].is_string() ? (*prop)["type"].get<std::string>() : "";
  if (type == "string") {
    args[key] = value;
    return;
  }
  try {
    args[key] = Json::parse(value);
  } catch (const Json::exception&) {
    args[key] = value;  // the schema check names the field if a string is wrong here
  }
}

}  // namespace

void add_run_commands(CLI::App& cli, App& app) {
  auto* run = cli.add_subcommand("run", "Run an action (see 'mltrainer actions list')");
  static std::string action, json_args;
  static std::vector<std::string> kv_args;
  static bool detach = false;
  run->add_option("action", action, "Action name, e.g. data.describe")->required();
  run->add_option("--arg", kv_args, "Argument key=value (repeatable)");
  run->add_option("--json", json_args, "Arguments as one JSON object");
  run->add_flag("--detach", detach, "For trial actions: queue it and print the trial id without waiting");
  run->callback([&app] {
    Runtime& rt = app.runtime();
    Json args = json_args.empty() ? Json::object() : parse_json(json_args, "--json arguments");
    const Json schema = rt.registry().schema_json(action);
    for (const auto& kv : kv_args) apply_arg(schema, kv, args);
    const Json result = run_action(app, action, args, !detach);
    app.print(result, [](const Json& r) { print_generic(r); });
  });

  auto* actions = cli.add_subcommand("actions", "The action registry");
  actions->require_subcommand(1);
  auto* list = actions->add_subcommand("list", "List every action with its summary");
  list->callback([&app] {
    Runtime& rt = app.runtime();
    Json out = Json::array();
    for (const Action* a : rt.registry().list())
      out.push_back(Json{{"name", a->name}, {"summary", a->summary}, {"cost", cost_name(a->cost)},
                         {"schema", rt.registry().schema_json(a->name)}, {"example", Json::parse(a->example)}});
    app.print(Json{{"actions", out}}, [](const Json& j) {
      std::vector<std::vector<std::string>> rows;
      for (const auto& a : j["actions"])
        rows.push_back({a["name"].get<std::string>(), a["cost"].get<std::string>(), a["summary"].get<std::string>()});
      print_table({"action", "cost", "summary"}, rows);
    });
  });
}

Json run_action(App& app, const std::string& action, const Json& args, bool wait) {
  Runtime& rt = app.runtime();
  const Action& declared = rt.registry().get(action);
  if (declared.cost == Cost::Trial && wait && !rt.trials().running()) {
    try {
      rt.start_workers();  // no server owns this store: run the trial here
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Conflict) throw;  // a server runs it; we follow it
    }
  }
  const CallOutcome outcome = rt.call(action, args, "cli");
  if (!outcome.allowed)
    throw Error(ErrorKind::Denied,
                fmt::format("compliance rule '{}' denied {}: {}", outcome.decision.value("rule", ""), action,
                            outcome.decision.value("reason", "")),
                outcome.decision.value("hint", ""));
  if (!outcome.trial_id) return outcome.result;
  if (!wait) return outcome.to_json();
  const Json record = watch_trial(app, *outcome.trial_id, app.json());
  return record.value("result", Json(nullptr));
}

}  // namespace mlt::cli
