// Walk-forward training on real data: result shape, determinism, every
// model, panels, purging, cancellation and the error paths.
#include "ml/train_pipeline.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

ErrorKind kind_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::Internal;
}

TEST(TrainPipeline, XgboostClassifierWalkForwardOnSp500) {
  std::vector<std::string> messages;
  TrainCallbacks cb;
  cb.progress = [&](double, const std::string& m) { messages.push_back(m); };
  const Json r = train_walk_forward(test::sp500_2010_2015(), test::small_spec(), cb);

  EXPECT_EQ(r["model"], "xgboost_classifier");
  EXPECT_EQ(r["params"]["n_estimators"], 30);
  EXPECT_EQ(r["params"]["seed"], 7);
  EXPECT_EQ(r["data"]["dataset"], "sp500_2010_2015");
  EXPECT_EQ(r["data"]["first"], "2010-01-04");
  EXPECT_EQ(r["data"]["sha256"].get<std::string>().size(), 64U);
  EXPECT_EQ(r["library_versions"]["xgboost"], "1.7.4");
  ASSERT_EQ(r["folds"].size(), 3U);
  std::size_t prev_train = 0;
  for (const auto& f : r["folds"]) {
    EXPECT_GT(f["n_train"].get<std::size_t>(), prev_train);  // expanding window
    prev_train = f["n_train"];
    EXPECT_LT(f["train"][1].get<std::string>(), f["test"][0].get<std::string>());
    const double auc = f["metrics"]["auc"];
    EXPECT_GT(auc, 0.3);  // daily direction is close to a coin flip out of sample
    EXPECT_LT(auc, 0.7);
  }
  // Test blocks are consecutive and of equal size.
  EXPECT_EQ(r["folds"][0]["n_test"], r["folds"][2]["n_test"]);
  EXPECT_LT(r["folds"][0]["test"][1].get<std::string>(), r["folds"][1]["test"][0].get<std::string>());
  EXPECT_TRUE(r["metrics"]["auc"].contains("mean"));
  EXPECT_TRUE(r["metrics"]["auc"].contains("std"));
  EXPECT_EQ(r["feature_names"].size(), 15U);
  EXPECT_EQ(r["feature_importance"].size(), 15U);
  EXPECT_TRUE(r["warnings"].empty());
  ASSERT_EQ(messages.size(), 3U);
  EXPECT_EQ(messages[0].rfind("fold 1/3: auc ", 0), 0U) << messages[0];
}

TEST(TrainPipeline, SameSeedGivesIdenticalResults) {
  TrainSpec spec = test::small_spec();
  spec.params["nthread"] = 2;  // the production default: multithreaded and still deterministic
  const Json a = train_walk_forward(test::sp500_2010_2015(), spec);
  const Json b = train_walk_forward(test::sp500_2010_2015(), spec);
  EXPECT_EQ(a["folds"], b["folds"]);
  EXPECT_EQ(a["metrics"], b["metrics"]);
  EXPECT_EQ(a["feature_importance"], b["feature_importance"]);
}

TEST(TrainPipeline, LinearAndRegressionModels) {
  const Json lr = train_on_set(test::sp500_set(), test::small_spec("logistic_l2"));
  EXPECT_EQ(lr["library_versions"]["liblinear"], "2.30");
  EXPECT_TRUE(lr["metrics"].contains("log_loss"));
  for (const char* id : {"ridge", "xgboost_regressor"}) {
    TrainSpec spec = test::small_spec(id, "return");
    spec.horizon = 5;
    const Json r = train_walk_forward(test::sp500_2010_2015(), spec);
    EXPECT_TRUE(r["metrics"].contains("rank_ic")) << id;
    EXPECT_TRUE(r["metrics"].contains("rmse")) << id;
    EXPECT_LT(std::abs(r["metrics"]["ic"]["mean"].get<double>()), 0.5) << id;
  }
}

TEST(TrainPipeline, HorizonPurgesTrainingRowsBeforeEachTestBlock) {
  TrainSpec spec = test::small_spec("logistic_l2");
  spec.horizon = 5;
  const TrainingSet set = build_training_set(test::sp500_2010_2015(), spec);
  const Json r = train_on_set(set, spec);
  // The test block of fold 1 starts right after the initial block; the last
  // 5 rows before it are purged from training.
  const std::size_t n = set.X.rows(), n_test = r["folds"][0]["n_test"];
  const std::size_t first_test = n - 3 * n_test;
  EXPECT_EQ(r["folds"][0]["n_train"].get<std::size_t>(), first_test - 5);
  EXPECT_EQ(r["folds"][1]["n_train"].get<std::size_t>(), first_test + n_test - 5);
}

TEST(TrainPipeline, Dow30PanelColumn) {
  TrainSpec spec = test::small_spec("logistic_l2");
  spec.column = "KO";
  const Json r = train_walk_forward(test::dow30(), spec);
  EXPECT_EQ(r["data"]["column"], "KO");
  EXPECT_EQ(r["feature_names"].size(), 13U);
  spec.column.clear();
  EXPECT_EQ(kind_of([&] { train_walk_forward(test::dow30(), spec); }), ErrorKind::InvalidArgument);
  spec.column = "NOPE";
  EXPECT_EQ(kind_of([&] { train_walk_forward(test::dow30(), spec); }), ErrorKind::NotFound);
}

TEST(TrainPipeline, BadRequestsAreErrorsNotCrashes) {
  const Dataset& ds = test::sp500_2010_2015();
  TrainSpec s = test::small_spec();
  s.model = "gpt";
  EXPECT_EQ(kind_of([&] { train_walk_forward(ds, s); }), ErrorKind::NotFound);
  s = test::small_spec("ridge", "direction");
  EXPECT_EQ(kind_of([&] { train_walk_forward(ds, s); }), ErrorKind::InvalidArgument);
  s = test::small_spec();
  s.target = "price";
  EXPECT_EQ(kind_of([&] { train_walk_forward(ds, s); }), ErrorKind::InvalidArgument);
  s = test::small_spec();
  s.horizon = 0;
  EXPECT_EQ(kind_of([&] { train_walk_forward(ds, s); }), ErrorKind::InvalidArgument);
  s = test::small_spec();
  s.params = Json{{"trees", 5}};
  EXPECT_EQ(kind_of([&] { train_walk_forward(ds, s); }), ErrorKind::InvalidArgument);
  // Two months of real data cannot feed 5 folds.
  const Dataset short_ds =
      test::load_real("market/sp500_daily_2000-2020.csv", "sp500_short", "2015-01-01", "2015-06-30");
  s = test::small_spec();
  s.folds = 5;
  try {
    train_walk_forward(short_ds, s);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_FALSE(e.hint().empty());
  }
}

TEST(TrainPipeline, CancellationStopsBetweenFolds) {
  int checks = 0;
  TrainCallbacks cb;
  cb.check_cancelled = [&] {
    if (++checks == 2) throw Error(ErrorKind::Cancelled, "cancelled by the user");
  };
  EXPECT_EQ(kind_of([&] { train_on_set(test::sp500_set(), test::small_spec("logistic_l2"), cb); }),
            ErrorKind::Cancelled);
  EXPECT_EQ(checks, 2);
}

}  // namespace
}  // namespace mlt
