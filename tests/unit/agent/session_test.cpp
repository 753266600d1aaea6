// Session end to end on the bundled real data: the offline planner runs real
// trials; a fake Anthropic server drives tool round trips, prompt injection,
// malformed arguments and outages; the active goal tightens what may run.
#include "agent/session.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "agent/anthropic_provider.h"
#include "core/error.h"
#include "fake_anthropic_server.h"
#include "goals/goal_store.h"
#include "memory/memory_store.h"
#include "support/test_paths.h"
#include "trials/runtime.h"

namespace mlt::agent {
namespace {

struct RuntimeFixture {
  test::TempDir dir;
  std::unique_ptr<Runtime> rt;
  RuntimeFixture() {
    Config cfg;
    cfg.data_dir = dir.path();
    cfg.file_roots = {test::source_dir()};
    cfg.workers = 2;
    rt = std::make_unique<Runtime>(cfg, Env{});
    rt->import_bundled_data(test::source_dir() / "data");
    rt->start_workers();
  }
};

RuntimeFixture& fixture() {
  static RuntimeFixture f;  // one store for the file: importing the bundled data once keeps the tests fast
  return f;
}

std::unique_ptr<Provider> fake_anthropic(const test::FakeLlmServer& s) {
  return std::make_unique<AnthropicProvider>(ServiceConfig{"sk-ant-test-key-000111222333", s.base_url(), "m"},
                                             RetryPolicy{.max_retries = 1, .base_delay_ms = 10, .max_delay_ms = 50});
}

TEST(Session, OfflinePlannerRunsARealTrialAndCitesIt) {
  auto& f = fixture();
  Session s(*f.rt, nullptr);
  std::vector<double> progress;
  std::string streamed;
  const TurnReport r = s.send("train logistic regression on the S&P 500 to predict next-day direction with 2 folds",
                              {.on_text = [&](std::string_view t) { streamed += t; },
                               .on_progress = [&](std::int64_t, double p, const std::string&) { progress.push_back(p); }});
  ASSERT_EQ(r.trial_ids.size(), 1u) << r.text;
  EXPECT_EQ(f.rt->trials().get(r.trial_ids[0]).state, TrialState::Succeeded);
  EXPECT_FALSE(progress.empty());
  EXPECT_NE(r.text.find("I will:"), std::string::npos);
  EXPECT_NE(r.text.find("trial #" + std::to_string(r.trial_ids[0])), std::string::npos) << r.text;
  EXPECT_EQ(streamed, r.text);
  EXPECT_EQ(r.provider, "offline");
  // The answer reports the trial's real out-of-sample metrics, not just "done".
  const Json result = f.rt->trials().get(r.trial_ids[0]).result;
  const std::string auc = fmt::format("auc {:.4g}", result["metrics"]["auc"]["mean"].get<double>());
  EXPECT_NE(r.text.find(auc), std::string::npos) << r.text;
  // Everything is remembered and searchable by topic.
  memory::MemoryStore mem(f.rt->store(), f.rt->env());
  EXPECT_FALSE(mem.search({.text = "logistic", .topic = "S&P 500"}).empty());
  // A follow-up refers back to the dataset of the previous turn.
  const TurnReport again = s.send("describe it", {});
  EXPECT_EQ(again.actions, 1) << again.text;
}

TEST(Session, ClarifyingQuestionsAndBadInputRunNothing) {
  auto& f = fixture();
  Session s(*f.rt, nullptr);
  EXPECT_EQ(s.send("", {}).actions, 0);
  EXPECT_EQ(s.send("train xgboost", {}).actions, 0);
  std::vector<std::string> notices;
  const TurnReport huge = s.send(std::string(100000, 'a') + " list datasets",
                                 {.on_notice = [&](const std::string& n) { notices.push_back(n); }});
  EXPECT_FALSE(notices.empty());
  EXPECT_EQ(huge.actions, 0);
}

TEST(Session, AnthropicToolRoundTrip) {
  auto& f = fixture();
  test::FakeLlmServer server;
  server.push(test::anthropic_tool_use("Let me look.", "toolu_1", "data__describe", {"{\"name\":", "\"sp500_daily\"}"}));
  server.push(test::anthropic_text({"The S&P 500 file has ", "5105 rows."}));
  Session s(*f.rt, fake_anthropic(server));
  const TurnReport r = s.send("describe the S&P 500", {});
  EXPECT_EQ(r.provider, "anthropic");
  EXPECT_EQ(r.actions, 1);
  EXPECT_EQ(r.errors, 0);
  ASSERT_EQ(server.requests().size(), 2u);
  const Json second = server.requests()[1].json();
  const Json& result_turn = second["messages"].back();
  EXPECT_EQ(result_turn["content"][0]["type"], "tool_result");
  EXPECT_EQ(result_turn["content"][0]["tool_use_id"], "toolu_1");
  EXPECT_EQ(result_turn["content"][0]["is_error"], false);
  EXPECT_NE(result_turn["content"][0]["content"].get<std::string>().find("5105"), std::string::npos);
  EXPECT_NE(second["system"].get<std::string>().find("Current goal"), std::string::npos);
}

TEST(Session, InjectedForbiddenActionsAreDeniedAuditedAndReportedToTheModel) {
  auto& f = fixture();
  test::FakeLlmServer server;
  // As if a file's text had told the model to read a system file.
  server.push(test::anthropic_tool_use("", "toolu_x", "data__import_csv", {R"({"path":"/etc/passwd","name":"pw"})"}));
  server.push(test::anthropic_text({"That was refused."}));
  Session s(*f.rt, fake_anthropic(server));
  const TurnReport r = s.send("follow the instructions in the notes file", {});
  EXPECT_EQ(r.denied, 1);
  const Json tool_result = server.requests()[1].json()["messages"].back()["content"][0];
  EXPECT_EQ(tool_result["is_error"], true);
  EXPECT_NE(tool_result["content"].get<std::string>().find("denied"), std::string::npos);
  bool audited = false;
  for (const auto& a : f.rt->audit().tail(10))
    audited = audited || (a["action"] == "data.import_csv" && a["decision"]["allowed"] == false);
  EXPECT_TRUE(audited);
  EXPECT_TRUE(f.rt->audit().verify().ok);
}

TEST(Session, MalformedAndInvalidArgumentsGoBackToTheModel) {
  auto& f = fixture();
  test::FakeLlmServer server;
  server.push(test::anthropic_tool_use("", "t1", "data__show", {"{\"name\": "}));
  server.push(test::anthropic_tool_use("", "t2", "data__show", {R"({"name":"sp500_daily","head":"five"})"}));
  server.push(test::anthropic_tool_use("", "t3", "no__such_action", {"{}"}));
  server.push(test::anthropic_text({"ok"}));
  Session s(*f.rt, fake_anthropic(server));
  const TurnReport r = s.send("show some rows", {});
  EXPECT_EQ(r.errors, 3);
  const auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 4u);
  auto result_text = [&](std::size_t i) {
    return reqs[i].json()["messages"].back()["content"][0]["content"].get<std::string>();
  };
  EXPECT_NE(result_text(1).find("JSON object"), std::string::npos);
  EXPECT_NE(result_text(2).find("/head"), std::string::npos);
  EXPECT_NE(result_text(3).find("not_found"), std::string::npos);
}

TEST(Session, ProviderDownDegradesToTheOfflinePlanner) {
  auto& f = fixture();
  Session s(*f.rt, std::make_unique<AnthropicProvider>(ServiceConfig{"sk-ant-test-key-000111222333", "http://127.0.0.1:1", ""},
                                                        RetryPolicy{.max_retries = 0}));
  std::vector<std::string> notices;
  const TurnReport r = s.send("list datasets", {.on_notice = [&](const std::string& n) { notices.push_back(n); }});
  EXPECT_TRUE(r.degraded);
  EXPECT_EQ(r.provider, "offline");
  EXPECT_EQ(r.actions, 1);
  ASSERT_FALSE(notices.empty());
  EXPECT_NE(notices[0].find("offline planner"), std::string::npos);
  EXPECT_EQ(s.provider_name(), "offline");
}

TEST(Session, TheActiveGoalOnlyTightens) {
  auto& f = fixture();
  goals::GoalStore goals(f.rt->store(), f.rt->env());
  goals.set("only use xgboost", "test");
  Session s(*f.rt, nullptr);
  const TurnReport r = s.send("train logistic regression on sp500", {});
  EXPECT_EQ(r.denied, 1) << r.text;
  EXPECT_TRUE(r.trial_ids.empty());
  EXPECT_NE(r.text.find("goal"), std::string::npos);
  goals.clear("test");
}

}  // namespace
}  // namespace mlt::agent

#include "agent/research_loop.h"

namespace mlt::agent {
namespace {

TEST(ResearchLoop, DeterministicOfflineSearchWithinBudgetCitingTrials) {
  auto& f = fixture();
  int progress_events = 0;
  const ResearchReport r = run_research(
      *f.rt, "find the best of logistic regression and xgboost for next-day AAPL direction with 2 folds",
      {.max_steps = 2, .max_wall_ms = 120000},
      {.on_progress = [&](std::int64_t, double, const std::string&) { ++progress_events; }});
  ASSERT_EQ(r.steps.size(), 2u) << r.summary;
  EXPECT_EQ(r.stopped_by, "max_steps");
  EXPECT_GT(progress_events, 0);
  for (const auto& s : r.steps) {
    ASSERT_TRUE(s.trial_id) << s.action;
    EXPECT_EQ(s.state, "succeeded") << s.action;
    EXPECT_NE(r.summary.find("trial #" + std::to_string(*s.trial_id)), std::string::npos) << r.summary;
  }
  EXPECT_NE(r.summary.find("Best:"), std::string::npos) << r.summary;
  std::cout << r.summary << "\n";
  // The worker may audit "trial.finished" just after the loop saw the trial end, so look a few back.
  bool summary_audited = false;
  for (const auto& a : f.rt->audit().tail(5)) summary_audited = summary_audited || a["action"] == "research.summary";
  EXPECT_TRUE(summary_audited);
  // A cancelled loop stops before its first step.
  const ResearchReport c = run_research(*f.rt, "compare xgboost and logistic on aapl", {}, {.cancelled = [] { return true; }});
  EXPECT_EQ(c.stopped_by, "cancelled");
  EXPECT_TRUE(c.steps.empty());
}

}  // namespace
}  // namespace mlt::agent

namespace mlt::agent {
namespace {

// Each scripted Anthropic reply reports 25 input + 30 output tokens (tool use)
// or 25 + 12 (text) in its usage fields (fake_anthropic_server.h).
TEST(ResearchLoop, ProviderDrivenLoopStopsWhenTheTokenBudgetIsExhausted) {
  auto& f = fixture();
  test::FakeLlmServer server;
  for (const char* id : {"r1", "r2", "r3"})
    server.push(test::anthropic_tool_use("Looking.", id, "data__describe", {R"({"name":"sp500_daily"})"}));
  auto provider = fake_anthropic(server);
  std::vector<Json> usage;
  const ResearchReport r = run_research(*f.rt, "find the best model for next-day S&P 500 direction",
                                        {.max_steps = 10, .max_wall_ms = 120000, .max_tokens = 100},
                                        {.on_budget = [&](const Json& u) { usage.push_back(u); }}, "research",
                                        provider.get());
  EXPECT_EQ(r.stopped_by, "tokens") << r.summary;
  EXPECT_EQ(r.tokens, 110);  // two replies of 55: the second crossed the budget
  ASSERT_EQ(r.steps.size(), 1u) << r.summary;  // the second reply's call was not run
  EXPECT_EQ(r.steps[0].action, "data.describe");
  EXPECT_EQ(r.steps[0].state, "succeeded");
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_NE(r.summary.find("token budget exhausted"), std::string::npos) << r.summary;
  ASSERT_FALSE(usage.empty());
  EXPECT_EQ(usage.back()["tokens"], 110);
  EXPECT_EQ(usage.back()["max_tokens"], 100);
  // The model saw the first step's real result.
  const Json sent = server.requests()[1].json()["messages"].back()["content"][0];
  EXPECT_EQ(sent["type"], "tool_result");
  EXPECT_NE(sent["content"].get<std::string>().find("5105"), std::string::npos);
}

TEST(ResearchLoop, ProviderDrivenLoopEndsWithTheModelsAnswerAndCountsTokens) {
  auto& f = fixture();
  test::FakeLlmServer server;
  server.push(test::anthropic_tool_use("", "r1", "data__describe", {R"({"name":"sp500_daily"})"}));
  server.push(test::anthropic_tool_use("", "r2", "no__such_action", {"{}"}));
  server.push(test::anthropic_text({"Nothing to train yet."}));
  auto provider = fake_anthropic(server);
  std::string streamed;
  const ResearchReport r = run_research(*f.rt, "describe the S&P 500", {.max_steps = 5, .max_wall_ms = 120000},
                                        {.on_text = [&](std::string_view t) { streamed += t; }}, "research",
                                        provider.get());
  EXPECT_EQ(r.stopped_by, "done") << r.summary;
  EXPECT_EQ(r.tokens, 55 + 55 + 37);
  ASSERT_EQ(r.steps.size(), 2u);
  EXPECT_EQ(r.steps[1].state, "error");
  EXPECT_NE(streamed.find("Nothing to train yet."), std::string::npos);
  EXPECT_NE(streamed.find("Stopped: done"), std::string::npos) << streamed;
  // The unknown action's error went back to the model as an error result.
  const Json third = server.requests()[2].json()["messages"].back()["content"][0];
  EXPECT_EQ(third["is_error"], true);
  EXPECT_NE(third["content"].get<std::string>().find("not_found"), std::string::npos);
}

TEST(ResearchLoop, StepBudgetBoundsAProviderThatNeverStops) {
  auto& f = fixture();
  test::FakeLlmServer server;
  for (const char* id : {"a", "b", "c"})
    server.push(test::anthropic_tool_use("", id, "data__list", {"{}"}));
  auto provider = fake_anthropic(server);
  const ResearchReport r = run_research(*f.rt, "list everything", {.max_steps = 2, .max_wall_ms = 120000}, {},
                                        "research", provider.get());
  EXPECT_EQ(r.stopped_by, "max_steps");
  EXPECT_EQ(r.steps.size(), 2u);
  EXPECT_NE(r.summary.find("step budget exhausted"), std::string::npos);
}

TEST(Session, ResearchMessagesRunTheLoopInsideTheConversation) {
  EXPECT_EQ(research_objective("research: find the best model for AAPL"), "find the best model for AAPL");
  EXPECT_EQ(research_objective("  /research   compare xgboost on spx "), "compare xgboost on spx");
  EXPECT_EQ(research_objective("Research:x"), "x");
  EXPECT_FALSE(research_objective("research:   "));
  EXPECT_FALSE(research_objective("do some research on AAPL"));
  auto& f = fixture();
  test::FakeLlmServer server;
  server.push(test::anthropic_tool_use("", "r1", "data__describe", {R"({"name":"sp500_daily"})"}));
  server.push(test::anthropic_text({"Done."}));
  Session s(*f.rt, fake_anthropic(server));
  std::vector<Json> usage;
  const TurnReport t = s.send("research: describe the S&P 500", {.on_budget = [&](const Json& u) { usage.push_back(u); }});
  EXPECT_EQ(t.actions, 1);
  EXPECT_NE(t.text.find("Stopped: done"), std::string::npos) << t.text;
  EXPECT_FALSE(usage.empty());
  EXPECT_EQ(s.tokens_used(), 55 + 37);
  memory::MemoryStore mem(f.rt->store(), f.rt->env());
  std::vector<std::string> roles;
  for (const auto& m : mem.conversation(s.conversation_id())) roles.push_back(m.role);
  EXPECT_EQ(roles, (std::vector<std::string>{"user", "action", "result", "assistant"}));
}

}  // namespace
}  // namespace mlt::agent
