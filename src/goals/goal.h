// Goals: what the user is trying to achieve, parsed into constraints that
// can only tighten the compliance gateway, never loosen it.
//
//   GoalConstraints c = parse_goal("Only use xgboost or random forests on the S&P 500, "
//                                  "next-day horizon, max drawdown 10%");
//   // c.families = {xgboost, random_forest}, c.symbols = {SPX}, c.horizon = 1,
//   // c.max_drawdown = 0.10, c.strict = true ("only")
//
//   if (auto denial = check_goal(goal, action, args)) ...  // a Decision with rule "goal"
//   for (auto& note : goal_drift(goal, action, args)) ...  // flag, do not deny
//
// Strictness: words like "only", "must", "never", "at most", "no more than",
// "limit" make the goal's lists binding (violations are denied). Otherwise
// an action outside them is allowed but flagged as drift. Risk limits
// (drawdown, volatility, VaR, position weight) always bind.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compliance/gateway.h"
#include "core/json.h"
#include "core/time.h"

namespace mlt {
struct Action;
}

namespace mlt::goals {

struct GoalConstraints {
  std::vector<std::string> symbols;   // tickers, "SPX" for the S&P 500
  std::vector<std::string> families;  // allowed model families (xgboost, random_forest, ...)
  std::vector<std::string> sources;   // allowed data sources (polygon, fred, user_file)
  std::optional<int> horizon;         // bars
  std::optional<double> max_drawdown, max_volatility, max_var, max_weight;  // fractions
  bool strict = false;
  Json to_json() const;
  static GoalConstraints from_json(const Json& j);
  bool empty() const;
};

struct Goal {
  std::int64_t id = 0;
  std::string text;
  GoalConstraints constraints;
  std::string actor;
  bool active = false;
  TimestampMs created_at = 0;
  std::optional<TimestampMs> ended_at;
  Json to_json() const;
};

// Never throws; unknown words are ignored.
GoalConstraints parse_goal(std::string_view text);

// The model family of a registry model id ("random_forest_100" → random_forest).
std::string family_of_model(std::string_view model_id);

// A denial when the action breaks a binding constraint of the goal.
std::optional<Decision> check_goal(const Goal& goal, const Action& action, const Json& args);
// The goal's data sources in the gateway's own terms, for
// Gateway::check(action, args, constraints) (empty = every approved source).
mlt::GoalConstraints gateway_constraints(const Goal& goal);
// Non-binding departures from the goal, in words ("AAPL is outside the goal's symbols (SPX)").
std::vector<std::string> goal_drift(const Goal& goal, const Action& action, const Json& args);

}  // namespace mlt::goals
