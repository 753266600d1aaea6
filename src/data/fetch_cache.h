// FetchCache: whole responses of external sources, in the store's
// `fetch_cache` table, keyed by the canonical request without its key.
//
// One entry is one complete fetch (every page of a paginated request), so a
// failed multi-page fetch leaves nothing behind. Entries carry their SHA-256
// and are re-checked on read: an altered entry is treated as absent.
//
// Refresh policy (per call):
//   normal   serve a fresh-enough entry (age <= max_age_ms), else fetch
//   refresh  always fetch (and replace the entry)
//   offline  serve only the cache; a miss is an Error{NotFound} saying so
//
// Thread-safety: as the Store.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/time.h"
#include "store/store.h"

namespace mlt {

enum class CacheMode { Normal, Refresh, Offline };

struct RefreshPolicy {
  CacheMode mode = CacheMode::Normal;
  TimestampMs max_age_ms = 24 * 3'600'000LL;  // a day: end-of-day data changes at most daily
};

struct CachedFetch {
  std::string key;      // e.g. "polygon /v2/aggs/ticker/AAPL/range/1/day/2020-01-01/2020-12-31?adjusted=true&limit=5000&sort=asc"
  std::string source;   // "polygon" | "fred"
  std::string origin;   // first request URL, secrets removed
  std::string content;  // the response bodies (see PolygonSource/FredSource for the layout)
  std::string sha256;   // of content
  int pages = 1;
  TimestampMs retrieved_at = 0;
};

class FetchCache {
 public:
  explicit FetchCache(Store& store) : store_(store) {}

  // The entry for key, or nullopt when absent or its content no longer matches its SHA-256.
  std::optional<CachedFetch> find(const std::string& key);
  // Inserts or replaces; put_in() does so inside the caller's write transaction.
  void put(const CachedFetch& entry);
  static void put_in(SQLite::Database& db, const CachedFetch& entry);
  // Whether an entry may be served under `policy` at `now` (offline: always).
  static bool usable(const CachedFetch& entry, const RefreshPolicy& policy, TimestampMs now);
  // Array of {key, source, origin, pages, bytes, retrieved_at}, newest first.
  Json list();

 private:
  Store& store_;
};

}  // namespace mlt
