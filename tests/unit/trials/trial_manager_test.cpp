// Trial mechanics: queue, progress events, cancel, failure, crash recovery.
// The test actions here only count steps; they touch no market data.
#include "trials/trial_manager.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "actions/registry.h"
#include "audit/audit_log.h"
#include "core/config.h"
#include "core/error.h"
#include "store/store.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

class TrialManagerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry.add(Action{.name = "test.steps",
                        .summary = "Reports `steps` progress events, pausing `pause_ms` between them.",
                        .schema = R"({"type":"object","properties":{"steps":{"type":"integer"},"pause_ms":{"type":"integer"}}})",
                        .example = R"({"steps":3})",
                        .cost = Cost::Trial,
                        .run = [](const Json& args, ActionContext& ctx) {
                          const int steps = args.value("steps", 3);
                          for (int i = 1; i <= steps; ++i) {
                            ctx.check_cancelled();
                            std::this_thread::sleep_for(std::chrono::milliseconds(args.value("pause_ms", 1)));
                            ctx.report(double(i) / steps, "step " + std::to_string(i));
                          }
                          return Json{{"steps_done", steps}};
                        }});
    registry.add(Action{.name = "test.fails",
                        .summary = "Always fails with a data error.",
                        .schema = R"({"type":"object"})",
                        .example = "{}",
                        .cost = Cost::Trial,
                        .run = [](const Json&, ActionContext&) -> Json {
                          throw Error(ErrorKind::DataError, "line 7: high below close", "fix the file");
                        },
                        .idempotent = false});
  }

  TrialRecord wait_terminal(TrialManager& tm, std::int64_t id) {
    std::int64_t seen = 0;
    for (int i = 0; i < 400; ++i) {
      const TrialRecord r = tm.get(id);
      if (is_terminal(r.state)) return r;
      for (const auto& e : tm.events(id, seen)) seen = e.id;
      tm.wait_for_event(id, seen, 50);
    }
    ADD_FAILURE() << "trial " << id << " did not finish";
    return tm.get(id);
  }

  test::TempDir dir;
  Env env;
  Config config;
  std::unique_ptr<Store> store = std::make_unique<Store>(dir.path());
  ActionRegistry registry;
  AuditLog audit{*store, env};
};

TEST_F(TrialManagerTest, RunsToSuccessWithOrderedProgressEvents) {
  TrialManager tm(*store, registry, audit, env, config);
  tm.start(2);
  const auto id = tm.submit("test.steps", {{"steps", 4}}, "test");
  const TrialRecord r = wait_terminal(tm, id);
  EXPECT_EQ(r.state, TrialState::Succeeded);
  EXPECT_EQ(r.result["steps_done"], 4);
  EXPECT_DOUBLE_EQ(r.progress, 1.0);
  const auto events = tm.events(id);
  ASSERT_GE(events.size(), 7u);  // queued, running, 4 progress, succeeded
  EXPECT_EQ(events.front().message, "queued");
  EXPECT_EQ(events.back().state, TrialState::Succeeded);
  for (size_t i = 1; i < events.size(); ++i) EXPECT_GT(events[i].id, events[i - 1].id);
  // A late viewer replays from any point.
  EXPECT_EQ(tm.events(id, events[2].id).size(), events.size() - 3);
  EXPECT_TRUE(audit.verify().ok);
}

TEST_F(TrialManagerTest, FailureKeepsTheErrorAndHint) {
  TrialManager tm(*store, registry, audit, env, config);
  tm.start(1);
  const TrialRecord r = wait_terminal(tm, tm.submit("test.fails", Json::object(), "test"));
  EXPECT_EQ(r.state, TrialState::Failed);
  EXPECT_EQ(r.error["kind"], "data_error");
  EXPECT_EQ(r.error["hint"], "fix the file");
}

TEST_F(TrialManagerTest, CancelQueuedAndRunning) {
  TrialManager tm(*store, registry, audit, env, config);
  const auto queued = tm.submit("test.steps", {{"steps", 2}}, "test");
  EXPECT_EQ(tm.cancel(queued).state, TrialState::Cancelled);  // no workers yet: still queued
  tm.start(1);
  const auto running = tm.submit("test.steps", {{"steps", 2000}, {"pause_ms", 2}}, "test");
  for (int i = 0; i < 200 && tm.get(running).state != TrialState::Running; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  tm.cancel(running);
  EXPECT_EQ(wait_terminal(tm, running).state, TrialState::Cancelled);
  EXPECT_THROW(tm.cancel(running), Error);  // already finished: Conflict
}

TEST_F(TrialManagerTest, InterruptedTrialsAreRequeuedOrFailedNeverLeftRunning) {
  // Simulate a crash: rows left 'running' by a process that died.
  store->write([](SQLite::Database& db) {
    db.exec("INSERT INTO trials (action, args, actor, state, created_at, attempts) VALUES "
            "('test.steps', '{\"steps\":2}', 'test', 'running', 0, 1),"
            "('test.fails', '{}', 'test', 'running', 0, 1)");
  });
  TrialManager tm(*store, registry, audit, env, config);
  EXPECT_EQ(tm.start(1), 2);
  const TrialRecord idempotent = wait_terminal(tm, 1);
  EXPECT_EQ(idempotent.state, TrialState::Succeeded);
  EXPECT_EQ(idempotent.attempts, 2);
  const TrialRecord other = tm.get(2);
  EXPECT_EQ(other.state, TrialState::Failed);
  EXPECT_EQ(other.error["message"], "interrupted");
  EXPECT_TRUE(audit.verify().ok);
}

TEST_F(TrialManagerTest, OnlyOneProcessRunsTrialsPerStore) {
  TrialManager first(*store, registry, audit, env, config);
  first.start(1);
  Store second_store(dir.path());
  AuditLog second_audit(second_store, env);
  TrialManager second(second_store, registry, second_audit, env, config);
  try {
    second.start(1);
    FAIL() << "two worker pools on one store";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Conflict);
  }
  // Work queued through the second handle is run by the first.
  const auto id = second.submit("test.steps", {{"steps", 1}}, "test");
  EXPECT_EQ(wait_terminal(first, id).state, TrialState::Succeeded);
}

TEST_F(TrialManagerTest, UnknownTrialIsNotFound) {
  TrialManager tm(*store, registry, audit, env, config);
  try {
    tm.get(999);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
}

}  // namespace
}  // namespace mlt
