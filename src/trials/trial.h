// Trial records and events as stored in the `trials` and `trial_events` tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/time.h"

namespace mlt {

enum class TrialState { Queued, Running, Succeeded, Failed, Cancelled };
std::string_view state_name(TrialState state);
std::optional<TrialState> parse_state(std::string_view name);
inline bool is_terminal(TrialState s) {
  return s == TrialState::Succeeded || s == TrialState::Failed || s == TrialState::Cancelled;
}

struct TrialRecord {
  std::int64_t id = 0;
  std::string action;
  Json args;
  std::string actor;
  TrialState state = TrialState::Queued;
  double progress = 0;
  std::string message;
  Json result;  // null unless succeeded
  Json error;   // null unless failed/cancelled: {kind, message, hint}
  int attempts = 0;
  TimestampMs created_at = 0;
  std::optional<TimestampMs> started_at, finished_at;
  Json to_json() const;
};

struct TrialEvent {
  std::int64_t id = 0;  // increasing across all trials; SSE "id:"
  std::int64_t trial_id = 0;
  TimestampMs ts = 0;
  std::string kind;  // "state" or "progress"
  TrialState state = TrialState::Queued;
  double fraction = 0;
  std::string message;
  Json to_json() const;
};

}  // namespace mlt
