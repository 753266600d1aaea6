// Store: the one SQLite file (WAL) that holds datasets, trials and their
// events, results, models and the audit log.
//
// Thread-safety: one connection, one mutex. Every read and write goes
// through read()/write(), so there is exactly one writer at a time; write()
// wraps the callback in a transaction that commits only if it returns.
// Migrations are applied in order when the store is opened.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

#include "core/json.h"

namespace mlt {

class Store {
 public:
  // Opens (creating if needed) DATA_DIR/mltrainer.db and migrates it.
  // Throws Error{Io} when the folder or file cannot be used.
  explicit Store(const std::filesystem::path& data_dir);
  // An in-memory store for unit tests that need no file.
  static std::unique_ptr<Store> in_memory();

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs fn(db) in an IMMEDIATE transaction; commits if fn returns, rolls
  // back if it throws (the exception propagates).
  template <class Fn>
  auto write(Fn&& fn) -> decltype(fn(std::declval<SQLite::Database&>())) {
    std::lock_guard lock(mutex_);
    SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
    if constexpr (std::is_void_v<decltype(fn(*db_))>) {
      fn(*db_);
      tx.commit();
    } else {
      auto out = fn(*db_);
      tx.commit();
      return out;
    }
  }

  // Runs fn(db) under the store's lock, without a write transaction.
  template <class Fn>
  auto read(Fn&& fn) -> decltype(fn(std::declval<SQLite::Database&>())) {
    std::lock_guard lock(mutex_);
    return fn(*db_);
  }

  int schema_version();
  int latest_schema_version() const;
  // File path, size, schema version, row counts per table.
  Json status();
  const std::filesystem::path& path() const { return path_; }

 private:
  Store(std::unique_ptr<SQLite::Database> db, std::filesystem::path path);
  void migrate();

  std::unique_ptr<SQLite::Database> db_;
  std::filesystem::path path_;
  std::mutex mutex_;
};

// Reads column `i` of a statement as JSON (stored as TEXT); null for NULL.
Json column_json(SQLite::Statement& st, int i);

}  // namespace mlt
