// ml.tune end to end on an in-memory store holding the real AAPL bars: the
// stored result, the saved recommended model, and argument errors.
#include <gtest/gtest.h>

#include "actions/data_actions.h"
#include "actions/ml_actions.h"
#include "core/error.h"
#include "store/store.h"
#include "action_test.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

class MlTuneActionTest : public test::ActionTest {
 protected:
  MlTuneActionTest() {
    register_data_actions(registry_);
    register_ml_actions(registry_);
    env_.file_roots = {test::source_dir()};
    env_.clock = [] { return TimestampMs{1'764'000'000'000}; };
    run("data.import_csv", {{"path", "data/market/aapl_daily_2013-2018.csv"}, {"name", "aapl"}});
  }
};

TEST_F(MlTuneActionTest, StoresTheTableAndSavesTheRecommendedModel) {
  const Json report = run("ml.tune", {{"dataset", "aapl"},
                                      {"model", "ridge"},
                                      {"folds", 3},
                                      {"seed", 5},
                                      {"space", {{"alpha", {1.0, 100.0, 10000.0}}}},
                                      {"save", {{"name", "aapl_ridge_tuned"}}}});
  EXPECT_EQ(report["target"], "return");  // the regressor's default
  EXPECT_EQ(report["candidates"].size(), 3U);
  EXPECT_EQ(report["outer_folds"].size(), 3U);
  EXPECT_EQ(report["data"]["dataset"], "aapl");
  const Json saved = report["saved_model"];
  EXPECT_EQ(saved["name"], "aapl_ridge_tuned");
  EXPECT_EQ(saved["version"], 1);

  const Json versions = run("ml.versions", {{"name", "aapl_ridge_tuned"}});
  ASSERT_EQ(versions["models"].size(), 1U);
  const Json& v = versions["models"][0];
  EXPECT_EQ(v["params"]["alpha"], report["recommended"]["params"]["alpha"]);
  EXPECT_EQ(v["result_id"], report["result_id"]);
  EXPECT_EQ(v["metrics"], report["outer_metrics"]);  // the nested estimate, not an in-sample one

  const Json stored = run("ml.results", {{"id", report["result_id"]}});
  EXPECT_EQ(stored["kind"], "ml.tune");
  EXPECT_EQ(stored["summary"]["recommended"], report["recommended"]);
  EXPECT_EQ(run("ml.predict", {{"name", "aapl_ridge_tuned"}, {"last", 3}})["predictions"].size(), 3U);
}

TEST_F(MlTuneActionTest, RefusesUnknownParametersAndArguments) {
  try {
    run("ml.tune", {{"dataset", "aapl"}, {"model", "ridge"}, {"space", {{"lambda", {1.0}}}}});
    ADD_FAILURE() << "an unknown parameter was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(e.message().find("lambda"), std::string::npos) << e.message();
    EXPECT_NE(e.hint().find("alpha"), std::string::npos) << e.hint();
  }
  EXPECT_THROW(run("ml.tune", {{"dataset", "aapl"}, {"method", "bayes"}}), Error);
  EXPECT_THROW(run("ml.tune", {{"dataset", "aapl"}, {"inner_folds", 0}}), Error);
}

}  // namespace
}  // namespace mlt
