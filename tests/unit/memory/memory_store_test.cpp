// MemoryStore on an in-memory store with a fake clock: FTS5/BM25 search with
// topic, date and importance filters; importance formula; redaction; recall budget.
#include "memory/memory_store.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/secrets.h"
#include "memory/importance.h"
#include "store/store.h"

namespace mlt::memory {
namespace {

struct Fixture {
  std::unique_ptr<Store> store = Store::in_memory();
  TimestampMs now = 1'700'000'000'000;
  Env env;
  MemoryStore memory{*store, env};
  std::int64_t conv = 0;
  Fixture() {
    env.clock = [this] { return now; };
    conv = memory.new_conversation("test");
  }
  std::int64_t add(const std::string& role, const std::string& text, Json data = nullptr) {
    return memory.record({.conversation_id = conv, .role = role, .content = text, .data = std::move(data)});
  }
};

TEST(MemoryStore, SearchRanksByBm25AndFiltersByTopic) {
  Fixture f;
  f.add("user", "train xgboost on the S&P 500 to predict next-day direction");
  f.add("result", "xgboost on sp500_daily: auc 0.52, accuracy 0.53", Json{{"metrics", {{"auc", 0.52}}}});
  f.add("user", "price a call option with spot 100 strike 105");
  f.add("user", "backtest a momentum strategy on AAPL");
  auto hits = f.memory.search({.text = "xgboost"});
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].memory.role, "result");  // results weigh more at equal relevance
  EXPECT_NE(hits[0].snippet.find("[xgboost]"), std::string::npos) << hits[0].snippet;
  // Topic "S&P 500" is canonicalised to SPX; the result row mentions only sp500_daily.
  hits = f.memory.search({.text = "", .topic = "S&P 500"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_NE(hits[0].memory.content.find("S&P 500"), std::string::npos);
  hits = f.memory.search({.text = "strategy", .topic = "aapl"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(f.memory.search({.text = "option", .topic = "momentum"}).size(), 0u);
}

TEST(MemoryStore, DateRangeImportanceAndRecencyDecay) {
  Fixture f;
  const auto old_id = f.add("user", "volatility regime study on goog");
  f.now += 90 * kMsPerDay;  // three half-lives later
  f.add("user", "volatility of aapl this year");
  auto hits = f.memory.search({.text = "volatility"});
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_NE(hits[0].memory.id, old_id);  // recency decay ranks the new one first
  hits = f.memory.search({.text = "volatility", .since = f.now - kMsPerDay});
  ASSERT_EQ(hits.size(), 1u);
  hits = f.memory.search({.text = "volatility", .min_importance = 0.3});
  EXPECT_EQ(hits.size(), 1u);  // the old one decayed to 1/8 of its importance
  f.memory.pin(old_id, true);
  hits = f.memory.search({.text = "volatility", .min_importance = 0.3});
  EXPECT_EQ(hits.size(), 2u);  // pinned: +1 and no decay
  EXPECT_THROW(f.memory.pin(99999, true), Error);
}

// A minimum importance starts the search at the age where an unpinned
// message can no longer reach it; pinned ones of any age are still found.
TEST(MemoryStore, MinimumImportanceSkipsOnlyWhatCannotReachIt) {
  Fixture f;
  const char* roles[] = {"user", "result", "system", "compliance"};
  std::vector<std::int64_t> ids;
  for (int i = 0; i < 40; ++i) {
    ids.push_back(f.add(roles[i % 4], fmt::format("volatility note {} on the desk", i)));
    f.now += 10 * kMsPerDay;
  }
  for (int i : {0, 3, 17}) f.memory.pin(ids[static_cast<std::size_t>(i)], true);
  const auto all = f.memory.search({.text = "volatility", .limit = 100});
  ASSERT_EQ(all.size(), 40u);
  for (double min : {0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1.2, 2.5}) {
    std::set<std::int64_t> expected, got;
    for (const auto& h : all)
      if (effective_importance(h.memory.importance, h.memory.pinned, h.memory.ts, f.now) >= min)
        expected.insert(h.memory.id);
    for (const auto& h : f.memory.search({.text = "volatility", .min_importance = min, .limit = 100}))
      got.insert(h.memory.id);
    EXPECT_EQ(got, expected) << "min_importance " << min;
  }
  // The oldest message is pinned: found however high the minimum it meets.
  const auto hits = f.memory.search({.text = "volatility", .min_importance = 1.2, .limit = 100});
  ASSERT_FALSE(hits.empty());
  EXPECT_TRUE(std::any_of(hits.begin(), hits.end(), [&](const SearchHit& h) { return h.memory.id == ids[0]; }));
}

TEST(MemoryStore, ImportanceFormula) {
  EXPECT_DOUBLE_EQ(stored_importance("user", nullptr, 0, false), 0.5);
  EXPECT_DOUBLE_EQ(stored_importance("result", Json{{"metrics", Json::object()}}, 2, false), 0.6 + 0.3 + 0.1);
  EXPECT_DOUBLE_EQ(stored_importance("compliance", Json{{"decision", {{"allowed", false}}}}, 0, false), 0.9);
  EXPECT_DOUBLE_EQ(stored_importance("assistant", nullptr, 10, true), 0.3 + 0.2 + 1.0);
  EXPECT_DOUBLE_EQ(effective_importance(1.0, false, 0, 30 * kMsPerDay), 0.5);
  EXPECT_DOUBLE_EQ(effective_importance(1.0, true, 0, 300 * kMsPerDay), 1.0);
}

TEST(MemoryStore, SecretsNeverStored) {
  Fixture f;
  register_secret("sk-ant-test-0123456789abcdef");
  const auto id = f.add("user", "my key is sk-ant-test-0123456789abcdef, use it",
                        Json{{"api_key", "whatever"}, {"note", "sk-ant-test-0123456789abcdef"}});
  const auto msgs = f.memory.conversation(f.conv);
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].id, id);
  EXPECT_EQ(msgs[0].content.find("sk-ant"), std::string::npos) << msgs[0].content;
  EXPECT_EQ(msgs[0].data.dump().find("sk-ant"), std::string::npos);
  EXPECT_EQ(msgs[0].data["api_key"], "***");
  EXPECT_TRUE(f.memory.search({.text = "0123456789abcdef"}).empty());
}

TEST(MemoryStore, HostileQueriesAndHugeMessagesAreSafe) {
  Fixture f;
  f.add("user", std::string(400 * 1024, 'x') + " tail");
  f.add("user", "NEAR momentum AND OR");
  for (const char* q : {"\"", "AND OR NOT", "NEAR(a b", "*", "momentum\" OR \"x", "'; DROP TABLE messages; --", ""})
    EXPECT_NO_THROW(f.memory.search({.text = q})) << q;
  EXPECT_EQ(f.memory.search({.text = "momentum\" OR \"x"}).size(), 1u);
  EXPECT_THROW(f.memory.record({.conversation_id = f.conv, .role = "root", .content = "x"}), Error);
  const auto msgs = f.memory.conversation(f.conv);
  EXPECT_LE(msgs[0].content.size(), kMaxContentBytes + 16);
}

TEST(MemoryStore, RecallStaysWithinTheTokenBudget) {
  Fixture f;
  for (int i = 0; i < 50; ++i) f.add("result", "xgboost fold " + std::to_string(i) + " auc 0.5" + std::string(200, '.'));
  const std::string small = f.memory.recall("xgboost auc", 100);
  EXPECT_FALSE(small.empty());
  EXPECT_LE(small.size(), 100u * 4 + 64);
  EXPECT_TRUE(f.memory.recall("nothing matches here", 100).empty());
  const Json topics = f.memory.topic_index(10);
  ASSERT_FALSE(topics.empty());
  EXPECT_EQ(topics[0]["name"], "xgboost");
}

TEST(MemoryStore, BatchesAreOneTransactionAndIndexedLikeSingleRecords) {
  Fixture f;
  std::vector<MessageInput> batch;
  for (int i = 0; i < 50; ++i)
    batch.push_back({.conversation_id = f.conv, .role = i % 2 ? "assistant" : "user",
                     .content = i == 7 ? "tune xgboost on AAPL for momentum" : "describe the dataset " + std::to_string(i)});
  const auto ids = f.memory.record_batch(batch);
  ASSERT_EQ(ids.size(), 50u);
  EXPECT_LT(ids.front(), ids.back());
  const auto hits = f.memory.search({.text = "xgboost", .topic = "AAPL"});
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].memory.id, ids[7]);
  EXPECT_EQ(f.memory.conversation(f.conv).size(), 50u);
  // One bad role rejects the whole batch: nothing of it is stored.
  batch.push_back({.conversation_id = f.conv, .role = "robot", .content = "xgboost"});
  EXPECT_THROW(f.memory.record_batch(batch), Error);
  EXPECT_EQ(f.memory.conversation(f.conv).size(), 50u);
}

TEST(MemoryStore, ConversationsListedMostRecentlyActiveFirst) {
  Fixture f;
  const auto empty = f.memory.new_conversation("never used");
  const auto second = f.memory.new_conversation("chat");
  f.add("user", "train xgboost on spx");
  f.add("assistant", "I will train xgboost");
  f.memory.record({.conversation_id = second, .role = "user", .content = "list datasets"});
  auto list = f.memory.conversations();
  ASSERT_EQ(list.size(), 2u);  // the empty one is not listed
  EXPECT_EQ(list[0].id, second);
  EXPECT_EQ(list[0].preview, "list datasets");
  EXPECT_EQ(list[1].id, f.conv);
  EXPECT_EQ(list[1].messages, 2);
  EXPECT_EQ(list[1].preview, "train xgboost on spx");
  EXPECT_EQ(list[1].to_json()["last_ts"], format_iso8601(f.now));
  for (const auto& c : list) EXPECT_NE(c.id, empty);
  f.add("user", "and compare it with ridge");  // the first becomes the most recent again
  list = f.memory.conversations(1);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].id, f.conv);
}

// The topic filter sizes its windows from the topic's share of the store; on
// a store smaller than one window it must return exactly the hits of the
// unfiltered search that carry the topic, in the same order and score.
TEST(MemoryStore, TopicSearchReturnsTheTopicHitsOfTheUnfilteredSearch) {
  Fixture f;
  const char* tickers[] = {"AAPL", "MSFT", "NVDA", "SPX", "TSLA"};
  const char* families[] = {"xgboost", "ridge regression", "random forest", "an LSTM"};
  const char* concepts[] = {"momentum", "volatility", "drawdown", "mean reversion", "the sharpe ratio"};
  const char* tails[] = {"results looked stable across folds",
                         "the out-of-sample accuracy dropped after the regime change",
                         "we should tune the depth and retrain on the full history",
                         "turnover was high, costs ate most of the edge",
                         "it beat the benchmark but only in trending markets",
                         "compare it with the previous run before deciding"};
  std::uint32_t x = 12345;  // a fixed linear congruential sequence: the same store every run
  auto next = [&x](std::uint32_t n) {
    x = x * 1664525u + 1013904223u;
    return (x >> 8) % n;
  };
  const char* roles[] = {"user", "assistant", "result"};
  for (int i = 0; i < 240; ++i) {
    const std::string text = fmt::format("{} {} on {} looking at {}; {}", i % 2 ? "Trained" : "Backtest", families[next(4)],
                                         tickers[next(5)], concepts[next(5)], tails[next(6)]);
    f.memory.record({.conversation_id = f.conv, .role = roles[next(3)], .content = text});
    f.now += 60'000;
  }
  int compared = 0;
  for (const char* text : {"xgboost", "momentum", "regime change", "tune depth", "sharpe ratio", "random forest drawdown",
                           "benchmark", "accuracy"})
    for (const char* topic : {"AAPL", "nvda", "S&P 500", "momentum", "xgboost"}) {
      const std::string canon = std::string(topic) == "nvda" ? "NVDA" : std::string(topic) == "S&P 500" ? "SPX" : topic;
      auto has_topic = [&](std::int64_t id) {
        const auto ts = f.memory.topics_of(id);
        return std::any_of(ts.begin(), ts.end(), [&](const Topic& t) { return t.name == canon; });
      };
      std::vector<SearchHit> expected;
      for (auto& h : f.memory.search({.text = text, .limit = 100}))
        if (has_topic(h.memory.id)) expected.push_back(std::move(h));
      if (expected.size() > 10) expected.resize(10);
      const auto got = f.memory.search({.text = text, .topic = topic, .limit = 10});
      if (expected.empty()) {
        // No message of the topic has every word: the filtered search falls
        // back to any word on its own, which the unfiltered one did not need.
        for (const auto& h : got) EXPECT_TRUE(has_topic(h.memory.id)) << text << " / " << topic;
        continue;
      }
      ASSERT_EQ(got.size(), expected.size()) << text << " / " << topic;
      for (std::size_t i = 0; i < got.size(); ++i) {
        EXPECT_DOUBLE_EQ(got[i].score, expected[i].score) << text << " / " << topic << " #" << i;
        EXPECT_EQ(got[i].snippet, expected[i].snippet) << text << " / " << topic << " #" << i;
      }
      compared += static_cast<int>(got.size());
    }
  EXPECT_GT(compared, 100);
}

}  // namespace
}  // namespace mlt::memory
