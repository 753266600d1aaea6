// TrialManager: the durable queue of long-running action calls.
//
// Trials live in the store, so a viewer that connects late replays every
// event, and a crash loses nothing acknowledged: on start(), trials found
// `running` were interrupted and are re-queued if their action is idempotent,
// otherwise failed with reason "interrupted". A worker pool (size from
// config) runs queued trials in id order. The queue and the store are used
// only through this class, so a distributed queue can replace it later.
//
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "core/json.h"
#include "trials/trial.h"

namespace mlt {

class Store;
class ActionRegistry;
class AuditLog;
struct Env;
struct Config;

class TrialManager {
 public:
  TrialManager(Store& store, ActionRegistry& registry, AuditLog& audit, const Env& env, const Config& config);
  ~TrialManager();  // stops the workers

  // Queues a call whose arguments were already validated and allowed.
  std::int64_t submit(const std::string& action, const Json& args, const std::string& actor);

  // Throws Error{NotFound}.
  TrialRecord get(std::int64_t id);
  // Newest first; state filter optional.
  std::vector<TrialRecord> list(int limit = 50, std::optional<TrialState> state = std::nullopt);
  // Events of one trial with id > after_event_id, oldest first.
  std::vector<TrialEvent> events(std::int64_t id, std::int64_t after_event_id = 0);
  // Blocks until this process records an event of the trial newer than
  // after_event_id, or timeout_ms passes. Events written by another process
  // on the same store are not signalled, so the wait is capped at 250 ms and
  // callers re-read events() either way. Returns false only when the full
  // timeout passed without a signal.
  bool wait_for_event(std::int64_t id, std::int64_t after_event_id, int timeout_ms);
  // Queued trials are cancelled at once; running ones at their next
  // check_cancelled(). Throws Error{Conflict} for finished trials.
  TrialRecord cancel(std::int64_t id);

  // Takes the store's worker lock (one process runs trials per store),
  // recovers interrupted trials, then starts `workers` threads. Returns the
  // number of trials found interrupted. Throws Error{Conflict} when another
  // process holds the lock (trials submitted here are then run by it).
  int start(int workers);
  bool running() const { return !workers_.empty(); }
  // Stops the workers. A trial interrupted by the stop is re-queued, not
  // cancelled, so the next start runs it again.
  void stop();

 private:
  void worker_loop();
  std::optional<std::int64_t> claim_next();
  void run_trial(std::int64_t id);
  void record_event(std::int64_t id, const std::string& kind, TrialState state, double fraction,
                    const std::string& message);
  void finish(std::int64_t id, TrialState state, const Json& result, const Json& error);
  bool cancel_requested(std::int64_t id);
  int recover_interrupted();
  void requeue(std::int64_t id, const std::string& action, const std::string& reason);
  bool stopping();

  Store& store_;
  ActionRegistry& registry_;
  AuditLog& audit_;
  const Env& env_;
  const Config& config_;

  std::mutex mutex_;
  std::condition_variable work_cv_;   // new work or stop
  std::condition_variable event_cv_;  // any new event
  std::map<std::int64_t, std::int64_t> last_event_by_trial_;  // trial id -> newest event id
  bool stopping_ = false;
  std::vector<std::thread> workers_;
  int lock_fd_ = -1;  // flock on DATA_DIR/trials.lock while this process runs trials
};

}  // namespace mlt
