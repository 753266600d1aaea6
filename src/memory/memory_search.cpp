// MemoryStore::search / recall / topic_index: FTS5 BM25 with filters,
// re-ranked by effective importance (memory/importance.h).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "memory/bm25_rank.h"
#include "memory/importance.h"
#include "memory/memory_store.h"
#include "memory/snippet.h"
#include "store/store.h"

namespace mlt::memory {
namespace {

// Topic filter as a per-row primary-key probe (not an IN list of every
// message of the topic, which grows with the store); the topic's ids come
// from seeks on topics(kind, name) — names are stored canonical (tickers
// upper case, the rest lower case), so no case-insensitive scan is needed.
constexpr const char* kFilters =
    " AND (?2 IS NULL OR m.ts >= ?2) AND (?3 IS NULL OR m.ts <= ?3) AND (?4 IS NULL OR m.role = ?4)"
    " AND (?5 IS NULL OR m.conversation_id = ?5)"
    " AND (?6 IS NULL OR EXISTS (SELECT 1 FROM message_topics mt WHERE mt.message_id = m.id AND mt.topic_id IN"
    "       (SELECT t.id FROM topics t WHERE t.kind IN ('ticker', 'family', 'concept', 'keyword')"
    "        AND t.name IN (?6, lower(?6), upper(?6)))))"
    // The importance minimum in SQL, so that the LIMIT keeps the best rows
    // that pass it and rows that fail it are never scored or sorted.
    " AND (?10 IS NULL OR mlt_effective_importance(m.importance, m.pinned, m.ts, ?11) >= ?10)";

// mlt_effective_importance(stored, pinned, ts, now): effective_importance()
// for SQL, the same function as the re-rank uses.
void effective_importance_sql(sqlite3_context* ctx, int, sqlite3_value** v) {
  sqlite3_result_double(ctx, effective_importance(sqlite3_value_double(v[0]), sqlite3_value_int(v[1]) != 0,
                                                  sqlite3_value_int64(v[2]), sqlite3_value_int64(v[3])));
}

// Registers it on this connection unless it is already there (preparing a
// call fails then): re-registering would fail while a statement uses it.
void register_effective_importance(sqlite3* db) {
  sqlite3_stmt* probe = nullptr;
  const bool known =
      sqlite3_prepare_v2(db, "SELECT mlt_effective_importance(0, 0, 0, 0)", -1, &probe, nullptr) == SQLITE_OK;
  sqlite3_finalize(probe);
  if (known) return;
  if (sqlite3_create_function_v2(db, "mlt_effective_importance", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                 effective_importance_sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    throw Error(ErrorKind::Internal, "cannot register mlt_effective_importance");
}

// BM25 has to score every document that matches, so a common word costs
// time in proportion to the store. Searching the newest kFirstWindow
// messages first, and widening only while too few hits were found, bounds
// that cost by the window, not by the store; rare words stay cheap because
// their posting lists are short whatever the window.
//
// A topic filter keeps only its topic's share of the matches, so its first
// window is measured in the topic's messages (kFirstWindow of them, from the
// topic's message count), and a widened window is sized from the hits per
// message seen so far (with a margin, at most ×kWiden) instead of a blind
// ×kWiden: the step that overshoots by 16× is the one that costs most.
constexpr std::int64_t kFirstWindow = 1024;
constexpr std::int64_t kWiden = 16;

// The size of the next window: enough for `missing` more hits at the rate
// seen so far (×2 margin), between kFirstWindow and kWiden × `window`.
std::int64_t next_window(std::int64_t window, std::int64_t scanned, std::size_t found, std::size_t missing) {
  if (found == 0 || scanned <= 0) return window * kWiden;
  const double per_hit = static_cast<double>(scanned) / static_cast<double>(found);
  const auto want = static_cast<std::int64_t>(2.0 * per_hit * static_cast<double>(missing)) + 1;
  return std::clamp(want, kFirstWindow, window * kWiden);
}

// The share of stored messages that carry the topic (0..1], from the topic
// index's per-topic counts: a seek on topics(kind, name) per spelling.
double topic_share(SQLite::Database& db, const std::string& topic, std::int64_t total) {
  SQLite::Statement st(db, "SELECT coalesce(sum(messages), 0) FROM topics WHERE kind IN ('ticker', 'family', 'concept',"
                           " 'keyword') AND name IN (?1, lower(?1), upper(?1))");
  st.bind(1, topic);
  st.executeStep();
  const std::int64_t n = st.getColumn(0).getInt64();
  if (n <= 0 || total <= 0) return 1.0;
  return std::min(1.0, static_cast<double>(n) / static_cast<double>(total));
}

// The oldest timestamp at which an unpinned message can still have an
// effective importance of `min_importance`: stored importance is at most the
// highest stored by any unpinned message (one seek on the partial index
// messages_unpinned_importance) and halves every kHalfLifeDays (one day of
// margin for rounding). Past `now` when no unpinned message can reach it.
TimestampMs importance_horizon(SQLite::Database& db, TimestampMs now, double min_importance) {
  SQLite::Statement st(db, "SELECT max(importance) FROM messages WHERE pinned = 0");
  const double highest = st.executeStep() && !st.getColumn(0).isNull()
                             ? std::min(st.getColumn(0).getDouble(), kMaxStoredImportance)
                             : 0.0;
  if (highest <= 0.0 || min_importance > highest) return now + 1;
  const double days = kHalfLifeDays * std::log2(highest / min_importance) + 1.0;
  return now - static_cast<TimestampMs>(days * static_cast<double>(kMsPerDay));
}

std::string canonical(const std::string& text) {
  for (const auto& t : extract_topics(text, [](const std::string&) { return std::int64_t{0}; }, 0, 0)) return t.name;
  return text;
}

// The ids whose timestamps fall in [since, until]: ids increase with ts (see
// MemoryStore::Writer), so one index probe per bound.
std::pair<std::int64_t, std::int64_t> id_bounds(SQLite::Database& db, std::optional<TimestampMs> since,
                                                std::optional<TimestampMs> until) {
  std::int64_t lo = 1, hi = 0;
  {
    SQLite::Statement st(db, "SELECT coalesce(max(id), 0) FROM messages");
    st.executeStep();
    hi = st.getColumn(0).getInt64();
  }
  if (since) {
    SQLite::Statement st(db, "SELECT id FROM messages WHERE ts >= ? ORDER BY ts, id LIMIT 1");
    st.bind(1, static_cast<std::int64_t>(*since));
    lo = st.executeStep() ? st.getColumn(0).getInt64() : hi + 1;
  }
  if (until) {
    SQLite::Statement st(db, "SELECT id FROM messages WHERE ts <= ? ORDER BY ts DESC, id DESC LIMIT 1");
    st.bind(1, static_cast<std::int64_t>(*until));
    hi = st.executeStep() ? st.getColumn(0).getInt64() : 0;
  }
  return {lo, hi};
}

// Each query term's document count from term_stats, in the phrase order of
// fts_query: passed to mlt_bm25 (see memory/bm25_rank.h) and used to size
// the first window.
std::vector<std::int64_t> document_frequencies(SQLite::Database& db, std::string_view text) {
  SQLite::Statement st(db, "SELECT docs FROM term_stats WHERE term = ?");
  std::vector<std::int64_t> out;
  for (const auto& term : fts_terms(text)) {
    st.reset();
    st.bind(1, term);
    out.push_back(st.executeStep() ? st.getColumn(0).getInt64() : 0);
  }
  return out;
}

}  // namespace

std::vector<SearchHit> MemoryStore::search(const SearchQuery& q) {
  const int limit = std::clamp(q.limit, 1, 100);
  const TimestampMs now = env_.now();
  const std::optional<std::string> topic = q.topic ? std::optional(canonical(*q.topic)) : std::nullopt;
  auto run = [&](const std::string& match, bool any_word) {
    return store_.read([&](SQLite::Database& db) {
      if (!match.empty()) register_bm25_rank(db.getHandle());
      register_effective_importance(db.getHandle());
      const auto [lo, hi] = id_bounds(db, q.since, q.until);
      const std::vector<std::int64_t> dfs = match.empty() ? std::vector<std::int64_t>() : document_frequencies(db, q.text);
      std::string df_args;
      for (const auto df : dfs) df_args += fmt::format(", {}", df);
      const std::string sql =
          match.empty()
              ? fmt::format("SELECT m.id, m.conversation_id, m.ts, m.role, m.content, m.data, m.trial_id, m.importance,"
                            " m.pinned, 0.0 FROM messages m WHERE (?1 IS NULL OR 1){}"
                            " AND m.id BETWEEN ?8 AND ?9 ORDER BY m.id DESC LIMIT ?7",
                            kFilters)
              : fmt::format("SELECT m.id, m.conversation_id, m.ts, m.role, m.content, m.data, m.trial_id, m.importance,"
                            " m.pinned, f.rank FROM (SELECT rowid, mlt_bm25(messages_fts{}) AS rank FROM messages_fts"
                            "   WHERE messages_fts MATCH ?1 AND rowid BETWEEN ?8 AND ?9) f"
                            " JOIN messages m ON m.id = f.rowid WHERE 1{} ORDER BY f.rank LIMIT ?7",
                            df_args, kFilters);
      SQLite::Statement st(db, sql);
      std::vector<SearchHit> hits;
      // Newest window first; widen while short of hits (see kFirstWindow).
      std::int64_t window = std::max<std::int64_t>(hi - lo + 1, 1);
      if (!match.empty()) {
        window = kFirstWindow;
        if (topic && hi > 0) {
          // At most about kFirstWindow matches to score and about kFirstWindow
          // messages of the topic: the window shrinks back for words more
          // common than the topic. All words must match (at most the rarest
          // word's share) unless `any_word`, where any may (at least the
          // commonest's).
          const double share = topic_share(db, *topic, hi);
          const auto [rarest, commonest] = std::minmax_element(dfs.begin(), dfs.end());
          const double words =
              dfs.empty() ? 0.0 : static_cast<double>(any_word ? *commonest : *rarest) / static_cast<double>(hi);
          window = std::max(kFirstWindow,
                            static_cast<std::int64_t>(static_cast<double>(kFirstWindow) / std::max(share, words)));
        }
      }
      auto scan = [&](std::int64_t from, std::int64_t to) {
        st.reset();
        if (match.empty()) st.bind(1);
        else st.bind(1, match);
        if (q.since) st.bind(2, static_cast<std::int64_t>(*q.since)); else st.bind(2);
        if (q.until) st.bind(3, static_cast<std::int64_t>(*q.until)); else st.bind(3);
        if (q.role) st.bind(4, *q.role); else st.bind(4);
        if (q.conversation_id) st.bind(5, *q.conversation_id); else st.bind(5);
        if (topic) st.bind(6, *topic); else st.bind(6);
        st.bind(7, limit * 5);  // candidates for the importance re-rank
        st.bind(8, from);
        st.bind(9, to);
        if (q.min_importance > 0) st.bind(10, q.min_importance);
        else st.bind(10);
        st.bind(11, static_cast<std::int64_t>(now));
        while (st.executeStep()) {
          SearchHit h;
          h.memory = read_memory(st);
          h.relevance = match.empty() ? 1.0 : -st.getColumn(9).getDouble();
          const double eff = effective_importance(h.memory.importance, h.memory.pinned, h.memory.ts, now);
          if (eff < q.min_importance) continue;
          h.score = h.relevance * (0.5 + eff);
          hits.push_back(std::move(h));
        }
      };
      // Unpinned messages older than the importance horizon cannot reach
      // min_importance, so the windows start at the horizon; pinned ones do
      // not decay and are looked up one by one (messages_pinned index).
      std::int64_t lo_recent = lo;
      if (q.min_importance > 0) {
        const TimestampMs horizon = importance_horizon(db, now, q.min_importance);
        if (!q.since || *q.since < horizon) lo_recent = std::max(lo, id_bounds(db, horizon, std::nullopt).first);
      }
      std::int64_t scanned = 0;
      for (std::int64_t to = hi; to >= lo_recent;) {
        const std::int64_t from = std::max(lo_recent, to - window + 1);
        scan(from, to);
        if (hits.size() >= static_cast<std::size_t>(limit)) break;
        scanned += to - from + 1;
        window = next_window(window, scanned, hits.size(), static_cast<std::size_t>(limit) - hits.size());
        to = from - 1;
      }
      if (lo_recent > lo) {
        SQLite::Statement pinned(db, "SELECT id FROM messages WHERE pinned = 1 AND id BETWEEN ? AND ?");
        pinned.bind(1, lo);
        pinned.bind(2, lo_recent - 1);
        std::vector<std::int64_t> ids;
        while (pinned.executeStep()) ids.push_back(pinned.getColumn(0).getInt64());
        for (const auto id : ids) scan(id, id);
      }
      return hits;
    });
  };
  std::vector<SearchHit> hits;
  const std::string all_terms = fts_query(q.text, false);
  if (!q.text.empty() && all_terms.empty()) return hits;  // only stopwords: nothing to look for
  hits = run(all_terms, false);
  if (hits.empty() && !all_terms.empty()) hits = run(fts_query(q.text, true), true);  // any word, when all words fail
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  if (hits.size() > static_cast<std::size_t>(limit)) hits.resize(static_cast<std::size_t>(limit));
  // Snippets only for what is returned, made here from the hit's text with
  // the index's tokenizer rather than by one FTS5 query per hit (see
  // memory/snippet.h).
  if (!all_terms.empty() && !hits.empty())
    store_.read([&](SQLite::Database& db) {
      const SnippetMaker snippets(db.getHandle(), fts_terms(q.text));
      for (auto& h : hits) h.snippet = snippets.make(h.memory.content);
    });
  else
    for (auto& h : hits) h.snippet = h.memory.content.substr(0, 160);
  return hits;
}

std::string MemoryStore::recall(std::string_view query, int token_budget, std::optional<std::int64_t> exclude) {
  if (token_budget <= 0 || query.empty()) return {};
  SearchQuery q;
  q.text = std::string(query.substr(0, 2000));
  q.limit = 20;
  std::string out;
  const std::size_t budget_chars = static_cast<std::size_t>(token_budget) * 4;
  for (const auto& h : search(q)) {
    if (exclude && h.memory.conversation_id == *exclude) continue;
    std::string text = h.memory.content;
    if (text.size() > 400) text = text.substr(0, 400) + "…";
    const std::string line = fmt::format("- [{} {} #{}] {}\n", format_date(h.memory.ts), h.memory.role, h.memory.id, text);
    if (out.size() + line.size() > budget_chars) break;
    out += line;
  }
  return out.empty() ? out : "Relevant memories (past conversations):\n" + out;
}

Json MemoryStore::topic_index(int limit) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT kind, name, messages, last_seen FROM topics ORDER BY messages DESC, last_seen DESC "
                             "LIMIT ?");
    st.bind(1, std::clamp(limit, 1, 1000));
    Json out = Json::array();
    while (st.executeStep())
      out.push_back({{"kind", st.getColumn(0).getString()},
                     {"name", st.getColumn(1).getString()},
                     {"messages", st.getColumn(2).getInt64()},
                     {"last_seen", format_iso8601(st.getColumn(3).getInt64())}});
    return out;
  });
}

}  // namespace mlt::memory
