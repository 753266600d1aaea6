// Algorithm-specific checks of the extra trees, Bayes, neighbour, Gaussian
// process, XGBoost lossguide/hinge and hard-voting / random-subspace entries
// on real S&P 500 2010-2015 features (models_test.cpp covers what every
// entry must do: fit, determinism, save/load).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "core/error.h"
#include "ml/metrics.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

using test::Slice;
const Slice& slice(Task task) { return test::scaled_slice(task); }
std::unique_ptr<Model> make(const std::string& id, const Json& overrides = Json::object(), std::uint64_t seed = 7) {
  return test::make_model(id, overrides, seed);
}

Matrix first_rows(const Matrix& X, std::size_t n) {
  Matrix m(n, X.cols);
  std::copy_n(X.data.begin(), n * X.cols, m.data.begin());
  return m;
}

double squared_distance(const double* a, const double* b, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

TEST(ExtraTrees, ClassifierRanksTrainingRowsAndDiffersFromRandomForest) {
  const Slice& s = slice(Task::Classification);
  auto et = make("extra_trees_100");
  et->fit(s.train, s.y);
  EXPECT_GT(roc_auc(s.y, et->predict(s.train)), 0.6);
  auto rf = make("random_forest_100");
  rf->fit(s.train, s.y);
  const auto a = et->predict(s.test), b = rf->predict(s.test);
  double diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff += std::abs(a[i] - b[i]);
  EXPECT_GT(diff / static_cast<double>(a.size()), 1e-3) << "extra trees should not reproduce the random forest";

  const auto imp = et->feature_importance();
  ASSERT_EQ(imp.size(), s.train.cols);
  EXPECT_NEAR(std::accumulate(imp.begin(), imp.end(), 0.0), 1.0, 1e-12);
  EXPECT_GT(std::count_if(imp.begin(), imp.end(), [](double v) { return v > 0; }), 5);
}

TEST(ExtraTrees, RegressorBeatsTheConstantForecastOnTrainingRows) {
  const Slice& s = slice(Task::Regression);
  auto et = make("extra_trees_regressor_100");
  et->fit(s.train, s.y);
  const double mean = std::accumulate(s.y.begin(), s.y.end(), 0.0) / static_cast<double>(s.y.size());
  EXPECT_LT(rmse(s.y, et->predict(s.train)), rmse(s.y, std::vector<double>(s.y.size(), mean)));
  const auto imp = et->feature_importance();
  EXPECT_NEAR(std::accumulate(imp.begin(), imp.end(), 0.0), 1.0, 1e-12);
}

TEST(ExtraTrees, SeedAndWeightsChangeTheForestAndBadInputIsRefused) {
  const Slice& s = slice(Task::Classification);
  auto a = make("extra_trees_100", Json{{"n_estimators", 20}}, 1);
  auto b = make("extra_trees_100", Json{{"n_estimators", 20}}, 2);
  a->fit(s.train, s.y);
  b->fit(s.train, s.y);
  EXPECT_NE(a->predict(s.test), b->predict(s.test));
  // Weights are honoured: doubling the weight of the later half moves the forecast.
  std::vector<double> w(s.y.size(), 1.0);
  std::fill(w.begin() + 400, w.end(), 2.0);
  auto c = make("extra_trees_100", Json{{"n_estimators", 20}}, 1);
  c->fit(s.train, s.y, w);
  EXPECT_NE(a->predict(s.test), c->predict(s.test));
  w[0] = -1.0;
  EXPECT_THROW(c->fit(s.train, s.y, w), Error);
  EXPECT_THROW(make("extra_trees_100", Json{{"min_samples_split", 1}})->fit(s.train, s.y), Error);
  EXPECT_THROW(a->predict(Matrix(1, 3)), Error);  // wrong width
}

TEST(GaussianProcess, PosteriorMeanInterpolatesTrainingRowsWithTinyNoise) {
  const Slice& s = slice(Task::Regression);
  const Matrix X = first_rows(s.train, 200);
  const std::vector<double> y(s.y.begin(), s.y.begin() + 200);
  auto gp = make("gaussian_process_regressor", Json{{"noise_grid", {1e-8}}, {"length_scale_grid", {0.25}}});
  gp->fit(X, y);
  const auto fitted = gp->predict(X);
  for (std::size_t i = 0; i < y.size(); ++i) ASSERT_NEAR(fitted[i], y[i], 1e-5) << "row " << i;

  // With the default grid the marginal likelihood picks a noise share far
  // above 1e-8 on daily returns, so the mean smooths instead of interpolating.
  auto smooth = make("gaussian_process_regressor");
  smooth->fit(X, y);
  EXPECT_GT(rmse(y, smooth->predict(X)), 1e-4);
}

TEST(GaussianProcess, MaxRowsUsesOnlyTheMostRecentRows) {
  const Slice& s = slice(Task::Regression);
  auto last50 = make("gaussian_process_regressor", Json{{"max_rows", 50}});
  last50->fit(first_rows(s.train, 300), std::vector<double>(s.y.begin(), s.y.begin() + 300));
  Matrix tail(50, s.train.cols);
  std::copy_n(s.train.data.begin() + 250 * static_cast<std::ptrdiff_t>(s.train.cols), 50 * s.train.cols,
              tail.data.begin());
  auto direct = make("gaussian_process_regressor", Json{{"max_rows", 50}});
  direct->fit(tail, std::vector<double>(s.y.begin() + 250, s.y.begin() + 300));
  EXPECT_EQ(last50->predict(s.test), direct->predict(s.test));
  EXPECT_EQ(parse_json(last50->save()).at("alpha").size(), 50U);
  EXPECT_THROW(
      make("gaussian_process_regressor", Json{{"noise_grid", {-1.0}}})->fit(tail, std::vector<double>(50, 0.01)),
      Error);
  EXPECT_THROW(last50->predict_proba(s.test), Error);
}

TEST(NearestCentroid, PredictsTheNearerClassCentroid) {
  const Slice& s = slice(Task::Classification);
  auto nc = make("nearest_centroid");
  nc->fit(s.train, s.y);
  // Class centroids by hand.
  std::vector<double> c0(s.train.cols, 0.0), c1(s.train.cols, 0.0);
  double n0 = 0, n1 = 0;
  for (std::size_t r = 0; r < s.train.rows; ++r) {
    auto& c = s.y[r] > 0.5 ? c1 : c0;
    (s.y[r] > 0.5 ? n1 : n0) += 1;
    for (std::size_t j = 0; j < s.train.cols; ++j) c[j] += s.train(r, j);
  }
  for (std::size_t j = 0; j < s.train.cols; ++j) {
    c0[j] /= n0;
    c1[j] /= n1;
  }
  const auto p = nc->predict(s.test);
  int up = 0;
  for (std::size_t r = 0; r < s.test.rows; ++r) {
    const double d0 = squared_distance(s.test.row(r), c0.data(), s.test.cols);
    const double d1 = squared_distance(s.test.row(r), c1.data(), s.test.cols);
    EXPECT_EQ(p[r] > 0.5, d1 < d0) << "row " << r;
    EXPECT_NEAR(p[r], 1.0 / (1.0 + std::exp(-(d0 - d1) / 2.0)), 1e-9);
    up += d1 < d0;
  }
  EXPECT_GT(up, 0);
  EXPECT_LT(up, static_cast<int>(s.test.rows));

  // A threshold beyond every standardised deviation shrinks both centroids to the overall one.
  auto shrunk = make("nearest_centroid", Json{{"shrink_threshold", 1e6}});
  shrunk->fit(s.train, s.y);
  for (double v : shrunk->predict(s.test)) EXPECT_NEAR(v, 0.5, 1e-12);
  auto some = make("nearest_centroid", Json{{"shrink_threshold", 1.0}});
  some->fit(s.train, s.y);
  EXPECT_NE(some->predict(s.test), p);
}

TEST(KnnDistance, OneNeighbourReproducesTrainingLabels) {
  for (Task task : {Task::Classification, Task::Regression}) {
    const Slice& s = slice(task);
    auto knn =
        make(task == Task::Classification ? "knn_distance_classifier" : "knn_distance_regressor", Json{{"k", 1}});
    knn->fit(s.train, s.y);
    EXPECT_EQ(knn->predict(s.train), s.y);
  }
}

TEST(KnnDistance, WeightsNeighboursByInverseDistance) {
  const Slice& s = slice(Task::Regression);
  auto knn = make("knn_distance_regressor", Json{{"k", 3}});
  knn->fit(s.train, s.y);
  const auto p = knn->predict(s.test);
  for (std::size_t q = 0; q < 5; ++q) {
    std::vector<std::pair<double, std::size_t>> d;
    for (std::size_t i = 0; i < s.train.rows; ++i)
      d.emplace_back(std::sqrt(squared_distance(s.test.row(q), s.train.row(i), s.train.cols)), i);
    std::sort(d.begin(), d.end());
    double sw = 0, swy = 0;
    for (std::size_t j = 0; j < 3; ++j) {
      sw += 1.0 / d[j].first;
      swy += s.y[d[j].second] / d[j].first;
    }
    EXPECT_NEAR(p[q], swy / sw, 1e-15);
  }
}

TEST(BernoulliNb, PosteriorMatchesHandCountsAndComplementsToOne) {
  const Slice& s = slice(Task::Classification);
  auto nb = make("bernoulli_nb");
  nb->fit(s.train, s.y);
  double n[2] = {0, 0};
  std::vector<double> ones[2] = {std::vector<double>(s.train.cols, 0.0), std::vector<double>(s.train.cols, 0.0)};
  for (std::size_t r = 0; r < s.train.rows; ++r) {
    const int k = s.y[r] > 0.5 ? 1 : 0;
    n[k] += 1;
    for (std::size_t j = 0; j < s.train.cols; ++j) ones[k][j] += s.train(r, j) > 0.0 ? 1 : 0;
  }
  const auto p1 = nb->predict_proba(s.test);
  for (std::size_t r = 0; r < s.test.rows; ++r) {
    double like[2];
    for (int k = 0; k < 2; ++k) {
      like[k] = std::log(n[k] / (n[0] + n[1]));
      for (std::size_t j = 0; j < s.test.cols; ++j) {
        const double pj = (ones[k][j] + 1.0) / (n[k] + 2.0);  // alpha = 1
        like[k] += std::log(s.test(r, j) > 0.0 ? pj : 1.0 - pj);
      }
    }
    const double m = std::max(like[0], like[1]);
    const double e0 = std::exp(like[0] - m), e1 = std::exp(like[1] - m);
    EXPECT_NEAR(p1[r], e1 / (e0 + e1), 1e-9);
    EXPECT_NEAR((1.0 - p1[r]) + e1 / (e0 + e1), 1.0, 1e-9);  // class 0 gets the complement
    EXPECT_NEAR(1.0 - p1[r], e0 / (e0 + e1), 1e-9);
  }
  EXPECT_THROW(make("bernoulli_nb", Json{{"alpha", 0.0}})->fit(s.train, s.y), Error);
}

TEST(GaussianMixtureClassifier, OneDiagonalComponentIsGaussianNaiveBayes) {
  const Slice& s = slice(Task::Classification);
  auto gmm = make("gaussian_mixture_classifier", Json{{"n_components", 1}});
  gmm->fit(s.train, s.y);
  auto nb = make("gaussian_nb");
  nb->fit(s.train, s.y);
  const auto a = gmm->predict(s.test), b = nb->predict(s.test);
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-3) << "row " << i;

  std::vector<double> w(s.y.size(), 1.0);
  w[3] = 2.0;
  EXPECT_THROW(make("gaussian_mixture_classifier")->fit(s.train, s.y, w), Error);
  EXPECT_THROW(make("gaussian_mixture_classifier", Json{{"covariance", "banded"}})->fit(s.train, s.y), Error);
}

// The trees of a saved XGBoost model: leaves per tree.
std::vector<std::size_t> xgb_leaf_counts(const std::string& saved) {
  std::vector<std::size_t> out;
  const Json model = parse_json(saved);
  for (const auto& tree : model.at("learner").at("gradient_booster").at("model").at("trees")) {
    const auto left = tree.at("left_children").get<std::vector<int>>();
    out.push_back(static_cast<std::size_t>(std::count(left.begin(), left.end(), -1)));
  }
  return out;
}

TEST(XgboostVariants, LossguideGrowsUpTo31LeavesAndHingeGivesHardCalls) {
  const Slice& s = slice(Task::Classification);
  auto leafwise = make("xgboost_lossguide_classifier", Json{{"n_estimators", 20}});
  leafwise->fit(s.train, s.y);
  const auto leaves = xgb_leaf_counts(leafwise->save());
  ASSERT_EQ(leaves.size(), 20U);
  EXPECT_LE(*std::max_element(leaves.begin(), leaves.end()), 31U);
  EXPECT_GT(*std::max_element(leaves.begin(), leaves.end()), 8U) << "more leaves than a depth-3 tree can hold";

  auto hinge = make("xgboost_hinge_classifier", Json{{"n_estimators", 30}});
  hinge->fit(s.train, s.y);
  const auto p = hinge->predict(s.test);
  for (double v : p) EXPECT_TRUE(v == 0.0 || v == 1.0) << v;
  EXPECT_GT(std::count(p.begin(), p.end(), 1.0), 0);
  EXPECT_GT(std::count(p.begin(), p.end(), 0.0), 0);
}

TEST(HardVoting, ProbabilityIsTheShareOfMemberVotes) {
  const Slice& s = slice(Task::Classification);
  auto vote = make("voting_hard");
  vote->fit(s.train, s.y);
  const auto p = vote->predict_proba(s.test);
  // The members as the ensemble makes them: seeds seed, seed + 1, seed + 2.
  const char* members[] = {"xgboost_classifier", "logistic_l2", "gaussian_nb"};
  std::vector<double> votes(s.test.rows, 0.0);
  for (std::size_t i = 0; i < 3; ++i) {
    auto m = make(members[i], Json::object(), 7 + i);
    m->fit(s.train, s.y);
    const auto q = m->predict(s.test);
    for (std::size_t r = 0; r < q.size(); ++r) votes[r] += q[r] > 0.5 ? 1.0 : 0.0;
  }
  for (std::size_t r = 0; r < p.size(); ++r) {
    EXPECT_NEAR(p[r] * 3.0, std::round(p[r] * 3.0), 1e-12) << "not a multiple of 1/3";
    EXPECT_NEAR(p[r], votes[r] / 3.0, 1e-12);
  }
}

TEST(RandomSubspace, EachTreeSeesHalfTheFeatures) {
  const Slice& s = slice(Task::Classification);
  auto rs = make("random_subspace_25");
  rs->fit(s.train, s.y);
  const Json saved = parse_json(rs->save());
  ASSERT_EQ(saved.at("columns").size(), 25U);
  std::set<std::vector<std::size_t>> distinct;
  for (const auto& c : saved.at("columns")) {
    const auto cols = c.get<std::vector<std::size_t>>();
    EXPECT_EQ(cols.size(), s.train.cols / 2);
    EXPECT_TRUE(std::is_sorted(cols.begin(), cols.end()));
    EXPECT_EQ(std::adjacent_find(cols.begin(), cols.end()), cols.end());
    EXPECT_LT(cols.back(), s.train.cols);
    distinct.insert(cols);
  }
  EXPECT_GT(distinct.size(), 20U);
  auto bag = make("bagging_decision_tree_25");
  bag->fit(s.train, s.y);
  EXPECT_NE(rs->predict(s.test), bag->predict(s.test));
  EXPECT_THROW(rs->predict(Matrix(2, s.train.cols - 1)), Error);
}

}  // namespace
}  // namespace mlt
