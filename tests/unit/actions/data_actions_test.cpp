// The data.* actions end to end on an in-memory store: import the bundled
// files, list, describe, show, remove; refusals leave the store unchanged.
#include "actions/data_actions.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "data/dataset_repository.h"
#include "store/store.h"
#include "action_test.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

constexpr TimestampMs kNow = 1'764'000'000'000;  // 2025-11-24

class DataActionsTest : public test::ActionTest {
 protected:
  DataActionsTest() {
    register_data_actions(registry_);
    env_.file_roots = {test::source_dir(), uploads_.path()};
    env_.clock = [] { return kNow; };
  }

  ErrorKind run_error(const std::string& action, const Json& args) {
    try {
      run(action, args);
    } catch (const Error& e) {
      last_error_ = e.message();
      return e.kind();
    }
    ADD_FAILURE() << action << " succeeded: " << args.dump();
    return ErrorKind::Internal;
  }

  // Everything in the datasets table, to prove a refusal changed nothing.
  std::string table_snapshot() {
    return store_->read([](SQLite::Database& db) {
      std::string out;
      SQLite::Statement st(db, "SELECT name, sha256, rows, options, provenance FROM datasets ORDER BY name");
      while (st.executeStep())
        for (int i = 0; i < 5; ++i) out += st.getColumn(i).getString() + "|";
      return out;
    });
  }

  test::TempDir uploads_;
  std::string last_error_;
};

TEST_F(DataActionsTest, RegistersFiveInstantActionsWithValidSchemas) {
  for (const char* name : {"data.import_csv", "data.list", "data.describe", "data.show", "data.remove"}) {
    ASSERT_TRUE(registry_.contains(name)) << name;
    const Action& a = registry_.get(name);
    EXPECT_EQ(a.cost, Cost::Instant);
    EXPECT_FALSE(a.summary.empty());
    EXPECT_EQ(registry_.schema_json(name)["additionalProperties"], false) << name;
  }
  EXPECT_EQ(registry_.get("data.import_csv").path_args, std::vector<std::string>{"path"});
  EXPECT_EQ(registry_.get("data.show").dataset_args, std::vector<std::string>{"name"});
  EXPECT_THROW(register_data_actions(registry_), Error);  // declared once
}

TEST_F(DataActionsTest, ImportListDescribeShowRemove) {
  const Json imported =
      run("data.import_csv", {{"path", "data/market/sp500_daily_2000-2020.csv"}, {"name", "sp500_daily"}});
  EXPECT_EQ(imported["name"], "sp500_daily");
  EXPECT_EQ(imported["kind"], "bars");
  EXPECT_EQ(imported["rows"], 5105);
  EXPECT_EQ(imported["first"], "2000-01-03");
  EXPECT_EQ(imported["last"], "2020-04-17");
  EXPECT_EQ(imported["sha256"], "9409e9342d0657c747324e4cfabce8a8c7f663bc485b95a3378f36b0a160f8c8");
  EXPECT_EQ(imported["provenance"]["retrieved_at_ms"], kNow);
  EXPECT_EQ(imported["provenance"]["identifier"], "data/market/sp500_daily_2000-2020.csv");
  EXPECT_EQ(imported["ignored_columns"], Json({"adjclose"}));

  run("data.import_csv", {{"path", "data/market/dowjones30_close_1991-2000.csv"},
                          {"name", "dow30_close"},
                          {"layout", "wide"},
                          {"description", "Dow 30 closes"}});
  const Json list = run("data.list", Json::object());
  ASSERT_EQ(list["datasets"].size(), 2u);
  EXPECT_EQ(list["datasets"][0]["name"], "dow30_close");
  EXPECT_EQ(list["datasets"][0]["description"], "Dow 30 closes");

  const Json d = run("data.describe", {{"name", "dow30_close"}});
  EXPECT_EQ(d["columns"].size(), 30u);
  EXPECT_EQ(d["frequency"], "daily");

  const Json s = run("data.show", {{"name", "sp500_daily"}});  // head and tail default to 5
  EXPECT_EQ(s["head"].size(), 5u);
  EXPECT_EQ(s["tail"].size(), 5u);
  EXPECT_EQ(s["tail"][4][0], "2020-04-17");

  EXPECT_EQ(run("data.remove", {{"name", "sp500_daily"}})["removed"], "sp500_daily");
  EXPECT_EQ(run("data.list", Json::object())["datasets"].size(), 1u);
  EXPECT_EQ(run_error("data.describe", {{"name", "sp500_daily"}}), ErrorKind::NotFound);
}

TEST_F(DataActionsTest, ExplicitMappingImportsBars) {
  const Json r =
      run("data.import_csv", {{"path", "data/market/aapl_daily_2013-2018.csv"},
                              {"name", "aapl_daily"},
                              {"date_column", "Date"},
                              {"columns", {{"open", "Open"}, {"high", "High"}, {"low", "Low"}, {"close", "Close"}}}});
  EXPECT_EQ(r["kind"], "bars");
  EXPECT_EQ(r["options"]["columns"]["close"], "Close");
  const Dataset ds = DatasetRepository(*store_).load("aapl_daily");
  EXPECT_NEAR(ds.bars().close.back(), 188.589996, 1e-6);
}

TEST_F(DataActionsTest, PathTraversalIsDeniedAndStoresNothing) {
  run("data.import_csv", {{"path", "data/macro/fred_core_series.csv"}, {"name", "fred_core"}});
  const std::string before = table_snapshot();
  EXPECT_EQ(run_error("data.import_csv", {{"path", "../../etc/passwd"}, {"name", "passwd"}}), ErrorKind::Denied);
  EXPECT_EQ(run_error("data.import_csv", {{"path", "/etc/passwd"}}), ErrorKind::Denied);
  EXPECT_EQ(table_snapshot(), before);
}

TEST_F(DataActionsTest, RejectedImportLeavesTheStoreUnchanged) {
  run("data.import_csv", {{"path", "data/market/goog_daily_2004-2008.csv"}, {"name", "goog_daily"}});
  const std::string before = table_snapshot();

  // Real GOOG rows with one high set below the close, offered under the existing name with replace.
  std::ifstream in(test::data_file("market/goog_daily_2004-2008.csv"));
  std::string text, line;
  for (int n = 1; n <= 20 && std::getline(in, line); ++n) {
    if (n == 6)
      line.replace(line.find(",", 11) + 1, line.find(",", line.find(",", 11) + 1) - line.find(",", 11) - 1, "1");
    text += line + "\n";
  }
  std::ofstream(uploads_.path() / "goog_bad.csv") << text;
  EXPECT_EQ(
      run_error("data.import_csv",
                {{"path", (uploads_.path() / "goog_bad.csv").string()}, {"name", "goog_daily"}, {"replace", true}}),
      ErrorKind::DataError);
  EXPECT_NE(last_error_.find("goog_bad.csv' line 6, column 'high'"), std::string::npos) << last_error_;
  EXPECT_EQ(table_snapshot(), before);

  // A name that exists without replace: Conflict, nothing changed.
  EXPECT_EQ(run_error("data.import_csv", {{"path", "data/market/aapl_daily_2013-2018.csv"}, {"name", "goog_daily"}}),
            ErrorKind::Conflict);
  EXPECT_EQ(table_snapshot(), before);
}

TEST_F(DataActionsTest, SchemasRefuseBadArguments) {
  EXPECT_EQ(run_error("data.show", {{"name", "x"}, {"head", 5000}}), ErrorKind::InvalidArgument);
  EXPECT_EQ(run_error("data.import_csv", {{"path", "a.csv"}, {"layout", "diagonal"}}), ErrorKind::InvalidArgument);
  EXPECT_EQ(run_error("data.import_csv", {{"path", "a.csv"}, {"colour", "red"}}), ErrorKind::InvalidArgument);
  EXPECT_EQ(run_error("data.import_csv", {{"path", "a.csv"}, {"name", "../x"}}), ErrorKind::InvalidArgument);
  EXPECT_EQ(run_error("data.list", {{"verbose", true}}), ErrorKind::InvalidArgument);
  EXPECT_EQ(run_error("data.import_csv", {{"path", "no_such_file.csv"}}), ErrorKind::NotFound);
}

}  // namespace
}  // namespace mlt
