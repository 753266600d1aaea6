#include "memory/memory_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/secrets.h"
#include "memory/importance.h"
#include "store/store.h"

namespace mlt::memory {
namespace {

constexpr std::string_view kRoles[] = {"user", "assistant", "tool", "action", "result", "compliance", "system"};

Json scrub(const Json& j, int depth = 0) {
  if (depth > 20) return nullptr;
  if (j.is_object()) {
    Json out = Json::object();
    for (const auto& [k, v] : j.items())
      out[k] = is_secret_field_name(k) ? Json(std::string(kRedacted)) : scrub(v, depth + 1);
    return out;
  }
  if (j.is_array()) {
    Json out = Json::array();
    for (const auto& v : j) out.push_back(scrub(v, depth + 1));
    return out;
  }
  if (j.is_string()) return redact(j.get<std::string>());
  return j;
}


constexpr const char* kColumns = "m.id, m.conversation_id, m.ts, m.role, m.content, m.data, m.trial_id, m.importance, m.pinned";

}  // namespace

Memory read_memory(SQLite::Statement& st) {
  Memory m;
  m.id = st.getColumn(0).getInt64();
  m.conversation_id = st.getColumn(1).getInt64();
  m.ts = st.getColumn(2).getInt64();
  m.role = st.getColumn(3).getString();
  m.content = st.getColumn(4).getString();
  m.data = column_json(st, 5);
  if (!st.getColumn(6).isNull()) m.trial_id = st.getColumn(6).getInt64();
  m.importance = st.getColumn(7).getDouble();
  m.pinned = st.getColumn(8).getInt() != 0;
  return m;
}

Json Memory::to_json() const {
  Json j{{"id", id},     {"conversation_id", conversation_id}, {"ts", format_iso8601(ts)}, {"role", role},
         {"content", content}, {"importance", importance}, {"pinned", pinned}};
  if (!data.is_null()) j["data"] = data;
  if (trial_id) j["trial_id"] = *trial_id;
  return j;
}

Json SearchHit::to_json() const {
  Json j = memory.to_json();
  j["relevance"] = relevance;
  j["score"] = score;
  j["snippet"] = snippet;
  return j;
}

std::vector<std::string> fts_terms(std::string_view text) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& term : content_terms(text)) {
    if (!seen.insert(term).second || seen.size() > 16) continue;
    std::string clean;
    for (char c : term)
      if (c != '"') clean += c;
    if (!clean.empty()) out.push_back(std::move(clean));
  }
  return out;
}

std::string fts_query(std::string_view text, bool any_term) {
  std::string q;
  for (const auto& t : fts_terms(text)) {
    if (!q.empty()) q += any_term ? " OR " : " ";
    q += "\"" + t + "\"";
  }
  return q;
}

MemoryStore::MemoryStore(Store& store, const Env& env) : store_(store), env_(env) {}

std::int64_t MemoryStore::new_conversation(const std::string& title) {
  return store_.write([&](SQLite::Database& db) {
    SQLite::Statement st(db, "INSERT INTO conversations(title, created_at) VALUES (?, ?)");
    st.bind(1, redact(title.substr(0, 200)));
    st.bind(2, static_cast<std::int64_t>(env_.now()));
    st.exec();
    return db.getLastInsertRowid();
  });
}

// One transaction's prepared statements, reused for every message of a batch.
struct MemoryStore::Writer {
  SQLite::Database& db;
  SQLite::Statement df{db, "SELECT docs FROM term_stats WHERE term = ?"};
  SQLite::Statement ins{db,
                        "INSERT INTO messages(conversation_id, ts, role, content, data, trial_id, importance, pinned) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"};
  SQLite::Statement topic{db,
                          "INSERT INTO topics(name, kind, messages, last_seen) VALUES (?, ?, 1, ?) "
                          "ON CONFLICT(kind, name) DO UPDATE SET messages = messages + 1, last_seen = excluded.last_seen "
                          "RETURNING id"};
  SQLite::Statement link{db, "INSERT OR REPLACE INTO message_topics(topic_id, message_id, weight) VALUES (?, ?, ?)"};
  SQLite::Statement term{db, "INSERT INTO term_stats(term, docs) VALUES (?, 1) "
                             "ON CONFLICT(term) DO UPDATE SET docs = docs + 1"};
  std::int64_t total = 0;  // messages stored, for the keywords' IDF
  TimestampMs last_ts = 0;

  explicit Writer(SQLite::Database& d) : db(d) {
    // max(id), not count(*): O(log n) instead of a scan of a million rows per
    // message, and exact while messages are only ever appended.
    SQLite::Statement last(db, "SELECT id, ts FROM messages ORDER BY id DESC LIMIT 1");
    if (last.executeStep()) {
      total = last.getColumn(0).getInt64();
      last_ts = last.getColumn(1).getInt64();
    }
  }

  std::int64_t add(const MessageInput& in, TimestampMs clock_now) {
    // Timestamps never decrease with id (a clock stepped back is held at the
    // last one), so a date range maps to an id range in search().
    const TimestampMs now = std::max(clock_now, last_ts);
    last_ts = now;
    std::string content = redact(in.content);
    if (content.size() > kMaxContentBytes) content = content.substr(0, kMaxContentBytes) + " …[cut]";
    const Json data = scrub(in.data);
    auto docs_with = [&](const std::string& t) -> std::int64_t {
      df.reset();
      df.bind(1, t);
      return df.executeStep() ? df.getColumn(0).getInt64() : 0;
    };
    const auto topics = extract_topics(content, docs_with, total);
    const double importance = stored_importance(in.role, data, topics.size(), in.pinned);

    ins.reset();
    ins.bind(1, in.conversation_id);
    ins.bind(2, static_cast<std::int64_t>(now));
    ins.bind(3, in.role);
    ins.bind(4, content);
    if (data.is_null()) ins.bind(5);
    else ins.bind(5, data.dump());
    if (in.trial_id) ins.bind(6, *in.trial_id);
    else ins.bind(6);
    ins.bind(7, importance);
    ins.bind(8, in.pinned ? 1 : 0);
    ins.exec();
    const std::int64_t id = db.getLastInsertRowid();
    ++total;

    for (const auto& t : topics) {
      topic.reset();
      topic.bind(1, t.name);
      topic.bind(2, t.kind);
      topic.bind(3, static_cast<std::int64_t>(now));
      topic.executeStep();
      const std::int64_t topic_id = topic.getColumn(0).getInt64();
      while (topic.executeStep()) {
      }
      link.reset();
      link.bind(1, topic_id);
      link.bind(2, id);
      link.bind(3, t.weight);
      link.exec();
    }
    std::set<std::string> distinct;
    for (const auto& t : content_terms(content))
      if (distinct.size() < 200) distinct.insert(t);
    for (const auto& t : distinct) {
      term.reset();
      term.bind(1, t);
      term.exec();
    }
    return id;
  }
};

namespace {
void check_role(const MessageInput& in) {
  if (std::find(std::begin(kRoles), std::end(kRoles), in.role) == std::end(kRoles))
    throw Error(ErrorKind::InvalidArgument, fmt::format("unknown memory role '{}'", in.role),
                "use user, assistant, tool, action, result, compliance or system");
}
}  // namespace

std::int64_t MemoryStore::record(const MessageInput& in) {
  check_role(in);
  const TimestampMs now = env_.now();
  return store_.write([&](SQLite::Database& db) { return Writer(db).add(in, now); });
}

std::vector<std::int64_t> MemoryStore::record_batch(const std::vector<MessageInput>& messages) {
  for (const auto& m : messages) check_role(m);  // all or nothing: check before writing any
  return store_.write([&](SQLite::Database& db) {
    Writer w(db);
    std::vector<std::int64_t> ids;
    ids.reserve(messages.size());
    for (const auto& m : messages) ids.push_back(w.add(m, env_.now()));
    return ids;
  });
}

void MemoryStore::pin(std::int64_t id, bool pinned) {
  store_.write([&](SQLite::Database& db) {
    SQLite::Statement st(db, "UPDATE messages SET pinned = ?, importance = min(2.0, max(0.0, importance + ?)) "
                             "WHERE id = ? AND pinned != ?");
    st.bind(1, pinned ? 1 : 0);
    st.bind(2, pinned ? 1.0 : -1.0);
    st.bind(3, id);
    st.bind(4, pinned ? 1 : 0);
    st.exec();
    SQLite::Statement check(db, "SELECT 1 FROM messages WHERE id = ?");
    check.bind(1, id);
    if (!check.executeStep()) throw Error(ErrorKind::NotFound, fmt::format("no memory with id {}", id));
  });
}

std::vector<Memory> MemoryStore::conversation(std::int64_t conversation_id, int limit) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, fmt::format("SELECT {} FROM (SELECT * FROM messages WHERE conversation_id = ? "
                                         "ORDER BY id DESC LIMIT ?) m ORDER BY m.id",
                                         kColumns));
    st.bind(1, conversation_id);
    st.bind(2, std::clamp(limit, 1, 10000));
    std::vector<Memory> out;
    while (st.executeStep()) out.push_back(read_memory(st));
    return out;
  });
}

Json ConversationSummary::to_json() const {
  return {{"id", id},           {"title", title},   {"created_at", format_iso8601(created_at)},
          {"last_ts", format_iso8601(last_ts)}, {"messages", messages}, {"preview", preview}};
}

std::vector<ConversationSummary> MemoryStore::conversations(int limit) {
  return store_.read([&](SQLite::Database& db) {
    // Grouped over messages_conversation (conversation_id, id): no table scan per conversation.
    SQLite::Statement st(db, "SELECT c.id, c.title, c.created_at, g.n, g.last_ts,"
                             " (SELECT substr(u.content, 1, 160) FROM messages u WHERE u.conversation_id = c.id"
                             "  AND u.role = 'user' ORDER BY u.id LIMIT 1)"
                             " FROM (SELECT conversation_id, count(*) AS n, max(ts) AS last_ts, max(id) AS last_id"
                             "       FROM messages GROUP BY conversation_id) g"
                             " JOIN conversations c ON c.id = g.conversation_id"
                             " ORDER BY g.last_id DESC LIMIT ?");
    st.bind(1, std::clamp(limit, 1, 1000));
    std::vector<ConversationSummary> out;
    while (st.executeStep()) {
      ConversationSummary c;
      c.id = st.getColumn(0).getInt64();
      c.title = st.getColumn(1).getString();
      c.created_at = st.getColumn(2).getInt64();
      c.messages = st.getColumn(3).getInt64();
      c.last_ts = st.getColumn(4).getInt64();
      c.preview = st.getColumn(5).isNull() ? std::string() : st.getColumn(5).getString();
      out.push_back(std::move(c));
    }
    return out;
  });
}

std::vector<Topic> MemoryStore::topics_of(std::int64_t message_id) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT t.kind, t.name, mt.weight FROM message_topics mt JOIN topics t ON t.id = mt.topic_id "
                             "WHERE mt.message_id = ? ORDER BY t.kind, t.name");
    st.bind(1, message_id);
    std::vector<Topic> out;
    while (st.executeStep())
      out.push_back(Topic{st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getDouble()});
    return out;
  });
}

}  // namespace mlt::memory
