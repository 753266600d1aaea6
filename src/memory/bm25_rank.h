// mlt_bm25(messages_fts, df1, df2, ...): BM25 as an FTS5 auxiliary function
// whose document frequencies are passed in (from term_stats) instead of
// counted. FTS5's own bm25() counts every row matching each phrase on every
// query (xQueryPhrase), which costs time in proportion to the store for a
// common word even when the query is limited to a window of rowids.
// Same formula and constants as FTS5's bm25 (k1 = 1.2, b = 0.75), negated
// like it (lower is better).
#pragma once

#include <sqlite3.h>

namespace mlt::memory {

// Registers mlt_bm25 on this connection unless it is already there.
// Throws Error{Internal} when the connection has no FTS5.
void register_bm25_rank(sqlite3* db);

// The connection's FTS5 API (null when it has none).
fts5_api* fts5_of(sqlite3* db);

}  // namespace mlt::memory
