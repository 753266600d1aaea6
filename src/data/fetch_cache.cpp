#include "data/fetch_cache.h"

#include <spdlog/spdlog.h>

#include "core/sha256.h"

namespace mlt {

std::optional<CachedFetch> FetchCache::find(const std::string& key) {
  auto entry = store_.read([&](SQLite::Database& db) -> std::optional<CachedFetch> {
    SQLite::Statement st(db,
                         "SELECT source, origin, content, sha256, pages, retrieved_at FROM fetch_cache WHERE key = ?");
    st.bind(1, key);
    if (!st.executeStep()) return std::nullopt;
    CachedFetch out;
    out.key = key;
    out.source = st.getColumn(0).getString();
    out.origin = st.getColumn(1).getString();
    const SQLite::Column content = st.getColumn(2);
    out.content.assign(static_cast<const char*>(content.getBlob()), static_cast<std::size_t>(content.getBytes()));
    out.sha256 = st.getColumn(3).getString();
    out.pages = st.getColumn(4).getInt();
    out.retrieved_at = st.getColumn(5).getInt64();
    return out;
  });
  if (entry && sha256_hex(entry->content) != entry->sha256) {
    spdlog::warn("fetch cache entry '{}' was altered; ignoring it", key);
    return std::nullopt;
  }
  return entry;
}

void FetchCache::put(const CachedFetch& entry) {
  store_.write([&](SQLite::Database& db) { put_in(db, entry); });
}

void FetchCache::put_in(SQLite::Database& db, const CachedFetch& entry) {
  SQLite::Statement st(db,
                       "INSERT OR REPLACE INTO fetch_cache (key, source, origin, content, sha256, pages, retrieved_at)"
                       " VALUES (?,?,?,?,?,?,?)");
  st.bind(1, entry.key);
  st.bind(2, entry.source);
  st.bind(3, entry.origin);
  st.bind(4, entry.content.data(), static_cast<int>(entry.content.size()));
  st.bind(5, entry.sha256);
  st.bind(6, entry.pages);
  st.bind(7, entry.retrieved_at);
  st.exec();
}

bool FetchCache::usable(const CachedFetch& entry, const RefreshPolicy& policy, TimestampMs now) {
  switch (policy.mode) {
    case CacheMode::Offline: return true;
    case CacheMode::Refresh: return false;
    case CacheMode::Normal: return now - entry.retrieved_at <= policy.max_age_ms;
  }
  return false;
}

Json FetchCache::list() {
  return store_.read([&](SQLite::Database& db) {
    Json out = Json::array();
    SQLite::Statement st(db,
                         "SELECT key, source, origin, pages, length(content), retrieved_at FROM fetch_cache"
                         " ORDER BY retrieved_at DESC, key");
    while (st.executeStep())
      out.push_back({{"key", st.getColumn(0).getString()},
                     {"source", st.getColumn(1).getString()},
                     {"origin", st.getColumn(2).getString()},
                     {"pages", st.getColumn(3).getInt()},
                     {"bytes", st.getColumn(4).getInt64()},
                     {"retrieved_at", format_iso8601(st.getColumn(5).getInt64())}});
    return out;
  });
}

}  // namespace mlt
