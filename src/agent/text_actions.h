// Text action parser for models without tool support. Two forms only:
//
//   1. a fenced block tagged `action` (or `json` holding an "action" key):
//        ```action
//        {"action": "ml.train", "args": {"dataset": "sp500_daily"}}
//        ```
//   2. a line of its own:   ACTION ml.train {"dataset": "sp500_daily"}
//
// Anything that looks like an attempt (a fenced action block, a line
// starting "ACTION ") but does not parse is reported in `errors`, never guessed.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agent/provider.h"

namespace mlt::agent {

struct TextActions {
  std::vector<ToolCall> calls;      // name = the action name (dots kept), id = "text-N"
  std::vector<std::string> errors;  // one line per unparseable attempt
};

TextActions parse_text_actions(std::string_view text);

// The instructions appended to the system prompt for such models.
std::string text_action_instructions();

}  // namespace mlt::agent
