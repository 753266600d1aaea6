// Compliance v2 for data sources: a tampered Polygon dataset is refused,
// goal constraints narrow the sources, and implausible data (real stale
// runs in the bundled Dow-30 file) becomes warnings before training.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "actions/action.h"
#include "compliance/gateway.h"
#include "core/sha256.h"
#include "data/csv_import.h"
#include "data/dataset_repository.h"
#include "data/polygon.h"
#include "store/store.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

// A Polygon aggregates page built from the first rows of the bundled real AAPL file.
std::string aapl_page(int rows) {
  std::ifstream in(test::data_file("market/aapl_daily_2013-2018.csv"));
  std::string line;
  std::getline(in, line);
  Json results = Json::array();
  for (int i = 0; i < rows && std::getline(in, line); ++i) {
    std::stringstream ss(line);
    std::vector<std::string> c;
    for (std::string cell; std::getline(ss, cell, ',');) c.push_back(cell);
    results.push_back({{"t", *parse_timestamp(c[0]) + 4 * 3'600'000}, {"o", std::stod(c[1])}, {"h", std::stod(c[2])},
                       {"l", std::stod(c[3])}, {"c", std::stod(c[4])}, {"v", std::stod(c[6])}});
  }
  return "[" + Json{{"status", "OK"}, {"ticker", "AAPL"}, {"results", results}}.dump() + "]";
}

class GatewaySourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string content = aapl_page(30);
    Provenance p;
    p.source = Source::Polygon;
    p.identifier = "AAPL 1 day 2013-05-13..2013-06-24 adjusted";
    p.sha256 = sha256_hex(content);
    p.origin = "https://api.polygon.io/v2/aggs/ticker/AAPL/range/1/day/2013-05-13/2013-06-24";
    AggsQuery q;
    q.ticker = "AAPL";
    DatasetRepository(*store_).save_fetched(
        PolygonSource::dataset("aapl_day", p, content, PolygonSource::stored_options(q)), content,
        PolygonSource::stored_options(q));
    const std::string dow = CsvImporter::read_bytes(test::data_file("market/dowjones30_close_1991-2000.csv"));
    CsvImport imported = CsvImporter::import(dow, "data/market/dowjones30_close_1991-2000.csv", {}, 0);
    DatasetRepository(*store_).save(imported.dataset, dow, imported.resolved);
    dow_name_ = imported.dataset.name();
  }
  static Action action(const std::string& name) {
    Action a;
    a.name = name;
    a.dataset_args = {"dataset"};
    return a;
  }
  std::unique_ptr<Store> store_ = Store::in_memory();
  Env env_;
  Gateway gateway_{*store_, env_};
  std::string dow_name_;
};

TEST_F(GatewaySourcesTest, FetchedDatasetsReloadAndPassWhileIntact) {
  EXPECT_EQ(DatasetRepository(*store_).load("aapl_day").rows(), 30u);
  const Decision d = gateway_.check(action("ml.train"), {{"dataset", "aapl_day"}});
  EXPECT_TRUE(d.allowed) << d.reason;
  EXPECT_TRUE(d.warnings.empty());
}

TEST_F(GatewaySourcesTest, TamperedPolygonDatasetIsRefused) {
  store_->write([](SQLite::Database& db) {
    db.exec("UPDATE datasets SET content = replace(content, '\"c\":64.96286', '\"c\":99.0') WHERE name='aapl_day'");
  });
  const Decision d = gateway_.check(action("ml.train"), {{"dataset", "aapl_day"}});
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.rule, "provenance");
}

TEST_F(GatewaySourcesTest, GoalConstraintsNarrowTheSources) {
  const GoalConstraints polygon_only{{Source::Polygon}};
  EXPECT_TRUE(gateway_.check(action("data.fetch_polygon"), {}, polygon_only).allowed);
  const Decision fred = gateway_.check(action("data.fetch_fred"), {{"series_id", "CPIAUCSL"}}, polygon_only);
  EXPECT_FALSE(fred.allowed);
  EXPECT_EQ(fred.rule, "approved_sources");
  EXPECT_NE(fred.reason.find("allows data only from polygon"), std::string::npos);
  const Decision dow = gateway_.check(action("ml.train"), {{"dataset", dow_name_}}, polygon_only);
  EXPECT_FALSE(dow.allowed);
  EXPECT_NE(dow.reason.find("user_file"), std::string::npos);
  EXPECT_TRUE(gateway_.check(action("data.fetch_fred"), {}, GoalConstraints{}).allowed);
  EXPECT_EQ(action_source("data.vintages"), Source::Fred);
}

TEST_F(GatewaySourcesTest, ImplausibleDataIsFlaggedBeforeTraining) {
  // The real Dow-30 file repeats T's close 18.32 five days running up to 1996-11-22.
  const Decision d = gateway_.check(action("ml.train"), {{"dataset", dow_name_}});
  EXPECT_TRUE(d.allowed);
  ASSERT_FALSE(d.warnings.empty());
  bool found = false;
  for (const auto& w : d.warnings) found = found || (w.find(".T repeats") != std::string::npos && w.find("1996-11-22") != std::string::npos);
  EXPECT_TRUE(found) << Json(d.warnings).dump();
  EXPECT_TRUE(d.to_json().contains("warnings"));
  // Not training: no data-quality pass.
  EXPECT_TRUE(gateway_.check(action("data.describe"), {{"dataset", dow_name_}}).warnings.empty());
}

}  // namespace
}  // namespace mlt
