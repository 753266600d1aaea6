// ml.compare / ml.train / ml.predict with "cross_section": true, end to end
// on an in-memory store holding the real Dow-30 closes and S&P 500 bars.
#include <gtest/gtest.h>

#include "actions/data_actions.h"
#include "actions/ml_actions.h"
#include "core/error.h"
#include "store/store.h"
#include "action_test.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

class MlCrossSectionActionsTest : public test::ActionTest {
 protected:
  MlCrossSectionActionsTest() {
    register_data_actions(registry_);
    register_ml_actions(registry_);
    env_.file_roots = {test::source_dir()};
    env_.clock = [] { return TimestampMs{1'764'000'000'000}; };
    config_.workers = 2;
    run("data.import_csv", {{"path", "data/market/dowjones30_close_1991-2000.csv"}, {"name", "dow30_close"}});
    run("data.import_csv", {{"path", "data/market/sp500_daily_2000-2020.csv"}, {"name", "sp500_daily"}});
  }

  std::string error_of(const std::string& action, const Json& args) {
    try {
      run(action, args);
    } catch (const Error& e) {
      return e.message();
    }
    ADD_FAILURE() << action << " succeeded: " << args.dump();
    return "";
  }
};

TEST_F(MlCrossSectionActionsTest, CompareTwoFastModels) {
  const Json board = run("ml.compare", {{"dataset", "dow30_close"},
                                        {"cross_section", true},
                                        {"target", "excess_return"},
                                        {"models", {"ridge", "ols"}},
                                        {"metric", "cs_rank_ic"},
                                        {"folds", 3}});
  EXPECT_EQ(board["n_ok"], 2);
  EXPECT_EQ(board["cross_section"], true);
  EXPECT_EQ(board["n_symbols"], 30);
  EXPECT_GT(board["n_dates"].get<std::size_t>(), 2400U);
  EXPECT_GT(board["n_rows"].get<std::size_t>(), 30U * 2400U);
  for (const auto& row : board["rows"]) {
    EXPECT_TRUE(row["metrics"].contains("cs_ic"));
    EXPECT_TRUE(row["metrics"].contains("ls_spread"));
  }
}

TEST_F(MlCrossSectionActionsTest, CompareWithoutTargetFollowsTheModelsTask) {
  const Json board = run("ml.compare", {{"dataset", "dow30_close"},
                                        {"cross_section", true},
                                        {"symbols", {"AA", "IBM", "KO", "MSFT"}},
                                        {"models", {"ridge"}},
                                        {"folds", 2}});
  EXPECT_EQ(board["target"], "excess_return");  // regressors rank excess returns, classifiers beat-the-mean
  EXPECT_EQ(board["n_ok"], 1);
}

TEST_F(MlCrossSectionActionsTest, TuneSaveAndPredictPerSymbol) {
  const Json report = run("ml.tune", {{"dataset", "dow30_close"},
                                      {"cross_section", true},
                                      {"symbols", {"AA", "AXP", "T", "BA", "IBM"}},
                                      {"model", "ridge"},
                                      {"space", {{"alpha", {1.0, 10000.0}}}},
                                      {"metric", "cs_rank_ic"},
                                      {"folds", 2},
                                      {"inner_folds", 2},
                                      {"save", {{"name", "dow_ridge_tuned"}}}});
  EXPECT_EQ(report["target"], "excess_return");
  EXPECT_EQ(report["cross_section"], true);
  EXPECT_EQ(report["n_symbols"], 5);
  EXPECT_EQ(report["saved_model"]["name"], "dow_ridge_tuned");
  const Json pred = run("ml.predict", {{"name", "dow_ridge_tuned"}, {"last", 1}});
  ASSERT_EQ(pred["predictions"].size(), 5U);  // one date x 5 symbols
  EXPECT_EQ(pred["predictions"][4]["symbol"], "IBM");
}

TEST_F(MlCrossSectionActionsTest, TrainSaveAndPredictPerSymbol) {
  const Json trained = run("ml.train", {{"dataset", "dow30_close"},
                                        {"cross_section", true},
                                        {"symbols", {"AA", "AXP", "T", "BA", "IBM", "MSFT"}},
                                        {"model", "logistic_l2"},
                                        {"folds", 3}});
  EXPECT_EQ(trained["target"], "excess_direction");  // the default for a classifier with cross_section
  EXPECT_EQ(trained["n_symbols"], 6);
  EXPECT_EQ(trained["folds"].size(), 3U);
  const std::string name = trained["saved_model"]["name"].get<std::string>();
  const Json pred = run("ml.predict", {{"name", name}, {"last", 2}});
  EXPECT_EQ(pred["prediction_kind"], "probability_beats_cross_section");
  ASSERT_EQ(pred["predictions"].size(), 12U);  // 2 dates x 6 symbols
  EXPECT_EQ(pred["predictions"][0]["symbol"], "AA");
  EXPECT_EQ(pred["predictions"][11]["symbol"], "MSFT");
  EXPECT_EQ(pred["predictions"][11]["date"], "2001-01-02");
  for (const auto& p : pred["predictions"]) {
    const double v = p["prediction"].get<double>();
    EXPECT_TRUE(v >= 0.0 && v <= 1.0);
  }
}

TEST_F(MlCrossSectionActionsTest, ClearErrorsForBadInput) {
  EXPECT_NE(error_of("ml.train", {{"dataset", "sp500_daily"}, {"cross_section", true}, {"model", "ridge"}})
                .find("wide panel"),
            std::string::npos);
  EXPECT_NE(error_of("ml.train", {{"dataset", "dow30_close"}, {"model", "ridge"}, {"target", "excess_return"}})
                .find("cross-sectional"),
            std::string::npos);
  // Two symbols: the schema refuses them before the handler does.
  EXPECT_THROW(run("ml.train", {{"dataset", "dow30_close"}, {"cross_section", true}, {"symbols", {"AA", "T"}}}),
               Error);
}

}  // namespace
}  // namespace mlt
