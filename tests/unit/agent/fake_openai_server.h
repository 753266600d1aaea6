// OpenAI-compatible chat completion streams ("data: {chunk}" lines, then
// "data: [DONE]") for FakeLlmServer: OpenAI-style tool_call fragments joined
// by index, and Ollama-style whole tool calls.
#pragma once

#include <string>
#include <vector>

#include "fake_llm_server.h"

namespace mlt::test {

inline std::string openai_chunk(const Json& delta, const Json& finish = nullptr) {
  return "data: " +
         Json{{"id", "chatcmpl-1"}, {"object", "chat.completion.chunk"}, {"model", "m"},
              {"choices", {{{"index", 0}, {"delta", delta}, {"finish_reason", finish}}}}}
             .dump() +
         "\n\n";
}

inline ScriptedResponse openai_text(const std::vector<std::string>& pieces) {
  ScriptedResponse r;
  r.chunks.push_back(openai_chunk({{"role", "assistant"}, {"content", ""}}));
  for (const auto& p : pieces) r.chunks.push_back(openai_chunk({{"content", p}}));
  r.chunks.push_back(openai_chunk(Json::object(), "stop"));
  r.chunks.push_back("data: [DONE]\n\n");
  return r;
}

// One tool call whose name and arguments arrive in fragments (OpenAI, vLLM).
inline ScriptedResponse openai_tool_call_fragments(const std::string& id, const std::string& name,
                                                   const std::vector<std::string>& arg_pieces) {
  ScriptedResponse r;
  r.chunks.push_back(openai_chunk({{"role", "assistant"}, {"content", nullptr},
                                   {"tool_calls", {{{"index", 0}, {"id", id}, {"type", "function"},
                                                    {"function", {{"name", name}, {"arguments", ""}}}}}}}));
  for (const auto& p : arg_pieces)
    r.chunks.push_back(openai_chunk({{"tool_calls", {{{"index", 0}, {"function", {{"arguments", p}}}}}}}));
  r.chunks.push_back(openai_chunk(Json::object(), "tool_calls"));
  r.chunks.push_back("data: [DONE]\n\n");
  return r;
}

// Two whole tool calls in one delta (Ollama).
inline ScriptedResponse ollama_tool_calls(const std::string& name1, const Json& args1, const std::string& name2,
                                          const Json& args2) {
  ScriptedResponse r;
  r.chunks.push_back(openai_chunk({{"role", "assistant"}, {"content", ""},
                                   {"tool_calls", {{{"index", 0}, {"id", "call_a"}, {"type", "function"},
                                                    {"function", {{"name", name1}, {"arguments", args1.dump()}}}},
                                                   {{"index", 1}, {"id", "call_b"}, {"type", "function"},
                                                    {"function", {{"name", name2}, {"arguments", args2.dump()}}}}}}}));
  r.chunks.push_back(openai_chunk(Json::object(), "tool_calls"));
  r.chunks.push_back("data: [DONE]\n\n");
  return r;
}

}  // namespace mlt::test
