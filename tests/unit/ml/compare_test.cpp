// ml.compare's engine on the real S&P 500 slice: identical folds for every
// model, sorting, failure isolation, per-model progress and reproducibility.
#include "ml/compare.h"

#include <gtest/gtest.h>

#include <mutex>

#include "core/error.h"
#include "ml/adapters.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

CompareSpec small_compare(std::vector<std::string> models, int workers) {
  CompareSpec c;
  c.models = std::move(models);
  c.base = test::small_spec();
  c.workers = workers;
  c.params = Json{{"xgboost_classifier", {{"n_estimators", 20}}}};
  return c;
}

TEST(Compare, RanksModelsOnIdenticalFoldsAndIsolatesFailures) {
  CompareSpec c = small_compare({"xgboost_classifier", "logistic_l2", "lda", "gaussian_nb"}, 2);
  // A bad parameter makes one model fail; the others must still be ranked.
  c.params["lda"] = Json{{"shrinkage", -1e9}};
  std::mutex m;
  std::vector<std::string> messages;
  TrainCallbacks cb;
  cb.progress = [&](double, const std::string& msg) {
    std::lock_guard lock(m);
    messages.push_back(msg);
  };
  const Json board = compare_on_set(test::sp500_set(), c, cb);
  EXPECT_EQ(board["metric"], "auc");
  EXPECT_EQ(board["n_ok"], 3);
  EXPECT_EQ(board["n_failed"], 1);
  const Json& rows = board["rows"];
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[3]["model"], "lda");
  EXPECT_EQ(rows[3]["status"], "failed");
  EXPECT_FALSE(rows[3]["error"]["message"].get<std::string>().empty());
  for (int i = 0; i < 2; ++i) EXPECT_GE(rows[i]["mean"].get<double>(), rows[i + 1]["mean"].get<double>());
  EXPECT_EQ(messages.size(), 4U);  // one progress line per model
  EXPECT_NE(messages.back().find("model 4/4"), std::string::npos);

  // Same folds as training each model alone, and the same numbers.
  TrainSpec alone = test::small_spec("logistic_l2");
  const Json single = train_on_set(test::sp500_set(), alone);
  for (const auto& r : rows) {
    if (r["model"] == "logistic_l2") {
      EXPECT_EQ(r["metrics"], single["metrics"]);
    }
  }
}

// OpenCV's own thread pool stays off while a leaderboard runs, and its
// setting comes back afterwards (also when guards nest).
TEST(Compare, OpenCvRunsOnTheWorkersOnly) {
  const int before = opencv_threads();
  std::mutex m;
  std::vector<int> during;
  TrainCallbacks cb;
  cb.progress = [&](double, const std::string&) {
    std::lock_guard lock(m);
    during.push_back(opencv_threads());
  };
  const Json board = compare_on_set(test::sp500_set(), small_compare({"svc_linear", "random_trees_classifier"}, 2), cb);
  EXPECT_EQ(board["n_ok"], 2);
  ASSERT_EQ(during.size(), 2U);
  for (int n : during) EXPECT_EQ(n, 1);
  EXPECT_EQ(opencv_threads(), before);
  {
    const OpenCvSequential outer;
    {
      const OpenCvSequential inner;
      EXPECT_EQ(opencv_threads(), 1);
    }
    EXPECT_EQ(opencv_threads(), 1);
  }
  EXPECT_EQ(opencv_threads(), before);
}

TEST(Compare, ReproducibleAcrossWorkerCountsAndSortsLosses) {
  CompareSpec c = small_compare({"ridge", "ols", "lasso", "huber"}, 1);
  c.base.target = "return";
  c.metric = "rmse";
  const Json a = compare_on_set(test::sp500_set(), c);
  c.workers = 3;
  const Json b = compare_on_set(test::sp500_set(), c);
  ASSERT_EQ(a["rows"].size(), 4U);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(a["rows"][i]["model"], b["rows"][i]["model"]);
    EXPECT_EQ(a["rows"][i]["metrics"], b["rows"][i]["metrics"]);
  }
  EXPECT_FALSE(a["higher_is_better"].get<bool>());
  EXPECT_LE(a["rows"][0]["mean"].get<double>(), a["rows"][1]["mean"].get<double>());
}

TEST(Compare, RefusesMixedTasksAndUnknownMetrics) {
  EXPECT_THROW(compare_on_set(test::sp500_set(), small_compare({"ridge"}, 1)), Error);
  CompareSpec c = small_compare({"logistic_l2"}, 1);
  c.metric = "rmse";
  EXPECT_THROW(compare_on_set(test::sp500_set(), c), Error);
  c.metric = "auc";
  c.workers = 0;
  EXPECT_THROW(compare_on_set(test::sp500_set(), c), Error);
}

TEST(Compare, CancellationStopsTheRun) {
  CompareSpec c = small_compare({"xgboost_classifier", "logistic_l2", "lda"}, 1);
  TrainCallbacks cb;
  cb.check_cancelled = [] { throw Error(ErrorKind::Cancelled, "cancelled by user"); };
  try {
    compare_on_set(test::sp500_set(), c, cb);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Cancelled);
  }
}

}  // namespace
}  // namespace mlt
