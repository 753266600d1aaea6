#include "server/trial_stream.h"

#include <thread>

#include "server/sse.h"
#include "trials/trial_manager.h"

namespace mlt {

namespace {
constexpr auto kPingInterval = std::chrono::seconds(15);
// Short enough that stop() and vanished clients are noticed promptly.
constexpr int kWaitMs = 1000;
// wait_for_event may wake early (it is woken by any trial's events and caps
// its own wait), so idle polling of the store is paced to at most 5 per second.
constexpr auto kMinPoll = std::chrono::milliseconds(200);

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }
}  // namespace

TrialEventStream::TrialEventStream(TrialManager& trials, std::int64_t trial_id, std::int64_t after_event_id)
    : trials_(trials), trial_id_(trial_id), last_event_id_(after_event_id), last_write_(std::chrono::steady_clock::now()) {}

bool TrialEventStream::next(const ChunkWriter& write) {
  if (finished_) return false;
  // Read the state before the events: if it is terminal, every event up to
  // the terminal one is already stored and the query below returns it.
  const TrialRecord record = trials_.get(trial_id_);
  const auto events = trials_.events(trial_id_, last_event_id_);
  for (const TrialEvent& event : events) {
    if (!write(format_sse_event(event.id, event.kind, dump(event.to_json())))) return false;
    last_event_id_ = event.id;
    last_write_ = std::chrono::steady_clock::now();
  }
  if (is_terminal(record.state)) {
    finished_ = true;
    write(format_sse_event(std::nullopt, "end", dump(record.to_json())));
    return false;
  }
  if (events.empty()) {
    if (std::chrono::steady_clock::now() - last_write_ >= kPingInterval) {
      if (!write(format_sse_comment("ping"))) return false;
      last_write_ = std::chrono::steady_clock::now();
    }
    const auto started = std::chrono::steady_clock::now();
    if (trials_.wait_for_event(trial_id_, last_event_id_, kWaitMs)) {
      const auto waited = std::chrono::steady_clock::now() - started;
      if (waited < kMinPoll) std::this_thread::sleep_for(kMinPoll - waited);
    }
  }
  return true;
}

}  // namespace mlt
