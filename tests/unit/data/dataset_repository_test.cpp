// DatasetRepository: stores bytes + options + provenance, re-parses on load,
// and refuses content that no longer matches its SHA-256.
#include "data/dataset_repository.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "core/sha256.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

struct Imported {
  std::string content;
  CsvImport import;
};

Imported import_bundled(const std::string& rel, const std::string& name, TimestampMs at = 1'700'000'000'000) {
  std::string content = CsvImporter::read_bytes(test::data_file(rel));
  CsvImportOptions options;
  options.name = name;
  options.description = "bundled sample";
  CsvImport imported = CsvImporter::import(content, "data/" + rel, options, at);
  return {std::move(content), std::move(imported)};
}

class DatasetRepositoryTest : public ::testing::Test {
 protected:
  void save(const std::string& rel, const std::string& name, bool replace = false) {
    const Imported i = import_bundled(rel, name);
    repo_.save(i.import.dataset, i.content, i.import.resolved, replace);
  }
  std::int64_t row_count() {
    return store_->read([](SQLite::Database& db) { return db.execAndGet("SELECT COUNT(*) FROM datasets").getInt64(); });
  }
  std::unique_ptr<Store> store_ = Store::in_memory();
  DatasetRepository repo_{*store_};
};

TEST_F(DatasetRepositoryTest, SaveThenLoadGivesTheSameDataAndProvenance) {
  const Imported i = import_bundled("market/sp500_daily_2000-2020.csv", "sp500_daily");
  repo_.save(i.import.dataset, i.content, i.import.resolved);
  const Dataset loaded = repo_.load("sp500_daily");
  EXPECT_EQ(loaded.name(), "sp500_daily");
  EXPECT_EQ(loaded.kind(), DatasetKind::Bars);
  EXPECT_EQ(loaded.bars().ts, i.import.dataset.bars().ts);
  EXPECT_EQ(loaded.bars().close, i.import.dataset.bars().close);
  EXPECT_EQ(loaded.provenance().sha256, "9409e9342d0657c747324e4cfabce8a8c7f663bc485b95a3378f36b0a160f8c8");
  EXPECT_EQ(loaded.provenance().retrieved_at, 1'700'000'000'000);
  EXPECT_EQ(loaded.provenance().description, "bundled sample");
  EXPECT_EQ(loaded.provenance().identifier, "data/market/sp500_daily_2000-2020.csv");
  EXPECT_TRUE(repo_.exists("sp500_daily"));
  EXPECT_EQ(repo_.integrity_problem("sp500_daily"), std::nullopt);
}

TEST_F(DatasetRepositoryTest, StoresResolvedOptionsSoRawOptionsReparseTheSame) {
  // Saved with the caller's raw options ("auto"); the stored options name the detected layout.
  const Imported i = import_bundled("macro/fred_core_series.csv", "fred_core");
  repo_.save(i.import.dataset, i.content, CsvImportOptions{});
  const Json options = store_->read([](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT options FROM datasets WHERE name = 'fred_core'");
    st.executeStep();
    return column_json(st, 0);
  });
  EXPECT_EQ(options["layout"], "long");
  EXPECT_EQ(options["series_column"], "series_id");
  EXPECT_EQ(options["date_column"], "date");
  const Dataset loaded = repo_.load("fred_core");
  EXPECT_NEAR(loaded.panel().series("UNRATE").values[static_cast<std::size_t>(
                  std::find(loaded.timestamps().begin(), loaded.timestamps().end(), *parse_timestamp("2020-04-01")) -
                  loaded.timestamps().begin())],
              14.7, 1e-4);
}

TEST_F(DatasetRepositoryTest, DuplicateNameIsAConflictUnlessReplace) {
  save("market/aapl_daily_2013-2018.csv", "stock");
  try {
    save("market/goog_daily_2004-2008.csv", "stock");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Conflict);
  }
  EXPECT_EQ(repo_.load("stock").rows(), 1260u);  // unchanged
  save("market/goog_daily_2004-2008.csv", "stock", /*replace=*/true);
  EXPECT_EQ(repo_.load("stock").rows(), 1047u);
  EXPECT_EQ(row_count(), 1);
}

TEST_F(DatasetRepositoryTest, ContentThatDoesNotMatchTheProvenanceIsABug) {
  const Imported i = import_bundled("market/goog_daily_2004-2008.csv", "goog");
  try {
    repo_.save(i.import.dataset, i.content + "\n", i.import.resolved);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Internal);
  }
  EXPECT_EQ(row_count(), 0);
}

TEST_F(DatasetRepositoryTest, TamperedContentIsRefusedOnLoad) {
  save("market/goog_daily_2004-2008.csv", "goog_daily");
  store_->write([](SQLite::Database& db) {
    // Rewrite the GOOG IPO-day close (100.34) in the stored bytes.
    db.exec(
        "UPDATE datasets SET content = CAST(replace(CAST(content AS TEXT), '95.96,100.34', '95.96,150.34') AS BLOB)"
        " WHERE name = 'goog_daily'");
  });
  try {
    repo_.load("goog_daily");
    FAIL() << "loaded tampered content";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::DataError);
    EXPECT_EQ(e.message(),
              "dataset 'goog_daily' was altered after import: its content no longer matches its provenance SHA-256");
  }
  const auto problem = repo_.integrity_problem("goog_daily");
  ASSERT_TRUE(problem.has_value());
  EXPECT_NE(problem->find("altered"), std::string::npos);
}

TEST_F(DatasetRepositoryTest, TamperedShaColumnIsRefusedToo) {
  save("market/goog_daily_2004-2008.csv", "goog_daily");
  store_->write([](SQLite::Database& db) { db.exec("UPDATE datasets SET sha256 = 'x' WHERE name = 'goog_daily'"); });
  EXPECT_TRUE(repo_.integrity_problem("goog_daily").has_value());
  EXPECT_THROW(repo_.load("goog_daily"), Error);
}

TEST_F(DatasetRepositoryTest, MissingDatasetSuggestsCloseNames) {
  save("market/sp500_daily_2000-2020.csv", "sp500_daily");
  try {
    repo_.load("sp500_dialy");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(e.hint().find("sp500_daily"), std::string::npos) << e.hint();
    EXPECT_NE(e.hint().find("mltrainer data list"), std::string::npos);
  }
  EXPECT_FALSE(repo_.exists("nope"));
  EXPECT_NE(repo_.integrity_problem("nope"), std::nullopt);
}

TEST_F(DatasetRepositoryTest, ListDescribeShowRemove) {
  save("market/sp500_daily_2000-2020.csv", "sp500_daily");
  save("market/dowjones30_close_1991-2000.csv", "dow30_close");

  const Json list = repo_.list();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "dow30_close");  // sorted
  EXPECT_EQ(list[0]["kind"], "panel");
  EXPECT_EQ(list[0]["columns"].size(), 30u);
  EXPECT_EQ(list[1]["rows"], 5105);
  EXPECT_EQ(list[1]["first"], "2000-01-03");
  EXPECT_EQ(list[1]["last"], "2020-04-17");
  EXPECT_EQ(list[1]["source"], "user_file");
  EXPECT_EQ(list[1]["description"], "bundled sample");
  EXPECT_EQ(list[1]["sha256"].get<std::string>().size(), 64u);

  const Json d = repo_.describe("sp500_daily");
  EXPECT_EQ(d["frequency"], "daily");
  EXPECT_EQ(d["provenance"]["source"], "user_file");
  const Json close = d["columns"][3];
  EXPECT_EQ(close["name"], "close");
  EXPECT_EQ(close["count"], 5105);
  EXPECT_EQ(close["missing"], 0);
  EXPECT_GT(d["gaps"]["count"].get<int>(), 0);  // e.g. the market closure after 2001-09-10
  bool found_911 = false;
  for (const auto& g : d["gaps"]["largest"]) found_911 |= g["after"] == "2001-09-10";
  EXPECT_TRUE(found_911) << d["gaps"].dump();

  const Json s = repo_.show("sp500_daily", 2, 1);
  EXPECT_EQ(s["columns"], Json({"date", "open", "high", "low", "close", "volume"}));
  ASSERT_EQ(s["head"].size(), 2u);
  EXPECT_EQ(s["head"][0][0], "2000-01-03");
  EXPECT_NEAR(s["head"][0][4].get<double>(), 1455.219971, 1e-6);
  EXPECT_EQ(s["tail"][0][0], "2020-04-17");

  repo_.remove("sp500_daily");
  EXPECT_FALSE(repo_.exists("sp500_daily"));
  EXPECT_THROW(repo_.remove("sp500_daily"), Error);
  EXPECT_EQ(repo_.names(), std::vector<std::string>{"dow30_close"});
}

TEST_F(DatasetRepositoryTest, WorksOnAStoreFileAcrossReopen) {
  test::TempDir dir;
  {
    Store store(dir.path());
    const Imported i = import_bundled("intraday/usdchf_30min_1996-2001.csv", "usdchf_30min");
    DatasetRepository(store).save(i.import.dataset, i.content, i.import.resolved);
  }
  Store reopened(dir.path());
  const Dataset ds = DatasetRepository(reopened).load("usdchf_30min");
  EXPECT_EQ(ds.rows(), 62496u);
  EXPECT_EQ(ds.panel().columns, std::vector<std::string>{"usdchf"});
}

}  // namespace
}  // namespace mlt
