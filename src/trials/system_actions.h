// Actions about mlTrainer itself: trials, the audit log, the store and the
// compliance rules. They need the Runtime, so they are registered by it.
#pragma once

namespace mlt {
class ActionRegistry;
class Runtime;
void register_system_actions(ActionRegistry& registry, Runtime& runtime);
}  // namespace mlt
