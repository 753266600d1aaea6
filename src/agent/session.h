// Session: one conversation. Each user message goes to the provider with the
// action registry as its tool list; every tool call goes through
// Runtime::call (schema → compliance gateway → audit → run or queue), after
// the active goal's check (tighten-only); trial actions are followed to the
// end with their progress streamed to `events`; results go back to the model
// until it answers without tool calls (at most `max_rounds` rounds).
//
//   Session s(runtime, make_provider("anthropic", runtime.config()));
//   TurnReport r = s.send("train xgboost on the S&P 500", {.on_text = print});
//
// Everything is remembered (memory::MemoryStore): the user's words, the
// assistant's replies, each action, its result, each compliance denial.
// Degradation: when the provider is unavailable or its key is missing or
// rejected, the user is told (on_notice) and the turn is re-run with the
// offline planner, which stays the provider for the rest of the session.
// Bad input: empty messages are answered without a model; messages over
// kMaxUserChars are cut (with a notice); malformed tool arguments and schema
// errors go back to the model as is_error results, never as exceptions.
// Thread-safety: one send() at a time; cancel from another thread through
// events.cancelled.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agent/provider.h"
#include "core/config.h"
#include "core/json.h"

namespace mlt {
class Runtime;
}

namespace mlt::agent {

inline constexpr std::size_t kMaxUserChars = 32 * 1024;

struct ResearchBudget;
struct ResearchReport;

struct SessionOptions {
  int max_rounds = 8;               // provider calls per user message
  int memory_tokens = 400;          // budget for recalled memories in the prompt
  std::string actor = "agent";      // audit actor of the actions
  std::size_t max_result_chars = 6000;  // tool result size sent back to the model
  long long max_tokens = 400000;    // input + output tokens per session, then stop
  int trial_timeout_ms = 30 * 60 * 1000;  // stop following a trial after this (it keeps running)
};

struct SessionEvents {
  std::function<void(std::string_view)> on_text = nullptr;
  std::function<void(const std::string& action, const Json& args)> on_action = nullptr;
  std::function<void(const std::string& action, const Json& outcome)> on_outcome = nullptr;
  std::function<void(std::int64_t trial, double fraction, const std::string& message)> on_progress = nullptr;
  std::function<void(const std::string&)> on_notice = nullptr;
  std::function<bool()> cancelled = nullptr;
  // Research loops only: budget usage (see agent/research_loop.h research_usage).
  std::function<void(const Json& usage)> on_budget = nullptr;
};

struct TurnReport {
  std::string text;                   // everything the assistant said this turn
  std::string provider;               // who answered last
  bool degraded = false;              // fell back to the offline planner
  int actions = 0, denied = 0, errors = 0;
  std::vector<std::int64_t> trial_ids;
  int input_tokens = 0, output_tokens = 0;
  bool cancelled = false;
  Json to_json() const;
};

class Session {
 public:
  // provider may be null: the offline planner. conversation_id resumes one.
  Session(Runtime& runtime, std::unique_ptr<Provider> provider, SessionOptions options = {},
          std::optional<std::int64_t> conversation_id = std::nullopt);
  ~Session();

  // A message "research: OBJECTIVE" (or "/research OBJECTIVE") runs research()
  // with the default budget instead of a single turn.
  TurnReport send(const std::string& text, const SessionEvents& events);

  // The autonomous research loop (agent/research_loop.h) inside this
  // conversation: driven by the session's provider, or the offline strategy;
  // an unreachable provider degrades to offline (with a notice) when no step
  // ran yet. Steps, results and the summary are remembered like a turn's.
  ResearchReport research(const std::string& objective, const ResearchBudget& budget, const SessionEvents& events);

  void set_provider(std::unique_ptr<Provider> provider);  // null = offline
  std::string provider_name() const;
  std::int64_t conversation_id() const { return conversation_id_; }
  long long tokens_used() const { return tokens_used_; }

  std::vector<ToolSpec> tools() const;
  std::string system_prompt(const std::string& user_text);

 private:
  struct Impl;
  ToolResult run_tool(const ToolCall& call, const SessionEvents& events, TurnReport& report);
  void note_subject(const std::string& action, const Json& args);  // for "now backtest it"
  Json wait_for_trial(std::int64_t id, const SessionEvents& events, TurnReport& report);
  void remember(const std::string& role, const std::string& content, const Json& data,
                std::optional<std::int64_t> trial_id = std::nullopt);

  Runtime& runtime_;
  SessionOptions options_;
  std::unique_ptr<Impl> impl_;
  std::int64_t conversation_id_ = 0;
  long long tokens_used_ = 0;
};

// The objective of "research: OBJECTIVE" or "/research OBJECTIVE" (prefix
// case-insensitive), else nullopt.
std::optional<std::string> research_objective(std::string_view text);

// "offline", "anthropic" or "openai" from the config. Throws Error{Denied}
// (missing key) or Error{InvalidArgument} (unknown name).
std::unique_ptr<Provider> make_provider(const std::string& name, const Config& config);

}  // namespace mlt::agent
