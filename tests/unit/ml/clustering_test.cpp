// Clustering methods on real S&P 500 regime features (daily return and
// 20-day volatility): shapes, determinism, method-specific properties and
// error paths.
#include <gtest/gtest.h>

#include <set>

#include "core/error.h"
#include "ml/clustering.h"
#include "ml/scaler.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

// Standardised [ret_1, vol_20] rows of the 2010-2015 slice (first 600 rows keep agglomerative fast).
const Matrix& regime_rows() {
  static const Matrix m = [] {
    const FeatureMatrix& X = test::sp500_set().X;
    const auto r = static_cast<std::size_t>(X.column_index("ret_1"));
    const auto v = static_cast<std::size_t>(X.column_index("vol_20"));
    Matrix raw(600, 2);
    for (std::size_t i = 0; i < 600; ++i) raw(i, 0) = X.at(i, r), raw(i, 1) = X.at(i, v);
    StandardScaler s;
    return s.fit_transform(raw);
  }();
  return m;
}

class EveryMethod : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryMethod, LabelsEveryRowDeterministically) {
  const Json params = GetParam() == "dbscan" ? Json{{"eps", 0.3}, {"min_samples", 8}} : Json{{"k", 3}};
  const ClusterResult a = cluster_rows(regime_rows(), GetParam(), params, 11);
  const ClusterResult b = cluster_rows(regime_rows(), GetParam(), params, 11);
  ASSERT_EQ(a.labels.size(), regime_rows().rows);
  EXPECT_EQ(a.labels, b.labels);
  std::set<int> seen(a.labels.begin(), a.labels.end());
  seen.erase(-1);
  EXPECT_EQ(static_cast<int>(seen.size()), a.n_clusters);
  if (GetParam() != "dbscan" && GetParam() != "mean_shift") {  // these two find their number of clusters
    EXPECT_EQ(a.n_clusters, 3);
  } else {
    EXPECT_GE(a.n_clusters, 1);
  }
  EXPECT_EQ(a.centers.rows, static_cast<std::size_t>(a.n_clusters));
  EXPECT_TRUE(std::isfinite(a.inertia));
}

INSTANTIATE_TEST_SUITE_P(Clustering, EveryMethod, ::testing::ValuesIn(clustering_methods()));

TEST(Clustering, KmeansBeatsMiniBatchAndOneClusterIsTheTotalVariance) {
  const Matrix& X = regime_rows();
  const double full = cluster_rows(X, "kmeans", {{"k", 3}}, 1).inertia;
  const double mini = cluster_rows(X, "minibatch_kmeans", {{"k", 3}}, 1).inertia;
  EXPECT_LE(full, mini * 1.0001);
  // Standardised columns: one cluster's inertia is n * cols.
  EXPECT_NEAR(cluster_rows(X, "kmeans", {{"k", 1}}, 1).inertia, 600.0 * 2.0, 1e-6);
  EXPECT_NEAR(cluster_rows(X, "agglomerative_ward", {{"k", 1}}, 1).inertia, 1200.0, 1e-6);
}

TEST(Clustering, GmmSeparatesCalmFromVolatileDays) {
  const ClusterResult r = cluster_rows(regime_rows(), "gmm", {{"k", 2}}, 3);
  ASSERT_EQ(r.n_clusters, 2);
  // The two regimes differ mainly in volatility (column 1), the well-known stylised fact.
  EXPECT_GT(std::abs(r.centers(0, 1) - r.centers(1, 1)), 0.5);
  EXPECT_TRUE(std::isfinite(r.log_likelihood));
}

TEST(Clustering, DbscanWithTinyEpsIsAllNoise) {
  const ClusterResult r = cluster_rows(regime_rows(), "dbscan", {{"eps", 1e-9}, {"min_samples", 2}}, 0);
  EXPECT_EQ(r.n_clusters, 0);
  for (int l : r.labels) EXPECT_EQ(l, -1);
}

TEST(Clustering, BadInputsAreInvalidArgument) {
  EXPECT_THROW(cluster_rows(regime_rows(), "spectral", {}, 0), Error);
  EXPECT_THROW(cluster_rows(regime_rows(), "kmeans", {{"k", 0}}, 0), Error);
  EXPECT_THROW(cluster_rows(regime_rows(), "kmeans", {{"k", 601}}, 0), Error);
  EXPECT_THROW(cluster_rows(Matrix{}, "kmeans", {}, 0), Error);
  EXPECT_THROW(cluster_rows(regime_rows(), "dbscan", {{"eps", 0.0}}, 0), Error);
}

}  // namespace
}  // namespace mlt
