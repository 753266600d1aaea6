// Goals: parsing into constraints, tighten-only checks, drift, history.
#include <gtest/gtest.h>

#include "actions/registry.h"
#include "core/error.h"
#include "goals/goal_actions.h"
#include "goals/goal_store.h"
#include "store/store.h"

namespace mlt::goals {
namespace {

Action action_named(const std::string& name) {
  Action a;
  a.name = name;
  return a;
}

Goal active_goal(std::int64_t id, const std::string& text) {
  Goal g;
  g.id = id;
  g.constraints = parse_goal(text);
  g.active = true;
  return g;
}

TEST(Goals, ParsesConstraints) {
  const auto c = parse_goal("Only use xgboost or random forests on the S&P 500, next-day horizon, max drawdown 10%, "
                            "position weight at most 30%, data from FRED and polygon");
  EXPECT_TRUE(c.strict);
  EXPECT_EQ(c.families, (std::vector<std::string>{"xgboost", "random_forest"}));
  EXPECT_EQ(c.symbols, (std::vector<std::string>{"SPX"}));
  EXPECT_EQ(c.horizon, 1);
  EXPECT_DOUBLE_EQ(*c.max_drawdown, 0.10);
  EXPECT_DOUBLE_EQ(*c.max_weight, 0.30);
  EXPECT_EQ(c.sources, (std::vector<std::string>{"fred", "polygon"}));
  const auto soft = parse_goal("find the best model for 5-day AAPL returns");
  EXPECT_FALSE(soft.strict);
  EXPECT_EQ(soft.horizon, 5);
  EXPECT_EQ(soft.symbols, (std::vector<std::string>{"AAPL"}));
  EXPECT_TRUE(parse_goal("").empty());
  EXPECT_NO_THROW(parse_goal(std::string(100000, '%')));
}

TEST(Goals, StrictGoalsDenyAndSoftGoalsFlagDrift) {
  const Goal strict = active_goal(1, "only xgboost on the S&P 500");
  EXPECT_FALSE(check_goal(strict, action_named("train.xgboost_classifier"), {{"dataset", "sp500_daily"}}));
  auto d = check_goal(strict, action_named("train.logistic_l2"), {{"dataset", "sp500_daily"}});
  ASSERT_TRUE(d);
  EXPECT_FALSE(d->allowed);
  EXPECT_EQ(d->rule, "goal");
  EXPECT_TRUE(check_goal(strict, action_named("train.xgboost_classifier"), {{"dataset", "aapl_daily"}}));
  EXPECT_TRUE(check_goal(strict, action_named("ml.compare"), {{"dataset", "sp500_daily"},
                                                             {"models", {"xgboost_classifier", "random_forest_100"}}}));
  const Goal soft = active_goal(2, "study the S&P 500 with xgboost");
  EXPECT_FALSE(check_goal(soft, action_named("train.xgboost_classifier"), {{"dataset", "aapl_daily"}}));
  const auto drift = goal_drift(soft, action_named("train.xgboost_classifier"), {{"dataset", "aapl_daily"}});
  ASSERT_EQ(drift.size(), 1u);
  EXPECT_NE(drift[0].find("AAPL"), std::string::npos);
  // Risk limits always bind, even in a soft goal.
  const Goal risk = active_goal(3, "grow the portfolio, position weight 25%");
  EXPECT_TRUE(check_goal(risk, action_named("portfolio.optimize"), {{"max_weight", 0.5}}));
  EXPECT_FALSE(check_goal(risk, action_named("portfolio.optimize"), {{"max_weight", 0.2}}));
  EXPECT_EQ(family_of_model("random_forest_100"), "random_forest");
}

TEST(Goals, StoreKeepsOneActiveGoalAndItsHistory) {
  auto store = Store::in_memory();
  Env env;
  GoalStore goals(*store, env);
  EXPECT_FALSE(goals.active());
  goals.set("only xgboost on AAPL", "user");
  const Goal second = goals.set("find the best model for next-day S&P 500 direction", "user");
  ASSERT_TRUE(goals.active());
  EXPECT_EQ(goals.active()->id, second.id);
  EXPECT_EQ(goals.list().size(), 2u);
  const auto check = check_active_goal(*store, env, action_named("train.xgboost_classifier"), {{"dataset", "aapl_daily"}});
  EXPECT_FALSE(check.denial);
  EXPECT_EQ(check.drift.size(), 1u);
  const Json h = goals.history();
  EXPECT_EQ(h[0]["kind"], "drift");
  EXPECT_THROW(goals.set("   ", "user"), Error);
  EXPECT_TRUE(goals.clear("user"));
  EXPECT_FALSE(goals.active());
}

TEST(Goals, ActionsRoundTrip) {
  auto store = Store::in_memory();
  Env env;
  Config config;
  ActionRegistry registry;
  register_goal_actions(registry);
  ActionContext ctx{*store, env, config, "test", std::nullopt, {}, {}};
  registry.validate("goals.set", {{"text", "only xgboost"}});
  const Json set = registry.get("goals.set").run({{"text", "only xgboost"}}, ctx);
  EXPECT_EQ(set["goal"]["constraints"]["families"][0], "xgboost");
  const Json list = registry.get("goals.list").run(Json::object(), ctx);
  EXPECT_EQ(list["active"]["text"], "only xgboost");
  EXPECT_THROW(registry.validate("goals.set", Json::object()), Error);
}

}  // namespace
}  // namespace mlt::goals
