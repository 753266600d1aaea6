// DatasetRepository: datasets in the store's `datasets` table — the content
// bytes exactly as received, the resolved parse options and the provenance.
//
// A dataset is never stored parsed: load() re-parses the stored bytes with the
// stored options after checking that their SHA-256 still matches the one
// recorded at import, so an altered row cannot pass as the imported data.
// The stored options carry a "format": "csv" (user files; the default when
// absent, as in rows written before sources existed), "polygon_aggs" or
// "fred_observations" (the response pages of a fetch, see data/polygon.h and
// data/fred.h). load() hands the bytes to the parser of that format.
//
// Thread-safety: as the Store (every call is one read or one write).
//
//   DatasetRepository repo(store);
//   repo.save(import.dataset, content, options);
//   Dataset sp500 = repo.load("sp500_daily");
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "data/csv_import.h"
#include "data/dataset.h"
#include "store/store.h"

namespace mlt {

class DatasetRepository {
 public:
  explicit DatasetRepository(Store& store);

  // Stores the dataset with its content bytes (exactly as read) and the parse
  // options, resolved against the content's header so a later load parses
  // identically. Throws Error{Conflict} when the name exists unless replace,
  // Error{Internal} when provenance.sha256 != sha256_hex(content),
  // Error{InvalidArgument} for an invalid name. Atomic: on any error the store is unchanged.
  void save(const Dataset& ds, std::string_view content, const CsvImportOptions& options, bool replace = false);

  // Stores a fetched dataset: content is the source's bytes, options its
  // stored_options() (with "format"). Same checks and atomicity as save().
  void save_fetched(const Dataset& ds, std::string_view content, const Json& options, bool replace = false);
  // save_fetched() inside the caller's write transaction (e.g. together with
  // the fetch cache entry, so both land or neither does).
  static void save_in(SQLite::Database& db, const Dataset& ds, std::string_view content, const Json& options,
                      bool replace);

  // Re-parses the stored content after verifying sha256_hex(content) == stored
  // sha256 == provenance.sha256; the dataset keeps its original provenance.
  // Throws Error{NotFound} (hint: close names, 'mltrainer data list') or
  // Error{DataError} when the content was altered after import.
  Dataset load(const std::string& name);

  bool exists(const std::string& name);
  // Throws Error{NotFound} with a "did you mean" hint unless the dataset exists.
  void require(const std::string& name);
  // nullopt when intact, else a one-line reason (missing, unreadable
  // provenance, SHA-256 mismatch). Used by the compliance gateway.
  std::optional<std::string> integrity_problem(const std::string& name);
  // All names, sorted.
  std::vector<std::string> names();

  // Array of {name, kind, source, rows, first, last, columns, sha256, description}, sorted by name.
  Json list();
  // describe_dataset() (data/dataset_summary.h) plus name, kind, source and provenance.
  Json describe(const std::string& name);
  // dataset_rows() plus name: the first `head` and last `tail` rows.
  Json show(const std::string& name, int head, int tail);
  // Throws Error{NotFound} when there is no such dataset.
  void remove(const std::string& name);

 private:
  [[noreturn]] void throw_not_found(const std::string& name);
  Store& store_;
};

}  // namespace mlt
