#include "agent/offline_provider.h"

#include <fmt/format.h>

#include "agent/provider_common.h"

namespace mlt::agent {
namespace {

std::string number(const Json& v) {
  if (v.is_number()) return fmt::format("{:.4g}", v.get<double>());
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// "auc 0.512 ± 0.02, accuracy 0.53" from {name: {mean, std}} or {name: value}.
std::string metrics_text(const Json& metrics, std::size_t max_items = 4) {
  std::string out;
  std::size_t n = 0;
  for (const auto& [name, m] : metrics.items()) {
    if (n++ >= max_items) break;
    if (!out.empty()) out += ", ";
    if (m.is_object() && m.contains("mean"))
      out += fmt::format("{} {}{}", name, number(m["mean"]), m.contains("std") ? " ± " + number(m["std"]) : "");
    else if (m.is_number())
      out += fmt::format("{} {}", name, number(m));
  }
  return out;
}

std::string describe_result(const std::string& action, const Json& r) {
  // Instant actions answer {"result": …}; finished trials {"trial": {…, "result": …}}.
  const bool trial_result = r.contains("trial") && r["trial"].is_object() && r["trial"].contains("result") &&
                            !r["trial"]["result"].is_null();
  const Json result = r.contains("result") ? r["result"] : trial_result ? r["trial"]["result"] : r;
  std::string head = action;
  if (r.contains("trial") && r["trial"].is_object()) head = fmt::format("trial #{} ({})", number(r["trial"].value("id", Json())), action);
  if (result.is_object() && result.contains("rows") && result["rows"].is_array()) {
    std::string s = fmt::format("{}: leaderboard by {}", head, result.value("metric", "score"));
    for (const auto& row : result["rows"])
      s += fmt::format("\n   {}. {} {}{}", number(row.value("rank", Json())), row.value("model", ""),
                       row.contains("metrics") && row["metrics"].is_object()
                           ? metrics_text(row["metrics"], 3)
                           : (row.contains("mean") ? number(row["mean"]) : ""),
                       row.value("status", "") == "failed" ? " (failed)" : "");
    return s;
  }
  if (result.is_object() && result.contains("metrics") && result["metrics"].is_object())
    return fmt::format("{}: {} on {} → {}", head, result.value("model", ""), result.value("dataset", ""),
                       metrics_text(result["metrics"]));
  if (result.is_object() && result.contains("results") && result["results"].is_array()) {
    std::string s = fmt::format("{}: {} stored result(s)", head, result["results"].size());
    std::size_t n = 0;
    for (const auto& row : result["results"]) {
      if (n++ >= 8) break;
      s += fmt::format("\n   result #{} (trial #{}): {} on {} → {}", number(row.value("id", Json())),
                       number(row.value("trial_id", Json())), row.value("model", Json("")).is_string() ? row.value("model", "") : "",
                       row.value("dataset", Json("")).is_string() ? row.value("dataset", "") : "",
                       row.contains("metrics") && row["metrics"].is_object() ? metrics_text(row["metrics"], 3) : "");
    }
    return s;
  }
  if (result.is_object() && result.contains("rows") && result["rows"].is_number() && result.contains("first"))
    return fmt::format("{}: {} — {} rows, {} to {}", head, result.value("name", Json("")).is_string() ? result.value("name", "") : "",
                       number(result["rows"]), number(result["first"]), number(result.value("last", Json(""))));
  std::string keys;
  if (result.is_object())
    for (const auto& [k, v] : result.items()) keys += (keys.empty() ? "" : ", ") + k;
  return fmt::format("{}: done{}", head, keys.empty() ? "" : " (" + keys + ")");
}

}  // namespace

std::string summarize_results(const std::vector<ToolCall>& calls, const std::vector<ToolResult>& results) {
  std::string out = "\nResults:";
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::string action = i < calls.size() ? action_from_wire_name(calls[i].name) : "action";
    if (results[i].is_error) {
      out += fmt::format("\n- {}: {}", action, results[i].content.substr(0, 400));
      continue;
    }
    const Json r = Json::parse(results[i].content, nullptr, false);
    out += "\n- " + (r.is_discarded() ? action + ": " + results[i].content.substr(0, 300) : describe_result(action, r));
  }
  return out;
}

OfflineProvider::OfflineProvider(const ActionRegistry& registry, std::function<PlannerContext()> context)
    : planner_(registry), context_(std::move(context)) {}

ProviderReply OfflineProvider::complete(const std::string&, const std::vector<ChatTurn>& turns,
                                        const std::vector<ToolSpec>&, const StreamCallbacks& cb) {
  ProviderReply reply;
  reply.stop_reason = "end_turn";
  if (turns.empty()) return reply;
  const ChatTurn& last = turns.back();
  if (!last.tool_results.empty()) {
    // Answer the results of the previous assistant turn's calls.
    const std::vector<ToolCall>* calls = nullptr;
    for (auto it = turns.rbegin(); it != turns.rend(); ++it)
      if (it->role == "assistant" && !it->tool_calls.empty()) {
        calls = &it->tool_calls;
        break;
      }
    reply.text = summarize_results(calls ? *calls : std::vector<ToolCall>{}, last.tool_results);
  } else {
    const Plan plan = planner_.plan(last.text, context_ ? context_() : PlannerContext{});
    reply.text = plan.summary;
    int n = 0;
    for (const auto& a : plan.actions) {
      ToolCall c;
      c.id = fmt::format("offline-{}", ++n);
      c.name = tool_wire_name(a.action);
      c.input = a.args;
      c.raw_arguments = a.args.dump();
      reply.tool_calls.push_back(std::move(c));
    }
    if (!reply.tool_calls.empty()) reply.stop_reason = "tool_use";
  }
  if (cb.on_text) cb.on_text(reply.text);
  return reply;
}

}  // namespace mlt::agent
