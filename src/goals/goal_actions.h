// goals.set / goals.list / goals.history / goals.clear (instant actions).
//
//   register_goal_actions(runtime.registry());
#pragma once

namespace mlt {
class ActionRegistry;
void register_goal_actions(ActionRegistry& registry);
}  // namespace mlt
