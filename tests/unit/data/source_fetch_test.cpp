// run_fetch: fetch → cache + dataset in one transaction, provenance, the
// cache's refresh policy and offline mode, re-loading stored fetches, and
// keys kept out of the SQLite file.
#include "data/source_fetch.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "core/error.h"
#include "data/dataset_repository.h"
#include "fakes/fake_fred_server.h"
#include "fakes/fake_polygon_server.h"
#include "source_test_env.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

class SourceFetchTest : public ::testing::Test {
 protected:
  Json fetch_aapl(const FetchTarget& target, bool have_key = true) {
    AggsQuery q;
    q.ticker = "AAPL";
    q.from = "2014-01-01";
    q.to = "2014-12-31";
    q.limit = 100;
    return run_fetch(*store_, polygon_plan(polygon_, q, have_key), target, hooks());
  }
  Json fetch_cpi(const FetchTarget& target, bool vintages) {
    FredQuery q;
    q.series_id = "CPIAUCSL";
    if (vintages) {
      q.realtime_start = std::string(kAllVintagesStart);
      q.realtime_end = std::string(kAllVintagesEnd);
    }
    return run_fetch(*store_, fred_plan(fred_, q, true), target, hooks());
  }
  FetchHooks hooks() {
    return FetchHooks{[this](double f, const std::string&) { fractions_.push_back(f); }, nullptr,
                      [this] { return time_.now; }};
  }
  std::int64_t count(const char* table) {
    return store_->read([&](SQLite::Database& db) {
      return db.execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt64();
    });
  }
  std::string file_bytes() {
    store_->read([](SQLite::Database& db) { db.exec("PRAGMA wal_checkpoint(TRUNCATE)"); });
    std::string all;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      std::ifstream in(entry.path(), std::ios::binary);
      all.append(std::istreambuf_iterator<char>(in), {});
    }
    return all;
  }

  test::TempDir dir_;
  std::unique_ptr<Store> store_ = std::make_unique<Store>(dir_.path());
  test::FakePolygonServer polygon_server_;
  test::FakeFredServer fred_server_;
  test::FakeTime time_;
  test::TestChannel channel_;
  HttpClient client_{channel_.channel, default_transport(), test::fast_options(), time_.hooks()};
  PolygonSource polygon_{client_, SourceEndpoint{polygon_server_.base_url(), test::kFakePolygonKey}};
  FredSource fred_{client_, SourceEndpoint{fred_server_.base_url(), test::kFakeFredKey}};
  std::vector<double> fractions_;
};

TEST_F(SourceFetchTest, StoresTheDatasetWithProvenanceAndReloadsIt) {
  const Json out = fetch_aapl({.name = "aapl_2014"});
  EXPECT_EQ(out["rows"], 252);
  EXPECT_EQ(out["pages"], 3);
  EXPECT_EQ(out["served_from"], "network");
  EXPECT_EQ(out["provenance"]["source"], "polygon");
  EXPECT_EQ(out["provenance"]["identifier"], "AAPL 1 day 2014-01-01..2014-12-31 adjusted");
  EXPECT_NE(out["provenance"]["origin"].get<std::string>().find("/v2/aggs/ticker/AAPL/range/1/day/2014-01-01/2014-12-31"),
            std::string::npos);
  EXPECT_TRUE(std::is_sorted(fractions_.begin(), fractions_.end()));
  EXPECT_EQ(fractions_.back(), 1.0);
  DatasetRepository repo(*store_);
  const Dataset ds = repo.load("aapl_2014");
  EXPECT_EQ(ds.kind(), DatasetKind::Bars);
  EXPECT_EQ(ds.rows(), 252u);
  EXPECT_EQ(ds.provenance().sha256, out["sha256"]);
  EXPECT_EQ(repo.integrity_problem("aapl_2014"), std::nullopt);
  EXPECT_EQ(repo.describe("aapl_2014")["source"], "polygon");
}

TEST_F(SourceFetchTest, KeysAppearNowhereInTheStoreFile) {
  fetch_aapl({.name = "aapl_2014"});
  fetch_cpi({.name = "cpi"}, false);
  const std::string bytes = file_bytes();
  EXPECT_GT(bytes.size(), 10'000u);
  EXPECT_EQ(bytes.find(test::kFakePolygonKey), std::string::npos);
  EXPECT_EQ(bytes.find(test::kFakeFredKey), std::string::npos);
  EXPECT_NE(bytes.find("api_key=***"), std::string::npos);  // FRED's origin, redacted
}

TEST_F(SourceFetchTest, IdenticalRequestsAreServedFromTheCacheAndOfflineSaysSo) {
  fetch_aapl({.name = "a1"});
  const int requests = polygon_server_.requests();
  Json again = fetch_aapl({.name = "a2"});
  EXPECT_EQ(again["served_from"], "cache");
  EXPECT_EQ(polygon_server_.requests(), requests);
  time_.now += 2 * 24 * 3'600'000LL;  // older than a day: normal mode fetches again
  EXPECT_EQ(fetch_aapl({.name = "a3"})["served_from"], "network");
  Json offline = fetch_aapl({.name = "a4", .refresh = {.mode = CacheMode::Offline}}, false);
  EXPECT_EQ(offline["served_from"], "cache");
  EXPECT_TRUE(offline["offline"].get<bool>());
  EXPECT_NE(offline["note"].get<std::string>().find("offline mode"), std::string::npos);
  EXPECT_EQ(count("fetch_cache"), 1);
}

TEST_F(SourceFetchTest, OfflineMissAndMissingKeyAreClearAndChangeNothing) {
  try {
    fetch_aapl({.name = "x", .refresh = {.mode = CacheMode::Offline}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(e.message().find("offline mode"), std::string::npos);
  }
  try {
    fetch_aapl({.name = "x"}, false);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Denied);
    EXPECT_NE(e.message().find("POLYGON_API_KEY"), std::string::npos);
    EXPECT_NE(e.hint().find("bundled"), std::string::npos);
  }
  EXPECT_EQ(polygon_server_.requests(), 0);
  EXPECT_EQ(count("datasets"), 0);
  EXPECT_EQ(count("fetch_cache"), 0);
}

TEST_F(SourceFetchTest, ANameInUseIsAConflictBeforeAnyRequest) {
  fetch_aapl({.name = "aapl"});
  const int requests = polygon_server_.requests();
  EXPECT_THROW(fetch_aapl({.name = "aapl", .refresh = {.mode = CacheMode::Refresh}}), Error);
  EXPECT_EQ(polygon_server_.requests(), requests);
  EXPECT_EQ(fetch_aapl({.name = "aapl", .replace = true})["rows"], 252);
}

TEST_F(SourceFetchTest, EmptyRangeAndUnknownTickerAreNotFoundWithHints) {
  AggsQuery q;
  q.ticker = "APPL";
  q.from = "2014-01-01";
  q.to = "2014-12-31";
  try {
    run_fetch(*store_, polygon_plan(polygon_, q, true), {.name = "appl"}, hooks());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(e.hint().find("did you mean AAPL"), std::string::npos) << e.hint();
  }
  q.ticker = "AAPL";
  q.from = q.to = "2014-12-25";  // Christmas
  try {
    run_fetch(*store_, polygon_plan(polygon_, q, true), {.name = "xmas"}, hooks());
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(e.message().find("no day bars"), std::string::npos) << e.message();
  }
  EXPECT_EQ(count("datasets"), 0);
  EXPECT_EQ(count("fetch_cache"), 0);
}

TEST_F(SourceFetchTest, CoverageWarningsNameTheMissingStretch) {
  AggsQuery q;
  q.ticker = "AAPL";
  q.from = "2013-01-01";  // the bundled file starts 2013-05-13
  q.to = "2013-12-31";
  const Json out = run_fetch(*store_, polygon_plan(polygon_, q, true), {.name = "aapl_2013"}, hooks());
  ASSERT_FALSE(out["warnings"].empty());
  EXPECT_NE(out["warnings"][0].get<std::string>().find("data starts 2013-05-13"), std::string::npos)
      << out["warnings"].dump();
}

TEST_F(SourceFetchTest, CpiVintagesBecomeAPointInTimeDataset) {
  const Json out = fetch_cpi({.name = "cpi_pit"}, true);
  const Dataset ds = DatasetRepository(*store_).load("cpi_pit");
  EXPECT_TRUE(is_point_in_time(ds));
  EXPECT_EQ(out["columns"], Json::array({"CPIAUCSL"}));
  // Indexed by publication: the first row is the derived release of the first month.
  EXPECT_EQ(format_date(ds.timestamps().front()), "1947-02-13");
}

}  // namespace
}  // namespace mlt
