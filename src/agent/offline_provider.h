// OfflineProvider: the offline planner behind the Provider interface, so the
// session's tool loop is the same with or without a model. A user turn is
// planned (the plan's summary is the reply text, its actions the tool
// calls, or the clarifying question alone); a turn of tool results is
// answered with a written summary that cites trial ids and metrics.
#pragma once

#include <functional>

#include "agent/planner.h"
#include "agent/provider.h"

namespace mlt::agent {

class OfflineProvider : public Provider {
 public:
  // context() is asked for fresh planner context (datasets, last models) per turn.
  OfflineProvider(const ActionRegistry& registry, std::function<PlannerContext()> context);
  std::string name() const override { return "offline"; }
  ProviderReply complete(const std::string& system, const std::vector<ChatTurn>& turns,
                         const std::vector<ToolSpec>& tools, const StreamCallbacks& callbacks) override;

 private:
  OfflinePlanner planner_;
  std::function<PlannerContext()> context_;
};

// A short written summary of tool results (trial ids, metrics, leaderboards).
std::string summarize_results(const std::vector<ToolCall>& calls, const std::vector<ToolResult>& results);

}  // namespace mlt::agent
