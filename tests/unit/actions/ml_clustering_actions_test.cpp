// Clustering models through the actions, end to end on an in-memory store
// holding the real S&P 500 bars: ml.compare by task, train.<id> with the
// regime target, ml.predict of the saved regimes, and the mixed-task error.
#include <gtest/gtest.h>

#include <cmath>

#include "actions/data_actions.h"
#include "actions/ml_actions.h"
#include "core/error.h"
#include "store/store.h"
#include "action_test.h"
#include "support/test_paths.h"

namespace mlt {
namespace {

class MlClusteringActionsTest : public test::ActionTest {
 protected:
  MlClusteringActionsTest() {
    register_data_actions(registry_);
    register_ml_actions(registry_);
    env_.file_roots = {test::source_dir()};
    env_.clock = [] { return TimestampMs{1'764'000'000'000}; };
    config_.workers = 2;
    run("data.import_csv", {{"path", "data/market/sp500_daily_2000-2020.csv"}, {"name", "sp500_daily"}});
  }
};

TEST_F(MlClusteringActionsTest, CompareByTaskRanksRegimeModels) {
  const Json board = run("ml.compare", {{"dataset", "sp500_daily"},
                                        {"task", "clustering"},
                                        {"models", {"kmeans", "minibatch_kmeans"}},
                                        {"folds", 3}});
  EXPECT_EQ(board["target"], "regime");
  EXPECT_EQ(board["metric"], "silhouette");
  EXPECT_EQ(board["n_ok"], 2);
  for (const auto& row : board["rows"]) EXPECT_TRUE(row["metrics"]["regime_f"]["mean"].is_number());
  // A list of clustering models alone implies the task.
  EXPECT_EQ(run("ml.compare", {{"dataset", "sp500_daily"}, {"models", {"kmeans"}}, {"folds", 2}})["task"], "clustering");
  EXPECT_THROW(run("ml.compare", {{"dataset", "sp500_daily"}, {"models", {"kmeans", "ridge"}}, {"folds", 2}}), Error);
  EXPECT_THROW(run("ml.compare", {{"dataset", "sp500_daily"}, {"task", "clustering"}, {"target", "direction"}}), Error);
}

TEST_F(MlClusteringActionsTest, TrainSavesARegimeModelThatPredictsLabels) {
  const Json r = run("train.kmeans", {{"dataset", "sp500_daily"}, {"folds", 3}, {"name", "regimes"}});
  EXPECT_EQ(r["target"], "regime");
  EXPECT_TRUE(r["metrics"]["silhouette"]["mean"].is_number());
  const Json p = run("ml.predict", {{"name", "regimes"}, {"last", 30}});
  EXPECT_EQ(p["prediction_kind"], "regime");
  ASSERT_EQ(p["predictions"].size(), 30U);
  for (const auto& row : p["predictions"]) {
    const double label = row["prediction"].get<double>();
    EXPECT_TRUE(label >= 0 && label <= 2 && label == std::round(label)) << label;
  }
}

}  // namespace
}  // namespace mlt
