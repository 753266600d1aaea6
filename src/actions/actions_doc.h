// docs/actions.md, generated from the action registry so it can never drift
// from the code (a test compares the checked-in file with this output).
#pragma once

#include <string>

namespace mlt {
class ActionRegistry;
std::string render_actions_markdown(const ActionRegistry& registry);
}  // namespace mlt
