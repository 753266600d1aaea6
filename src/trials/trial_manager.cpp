#include "trials/trial_manager.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

#include "actions/registry.h"
#include "audit/audit_log.h"
#include "core/config.h"
#include "core/env.h"
#include "core/error.h"
#include "store/store.h"
#include "trials/trial_summary.h"

namespace mlt {
namespace {

constexpr const char* kSelectTrial =
    "SELECT id, action, args, actor, state, progress, message, result, error, attempts, created_at, "
    "started_at, finished_at FROM trials";

TrialRecord read_record(SQLite::Statement& st) {
  TrialRecord r;
  r.id = st.getColumn(0).getInt64();
  r.action = st.getColumn(1).getString();
  r.args = column_json(st, 2);
  r.actor = st.getColumn(3).getString();
  r.state = parse_state(st.getColumn(4).getString()).value_or(TrialState::Failed);
  r.progress = st.getColumn(5).getDouble();
  r.message = st.getColumn(6).getString();
  r.result = column_json(st, 7);
  r.error = column_json(st, 8);
  r.attempts = st.getColumn(9).getInt();
  r.created_at = st.getColumn(10).getInt64();
  if (!st.getColumn(11).isNull()) r.started_at = st.getColumn(11).getInt64();
  if (!st.getColumn(12).isNull()) r.finished_at = st.getColumn(12).getInt64();
  return r;
}

Json error_json(ErrorKind kind, const std::string& message, const std::string& hint) {
  return Json{{"kind", kind_name(kind)}, {"message", message}, {"hint", hint}};
}

}  // namespace

TrialManager::TrialManager(Store& store, ActionRegistry& registry, AuditLog& audit, const Env& env,
                           const Config& config)
    : store_(store), registry_(registry), audit_(audit), env_(env), config_(config) {}

TrialManager::~TrialManager() { stop(); }

std::int64_t TrialManager::submit(const std::string& action, const Json& args, const std::string& actor) {
  const TimestampMs now = env_.now();
  const std::int64_t id = store_.write([&](SQLite::Database& db) {
    SQLite::Statement ins(db, "INSERT INTO trials (action, args, actor, state, created_at) VALUES (?,?,?,'queued',?)");
    ins.bind(1, action);
    ins.bind(2, AuditLog::scrub(args).dump());
    ins.bind(3, actor);
    ins.bind(4, now);
    ins.exec();
    return db.getLastInsertRowid();
  });
  record_event(id, "state", TrialState::Queued, 0, "queued");
  work_cv_.notify_one();
  return id;
}

TrialRecord TrialManager::get(std::int64_t id) {
  auto rec = store_.read([&](SQLite::Database& db) -> std::optional<TrialRecord> {
    SQLite::Statement st(db, std::string(kSelectTrial) + " WHERE id = ?");
    st.bind(1, id);
    if (!st.executeStep()) return std::nullopt;
    return read_record(st);
  });
  if (!rec) throw Error(ErrorKind::NotFound, fmt::format("trial {} does not exist", id), "list trials with 'mltrainer trials list'");
  return *rec;
}

std::vector<TrialRecord> TrialManager::list(int limit, std::optional<TrialState> state) {
  return store_.read([&](SQLite::Database& db) {
    std::vector<TrialRecord> out;
    SQLite::Statement st(db, std::string(kSelectTrial) + (state ? " WHERE state = ?" : "") + " ORDER BY id DESC LIMIT ?");
    int i = 1;
    if (state) st.bind(i++, std::string(state_name(*state)));
    st.bind(i, std::max(1, limit));
    while (st.executeStep()) out.push_back(read_record(st));
    return out;
  });
}

std::vector<TrialEvent> TrialManager::events(std::int64_t id, std::int64_t after_event_id) {
  return store_.read([&](SQLite::Database& db) {
    std::vector<TrialEvent> out;
    SQLite::Statement st(db, "SELECT id, trial_id, ts, kind, state, fraction, message FROM trial_events "
                             "WHERE trial_id = ? AND id > ? ORDER BY id");
    st.bind(1, id);
    st.bind(2, after_event_id);
    while (st.executeStep()) {
      TrialEvent e;
      e.id = st.getColumn(0).getInt64();
      e.trial_id = st.getColumn(1).getInt64();
      e.ts = st.getColumn(2).getInt64();
      e.kind = st.getColumn(3).getString();
      e.state = parse_state(st.getColumn(4).getString()).value_or(TrialState::Failed);
      e.fraction = st.getColumn(5).getDouble();
      e.message = st.getColumn(6).getString();
      out.push_back(std::move(e));
    }
    return out;
  });
}

bool TrialManager::wait_for_event(std::int64_t id, std::int64_t after_event_id, int timeout_ms) {
  // Another process (e.g. the server) may write events to the same store, so
  // the wait is capped and the caller re-reads the store either way.
  std::unique_lock lock(mutex_);
  const int capped = std::clamp(timeout_ms, 0, 250);
  const bool woke = event_cv_.wait_for(lock, std::chrono::milliseconds(capped), [&] {
    const auto it = last_event_by_trial_.find(id);
    return stopping_ || (it != last_event_by_trial_.end() && it->second > after_event_id);
  });
  return woke || capped < timeout_ms;
}

TrialRecord TrialManager::cancel(std::int64_t id) {
  TrialRecord rec = get(id);
  if (is_terminal(rec.state))
    throw Error(ErrorKind::Conflict, fmt::format("trial {} already {}", id, state_name(rec.state)),
                "only queued or running trials can be cancelled");
  if (rec.state == TrialState::Queued) {
    // Claimed by nobody yet: cancel in one transaction that re-checks the state.
    const bool cancelled_now = store_.write([&](SQLite::Database& db) {
      SQLite::Statement up(db, "UPDATE trials SET state='cancelled', cancel_requested=1, finished_at=?, "
                               "error=? WHERE id=? AND state='queued'");
      up.bind(1, env_.now());
      up.bind(2, error_json(ErrorKind::Cancelled, "cancelled before it started", "").dump());
      up.bind(3, id);
      return up.exec() == 1;
    });
    if (cancelled_now) {
      record_event(id, "state", TrialState::Cancelled, 0, "cancelled before it started");
      audit_.append({"system", "trial.cancelled", {{"trial_id", id}, {"action", rec.action}}, {}, {{"state", "cancelled"}}});
      return get(id);
    }
  }
  store_.write([&](SQLite::Database& db) {
    SQLite::Statement up(db, "UPDATE trials SET cancel_requested=1 WHERE id=?");
    up.bind(1, id);
    up.exec();
  });
  record_event(id, "progress", TrialState::Running, get(id).progress, "cancel requested");
  return get(id);
}

void TrialManager::record_event(std::int64_t id, const std::string& kind, TrialState state, double fraction,
                                const std::string& message) {
  const TimestampMs now = env_.now();
  const std::int64_t event_id = store_.write([&](SQLite::Database& db) {
    SQLite::Statement ins(db, "INSERT INTO trial_events (trial_id, ts, kind, state, fraction, message) VALUES (?,?,?,?,?,?)");
    ins.bind(1, id);
    ins.bind(2, now);
    ins.bind(3, kind);
    ins.bind(4, std::string(state_name(state)));
    ins.bind(5, fraction);
    ins.bind(6, message);
    ins.exec();
    const std::int64_t eid = db.getLastInsertRowid();
    if (kind == "progress") {
      SQLite::Statement up(db, "UPDATE trials SET progress=?, message=? WHERE id=?");
      up.bind(1, fraction);
      up.bind(2, message);
      up.bind(3, id);
      up.exec();
    }
    return eid;
  });
  {
    std::lock_guard lock(mutex_);
    auto& last = last_event_by_trial_[id];
    last = std::max(last, event_id);
  }
  event_cv_.notify_all();
}

bool TrialManager::cancel_requested(std::int64_t id) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT cancel_requested FROM trials WHERE id=?");
    st.bind(1, id);
    return st.executeStep() && st.getColumn(0).getInt() != 0;
  });
}

std::optional<std::int64_t> TrialManager::claim_next() {
  const TimestampMs now = env_.now();
  auto id = store_.write([&](SQLite::Database& db) -> std::optional<std::int64_t> {
    SQLite::Statement st(db, "SELECT id FROM trials WHERE state='queued' ORDER BY id LIMIT 1");
    if (!st.executeStep()) return std::nullopt;
    const std::int64_t tid = st.getColumn(0).getInt64();
    SQLite::Statement up(db, "UPDATE trials SET state='running', started_at=?, attempts=attempts+1 WHERE id=?");
    up.bind(1, now);
    up.bind(2, tid);
    up.exec();
    return tid;
  });
  if (id) record_event(*id, "state", TrialState::Running, 0, "running");
  return id;
}

void TrialManager::finish(std::int64_t id, TrialState state, const Json& result, const Json& error) {
  const TimestampMs now = env_.now();
  store_.write([&](SQLite::Database& db) {
    SQLite::Statement up(db, "UPDATE trials SET state=?, result=?, error=?, finished_at=?, progress=? WHERE id=?");
    up.bind(1, std::string(state_name(state)));
    if (result.is_null()) up.bind(2); else up.bind(2, result.dump());
    if (error.is_null()) up.bind(3); else up.bind(3, error.dump());
    up.bind(4, now);
    up.bind(5, state == TrialState::Succeeded ? 1.0 : 0.0);
    up.bind(6, id);
    up.exec();
  });
  const std::string message = state == TrialState::Succeeded ? "succeeded"
                              : error.is_object()            ? error.value("message", std::string(state_name(state)))
                                                             : std::string(state_name(state));
  record_event(id, "state", state, state == TrialState::Succeeded ? 1.0 : 0.0, message);
  const TrialRecord rec = get(id);
  audit_.append({"system", "trial.finished", {{"trial_id", id}, {"action", rec.action}}, {},
                 summarize_trial_outcome(rec)});
}

void TrialManager::run_trial(std::int64_t id) {
  const TrialRecord rec = get(id);
  ActionContext ctx{store_, env_, config_, rec.actor, id, {}, {}};
  ctx.on_progress = [&](double fraction, const std::string& message) {
    record_event(id, "progress", TrialState::Running, std::clamp(fraction, 0.0, 1.0), message);
  };
  ctx.is_cancelled = [&] { return stopping() || cancel_requested(id); };
  try {
    const Action& action = registry_.get(rec.action);
    ctx.check_cancelled();
    Json result = action.run(rec.args, ctx);
    finish(id, TrialState::Succeeded, result, nullptr);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Cancelled && stopping() && !cancel_requested(id)) {
      // Stopped by a shutdown, not by the user: run it again on the next start.
      requeue(id, rec.action, "the process shut down while it ran");
      return;
    }
    const TrialState state = e.kind() == ErrorKind::Cancelled ? TrialState::Cancelled : TrialState::Failed;
    finish(id, state, nullptr, error_json(e.kind(), e.message(), e.hint()));
  } catch (const std::exception& e) {
    spdlog::error("trial {} failed unexpectedly: {}", id, e.what());
    finish(id, TrialState::Failed, nullptr, error_json(ErrorKind::Internal, e.what(), "this is a bug in mltrainer"));
  }
}

void TrialManager::worker_loop() {
  while (true) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_) return;
    }
    std::optional<std::int64_t> id;
    try {
      id = claim_next();
    } catch (const std::exception& e) {
      spdlog::error("trial queue: {}", e.what());
    }
    if (id) {
      run_trial(*id);
      continue;
    }
    std::unique_lock lock(mutex_);
    // Poll as well as wait: another process may queue trials in the same store.
    work_cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stopping_; });
  }
}

bool TrialManager::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

void TrialManager::requeue(std::int64_t id, const std::string& action, const std::string& reason) {
  store_.write([&](SQLite::Database& db) {
    SQLite::Statement up(db, "UPDATE trials SET state='queued', progress=0, message=? WHERE id=?");
    up.bind(1, "re-queued: " + reason);
    up.bind(2, id);
    up.exec();
  });
  record_event(id, "state", TrialState::Queued, 0, "re-queued: " + reason);
  audit_.append({"system", "trial.requeued", {{"trial_id", id}, {"action", action}}, {}, {{"reason", reason}}});
}

int TrialManager::recover_interrupted() {
  std::vector<std::pair<std::int64_t, std::string>> running;
  store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT id, action FROM trials WHERE state='running' ORDER BY id");
    while (st.executeStep()) running.emplace_back(st.getColumn(0).getInt64(), st.getColumn(1).getString());
  });
  for (const auto& [id, action] : running) {
    const bool requeue = registry_.contains(action) && registry_.get(action).idempotent && !cancel_requested(id);
    if (requeue) {
      this->requeue(id, action, "interrupted: the process stopped while it ran");
    } else {
      finish(id, TrialState::Failed, nullptr,
             error_json(ErrorKind::Unavailable, "interrupted", "the process stopped while this trial ran; run it again"));
    }
  }
  return static_cast<int>(running.size());
}

int TrialManager::start(int workers) {
  if (!workers_.empty()) return 0;
  if (store_.path() != ":memory:") {
    // One process runs trials per store: the one holding this lock.
    const auto lock_path = store_.path().parent_path() / "trials.lock";
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0 || ::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      if (lock_fd_ >= 0) ::close(lock_fd_);
      lock_fd_ = -1;
      throw Error(ErrorKind::Conflict, "another mltrainer process is running trials on this store",
                  "trials submitted here will be run by that process");
    }
  }
  const int recovered = recover_interrupted();
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  for (int i = 0; i < std::max(1, workers); ++i) workers_.emplace_back([this] { worker_loop(); });
  return recovered;
}

void TrialManager::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_cv_.notify_all();
  event_cv_.notify_all();
  for (auto& t : workers_)
    if (t.joinable()) t.join();
  workers_.clear();
  if (lock_fd_ >= 0) {
    ::close(lock_fd_);
    lock_fd_ = -1;
  }
}

}  // namespace mlt
