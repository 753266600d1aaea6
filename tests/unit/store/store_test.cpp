#include "store/store.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "support/test_paths.h"

namespace mlt {

TEST(Store, CreatesAndMigratesInWalMode) {
  test::TempDir dir;
  Store store(dir.path() / "nested" / "store");
  EXPECT_EQ(store.schema_version(), store.latest_schema_version());
  const Json status = store.status();
  EXPECT_EQ(status["journal_mode"], "wal");
  for (const char* table : {"datasets", "trials", "trial_events", "results", "audit", "settings"})
    EXPECT_TRUE(status["tables"].contains(table)) << table;
}

TEST(Store, FileStoreReadsThroughAMemoryMapWithABoundedCache) {
  test::TempDir dir;
  Store store(dir.path());
  store.read([](SQLite::Database& db) {
    // Negative cache_size is KiB: 64 MiB of page cache, and a 512 MiB map.
    EXPECT_EQ(db.execAndGet("PRAGMA cache_size").getInt64(), -64 * 1024);
    EXPECT_EQ(db.execAndGet("PRAGMA mmap_size").getInt64(), 512LL * 1024 * 1024);
    EXPECT_EQ(db.execAndGet("PRAGMA journal_mode").getString(), "wal");
  });
}

TEST(Store, ReopeningKeepsDataAndDoesNotRemigrate) {
  test::TempDir dir;
  {
    Store store(dir.path());
    store.write([](SQLite::Database& db) { db.exec("INSERT INTO settings VALUES ('k', 'v')"); });
  }
  Store again(dir.path());
  EXPECT_EQ(again.read([](SQLite::Database& db) { return db.execAndGet("SELECT value FROM settings").getString(); }), "v");
  EXPECT_EQ(again.read([](SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM schema_version").getInt(); }),
            again.latest_schema_version());
}

TEST(Store, FailedWriteRollsBack) {
  auto store = Store::in_memory();
  EXPECT_THROW(store->write([](SQLite::Database& db) {
    db.exec("INSERT INTO settings VALUES ('a', '1')");
    throw Error(ErrorKind::DataError, "boom");
  }), Error);
  EXPECT_EQ(store->read([](SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM settings").getInt(); }), 0);
}

TEST(Store, NotAStoreIsAClearError) {
  test::TempDir dir;
  std::ofstream(dir.path() / "mltrainer.db") << "this is not a database, it is a text file with enough bytes to look like one";
  try {
    Store store(dir.path());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Io);
    EXPECT_FALSE(e.hint().empty());
  }
}

TEST(Store, NewerSchemaIsRefused) {
  test::TempDir dir;
  {
    Store store(dir.path());
    store.write([](SQLite::Database& db) { db.exec("INSERT INTO schema_version VALUES (99, 'future')"); });
  }
  EXPECT_THROW(Store(dir.path()), Error);
}

}  // namespace mlt
