// The exact k-NN search, the CART builder and AdaBoost on real S&P 500
// 2010-2015 features, checked against brute force and hand arithmetic; and
// models saved by the earlier OpenCV implementations still load.
#include <gtest/gtest.h>

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "ml/adapters.h"
#include "ml/metrics.h"
#include "ml/nearest_neighbors.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

using test::make_model;
using test::scaled_slice;

double squared_distance(const double* a, const double* b, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

// The k nearest rows of `train` to `x` by sorting every distance.
std::vector<std::pair<double, std::size_t>> brute_nearest(const Matrix& train, const double* x, std::size_t k) {
  std::vector<std::pair<double, std::size_t>> d;
  for (std::size_t i = 0; i < train.rows; ++i) d.emplace_back(squared_distance(x, train.row(i), train.cols), i);
  std::sort(d.begin(), d.end());
  d.resize(std::min(k, d.size()));
  return d;
}

TEST(NeighbourIndex, MatchesSortingEveryDistance) {
  const auto& s = scaled_slice(Task::Regression);
  const detail::NeighbourIndex index(s.train);
  const auto nn = index.query(s.test, 50);
  ASSERT_EQ(nn.k, 50u);
  for (std::size_t q = 0; q < s.test.rows; ++q) {
    const auto expect = brute_nearest(s.train, s.test.row(q), 50);
    for (std::size_t j = 0; j < 50; ++j) {
      EXPECT_EQ(nn.index[q * 50 + j], expect[j].second) << "query " << q << " rank " << j;
      EXPECT_NEAR(nn.squared_distance[q * 50 + j], expect[j].first, 1e-12 * expect[j].first) << q;
    }
  }
}

TEST(NeighbourIndex, SameAnswerOnAnyThreadCountAndCapsK) {
  const auto& s = scaled_slice(Task::Regression);
  const detail::NeighbourIndex index(s.train);
  const int threads = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = index.query(s.test, 7);
  omp_set_num_threads(2);
  const auto two = index.query(s.test, 7);
  omp_set_num_threads(threads);
  EXPECT_EQ(one.index, two.index);
  EXPECT_EQ(one.squared_distance, two.squared_distance);
  // A training row is its own nearest neighbour, at distance exactly 0.
  const auto self = index.query(s.train, 1);
  for (std::size_t r = 0; r < s.train.rows; ++r) EXPECT_EQ(self.squared_distance[r], 0.0);
  EXPECT_EQ(index.query(test::rows_matrix(test::sp500_set().X, 0, 1), 5000).k, s.train.rows);
}

TEST(Knn, UniformIsTheMeanLabelOfTheNearestRows) {
  for (Task task : {Task::Classification, Task::Regression}) {
    const auto& s = scaled_slice(task);
    auto knn = make_model(task == Task::Classification ? "knn_classifier" : "knn_regressor");
    knn->fit(s.train, s.y);
    const auto p = knn->predict(s.test);
    for (std::size_t q = 0; q < s.test.rows; ++q) {
      double sum = 0;
      for (const auto& [d, i] : brute_nearest(s.train, s.test.row(q), 50)) sum += s.y[i];
      EXPECT_NEAR(p[q], sum / 50.0, 1e-12) << q;
    }
  }
}

// The YAML cv::ml::KNearest wrote for a model on these rows (as float32).
std::string opencv_knn_yaml(const Matrix& X, std::span<const double> y) {
  std::string samples, responses;
  for (double v : X.data) samples += fmt::format("{}{:.9g}", samples.empty() ? "" : ", ", static_cast<float>(v));
  for (double v : y) responses += fmt::format("{}{:.9g}", responses.empty() ? "" : ", ", static_cast<float>(v));
  return fmt::format(
      "%YAML:1.0\n---\nopencv_ml_knn:\n   format: 3\n   is_classifier: 0\n   default_k: 50\n"
      "   samples: !!opencv-matrix\n      rows: {}\n      cols: {}\n      dt: f\n      data: [ {} ]\n"
      "   responses: !!opencv-matrix\n      rows: {}\n      cols: 1\n      dt: f\n      data: [ {} ]\n",
      X.rows, X.cols, samples, y.size(), responses);
}

TEST(Knn, LoadsAModelSavedByOpenCv) {
  const auto& s = scaled_slice(Task::Regression);
  const Matrix train = test::rows_matrix(test::sp500_set().X, 0, 120);
  const std::vector<double> y(s.y.begin(), s.y.begin() + 120);
  const std::string saved =
      Json{{"model", "knn_regressor"}, {"n_features", train.cols}, {"opencv", opencv_knn_yaml(train, y)}}.dump();
  auto knn = make_model("knn_regressor");
  knn->load(saved);
  Matrix as_float = train;
  for (double& v : as_float.data) v = static_cast<float>(v);
  const Matrix queries = test::rows_matrix(test::sp500_set().X, 120, 140);
  const auto p = knn->predict(queries);
  for (std::size_t q = 0; q < queries.rows; ++q) {
    double sum = 0;
    for (const auto& [d, i] : brute_nearest(as_float, queries.row(q), 50)) sum += static_cast<float>(y[i]);
    EXPECT_NEAR(p[q], sum / 50.0, 1e-12);
  }
  // And it saves again in the native form, which reloads to the same predictions.
  auto again = make_model("knn_regressor");
  again->load(knn->save());
  EXPECT_EQ(again->predict(queries), p);
  EXPECT_THROW(knn->load(Json{{"model", "knn_regressor"}, {"opencv", "not yaml"}}.dump()), Error);
}

TEST(DecisionTree, StumpIsTheBestSplitFoundByBruteForce) {
  const auto& s = scaled_slice(Task::Regression);
  auto stump = make_model("decision_tree_regressor", Json{{"max_depth", 1}});
  stump->fit(s.train, s.y);
  // Every feature, every midpoint between distinct values: the largest decrease of the squared error.
  double best_gain = 0, best_left = 0, best_right = 0;
  std::size_t best_f = 0;
  double best_t = 0;
  const std::size_t n = s.train.rows;
  const double total = std::accumulate(s.y.begin(), s.y.end(), 0.0);
  for (std::size_t f = 0; f < s.train.cols; ++f) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) { return s.train(a, f) < s.train(b, f); });
    double left = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) {
      left += s.y[order[i]];
      const double a = s.train(order[i], f), b = s.train(order[i + 1], f);
      if (!(a < b)) continue;
      const double nl = static_cast<double>(i + 1), nr = static_cast<double>(n - i - 1);
      const double ml = left / nl, mr = (total - left) / nr;
      const double gain = nl * nr / static_cast<double>(n) * (ml - mr) * (ml - mr);
      if (gain > best_gain) {
        best_gain = gain;
        best_f = f;
        best_t = a + (b - a) / 2;
        best_left = ml;
        best_right = mr;
      }
    }
  }
  const auto p = stump->predict(s.train);
  for (std::size_t r = 0; r < n; ++r) EXPECT_NEAR(p[r], s.train(r, best_f) <= best_t ? best_left : best_right, 1e-15);
  const auto imp = stump->feature_importance();
  ASSERT_EQ(imp.size(), s.train.cols);
  EXPECT_EQ(imp[best_f], 1.0);
}

TEST(DecisionTree, LeavesHoldTheirRowsMeanAndDepthIsRespected) {
  const auto& s = scaled_slice(Task::Classification);
  auto tree = make_model("decision_tree_classifier");
  tree->fit(s.train, s.y);
  const auto p = tree->predict(s.train);
  // Weighted means preserve the total: sum of leaf values over rows = sum of labels.
  EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), std::accumulate(s.y.begin(), s.y.end(), 0.0), 1e-9);
  std::vector<double> leaves = p;
  std::sort(leaves.begin(), leaves.end());
  leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
  EXPECT_GT(leaves.size(), 2u);
  EXPECT_LE(leaves.size(), 32u);  // depth 5
  for (double v : leaves) EXPECT_TRUE(v >= 0 && v <= 1);
  EXPECT_THROW(make_model("decision_tree_regressor", Json{{"max_depth", 0}})->fit(s.train, s.y), Error);
}

TEST(AdaBoost, DiscreteWeighsItsFirstStumpByItsError) {
  const auto& s = scaled_slice(Task::Classification);
  auto one = make_model("adaboost_discrete", Json{{"n_estimators", 1}});
  one->fit(s.train, s.y);
  const auto p = one->predict(s.train);
  double wrong = 0;
  for (std::size_t r = 0; r < p.size(); ++r) wrong += (p[r] > 0.5) != (s.y[r] > 0.5);
  const double err = wrong / static_cast<double>(p.size());
  ASSERT_LT(err, 0.5);
  const double alpha = 0.5 * std::log((1 - err) / err);
  for (double v : p) EXPECT_NEAR(std::abs(v - 0.5), std::abs(1.0 / (1.0 + std::exp(-2 * alpha)) - 0.5), 1e-12);
}

TEST(AdaBoost, EveryVariantFitsTheTrainingRowsBetterWithMoreRounds) {
  const auto& s = scaled_slice(Task::Classification);
  for (const char* id : {"adaboost_discrete", "adaboost_real", "adaboost_logit", "adaboost_gentle"}) {
    auto few = make_model(id, Json{{"n_estimators", 3}}), many = make_model(id, Json{{"n_estimators", 150}});
    few->fit(s.train, s.y);
    many->fit(s.train, s.y);
    const double auc_few = roc_auc(s.y, few->predict(s.train)), auc_many = roc_auc(s.y, many->predict(s.train));
    EXPECT_GT(auc_many, auc_few + 0.02) << id;
    for (double v : many->predict(s.test)) EXPECT_TRUE(v > 0 && v < 1) << id;
  }
  EXPECT_THROW(make_model("adaboost_real", Json{{"n_estimators", 0}})->fit(s.train, s.y), Error);
  const std::vector<double> one_class(s.y.size(), 1.0);
  EXPECT_THROW(make_model("adaboost_gentle")->fit(s.train, one_class), Error);
}

TEST(TreeModels, LoadModelsSavedByOpenCv) {
  const auto& s = scaled_slice(Task::Classification);
  const struct {
    const char* id;
    OcvTree kind;
  } cases[] = {{"decision_tree_classifier", OcvTree::DecisionTree}, {"adaboost_real", OcvTree::BoostReal}};
  for (const auto& c : cases) {
    const ModelSpec& spec = find_model_spec(c.id);
    auto old = make_opencv_tree(c.id, c.kind, Task::Classification, effective_params(spec, {}), 7);
    old->fit(s.train, s.y);
    auto now = make_model(c.id);
    now->load(old->save());
    EXPECT_EQ(now->predict(s.test), old->predict(s.test)) << c.id;
  }
}

}  // namespace
}  // namespace mlt
