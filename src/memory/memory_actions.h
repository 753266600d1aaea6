// memory.search and memory.topics actions (instant). They read the store the
// handler is given (ActionContext::store), so one registration serves every
// interface. Register once per registry:
//
//   register_memory_actions(runtime.registry());
#pragma once

namespace mlt {
class ActionRegistry;
void register_memory_actions(ActionRegistry& registry);
}  // namespace mlt
