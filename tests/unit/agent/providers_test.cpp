// Anthropic and OpenAI-compatible providers against loopback fake servers
// that speak the protocols byte for byte; SSE framing; text action parsing.
#include <gtest/gtest.h>

#include "agent/anthropic_provider.h"
#include "agent/openai_provider.h"
#include "agent/sse_parser.h"
#include "agent/text_actions.h"
#include "core/error.h"
#include "fake_anthropic_server.h"
#include "fake_openai_server.h"

namespace mlt::agent {
namespace {

const RetryPolicy kFastRetry{.max_retries = 3, .base_delay_ms = 10, .max_delay_ms = 200};
const std::vector<ToolSpec> kTools = {
    {"data__describe", "Describe a dataset", Json::parse(R"({"type":"object","properties":{"name":{"type":"string"}}})")}};

ServiceConfig anthropic_at(const test::FakeLlmServer& s) { return {"sk-ant-test-key-000111222333", s.base_url(), "claude-test"}; }

TEST(SseParser, FramesSplitAnywhere) {
  std::vector<SseEvent> got;
  SseParser p([&](const SseEvent& e) {
    got.push_back(e);
    return true;
  });
  const std::string stream = ": comment\r\nevent: a\r\ndata: 1\r\ndata: 2\r\n\r\ndata: x\n\nevent: b\rdata: y\r\r";
  for (char c : stream) p.feed(std::string_view(&c, 1));
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].event, "a");
  EXPECT_EQ(got[0].data, "1\n2");
  EXPECT_EQ(got[1].event, "message");
  EXPECT_EQ(got[2].data, "y");
}

TEST(Anthropic, StreamsTextAndSendsTheProtocolHeaders) {
  test::FakeLlmServer server;
  server.push(test::anthropic_text({"Hel", "lo ", "there"}));
  AnthropicProvider p(anthropic_at(server), kFastRetry);
  std::string streamed;
  const auto r = p.complete("sys", {{.role = "user", .text = "hi"}}, kTools,
                            {.on_text = [&](std::string_view t) { streamed += t; }});
  EXPECT_EQ(streamed, "Hello there");
  EXPECT_EQ(r.text, "Hello there");
  EXPECT_EQ(r.stop_reason, "end_turn");
  EXPECT_EQ(r.input_tokens, 25);
  EXPECT_EQ(r.output_tokens, 12);
  const auto req = server.requests().at(0);
  EXPECT_EQ(req.path, "/v1/messages");
  EXPECT_EQ(req.header("x-api-key"), "sk-ant-test-key-000111222333");
  EXPECT_EQ(req.header("anthropic-version"), "2023-06-01");
  const Json body = req.json();
  EXPECT_EQ(body["model"], "claude-test");
  EXPECT_EQ(body["stream"], true);
  EXPECT_EQ(body["system"], "sys");
  EXPECT_EQ(body["tools"][0]["name"], "data__describe");
  EXPECT_TRUE(body["tools"][0].contains("input_schema"));
}

TEST(Anthropic, ToolUseInputArrivesAsJsonPieces) {
  test::FakeLlmServer server;
  server.push(test::anthropic_tool_use("Describing.", "toolu_1", "data__describe", {"{\"na", "me\": \"sp5", "00_daily\"}"}));
  AnthropicProvider p(anthropic_at(server), kFastRetry);
  const auto r = p.complete("", {{.role = "user", .text = "describe"}}, kTools, {});
  ASSERT_EQ(r.tool_calls.size(), 1u);
  EXPECT_EQ(r.tool_calls[0].id, "toolu_1");
  EXPECT_EQ(r.tool_calls[0].input["name"], "sp500_daily");
  EXPECT_EQ(r.stop_reason, "tool_use");
  // The round trip: the assistant turn is resent unchanged, tool_result blocks first.
  const Json body = p.request_body("", {{.role = "user", .text = "describe"},
                                        {.role = "assistant", .text = r.text, .tool_calls = r.tool_calls},
                                        {.role = "user", .tool_results = {{"toolu_1", "{\"rows\":5105}", false}}}},
                                   kTools);
  EXPECT_EQ(body["messages"][1]["content"][1]["type"], "tool_use");
  EXPECT_EQ(body["messages"][2]["content"][0]["type"], "tool_result");
  EXPECT_EQ(body["messages"][2]["content"][0]["tool_use_id"], "toolu_1");
}

TEST(Anthropic, MalformedToolJsonIsReportedNotGuessed) {
  test::FakeLlmServer server;
  server.push(test::anthropic_tool_use("", "toolu_2", "data__describe", {"{\"name\": "}));
  AnthropicProvider p(anthropic_at(server), kFastRetry);
  const auto r = p.complete("", {{.role = "user", .text = "x"}}, kTools, {});
  ASSERT_EQ(r.tool_calls.size(), 1u);
  ASSERT_TRUE(r.tool_calls[0].parse_error.has_value());
}

TEST(Anthropic, RetriesOverloadAndRateLimitHonouringRetryAfter) {
  test::FakeLlmServer server;
  server.push(test::anthropic_error(529, "overloaded_error", "Overloaded"));
  server.push(test::anthropic_error(429, "rate_limit_error", "slow down", "0"));
  server.push(test::anthropic_stream_error("overloaded_error", false));
  server.push(test::anthropic_text({"ok"}));
  AnthropicProvider p(anthropic_at(server), kFastRetry);
  EXPECT_EQ(p.complete("", {{.role = "user", .text = "x"}}, {}, {}).text, "ok");
  EXPECT_EQ(server.requests().size(), 4u);
}

TEST(Anthropic, ClearErrorsForKeysAndOutages) {
  EXPECT_THROW(AnthropicProvider(ServiceConfig{}), Error);
  test::FakeLlmServer server;
  server.push(test::anthropic_error(401, "authentication_error", "invalid x-api-key"));
  AnthropicProvider p(anthropic_at(server), kFastRetry);
  try {
    p.complete("", {{.role = "user", .text = "x"}}, {}, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Denied);
    EXPECT_NE(e.message().find("authentication_error"), std::string::npos);
    EXPECT_EQ(e.message().find("sk-ant-test"), std::string::npos);
    EXPECT_NE(e.hint().find("ANTHROPIC_API_KEY"), std::string::npos);
  }
  // An error event after some text is not retried (the user already saw output).
  server.push(test::anthropic_stream_error("overloaded_error", true));
  EXPECT_THROW(p.complete("", {{.role = "user", .text = "x"}}, {}, {}), Error);
  AnthropicProvider down({"sk-ant-test-key-000111222333", "http://127.0.0.1:1", ""}, kFastRetry);
  try {
    down.complete("", {{.role = "user", .text = "x"}}, {}, {});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
  }
}

TEST(OpenAi, JoinsStreamedToolCallFragmentsByIndex) {
  test::FakeLlmServer server;
  server.push(test::openai_tool_call_fragments("call_1", "data__describe", {"{\"name\"", ": \"aapl", "_daily\"}"}));
  OpenAiProvider p({"", server.base_url() + "/v1", "llama3"}, kFastRetry);
  const auto r = p.complete("sys", {{.role = "user", .text = "describe aapl"}}, kTools, {});
  ASSERT_EQ(r.tool_calls.size(), 1u);
  EXPECT_EQ(r.tool_calls[0].name, "data__describe");
  EXPECT_EQ(r.tool_calls[0].input["name"], "aapl_daily");
  EXPECT_EQ(r.stop_reason, "tool_calls");
  const auto req = server.requests().at(0);
  EXPECT_EQ(req.path, "/v1/chat/completions");  // "/v1" in the base is not doubled
  EXPECT_EQ(req.header("authorization"), "");    // no key configured: none sent
  EXPECT_EQ(req.json()["messages"][0]["role"], "system");
  EXPECT_EQ(req.json()["tools"][0]["type"], "function");
}

TEST(OpenAi, OllamaWholeCallsTextAndErrors) {
  test::FakeLlmServer server;
  server.push(test::ollama_tool_calls("data__describe", {{"name", "goog_daily"}}, "data__list", Json::object()));
  server.push(test::openai_text({"The ", "answer"}));
  server.push(test::ScriptedResponse{.status = 503, .content_type = "application/json", .headers = {},
                                     .chunks = {R"({"error":{"message":"loading model"}})"}});
  server.push(test::ScriptedResponse{.status = 404, .content_type = "application/json", .headers = {},
                                     .chunks = {R"({"error":{"message":"model 'x' not found"}})"}});
  OpenAiProvider p({"sk-local-0000000000000000000000", server.base_url(), "x"}, RetryPolicy{.max_retries = 0});
  auto r = p.complete("", {{.role = "user", .text = "x"}}, kTools, {});
  ASSERT_EQ(r.tool_calls.size(), 2u);
  EXPECT_EQ(r.tool_calls[1].name, "data__list");
  std::string streamed;
  r = p.complete("", {{.role = "user", .text = "x"}}, kTools, {.on_text = [&](std::string_view t) { streamed += t; }});
  EXPECT_EQ(streamed, "The answer");
  EXPECT_EQ(server.requests()[1].header("authorization"), "Bearer sk-local-0000000000000000000000");
  EXPECT_THROW(p.complete("", {{.role = "user", .text = "x"}}, kTools, {}), Error);  // 503, no retries left
  try {
    p.complete("", {{.role = "user", .text = "x"}}, kTools, {});
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(e.message().find("not found"), std::string::npos);
  }
}

TEST(TextActions, FencedBlocksAndThePlainFormOnly) {
  const auto r = parse_text_actions(
      "I will describe it.\n```action\n{\"action\": \"data.describe\", \"args\": {\"name\": \"sp500_daily\"}}\n```\n"
      "ACTION data.list {}\n```json\n{\"action\": \"x\", \"args\": 5}\n```\nACTION bad {not json\n"
      "```python\nprint('not an action')\n```\n");
  ASSERT_EQ(r.calls.size(), 2u);
  EXPECT_EQ(r.calls[0].name, "data.describe");
  EXPECT_EQ(r.calls[0].input["name"], "sp500_daily");
  EXPECT_EQ(r.calls[1].name, "data.list");
  EXPECT_EQ(r.errors.size(), 2u);
  EXPECT_TRUE(parse_text_actions("").calls.empty());
  EXPECT_EQ(parse_text_actions("```action\n{").errors.size(), 1u);
}

}  // namespace
}  // namespace mlt::agent
