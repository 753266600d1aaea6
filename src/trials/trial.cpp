#include "trials/trial.h"

namespace mlt {

std::string_view state_name(TrialState state) {
  switch (state) {
    case TrialState::Queued: return "queued";
    case TrialState::Running: return "running";
    case TrialState::Succeeded: return "succeeded";
    case TrialState::Failed: return "failed";
    case TrialState::Cancelled: return "cancelled";
  }
  return "failed";
}

std::optional<TrialState> parse_state(std::string_view name) {
  for (auto s : {TrialState::Queued, TrialState::Running, TrialState::Succeeded, TrialState::Failed,
                 TrialState::Cancelled})
    if (state_name(s) == name) return s;
  return std::nullopt;
}

namespace {
Json optional_time(const std::optional<TimestampMs>& t) { return t ? Json(format_iso8601(*t)) : Json(nullptr); }
}  // namespace

Json TrialRecord::to_json() const {
  return Json{{"id", id},
              {"action", action},
              {"args", args},
              {"actor", actor},
              {"state", state_name(state)},
              {"progress", progress},
              {"message", message},
              {"result", result},
              {"error", error},
              {"attempts", attempts},
              {"created_at", format_iso8601(created_at)},
              {"started_at", optional_time(started_at)},
              {"finished_at", optional_time(finished_at)}};
}

Json TrialEvent::to_json() const {
  return Json{{"id", id},
              {"trial_id", trial_id},
              {"time", format_iso8601(ts)},
              {"kind", kind},
              {"state", state_name(state)},
              {"fraction", fraction},
              {"message", message}};
}

}  // namespace mlt
