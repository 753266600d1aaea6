#include "goals/goal_actions.h"

#include "actions/registry.h"
#include "goals/goal_store.h"

namespace mlt {
namespace {

Json set_goal(const Json& args, ActionContext& ctx) {
  goals::GoalStore store(ctx.store, ctx.env);
  const goals::Goal g = store.set(args.at("text").get<std::string>(), ctx.actor);
  return Json{{"goal", g.to_json()}};
}

Json list_goals(const Json& args, ActionContext& ctx) {
  goals::GoalStore store(ctx.store, ctx.env);
  Json all = Json::array();
  for (const auto& g : store.list(args.value("limit", 20))) all.push_back(g.to_json());
  const auto active = store.active();
  return Json{{"active", active ? active->to_json() : Json(nullptr)}, {"goals", all}};
}

Json goal_history(const Json& args, ActionContext& ctx) {
  goals::GoalStore store(ctx.store, ctx.env);
  return Json{{"events", store.history(args.value("limit", 50))}};
}

Json clear_goal(const Json&, ActionContext& ctx) {
  goals::GoalStore store(ctx.store, ctx.env);
  return Json{{"cleared", store.clear(ctx.actor)}};
}

}  // namespace

void register_goal_actions(ActionRegistry& registry) {
  registry.add(Action{
      .name = "goals.set",
      .summary = "Set the research goal; its symbols, horizon, model families, data sources and risk limits become "
                 "constraints that can only tighten what actions may do.",
      .schema = R"({"type":"object","required":["text"],"additionalProperties":false,"properties":{
        "text":{"type":"string","minLength":1,"maxLength":2000,"description":"The goal in words, e.g. 'only xgboost on the S&P 500, next-day direction, max drawdown 10%'."}}})",
      .example = R"({"text":"find the best model for next-day S&P 500 direction"})",
      .cost = Cost::Instant,
      .run = set_goal,
      .idempotent = false,
  });
  registry.add(Action{
      .name = "goals.list",
      .summary = "Show the active goal and earlier goals with their parsed constraints.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{
        "limit":{"type":"integer","minimum":1,"maximum":1000,"default":20}}})",
      .example = "{}",
      .cost = Cost::Instant,
      .run = list_goals,
  });
  registry.add(Action{
      .name = "goals.history",
      .summary = "Goal events, newest first: set, replaced, cleared, violations and drift.",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{
        "limit":{"type":"integer","minimum":1,"maximum":1000,"default":50}}})",
      .example = R"({"limit":10})",
      .cost = Cost::Instant,
      .run = goal_history,
  });
  registry.add(Action{
      .name = "goals.clear",
      .summary = "End the active goal (its history is kept).",
      .schema = R"({"type":"object","additionalProperties":false,"properties":{}})",
      .example = "{}",
      .cost = Cost::Instant,
      .run = clear_goal,
      .idempotent = false,
  });
}

}  // namespace mlt
