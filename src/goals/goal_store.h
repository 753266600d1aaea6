// GoalStore: the goals table and its history. One goal is active at a time;
// setting a new one ends the previous (event "replaced").
//
//   GoalStore goals(store, env);
//   Goal g = goals.set("find the best model for next-day S&P 500 direction", "user");
//   std::optional<Goal> now = goals.active();
//
// check_active_goal() is the hook for the gateway / Runtime::call: it loads
// the active goal, returns a denial (rule "goal") for a binding violation and
// records violations and drift as goal events.
// Thread-safety: as the Store.
#pragma once

#include <optional>
#include <vector>

#include "core/env.h"
#include "goals/goal.h"

namespace mlt {
class Store;
}

namespace mlt::goals {

struct GoalCheck {
  std::optional<Decision> denial;   // binding violation → deny
  std::vector<std::string> drift;   // non-binding departures → tell the user
};

class GoalStore {
 public:
  GoalStore(Store& store, const Env& env);

  // Throws Error{InvalidArgument} for empty text or text over 2000 characters.
  Goal set(const std::string& text, const std::string& actor);
  // Ends the active goal, if any. Returns whether one was active.
  bool clear(const std::string& actor);
  std::optional<Goal> active();
  std::vector<Goal> list(int limit = 20);
  // Events newest first: {id, goal_id, ts, kind, detail}.
  Json history(int limit = 50);
  void record_event(std::int64_t goal_id, const std::string& kind, const Json& detail);

 private:
  Store& store_;
  const Env& env_;
};

// Gateway hook: call after the immutable rules allowed an action.
GoalCheck check_active_goal(Store& store, const Env& env, const Action& action, const Json& args);

}  // namespace mlt::goals
