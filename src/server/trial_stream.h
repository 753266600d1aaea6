// TrialEventStream: the SSE generator behind GET /api/trials/{id}/events.
//
// Each call of next() sends the trial's events newer than the last one sent
// ("id: <event id>", "event: state|progress", "data: <event JSON>"); when
// none are pending it waits up to one second for new ones, and sends ": ping"
// after ~15 s of silence. Once the trial is terminal and every event is out,
// it sends "event: end" with the trial record and finishes. Starting from
// Last-Event-ID resumes a dropped stream without duplicates.
#pragma once

#include <chrono>
#include <cstdint>

#include "server/http_types.h"

namespace mlt {

class TrialManager;

class TrialEventStream {
 public:
  TrialEventStream(TrialManager& trials, std::int64_t trial_id, std::int64_t after_event_id);
  // Returns true to be called again, false when finished or the client left.
  bool next(const ChunkWriter& write);

 private:
  TrialManager& trials_;
  std::int64_t trial_id_;
  std::int64_t last_event_id_;
  std::chrono::steady_clock::time_point last_write_;
  bool finished_ = false;
};

}  // namespace mlt
