// MemoryStore: every message, action, result and compliance event of every
// conversation, with importance (memory/importance.h), topics
// (memory/topics.h) and full-text search (SQLite FTS5, BM25).
//
//   MemoryStore memory(store, env);
//   auto conv = memory.new_conversation("S&P direction");
//   memory.record({.conversation_id = conv, .role = "user", .content = "train xgboost on spx"});
//   auto hits = memory.search({.text = "xgboost", .topic = "SPX", .limit = 5});
//   std::string context = memory.recall("xgboost spx", /*token_budget=*/400);
//
// Content and data are passed through redact() and secret-named fields are
// dropped before anything is written, so a key can never be recalled.
// Content longer than kMaxContentBytes is cut (with a marker). Timestamps
// never decrease with the message id (a clock that steps back is held at the
// last stored time). Search scores the newest messages first and widens to
// older ones only while it has fewer hits than asked for, so its cost is
// bounded by the window rather than the store (see memory_search.cpp).
// Thread-safety: as the Store (one writer, all calls serialised).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Statement.h>

#include "core/env.h"
#include "core/json.h"
#include "memory/topics.h"

namespace mlt {
class Store;
}

namespace mlt::memory {

inline constexpr std::size_t kMaxContentBytes = 256 * 1024;

struct MessageInput {
  std::int64_t conversation_id = 0;
  std::string role;  // user|assistant|tool|action|result|compliance|system (else InvalidArgument)
  std::string content;
  Json data = nullptr;
  std::optional<std::int64_t> trial_id = std::nullopt;
  bool pinned = false;
};

struct Memory {
  std::int64_t id = 0, conversation_id = 0;
  TimestampMs ts = 0;
  std::string role, content;
  Json data;
  std::optional<std::int64_t> trial_id;
  double importance = 0;  // stored part
  bool pinned = false;
  Json to_json() const;
};

// Reads a messages row selected as (id, conversation_id, ts, role, content,
// data, trial_id, importance, pinned).
Memory read_memory(SQLite::Statement& st);

struct SearchQuery {
  std::string text = {};                              // words; empty = newest matching the filters
  std::optional<std::string> topic = std::nullopt;    // "AAPL", "S&P 500", "xgboost", "momentum"
  std::optional<TimestampMs> since = std::nullopt, until = std::nullopt;
  double min_importance = 0;                          // on the effective (decayed) importance
  std::optional<std::string> role = std::nullopt;
  std::optional<std::int64_t> conversation_id = std::nullopt;
  int limit = 10;                      // 1..100
};

struct SearchHit {
  Memory memory;
  double relevance = 0;  // −bm25
  double score = 0;      // relevance · (0.5 + effective importance)
  std::string snippet;
  Json to_json() const;
};

// One stored conversation, for listing and reopening it.
struct ConversationSummary {
  std::int64_t id = 0;
  std::string title;
  TimestampMs created_at = 0, last_ts = 0;
  std::int64_t messages = 0;
  std::string preview;  // the start of its first user message
  Json to_json() const;
};

class MemoryStore {
 public:
  MemoryStore(Store& store, const Env& env);

  std::int64_t new_conversation(const std::string& title);
  // Returns the message id. Throws Error{InvalidArgument} for an unknown role.
  std::int64_t record(const MessageInput& message);
  // Many messages in one transaction (imports, benchmarks): all are stored or
  // none. Each gets its own env.now() timestamp. Returns the ids in order.
  std::vector<std::int64_t> record_batch(const std::vector<MessageInput>& messages);
  // Pinning raises importance by 1 and stops its decay. Throws Error{NotFound}.
  void pin(std::int64_t id, bool pinned);

  std::vector<Memory> conversation(std::int64_t conversation_id, int limit = 200);
  // Conversations that hold at least one message, most recently active first.
  std::vector<ConversationSummary> conversations(int limit = 50);
  std::vector<Topic> topics_of(std::int64_t message_id);
  std::vector<SearchHit> search(const SearchQuery& query);
  // The most relevant memories as prompt text, newest wording kept, within
  // `token_budget` (≈ 4 characters a token). Empty when nothing is relevant.
  std::string recall(std::string_view query, int token_budget,
                     std::optional<std::int64_t> exclude_conversation = std::nullopt);
  // The topic index: [{kind, name, messages, last_seen}], most used first.
  Json topic_index(int limit = 50);

 private:
  struct Writer;
  Store& store_;
  const Env& env_;
};

// Turns free text into an FTS5 query of quoted terms (no operator injection).
std::string fts_query(std::string_view text, bool any_term);
// The terms of fts_query, in its phrase order.
std::vector<std::string> fts_terms(std::string_view text);

}  // namespace mlt::memory
