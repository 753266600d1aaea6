// MemoryStore::search / recall / topic_index: FTS5 BM25 with filters,
// re-ranked by effective importance (memory/importance.h).
#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "memory/importance.h"
#include "memory/memory_store.h"
#include "store/store.h"

namespace mlt::memory {
namespace {

constexpr const char* kFilters =
    " AND (?2 IS NULL OR m.ts >= ?2) AND (?3 IS NULL OR m.ts <= ?3) AND (?4 IS NULL OR m.role = ?4)"
    " AND (?5 IS NULL OR m.conversation_id = ?5)"
    " AND (?6 IS NULL OR m.id IN (SELECT mt.message_id FROM message_topics mt JOIN topics t ON t.id = mt.topic_id"
    "                             WHERE t.name = ?6 COLLATE NOCASE))";

std::string canonical(const std::string& text) {
  for (const auto& t : extract_topics(text, [](const std::string&) { return std::int64_t{0}; }, 0, 0)) return t.name;
  return text;
}


}  // namespace

std::vector<SearchHit> MemoryStore::search(const SearchQuery& q) {
  const int limit = std::clamp(q.limit, 1, 100);
  const TimestampMs now = env_.now();
  const std::optional<std::string> topic = q.topic ? std::optional(canonical(*q.topic)) : std::nullopt;
  auto run = [&](const std::string& match) {
    return store_.read([&](SQLite::Database& db) {
      const std::string sql =
          match.empty()
              ? fmt::format("SELECT m.id, m.conversation_id, m.ts, m.role, m.content, m.data, m.trial_id, m.importance,"
                            " m.pinned, 0.0, substr(m.content, 1, 160) FROM messages m WHERE (?1 IS NULL OR 1){}"
                            " ORDER BY m.id DESC LIMIT ?7",
                            kFilters)
              : fmt::format("SELECT m.id, m.conversation_id, m.ts, m.role, m.content, m.data, m.trial_id, m.importance,"
                            " m.pinned, bm25(messages_fts), snippet(messages_fts, 0, '[', ']', '…', 16)"
                            " FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid"
                            " WHERE messages_fts MATCH ?1{} ORDER BY bm25(messages_fts) LIMIT ?7",
                            kFilters);
      SQLite::Statement st(db, sql);
      if (match.empty()) st.bind(1);
      else st.bind(1, match);
      if (q.since) st.bind(2, static_cast<std::int64_t>(*q.since)); else st.bind(2);
      if (q.until) st.bind(3, static_cast<std::int64_t>(*q.until)); else st.bind(3);
      if (q.role) st.bind(4, *q.role); else st.bind(4);
      if (q.conversation_id) st.bind(5, *q.conversation_id); else st.bind(5);
      if (topic) st.bind(6, *topic); else st.bind(6);
      st.bind(7, limit * 5);  // candidates for the importance re-rank
      std::vector<SearchHit> hits;
      while (st.executeStep()) {
        SearchHit h;
        h.memory = read_memory(st);
        h.relevance = match.empty() ? 1.0 : -st.getColumn(9).getDouble();
        h.snippet = st.getColumn(10).getString();
        const double eff = effective_importance(h.memory.importance, h.memory.pinned, h.memory.ts, now);
        if (eff < q.min_importance) continue;
        h.score = h.relevance * (0.5 + eff);
        hits.push_back(std::move(h));
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
