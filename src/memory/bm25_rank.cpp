#include "memory/bm25_rank.h"

#include <cmath>
#include <algorithm>

#include "core/error.h"

namespace mlt::memory {
namespace {

struct Totals {
  double rows = 0, avg_len = 1;
};

void bm25_with_given_df(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* ctx, int n_values,
                        sqlite3_value** values) {
  constexpr double k1 = 1.2, b = 0.75;
  // xRowCount and xColumnTotalSize can re-read the index's totals record on
  // each call (a blob read per scored row); the totals cannot change during
  // one query, so they are read on its first row and kept as the query's
  // auxiliary data.
  auto* totals = static_cast<Totals*>(api->xGetAuxdata(fts, 0));
  if (!totals) {
    sqlite3_int64 rows = 0, tokens = 0;
    if (api->xRowCount(fts, &rows) != SQLITE_OK || api->xColumnTotalSize(fts, -1, &tokens) != SQLITE_OK) {
      sqlite3_result_error(ctx, "mlt_bm25: cannot read the index statistics", -1);
      return;
    }
    totals = new Totals{static_cast<double>(rows),
                        rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0};
    if (api->xSetAuxdata(fts, totals, [](void* p) { delete static_cast<Totals*>(p); }) != SQLITE_OK) {
      // xSetAuxdata has already called the destructor on failure.
      sqlite3_result_error_nomem(ctx);
      return;
    }
  }
  int doc_len = 0;
  if (api->xColumnSize(fts, -1, &doc_len) != SQLITE_OK) {
    sqlite3_result_error(ctx, "mlt_bm25: cannot read the index statistics", -1);
    return;
  }
  const double rows = totals->rows, avg_len = totals->avg_len;
  double score = 0;
  const int phrases = api->xPhraseCount(fts);
  for (int i = 0; i < phrases; ++i) {
    int tf = 0, col = 0, off = 0;
    Fts5PhraseIter it;
    for (api->xPhraseFirst(fts, i, &it, &col, &off); col >= 0; api->xPhraseNext(fts, &it, &col, &off)) ++tf;
    if (tf == 0) continue;
    const double df = i < n_values ? std::max(0.0, sqlite3_value_double(values[i])) : 1.0;
    // FTS5's IDF, floored the same way so very common words still count a little.
    double idf = std::log((rows - df + 0.5) / (df + 0.5));
    if (idf <= 0.0) idf = 1e-6;
    score += idf * (tf * (k1 + 1.0)) / (tf + k1 * (1.0 - b + b * doc_len / avg_len));
  }
  sqlite3_result_double(ctx, -score);
}

}  // namespace

fts5_api* fts5_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(st, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(st);
  }
  sqlite3_finalize(st);
  return api;
}

void register_bm25_rank(sqlite3* db) {
  // FTS5 adds a function to its list on every registration, so register only
  // when this connection does not know it yet (preparing a call fails then).
  sqlite3_stmt* probe = nullptr;
  const bool known = sqlite3_prepare_v2(db, "SELECT mlt_bm25(messages_fts) FROM messages_fts WHERE 0", -1, &probe,
                                        nullptr) == SQLITE_OK;
  sqlite3_finalize(probe);
  if (known) return;
  fts5_api* api = fts5_of(db);
  if (!api || api->xCreateFunction(api, "mlt_bm25", nullptr, bm25_with_given_df, nullptr) != SQLITE_OK)
    throw Error(ErrorKind::Internal, "SQLite has no FTS5: the memory search needs it");
}

}  // namespace mlt::memory
