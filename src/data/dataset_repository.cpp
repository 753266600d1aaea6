#include "data/dataset_repository.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/edit_distance.h"
#include "core/error.h"
#include "core/sha256.h"
#include "data/dataset_summary.h"
#include "data/fred.h"
#include "data/polygon.h"

namespace mlt {

namespace {

struct StoredDataset {
  std::string content;
  std::string sha256;
  Json options;
  Json provenance;
};

std::optional<StoredDataset> read_stored(Store& store, const std::string& name) {
  return store.read([&](SQLite::Database& db) -> std::optional<StoredDataset> {
    SQLite::Statement st(db, "SELECT content, sha256, options, provenance FROM datasets WHERE name = ?");
    st.bind(1, name);
    if (!st.executeStep()) return std::nullopt;
    const SQLite::Column content = st.getColumn(0);
    StoredDataset out;
    out.content.assign(static_cast<const char*>(content.getBlob()), static_cast<std::size_t>(content.getBytes()));
    out.sha256 = st.getColumn(1).getString();
    out.options = column_json(st, 2);
    out.provenance = column_json(st, 3);
    return out;
  });
}

std::string altered_message(const std::string& name) {
  return fmt::format("dataset '{}' was altered after import: its content no longer matches its provenance SHA-256",
                     name);
}

// Why the stored row cannot be trusted, or nullopt.
std::optional<std::string> verify(const std::string& name, const StoredDataset& row, Provenance* provenance_out) {
  Provenance provenance;
  try {
    provenance = Provenance::from_json(row.provenance);
  } catch (const Error& e) {
    return fmt::format("dataset '{}' has an unreadable provenance record: {}", name, e.message());
  }
  if (sha256_hex(row.content) != row.sha256 || row.sha256 != provenance.sha256) return altered_message(name);
  if (provenance_out) *provenance_out = std::move(provenance);
  return std::nullopt;
}


}  // namespace

DatasetRepository::DatasetRepository(Store& store) : store_(store) {}

void DatasetRepository::require(const std::string& name) {
  if (!exists(name)) throw_not_found(name);
}

void DatasetRepository::throw_not_found(const std::string& name) {
  std::vector<std::string> close;
  for (const auto& other : names()) {
    const bool contains = other.find(name) != std::string::npos || name.find(other) != std::string::npos;
    if (contains || edit_distance(name, other) <= std::max<std::size_t>(2, name.size() / 3)) close.push_back(other);
  }
  std::string hint = "run 'mltrainer data list' to see the stored datasets, or import one with data.import_csv";
  if (!close.empty()) hint = fmt::format("did you mean {}? {}", fmt::join(close, ", "), hint);
  throw Error(ErrorKind::NotFound, fmt::format("dataset '{}' does not exist", name), hint);
}

void DatasetRepository::save(const Dataset& ds, std::string_view content, const CsvImportOptions& options,
                             bool replace) {
  check_dataset_name(ds.name());
  if (sha256_hex(content) != ds.provenance().sha256)
    throw Error(ErrorKind::Internal,
                fmt::format("dataset '{}': its provenance SHA-256 does not match the content being stored", ds.name()),
                "this is a bug in mlTrainer: the content must be the bytes the dataset was parsed from");
  CsvImportOptions resolved = CsvImporter::resolve(content, ds.provenance().identifier, options);
  resolved.name = ds.name();
  Json stored = resolved.to_json();
  stored["format"] = "csv";
  store_.write([&](SQLite::Database& db) { save_in(db, ds, content, stored, replace); });
}

void DatasetRepository::save_fetched(const Dataset& ds, std::string_view content, const Json& options, bool replace) {
  store_.write([&](SQLite::Database& db) { save_in(db, ds, content, options, replace); });
}

void DatasetRepository::save_in(SQLite::Database& db, const Dataset& ds, std::string_view content,
                                const Json& options, bool replace) {
  check_dataset_name(ds.name());
  const Provenance& provenance = ds.provenance();
  if (sha256_hex(content) != provenance.sha256)
    throw Error(ErrorKind::Internal,
                fmt::format("dataset '{}': its provenance SHA-256 does not match the content being stored", ds.name()),
                "this is a bug in mlTrainer: the content must be the bytes the dataset was parsed from");
  const auto& ts = ds.timestamps();
  const Json columns = ds.columns();
  SQLite::Statement find(db, "SELECT 1 FROM datasets WHERE name = ?");
  find.bind(1, ds.name());
  if (find.executeStep()) {
    if (!replace)
      throw Error(ErrorKind::Conflict, fmt::format("dataset '{}' already exists", ds.name()),
                  "choose another name, or pass replace: true to overwrite it");
    SQLite::Statement del(db, "DELETE FROM datasets WHERE name = ?");
    del.bind(1, ds.name());
    del.exec();
  }
  SQLite::Statement ins(
      db,
      "INSERT INTO datasets (name, kind, source, provenance, sha256, content, options, rows, columns,"
      " first_ts, last_ts, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)");
  ins.bind(1, ds.name());
  ins.bind(2, std::string(kind_name(ds.kind())));
  ins.bind(3, std::string(source_name(provenance.source)));
  ins.bind(4, provenance.to_json().dump());
  ins.bind(5, provenance.sha256);
  ins.bind(6, content.data(), static_cast<int>(content.size()));
  ins.bind(7, options.dump());
  ins.bind(8, static_cast<std::int64_t>(ts.size()));
  ins.bind(9, columns.dump());
  ins.bind(10, ts.empty() ? TimestampMs{0} : ts.front());
  ins.bind(11, ts.empty() ? TimestampMs{0} : ts.back());
  // For a user file the import is the retrieval; for a fetch, the retrieval time.
  ins.bind(12, provenance.retrieved_at);
  ins.exec();
}

Dataset DatasetRepository::load(const std::string& name) {
  const auto row = read_stored(store_, name);
  if (!row) throw_not_found(name);
  Provenance provenance;
  if (auto problem = verify(name, *row, &provenance))
    throw Error(ErrorKind::DataError, *problem,
                fmt::format("re-import the original file with data.import_csv (replace: true), or remove it with "
                            "'mltrainer data remove {}'",
                            name));
  const std::string format = row->options.is_object() ? row->options.value("format", "csv") : "csv";
  if (format == "polygon_aggs") return PolygonSource::dataset(name, std::move(provenance), row->content, row->options);
  if (format == "fred_observations") return FredSource::dataset(name, std::move(provenance), row->content, row->options);
  if (format != "csv")
    throw Error(ErrorKind::DataError, fmt::format("dataset '{}' has an unknown stored format '{}'", name, format),
                "it was written by a newer mlTrainer; upgrade, or remove it");
  const CsvImportOptions options = CsvImportOptions::from_json(row->options);
  const Dataset parsed = CsvImporter::parse(row->content, provenance.identifier, options, provenance.retrieved_at);
  // Keep the provenance recorded at import (origin, description) rather than the re-parse's.
  const ApprovedSourceKey key;
  if (parsed.kind() == DatasetKind::Bars) return Dataset(key, name, std::move(provenance), parsed.bars());
  return Dataset(key, name, std::move(provenance), parsed.panel());
}

bool DatasetRepository::exists(const std::string& name) {
  return store_.read([&](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT 1 FROM datasets WHERE name = ?");
    st.bind(1, name);
    return st.executeStep();
  });
}

std::optional<std::string> DatasetRepository::integrity_problem(const std::string& name) {
  const auto row = read_stored(store_, name);
  if (!row) return fmt::format("dataset '{}' does not exist", name);
  return verify(name, *row, nullptr);
}

std::vector<std::string> DatasetRepository::names() {
  return store_.read([&](SQLite::Database& db) {
    std::vector<std::string> out;
    SQLite::Statement st(db, "SELECT name FROM datasets ORDER BY name");
    while (st.executeStep()) out.push_back(st.getColumn(0).getString());
    return out;
  });
}

Json DatasetRepository::list() {
  return store_.read([&](SQLite::Database& db) {
    Json out = Json::array();
    SQLite::Statement st(db,
                         "SELECT name, kind, source, rows, first_ts, last_ts, columns, sha256, provenance"
                         " FROM datasets ORDER BY name");
    while (st.executeStep()) {
      const Json provenance = column_json(st, 8);
      out.push_back({{"name", st.getColumn(0).getString()},
                     {"kind", st.getColumn(1).getString()},
                     {"source", st.getColumn(2).getString()},
                     {"rows", st.getColumn(3).getInt64()},
                     {"first", format_timestamp(st.getColumn(4).getInt64())},
                     {"last", format_timestamp(st.getColumn(5).getInt64())},
                     {"columns", column_json(st, 6)},
                     {"sha256", st.getColumn(7).getString()},
                     {"description", provenance.is_object() ? provenance.value("description", "") : ""}});
    }
    return out;
  });
}

Json DatasetRepository::describe(const std::string& name) {
  const Dataset ds = load(name);
  Json out = describe_dataset(ds);
  out["name"] = name;
  out["kind"] = kind_name(ds.kind());
  out["source"] = source_name(ds.provenance().source);
  out["provenance"] = ds.provenance().to_json();
  return out;
}

Json DatasetRepository::show(const std::string& name, int head, int tail) {
  Json out = dataset_rows(load(name), head, tail);
  out["name"] = name;
  return out;
}

void DatasetRepository::remove(const std::string& name) {
  const bool removed = store_.write([&](SQLite::Database& db) {
    SQLite::Statement st(db, "DELETE FROM datasets WHERE name = ?");
    st.bind(1, name);
    return st.exec() > 0;
  });
  if (!removed) throw_not_found(name);
}

}  // namespace mlt
