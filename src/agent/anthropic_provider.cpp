#include "agent/anthropic_provider.h"

#include <fmt/format.h>

#include <map>

#include "agent/provider_common.h"
#include "agent/sse_parser.h"

namespace mlt::agent {

AnthropicProvider::AnthropicProvider(ServiceConfig config, RetryPolicy retry, int max_tokens)
    : config_(std::move(config)), retry_(retry), max_tokens_(max_tokens) {
  if (config_.api_key.empty())
    throw Error(ErrorKind::Denied, "no Anthropic API key is configured",
                "set ANTHROPIC_API_KEY (or [anthropic] api_key in mltrainer.toml), or use the offline planner");
  if (config_.base_url.empty()) config_.base_url = "https://api.anthropic.com";
  if (config_.model.empty()) config_.model = kDefaultAnthropicModel;
}

Json AnthropicProvider::request_body(const std::string& system, const std::vector<ChatTurn>& turns,
                                     const std::vector<ToolSpec>& tools) const {
  Json messages = Json::array();
  for (const auto& t : turns) {
    Json content = Json::array();
    // Tool results come first in a user turn (the API requires it).
    for (const auto& r : t.tool_results)
      content.push_back({{"type", "tool_result"}, {"tool_use_id", r.tool_call_id}, {"content", r.content},
                         {"is_error", r.is_error}});
    if (!t.text.empty()) content.push_back({{"type", "text"}, {"text", t.text}});
    for (const auto& c : t.tool_calls)
      content.push_back({{"type", "tool_use"}, {"id", c.id}, {"name", c.name}, {"input", c.input}});
    if (content.empty()) content.push_back({{"type", "text"}, {"text", "(empty)"}});
    messages.push_back({{"role", t.role}, {"content", content}});
  }
  Json body{{"model", config_.model}, {"max_tokens", max_tokens_}, {"messages", messages}, {"stream", true}};
  if (!system.empty()) body["system"] = system;
  if (!tools.empty()) {
    Json ts = Json::array();
    for (const auto& t : tools) ts.push_back({{"name", t.name}, {"description", t.description}, {"input_schema", t.schema}});
    body["tools"] = ts;
    body["tool_choice"] = {{"type", "auto"}};
  }
  return body;
}

ProviderReply AnthropicProvider::complete(const std::string& system, const std::vector<ChatTurn>& turns,
                                          const std::vector<ToolSpec>& tools, const StreamCallbacks& cb) {
  HttpPost post{join_url(config_.base_url, "/v1/messages"),
                {"x-api-key: " + config_.api_key, "anthropic-version: 2023-06-01", "content-type: application/json",
                 "accept: text/event-stream"},
                request_body(system, turns, tools).dump()};
  for (int attempt = 1;; ++attempt) {
    ProviderReply reply;
    std::map<int, ToolCall> calls;  // by content block index
    std::map<int, std::string> block_type;
    bool emitted = false;
    std::optional<Json> stream_error;
    SseParser parser([&](const SseEvent& ev) {
      const Json d = Json::parse(ev.data, nullptr, false);
      if (d.is_discarded()) return true;  // garbage between events is ignored, as unknown events are
      const std::string type = d.value("type", ev.event);
      if (type == "message_start") {
        reply.input_tokens = d["message"]["usage"].value("input_tokens", 0);
      } else if (type == "content_block_start") {
        const int idx = d.value("index", 0);
        const Json& b = d["content_block"];
        block_type[idx] = b.value("type", "");
        if (block_type[idx] == "tool_use") calls[idx] = ToolCall{b.value("id", ""), b.value("name", "")};
      } else if (type == "content_block_delta") {
        const int idx = d.value("index", 0);
        const Json& delta = d["delta"];
        const std::string dt = delta.value("type", "");
        if (dt == "text_delta") {
          const std::string text = delta.value("text", "");
          reply.text += text;
          emitted = true;
          if (cb.on_text) cb.on_text(text);
        } else if (dt == "input_json_delta" && calls.count(idx)) {
          calls[idx].raw_arguments += delta.value("partial_json", "");
          emitted = true;
        }
      } else if (type == "content_block_stop") {
        if (auto it = calls.find(d.value("index", 0)); it != calls.end()) finish_arguments(it->second);
      } else if (type == "message_delta") {
        if (d.contains("delta") && d["delta"].contains("stop_reason") && d["delta"]["stop_reason"].is_string())
          reply.stop_reason = d["delta"]["stop_reason"];
        if (d.contains("usage")) reply.output_tokens = d["usage"].value("output_tokens", reply.output_tokens);
      } else if (type == "error") {
        stream_error = d.value("error", Json::object());
        return false;
      }
      return true;  // ping, message_stop and unknown events
    });
    HttpResult r = post_streaming(post, [&](std::string_view chunk) { return parser.feed(chunk); }, cb.cancelled);
    if (r.transport_error == "cancelled") throw Error(ErrorKind::Cancelled, "cancelled");
    const bool retryable_status = r.status == 429 || r.status == 500 || r.status == 503 || r.status == 529 ||
                                  (r.status == 0 && attempt == 1);
    if (stream_error) {
      const std::string et = stream_error->value("type", "");
      if (!emitted && (et == "overloaded_error" || et == "rate_limit_error" || et == "api_error") &&
          attempt <= retry_.max_retries) {
        wait_or_cancel(retry_delay_ms(retry_, attempt, r), cb.cancelled);
        continue;
      }
      throw Error(ErrorKind::Unavailable,
                  fmt::format("Anthropic stream error {}: {}", et, stream_error->value("message", "")),
                  "try again, or continue with the offline planner");
    }
    if (r.status >= 200 && r.status < 300 && r.transport_error.empty()) {
      for (auto& [idx, call] : calls) {
        if (call.input.empty() && !call.raw_arguments.empty() && !call.parse_error) finish_arguments(call);
        reply.tool_calls.push_back(std::move(call));
      }
      return reply;
    }
    if ((retryable_status || (r.status >= 200 && r.status < 300 && !emitted)) && attempt <= retry_.max_retries) {
      wait_or_cancel(retry_delay_ms(retry_, attempt, r), cb.cancelled);
      continue;
    }
    if (r.status >= 200 && r.status < 300)
      throw Error(ErrorKind::Unavailable, "Anthropic " + r.transport_error, "try again, or use the offline planner");
    throw api_error("Anthropic", r, "ANTHROPIC_API_KEY");
  }
}

}  // namespace mlt::agent
