#include "trials/system_actions.h"

#include <fmt/format.h>

#include "core/error.h"
#include "trials/runtime.h"

namespace mlt {
namespace {

std::int64_t trial_id_arg(const Json& args) { return args.at("id").get<std::int64_t>(); }

}  // namespace

void register_system_actions(ActionRegistry& registry, Runtime& rt) {
  registry.add(Action{
      .name = "trials.list",
      .summary = "List recent trials (background jobs) with their state and progress.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{
          "limit":{"type":"integer","minimum":1,"maximum":1000,"description":"How many, newest first (default 20)."},
          "state":{"type":"string","enum":["queued","running","succeeded","failed","cancelled"],
                   "description":"Only trials in this state."}}})",
      .example = R"({"limit":10,"state":"running"})",
      .run = [&rt](const Json& args, ActionContext&) {
        std::optional<TrialState> state;
        if (args.contains("state")) state = parse_state(args["state"].get<std::string>());
        Json out = Json::array();
        for (const auto& t : rt.trials().list(args.value("limit", 20), state)) {
          Json j = t.to_json();
          j.erase("result");  // lists stay small; trials.show has the full result
          out.push_back(std::move(j));
        }
        return Json{{"trials", out}};
      },
  });
  registry.add(Action{
      .name = "trials.show",
      .summary = "Show one trial: arguments, state, progress, result or error.",
      .schema = R"({"type":"object","required":["id"],"additionalProperties":false,
          "properties":{"id":{"type":"integer","minimum":1,"description":"Trial id."}}})",
      .example = R"({"id":1})",
      .run = [&rt](const Json& args, ActionContext&) { return rt.trials().get(trial_id_arg(args)).to_json(); },
  });
  registry.add(Action{
      .name = "trials.cancel",
      .summary = "Cancel a queued or running trial.",
      .schema = R"({"type":"object","required":["id"],"additionalProperties":false,
          "properties":{"id":{"type":"integer","minimum":1,"description":"Trial id."}}})",
      .example = R"({"id":1})",
      .run = [&rt](const Json& args, ActionContext&) { return rt.trials().cancel(trial_id_arg(args)).to_json(); },
      .idempotent = false,
  });
  registry.add(Action{
      .name = "audit.verify",
      .summary = "Verify the audit log's hash chain; names the first altered, deleted or reordered record.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = R"({})",
      .run = [&rt](const Json&, ActionContext&) { return rt.audit().verify().to_json(); },
  });
  registry.add(Action{
      .name = "audit.tail",
      .summary = "Show the most recent audit records, newest first.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{
          "limit":{"type":"integer","minimum":1,"maximum":1000,"description":"How many records (default 20)."}}})",
      .example = R"({"limit":5})",
      .run = [&rt](const Json& args, ActionContext&) { return Json{{"records", rt.audit().tail(args.value("limit", 20))}}; },
  });
  registry.add(Action{
      .name = "db.status",
      .summary = "Show the store: file, size, schema version and row counts.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = R"({})",
      .run = [&rt](const Json&, ActionContext&) { return rt.store().status(); },
  });
  registry.add(Action{
      .name = "compliance.rules",
      .summary = "List the compliance rules every action call must pass (compiled in, cannot be disabled).",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = R"({})",
      .run = [](const Json&, ActionContext&) {
        Json rules = Json::array();
        for (const auto& r : kComplianceRules) rules.push_back(Json{{"id", r.id}, {"description", r.description}});
        Json sources = Json::array();
        for (auto s : kApprovedSources) sources.push_back(source_name(s));
        return Json{{"rules", rules}, {"approved_sources", sources}};
      },
  });
}

}  // namespace mlt
