// The compliance gateway through the one path every call takes (Runtime::call),
// on the bundled real S&P 500 file.
#include "compliance/gateway.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "core/error.h"
#include "support/test_paths.h"
#include "trials/runtime.h"

namespace mlt {
namespace {

Config test_config(const test::TempDir& dir) {
  Config cfg;
  cfg.data_dir = dir.path();
  cfg.file_roots = {test::source_dir()};
  cfg.workers = 1;
  return cfg;
}

class GatewayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const CallOutcome imported = rt.call(
        "data.import_csv", {{"path", "data/market/sp500_daily_2000-2020.csv"}, {"name", "sp500_daily"}}, "test");
    ASSERT_TRUE(imported.allowed);
  }
  int audit_denials() {
    int n = 0;
    for (const auto& r : rt.audit().tail(1000)) n += r["decision"]["allowed"] == false;
    return n;
  }
  test::TempDir dir;
  Runtime rt{test_config(dir), Env{}};
};

TEST_F(GatewayTest, AllowsRealDataWithIntactProvenance) {
  const CallOutcome out = rt.call("data.describe", {{"name", "sp500_daily"}}, "test");
  EXPECT_TRUE(out.allowed);
  EXPECT_EQ(out.decision["rule"], "all");
}

TEST_F(GatewayTest, TamperedDatasetIsRefusedAndTheRefusalAudited) {
  rt.store().write([](SQLite::Database& db) {
    db.exec("UPDATE datasets SET content = replace(content, '907.84', '999.99') WHERE name='sp500_daily'");
  });
  const CallOutcome out = rt.call("data.describe", {{"name", "sp500_daily"}}, "test");
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.decision["rule"], "provenance");
  EXPECT_EQ(audit_denials(), 1);
  EXPECT_TRUE(rt.audit().verify().ok);
}

TEST_F(GatewayTest, PathTraversalIsDenied) {
  const CallOutcome out = rt.call("data.import_csv", {{"path", "../../etc/passwd"}}, "test");
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.decision["rule"], "provenance");
  EXPECT_EQ(rt.call("data.list", Json::object(), "test").result["datasets"].size(), 1u);
}

TEST_F(GatewayTest, SecretsInArgumentsAreDenied) {
  const CallOutcome out =
      rt.call("data.import_csv", {{"path", "data/market/aapl_daily_2013-2018.csv"},
                                  {"description", "from sk-ant-api03-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
              "test");
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.decision["rule"], "no_secrets");
  // The audit record of the denial does not carry the key either.
  EXPECT_EQ(rt.audit().tail(1)[0].dump().find("AAAAAAAAAAAAAAAAAAAA"), std::string::npos);
}

TEST_F(GatewayTest, GeneratedDataNamesAreDenied) {
  const CallOutcome out = rt.call("data.describe", {{"name", "synthetic_random_walk"}}, "test");
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.decision["rule"], "no_synthetic_data");
}

TEST_F(GatewayTest, NoEnvironmentOrConfigSwitchesARuleOff) {
  for (const char* var : {"MLTRAINER_COMPLIANCE", "MLTRAINER_SKIP_COMPLIANCE", "MLTRAINER_ALLOW_SYNTHETIC",
                          "MLTRAINER_DISABLE_GATEWAY"})
    ::setenv(var, "off", 1);
  test::TempDir other;
  Config cfg = load_config(std::nullopt);
  cfg.data_dir = other.path();
  cfg.file_roots = {test::source_dir()};
  Runtime rt2(cfg, Env{});
  const CallOutcome out = rt2.call("data.import_csv", {{"path", "../../etc/passwd"}}, "test");
  EXPECT_FALSE(out.allowed);
  // An argument that asks to bypass the rules is refused, never honoured.
  EXPECT_THROW(rt2.call("data.list", {{"skip_compliance", true}}, "test"), Error);
  for (const char* var : {"MLTRAINER_COMPLIANCE", "MLTRAINER_SKIP_COMPLIANCE", "MLTRAINER_ALLOW_SYNTHETIC",
                          "MLTRAINER_DISABLE_GATEWAY"})
    ::unsetenv(var);
}

TEST_F(GatewayTest, DatasetsInsideArrayArgumentsAreChecked) {
  ASSERT_TRUE(rt.call("data.import_csv", {{"path", "data/macro/fred_core_series.csv"}, {"name", "fred_core"}}, "test")
                  .allowed);
  const Json train{{"dataset", "sp500_daily"}, {"macro", {"fred_core"}}, {"folds", 2}};
  EXPECT_TRUE(rt.call("ml.train", train, "test").allowed);
  EXPECT_FALSE(rt.call("ml.train", {{"dataset", "sp500_daily"}, {"macro", {"synthetic_gdp"}}}, "test").allowed);
  EXPECT_THROW(rt.call("ml.train", {{"dataset", "sp500_daily"}, {"macro", {"no_such_series"}}}, "test"), Error);
  rt.store().write([](SQLite::Database& db) {
    db.exec("UPDATE datasets SET content = replace(content, 'UNRATE', 'UNRATX') WHERE name='fred_core'");
  });
  const CallOutcome out = rt.call("ml.train", train, "test");
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.decision["rule"], "provenance");
}

TEST_F(GatewayTest, AnActiveGoalNarrowsTheSourcesAndOnlyTightens) {
  ASSERT_TRUE(rt.call("goals.set", {{"text", "only use data from fred"}}, "test").allowed);
  const CallOutcome out = rt.call("data.describe", {{"name", "sp500_daily"}}, "test");
  EXPECT_FALSE(out.allowed);
  EXPECT_EQ(out.decision["rule"], "approved_sources");
  ASSERT_TRUE(rt.call("goals.clear", Json::object(), "test").allowed);
  EXPECT_TRUE(rt.call("data.describe", {{"name", "sp500_daily"}}, "test").allowed);
  // A goal naming an unapproved source cannot widen the rules.
  ASSERT_TRUE(rt.call("goals.set", {{"text", "use synthetic data from a random walk"}}, "test").allowed);
  EXPECT_FALSE(rt.call("data.describe", {{"name", "synthetic_walk"}}, "test").allowed);
}

TEST(ComplianceRules, AreCompiledInAndListed) {
  static_assert(kComplianceRules.size() == 4);
  static_assert(kApprovedSources.size() == 3);
  EXPECT_EQ(kComplianceRules[0].id, "approved_sources");
}

}  // namespace
}  // namespace mlt
