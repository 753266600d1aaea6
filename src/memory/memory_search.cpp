// MemoryStore::search / recall / topic_index: FTS5 BM25 with filters,
// re-ranked by effective importance (memory/importance.h).
#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "memory/bm25_rank.h"
#include "memory/importance.h"
#include "memory/memory_store.h"
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
    "        AND t.name IN (?6, lower(?6), upper(?6)))))";

// BM25 has to score every document that matches, so a common word costs
// time in proportion to the store. Searching the newest kFirstWindow
// messages first, and widening (×kWiden) only while too few hits were found,
// bounds that cost by the window, not by the store; rare words stay cheap
// because their posting lists are short whatever the window.
constexpr std::int64_t kFirstWindow = 1024;
constexpr std::int64_t kWiden = 16;

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

// ", df1, df2, ..." for mlt_bm25: each query term's document count from
// term_stats, in the phrase order of fts_query (see memory/bm25_rank.h).
std::string document_frequencies(SQLite::Database& db, std::string_view text) {
  SQLite::Statement st(db, "SELECT docs FROM term_stats WHERE term = ?");
  std::string out;
  for (const auto& term : fts_terms(text)) {
    st.reset();
    st.bind(1, term);
    out += fmt::format(", {}", st.executeStep() ? st.getColumn(0).getInt64() : 0);
  }
  return out;
}

}  // namespace

std::vector<SearchHit> MemoryStore::search(const SearchQuery& q) {
  const int limit = std::clamp(q.limit, 1, 100);
  const TimestampMs now = env_.now();
  const std::optional<std::string> topic = q.topic ? std::optional(canonical(*q.topic)) : std::nullopt;
  auto run = [&](const std::string& match) {
    return store_.read([&](SQLite::Database& db) {
      if (!match.empty()) register_bm25_rank(db.getHandle());
      const auto [lo, hi] = id_bounds(db, q.since, q.until);
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
                            match.empty() ? std::string() : document_frequencies(db, q.text), kFilters);
      SQLite::Statement st(db, sql);
      std::vector<SearchHit> hits;
      // Newest window first; widen while short of hits (see kFirstWindow).
      std::int64_t window = match.empty() ? std::max<std::int64_t>(hi - lo + 1, 1) : kFirstWindow;
      for (std::int64_t to = hi; to >= lo; window *= kWiden) {
        const std::int64_t from = std::max(lo, to - window + 1);
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
        while (st.executeStep()) {
          SearchHit h;
          h.memory = read_memory(st);
          h.relevance = match.empty() ? 1.0 : -st.getColumn(9).getDouble();
          const double eff = effective_importance(h.memory.importance, h.memory.pinned, h.memory.ts, now);
          if (eff < q.min_importance) continue;
          h.score = h.relevance * (0.5 + eff);
          hits.push_back(std::move(h));
        }
        if (hits.size() >= static_cast<std::size_t>(limit)) break;
        to = from - 1;
      }
      return hits;
    });
  };
  std::vector<SearchHit> hits;
  const std::string all_terms = fts_query(q.text, false);
  if (!q.text.empty() && all_terms.empty()) return hits;  // only stopwords: nothing to look for
  hits = run(all_terms);
  if (hits.empty() && !all_terms.empty()) hits = run(fts_query(q.text, true));  // any word, when all words fail
  std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
  if (hits.size() > static_cast<std::size_t>(limit)) hits.resize(static_cast<std::size_t>(limit));
  // Snippets only for what is returned: snippet() re-reads and re-tokenises a document.
  if (!all_terms.empty() && !hits.empty())
    store_.read([&](SQLite::Database& db) {
      SQLite::Statement st(db, "SELECT snippet(messages_fts, 0, '[', ']', '…', 16) FROM messages_fts"
                               " WHERE messages_fts MATCH ? AND rowid = ?");
      const std::string any = fts_query(q.text, true);
      for (auto& h : hits) {
        st.reset();
        st.bind(1, any);
        st.bind(2, h.memory.id);
        h.snippet = st.executeStep() ? st.getColumn(0).getString() : h.memory.content.substr(0, 160);
      }
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
