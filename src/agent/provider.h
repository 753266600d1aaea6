// Provider: one interface for every assistant — Anthropic Messages,
// OpenAI-compatible chat completions, and the offline planner.
//
//   ProviderReply r = provider.complete(system, turns, tools, {.on_text = print});
//   // r.text streamed through on_text as it arrived; r.tool_calls to run.
//
// Errors: complete() throws Error{Unavailable} when the service cannot be
// reached, is overloaded after retries, or streams an error event;
// Error{Denied} for a missing or rejected API key; Error{Cancelled} when
// `cancelled` turned true. Messages never contain the key.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace mlt::agent {

struct ToolSpec {
  std::string name;  // wire name (see tool_wire_name)
  std::string description;
  Json schema;
};

struct ToolCall {
  std::string id = {};
  std::string name = {};                  // wire name
  Json input = Json::object();
  std::string raw_arguments = {};         // as the model sent them
  std::optional<std::string> parse_error = std::nullopt;  // arguments were not a JSON object
};

struct ToolResult {
  std::string tool_call_id;
  std::string content;  // JSON text or a message
  bool is_error = false;
};

// One conversation turn in provider-neutral form.
struct ChatTurn {
  std::string role = {};                      // "user" | "assistant"
  std::string text = {};
  std::vector<ToolCall> tool_calls = {};      // assistant turns
  std::vector<ToolResult> tool_results = {};  // user turns answering tool calls
};

struct ProviderReply {
  std::string text;
  std::vector<ToolCall> tool_calls;
  std::string stop_reason;  // end_turn | tool_use | max_tokens | ...
  int input_tokens = 0, output_tokens = 0;
};

struct StreamCallbacks {
  std::function<void(std::string_view)> on_text = nullptr;
  std::function<bool()> cancelled = nullptr;
};

class Provider {
 public:
  virtual ~Provider() = default;
  virtual std::string name() const = 0;
  virtual ProviderReply complete(const std::string& system, const std::vector<ChatTurn>& turns,
                                 const std::vector<ToolSpec>& tools, const StreamCallbacks& callbacks) = 0;
};

// Tool names may not contain '.' on either API: "data.list" ↔ "data__list".
std::string tool_wire_name(std::string_view action);
std::string action_from_wire_name(std::string_view wire);

// Retry policy shared by the HTTP providers.
struct RetryPolicy {
  int max_retries = 3;
  int base_delay_ms = 500;   // doubled per attempt unless retry-after says otherwise
  int max_delay_ms = 30000;  // retry-after values above this are capped
};

}  // namespace mlt::agent
