// SnippetMaker against FTS5's own snippet(): same text for every hit of a set
// of queries over real sentences (short and long messages, phrases split by
// the tokenizer, stemmed forms, repeated terms, sentence starts).
#include "memory/snippet.h"

#include <gtest/gtest.h>

#include "core/env.h"
#include "memory/memory_store.h"
#include "store/store.h"

namespace mlt::memory {
namespace {

const char* kTexts[] = {
    "train xgboost on the S&P 500 to predict next-day direction",
    "xgboost on sp500_daily: auc 0.52, accuracy 0.53",
    "Price a call option with spot 100 strike 105. The option expires in thirty days and volatility is 20%.",
    "Backtest a momentum strategy on AAPL. Momentum strategies worked in 2020: the drawdown was small. "
    "Then the regime changed and momentum stopped working, so we looked at mean reversion instead of momentum.",
    "We compared random forest, ridge and lightgbm on MSFT. Ridge was the most stable; random forest overfit "
    "badly and lightgbm sat in between. Next: tune the random forest depth and retrain on the full history.",
    "volatility volatility volatility",
    "A long message about nothing in particular that goes on and on with many filler words before it finally "
    "mentions the sharpe ratio of the strategy near its end, after which it keeps going for a while longer still.",
    "Trained: an LSTM on NVDA. Result: sharpe ratio 1.4. Note: drawdowns were deep; volatility high.",
    "  leading spaces, then xgboost  and trailing punctuation!!  ",
};

const char* kQueries[] = {"xgboost",        "momentum strategy", "sharpe ratio", "volatility",     "option expires",
                          "random forest",  "sp500_daily",       "strategies",   "drawdown regime", "ridge lightgbm tune",
                          "trailing xgboost", "deep drawdowns",  "particular end"};

TEST(Snippet, SameTextAsFts5Snippet) {
  auto store = Store::in_memory();
  Env env;
  env.clock = [] { return TimestampMs{1'700'000'000'000}; };
  MemoryStore memory(*store, env);
  const auto conv = memory.new_conversation("snippets");
  for (const char* text : kTexts) memory.record({.conversation_id = conv, .role = "user", .content = text});
  int compared = 0;
  store->read([&](SQLite::Database& db) {
    for (const char* query : kQueries) {
      const SnippetMaker maker(db.getHandle(), fts_terms(query));
      SQLite::Statement st(db, "SELECT snippet(messages_fts, 0, '[', ']', '…', 16), m.content FROM messages_fts"
                               " JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ?");
      st.bind(1, fts_query(query, true));
      while (st.executeStep()) {
        EXPECT_EQ(maker.make(st.getColumn(1).getString()), st.getColumn(0).getString()) << "query: " << query;
        ++compared;
      }
      // Other window sizes and markers follow the same rules.
      SQLite::Statement st8(db, "SELECT snippet(messages_fts, 0, '<b>', '</b>', '...', 8), m.content FROM messages_fts"
                                " JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ?");
      st8.bind(1, fts_query(query, true));
      while (st8.executeStep())
        EXPECT_EQ(maker.make(st8.getColumn(1).getString(), 8, "<b>", "</b>", "..."), st8.getColumn(0).getString())
            << "query: " << query;
    }
  });
  EXPECT_GT(compared, 20);
}

TEST(Snippet, SearchHitsCarryHighlightedSnippets) {
  auto store = Store::in_memory();
  Env env;
  env.clock = [] { return TimestampMs{1'700'000'000'000}; };
  MemoryStore memory(*store, env);
  const auto conv = memory.new_conversation("snippets");
  for (const char* text : kTexts) memory.record({.conversation_id = conv, .role = "user", .content = text});
  const auto hits = memory.search({.text = "momentum strategies"});
  ASSERT_FALSE(hits.empty());
  EXPECT_NE(hits[0].snippet.find("[Momentum]"), std::string::npos) << hits[0].snippet;
  EXPECT_NE(hits[0].snippet.find("[strategies]"), std::string::npos) << hits[0].snippet;
}

}  // namespace
}  // namespace mlt::memory
