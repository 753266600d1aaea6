// Anthropic Messages SSE streams, byte for byte as the API sends them
// (event: + data: lines, blank line between events), for FakeLlmServer.
#pragma once

#include <string>
#include <vector>

#include "fake_llm_server.h"

namespace mlt::test {

inline std::string sse(const std::string& event, const Json& data) {
  return "event: " + event + "\ndata: " + data.dump() + "\n\n";
}

inline std::string message_start() {
  return sse("message_start", {{"type", "message_start"},
                               {"message", {{"id", "msg_1"}, {"type", "message"}, {"role", "assistant"},
                                            {"model", "claude-test"}, {"content", Json::array()},
                                            {"stop_reason", nullptr}, {"usage", {{"input_tokens", 25}, {"output_tokens", 1}}}}}});
}

inline std::string message_end(const std::string& stop_reason, int output_tokens) {
  return sse("message_delta", {{"type", "message_delta"}, {"delta", {{"stop_reason", stop_reason}}},
                               {"usage", {{"output_tokens", output_tokens}}}}) +
         sse("message_stop", {{"type", "message_stop"}});
}

// A text reply streamed as the given pieces, with a ping in the middle.
inline ScriptedResponse anthropic_text(const std::vector<std::string>& pieces) {
  ScriptedResponse r;
  r.chunks.push_back(message_start());
  r.chunks.push_back(sse("content_block_start", {{"type", "content_block_start"}, {"index", 0},
                                                 {"content_block", {{"type", "text"}, {"text", ""}}}}));
  r.chunks.push_back(sse("ping", {{"type", "ping"}}));
  for (const auto& p : pieces)
    r.chunks.push_back(sse("content_block_delta", {{"type", "content_block_delta"}, {"index", 0},
                                                   {"delta", {{"type", "text_delta"}, {"text", p}}}}));
  r.chunks.push_back(sse("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}}));
  r.chunks.push_back(message_end("end_turn", 12));
  return r;
}

// Some text, then one tool_use block whose input arrives as partial_json pieces.
inline ScriptedResponse anthropic_tool_use(const std::string& text, const std::string& id, const std::string& name,
                                           const std::vector<std::string>& json_pieces) {
  ScriptedResponse r;
  r.chunks.push_back(message_start());
  r.chunks.push_back(sse("content_block_start", {{"type", "content_block_start"}, {"index", 0},
                                                 {"content_block", {{"type", "text"}, {"text", ""}}}}));
  r.chunks.push_back(sse("content_block_delta", {{"type", "content_block_delta"}, {"index", 0},
                                                 {"delta", {{"type", "text_delta"}, {"text", text}}}}));
  r.chunks.push_back(sse("content_block_stop", {{"type", "content_block_stop"}, {"index", 0}}));
  r.chunks.push_back(sse("content_block_start",
                         {{"type", "content_block_start"}, {"index", 1},
                          {"content_block", {{"type", "tool_use"}, {"id", id}, {"name", name}, {"input", Json::object()}}}}));
  for (const auto& p : json_pieces)
    r.chunks.push_back(sse("content_block_delta", {{"type", "content_block_delta"}, {"index", 1},
                                                   {"delta", {{"type", "input_json_delta"}, {"partial_json", p}}}}));
  r.chunks.push_back(sse("content_block_stop", {{"type", "content_block_stop"}, {"index", 1}}));
  r.chunks.push_back(message_end("tool_use", 30));
  return r;
}

inline ScriptedResponse anthropic_error(int status, const std::string& type, const std::string& message,
                                        const std::string& retry_after = "") {
  ScriptedResponse r;
  r.status = status;
  r.content_type = "application/json";
  if (!retry_after.empty()) r.headers.push_back({"retry-after", retry_after});
  r.chunks.push_back(Json{{"type", "error"}, {"error", {{"type", type}, {"message", message}}}}.dump());
  return r;
}

// HTTP 200, then an error event mid-stream (as the API does when overloaded).
inline ScriptedResponse anthropic_stream_error(const std::string& type, bool after_text) {
  ScriptedResponse r;
  r.chunks.push_back(message_start());
  if (after_text) {
    r.chunks.push_back(sse("content_block_start", {{"type", "content_block_start"}, {"index", 0},
                                                   {"content_block", {{"type", "text"}, {"text", ""}}}}));
    r.chunks.push_back(sse("content_block_delta", {{"type", "content_block_delta"}, {"index", 0},
                                                   {"delta", {{"type", "text_delta"}, {"text", "partial"}}}}));
  }
  r.chunks.push_back(sse("error", {{"type", "error"}, {"error", {{"type", type}, {"message", "Overloaded"}}}}));
  return r;
}

}  // namespace mlt::test
