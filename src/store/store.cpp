#include "store/store.h"

#include <fmt/format.h>

#include "core/error.h"
#include "store/migrations.h"

namespace mlt {

namespace fs = std::filesystem;

namespace {
// Page cache and memory-map bounds of a file store (see Store::Store).
constexpr long long kCacheKiB = 64 * 1024;                // 64 MiB
constexpr long long kMmapBytes = 512LL * 1024 * 1024;     // 512 MiB

std::unique_ptr<SQLite::Database> open_db(const std::string& file) {
  try {
    auto db = std::make_unique<SQLite::Database>(
        file, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_FULLMUTEX);
    db->setBusyTimeout(5000);
    return db;
  } catch (const SQLite::Exception& e) {
    throw Error(ErrorKind::Io, fmt::format("cannot open store '{}': {}", file, e.what()),
                "check that the data folder is writable, or pass --data-dir");
  }
}
}  // namespace

Store::Store(const fs::path& data_dir) {
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec)
    throw Error(ErrorKind::Io, fmt::format("cannot create data folder '{}': {}", data_dir.string(), ec.message()),
                "pass --data-dir with a writable folder");
  path_ = data_dir / "mltrainer.db";
  db_ = open_db(path_.string());
  try {
    db_->exec("PRAGMA journal_mode=WAL");
    db_->exec("PRAGMA synchronous=NORMAL");
    db_->exec("PRAGMA foreign_keys=ON");
    // SQLite's default page cache is ~2 MiB, so on a large store (a million
    // conversation messages is ~500 MiB) most page visits of a search were
    // pread() calls and a copy. The first kMmapBytes of the file are read
    // through a memory map instead (no copy; those pages are the OS page
    // cache, shared with other readers), and the private cache keeps pages
    // past the map, pages read from the WAL and the pages a write dirties.
    // Both are bounds, not reservations: RSS grows only with pages actually
    // touched, so the store adds at most kMmapBytes + kCacheKiB whatever the
    // size of the file (the memory benchmark's 1 GiB budget). WAL and the one
    // writing connection are unchanged.
    db_->exec(fmt::format("PRAGMA cache_size=-{}", kCacheKiB));
    db_->exec(fmt::format("PRAGMA mmap_size={}", kMmapBytes));
  } catch (const SQLite::Exception& e) {
    throw Error(ErrorKind::Io, fmt::format("store '{}' is not usable: {}", path_.string(), e.what()),
                "the file may not be an mlTrainer store; move it aside or pass another --data-dir");
  }
  migrate();
}

Store::Store(std::unique_ptr<SQLite::Database> db, fs::path path) : db_(std::move(db)), path_(std::move(path)) {
  db_->exec("PRAGMA foreign_keys=ON");
  migrate();
}

std::unique_ptr<Store> Store::in_memory() {
  return std::unique_ptr<Store>(new Store(open_db(":memory:"), ":memory:"));
}

void Store::migrate() {
  std::lock_guard lock(mutex_);
  try {
    db_->exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
    const int current = db_->execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_version").getInt();
    const auto migrations = store_migrations();
    if (current > static_cast<int>(migrations.size()))
      throw Error(ErrorKind::Conflict,
                  fmt::format("store schema version {} is newer than this mltrainer ({})", current,
                              migrations.size()),
                  "upgrade mltrainer, or use another --data-dir");
    for (size_t v = static_cast<size_t>(current); v < migrations.size(); ++v) {
      SQLite::Transaction tx(*db_, SQLite::TransactionBehavior::IMMEDIATE);
      db_->exec(std::string(migrations[v]));
      SQLite::Statement ins(*db_, "INSERT INTO schema_version VALUES (?, datetime('now'))");
      ins.bind(1, static_cast<int>(v + 1));
      ins.exec();
      tx.commit();
    }
  } catch (const SQLite::Exception& e) {
    throw Error(ErrorKind::Io, fmt::format("store migration failed: {}", e.what()),
                "the store file may be damaged or not an mlTrainer store");
  }
}

int Store::schema_version() {
  return read([](SQLite::Database& db) {
    return db.execAndGet("SELECT COALESCE(MAX(version), 0) FROM schema_version").getInt();
  });
}

int Store::latest_schema_version() const { return static_cast<int>(store_migrations().size()); }

Json Store::status() {
  Json tables = Json::object();
  const int version = schema_version();
  read([&](SQLite::Database& db) {
    SQLite::Statement names(db, "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name");
    while (names.executeStep()) {
      const std::string name = names.getColumn(0).getString();
      tables[name] = db.execAndGet(fmt::format("SELECT COUNT(*) FROM \"{}\"", name)).getInt64();
    }
  });
  std::error_code ec;
  const auto size = path_ == ":memory:" ? 0 : fs::file_size(path_, ec);
  const std::string journal = read([](SQLite::Database& db) { return db.execAndGet("PRAGMA journal_mode").getString(); });
  return Json{{"path", path_.string()},
              {"size_bytes", ec ? 0 : size},
              {"journal_mode", journal},
              {"schema_version", version},
              {"latest_schema_version", latest_schema_version()},
              {"tables", tables}};
}

Json column_json(SQLite::Statement& st, int i) {
  auto col = st.getColumn(i);
  if (col.isNull()) return nullptr;
  return Json::parse(col.getString());
}

}  // namespace mlt
