// Session::run_tool: one tool call through the goal check and Runtime::call,
// following trials to the end. Every failure becomes an is_error result the
// model can read; nothing here throws to the caller.
#include <fmt/format.h>

#include <chrono>

#include "agent/provider_common.h"
#include "agent/session.h"
#include "core/error.h"
#include "goals/goal_store.h"
#include "trials/runtime.h"

namespace mlt::agent {
namespace {

std::string error_text(const Error& e) {
  return fmt::format("{}: {}{}", kind_name(e.kind()), e.message(), e.hint().empty() ? "" : " (hint: " + e.hint() + ")");
}

// Keeps tool results small for the model: bulky arrays are cut, metrics kept.
std::string compact(const Json& j, std::size_t max_chars) {
  std::string s = j.dump();
  if (s.size() <= max_chars) return s;
  Json small = j;
  std::function<void(Json&, int)> trim = [&](Json& v, int depth) {
    if (v.is_array() && v.size() > 20) v.erase(v.begin() + 20, v.end());
    if (depth < 6 && (v.is_object() || v.is_array()))
      for (auto& x : v) trim(x, depth + 1);
  };
  trim(small, 0);
  s = small.dump();
  if (s.size() <= max_chars) return s;
  return Json{{"truncated", true}, {"text", s.substr(0, max_chars)}}.dump();
}

}  // namespace

ToolResult Session::run_tool(const ToolCall& call, const SessionEvents& ev, TurnReport& report) {
  const std::string action = action_from_wire_name(call.name);
  ++report.actions;
  if (call.parse_error) {
    ++report.errors;
    remember("result", fmt::format("{}: malformed arguments", action), Json{{"action", action}, {"error", *call.parse_error}});
    return {call.id, "invalid_argument: " + *call.parse_error + " — send the arguments as one JSON object", true};
  }
  if (ev.on_action) ev.on_action(action, call.input);
  remember("action", fmt::format("{} {}", action, call.input.dump()), Json{{"action", action}, {"args", call.input}});
  try {
    const CallOutcome out = runtime_.call(action, call.input, options_.actor);
    // Warnings of the gateway and drift from the active goal reach the user.
    for (const auto& w : out.decision.value("warnings", Json::array()))
      if (ev.on_notice && w.is_string()) ev.on_notice(w.get<std::string>());
    if (!out.allowed) {
      ++report.denied;
      remember("compliance", fmt::format("{} denied: {}", action, out.decision.value("reason", "")),
               Json{{"decision", out.decision}});
      if (ev.on_outcome) ev.on_outcome(action, out.to_json());
      return {call.id,
              fmt::format("denied by compliance rule {}: {}", out.decision.value("rule", ""), out.decision.value("reason", "")),
              true};
    }
    Json result = out.to_json();
    if (out.trial_id) {
      report.trial_ids.push_back(*out.trial_id);
      if (ev.on_outcome) ev.on_outcome(action, result);
      result = wait_for_trial(*out.trial_id, ev, report);
    } else if (ev.on_outcome) {
      ev.on_outcome(action, result);
    }
    note_subject(action, call.input);
    const bool failed = result.contains("trial") && result["trial"].value("state", "") != "succeeded" &&
                        result["trial"].contains("state") && out.trial_id;
    remember("result", fmt::format("{} → {}", action, compact(result, 600)), result,
             out.trial_id ? std::optional(*out.trial_id) : std::nullopt);
    if (failed) ++report.errors;
    return {call.id, compact(result, options_.max_result_chars), failed};
  } catch (const Error& e) {
    ++report.errors;
    remember("result", fmt::format("{} failed: {}", action, e.message()), Json{{"action", action}, {"error", error_text(e)}});
    if (ev.on_outcome) ev.on_outcome(action, Json{{"error", {{"kind", kind_name(e.kind())}, {"message", e.message()}}}});
    return {call.id, error_text(e), true};
  } catch (const std::exception& e) {
    ++report.errors;
    return {call.id, std::string("internal: ") + e.what(), true};
  }
}

Json Session::wait_for_trial(std::int64_t id, const SessionEvents& ev, TurnReport& report) {
  TrialManager& trials = runtime_.trials();
  std::int64_t last = 0;
  bool cancel_sent = false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.trial_timeout_ms);
  while (true) {
    for (const auto& e : trials.events(id, last)) {
      last = e.id;
      if (ev.on_progress) ev.on_progress(id, e.fraction, e.message);
    }
    const TrialRecord rec = trials.get(id);
    if (is_terminal(rec.state)) return Json{{"trial", rec.to_json()}};
    if (!cancel_sent && ev.cancelled && ev.cancelled()) {
      cancel_sent = true;
      report.cancelled = true;
      try {
        trials.cancel(id);
      } catch (const Error&) {
        // it finished meanwhile
      }
    }
    if (std::chrono::steady_clock::now() > deadline)
      return Json{{"trial", rec.to_json()}, {"note", "still running; follow it with trials.show"}};
    trials.wait_for_event(id, last, 250);
  }
}

}  // namespace mlt::agent
