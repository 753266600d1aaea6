#include "agent/openai_provider.h"

#include <fmt/format.h>

#include <map>

#include "agent/provider_common.h"
#include "agent/sse_parser.h"

namespace mlt::agent {

OpenAiProvider::OpenAiProvider(ServiceConfig config, RetryPolicy retry) : config_(std::move(config)), retry_(retry) {
  if (config_.base_url.empty()) {
    if (config_.api_key.empty())
      throw Error(ErrorKind::Denied, "no OpenAI-compatible server is configured",
                  "set OPENAI_BASE_URL (e.g. http://127.0.0.1:11434 for Ollama) or OPENAI_API_KEY");
    config_.base_url = "https://api.openai.com";
  }
  if (config_.model.empty()) config_.model = kDefaultOpenAiModel;
}

Json OpenAiProvider::request_body(const std::string& system, const std::vector<ChatTurn>& turns,
                                  const std::vector<ToolSpec>& tools) const {
  Json messages = Json::array();
  if (!system.empty()) messages.push_back({{"role", "system"}, {"content", system}});
  for (const auto& t : turns) {
    for (const auto& r : t.tool_results)
      messages.push_back({{"role", "tool"}, {"tool_call_id", r.tool_call_id}, {"content", r.content}});
    if (t.role == "assistant") {
      Json m{{"role", "assistant"}, {"content", t.text.empty() ? Json(nullptr) : Json(t.text)}};
      if (!t.tool_calls.empty()) {
        Json calls = Json::array();
        for (const auto& c : t.tool_calls)
          calls.push_back({{"id", c.id}, {"type", "function"},
                           {"function", {{"name", c.name}, {"arguments", c.raw_arguments.empty() ? c.input.dump()
                                                                                                  : c.raw_arguments}}}});
        m["tool_calls"] = calls;
      }
      messages.push_back(m);
    } else if (!t.text.empty()) {
      messages.push_back({{"role", "user"}, {"content", t.text}});
    }
  }
  Json body{{"model", config_.model}, {"messages", messages}, {"stream", true}};
  if (!tools.empty()) {
    Json ts = Json::array();
    for (const auto& t : tools)
      ts.push_back({{"type", "function"},
                    {"function", {{"name", t.name}, {"description", t.description}, {"parameters", t.schema}}}});
    body["tools"] = ts;
  }
  return body;
}

ProviderReply OpenAiProvider::complete(const std::string& system, const std::vector<ChatTurn>& turns,
                                       const std::vector<ToolSpec>& tools, const StreamCallbacks& cb) {
  HttpPost post{join_url(config_.base_url, "/v1/chat/completions"),
                {"content-type: application/json", "accept: text/event-stream"},
                request_body(system, turns, tools).dump()};
  if (!config_.api_key.empty()) post.headers.push_back("authorization: Bearer " + config_.api_key);
  for (int attempt = 1;; ++attempt) {
    ProviderReply reply;
    std::map<int, ToolCall> calls;  // joined by the delta's index
    bool done = false, emitted = false;
    std::optional<std::string> stream_error;
    SseParser parser([&](const SseEvent& ev) {
      if (ev.data == "[DONE]") {
        done = true;
        return true;
      }
      const Json d = Json::parse(ev.data, nullptr, false);
      if (d.is_discarded() || !d.is_object()) return true;
      if (d.contains("error")) {
        stream_error = d["error"].is_object() ? d["error"].value("message", d["error"].dump()) : d["error"].dump();
        return false;
      }
      if (d.contains("usage") && d["usage"].is_object()) {
        reply.input_tokens = d["usage"].value("prompt_tokens", reply.input_tokens);
        reply.output_tokens = d["usage"].value("completion_tokens", reply.output_tokens);
      }
      if (!d.contains("choices") || !d["choices"].is_array() || d["choices"].empty()) return true;
      const Json& choice = d["choices"][0];
      if (choice.contains("finish_reason") && choice["finish_reason"].is_string())
        reply.stop_reason = choice["finish_reason"];
      const Json delta = choice.value("delta", Json::object());
      if (delta.contains("content") && delta["content"].is_string()) {
        const std::string text = delta["content"];
        reply.text += text;
        emitted = emitted || !text.empty();
        if (cb.on_text && !text.empty()) cb.on_text(text);
      }
      if (delta.contains("tool_calls") && delta["tool_calls"].is_array())
        for (const auto& tc : delta["tool_calls"]) {
          const int idx = tc.value("index", static_cast<int>(calls.size()));
          ToolCall& call = calls[idx];
          if (tc.contains("id") && tc["id"].is_string()) call.id = tc["id"];
          const Json fn = tc.value("function", Json::object());
          if (fn.contains("name") && fn["name"].is_string()) call.name += fn["name"].get<std::string>();
          if (fn.contains("arguments")) {
            // Ollama sends arguments whole, sometimes as an object rather than a string.
            call.raw_arguments += fn["arguments"].is_string() ? fn["arguments"].get<std::string>() : fn["arguments"].dump();
          }
          emitted = true;
        }
      return true;
    });
    HttpResult r = post_streaming(post, [&](std::string_view chunk) { return parser.feed(chunk); }, cb.cancelled);
    if (r.transport_error == "cancelled") throw Error(ErrorKind::Cancelled, "cancelled");
    if (stream_error)
      throw Error(ErrorKind::Unavailable, "OpenAI-compatible server stream error: " + *stream_error,
                  "try again, or continue with the offline planner");
    if (r.status >= 200 && r.status < 300 && r.transport_error.empty()) {
      if (!done && !emitted)
        throw Error(ErrorKind::Unavailable, "the OpenAI-compatible server sent no completion",
                    "check the model name and that the server speaks /v1/chat/completions");
      int n = 0;
      for (auto& [idx, call] : calls) {
        if (call.id.empty()) call.id = fmt::format("call_{}", n);
        ++n;
        finish_arguments(call);
        reply.tool_calls.push_back(std::move(call));
      }
      return reply;
    }
    const bool retryable = r.status == 429 || r.status == 500 || r.status == 502 || r.status == 503 ||
                           (r.status == 0 && attempt == 1);
    if (retryable && attempt <= retry_.max_retries) {
      wait_or_cancel(retry_delay_ms(retry_, attempt, r), cb.cancelled);
      continue;
    }
    if (r.status >= 200 && r.status < 300)
      throw Error(ErrorKind::Unavailable, "OpenAI-compatible server: " + r.transport_error, "try again");
    throw api_error("the OpenAI-compatible server", r, "OPENAI_API_KEY / OPENAI_BASE_URL");
  }
}

}  // namespace mlt::agent
