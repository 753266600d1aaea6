// Clustering scores against hand arithmetic on tiny literal matrices (metric
// arithmetic, not market data), and the fold metric set of the pipeline.
#include "ml/cluster_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace mlt {
namespace {

// Four points on a line, 0 1 | 4 5, and optionally a fifth far away.
Matrix line(std::vector<double> xs) {
  Matrix m(xs.size(), 1);
  m.data = std::move(xs);
  return m;
}

TEST(ClusterMetrics, SilhouetteMatchesHandArithmetic) {
  // Rows 0 and 3: a = 1, b = 4.5 -> 3.5/4.5 = 7/9; rows 1 and 2: a = 1, b = 3.5 -> 5/7.
  const double expected = (7.0 / 9.0 + 5.0 / 7.0) / 2.0;
  EXPECT_NEAR(silhouette_score(line({0, 1, 4, 5}), std::vector<double>{0, 0, 1, 1}), expected, 1e-12);
  // Noise rows are left out entirely.
  EXPECT_NEAR(silhouette_score(line({0, 1, 4, 5, 40}), std::vector<double>{0, 0, 1, 1, -1}), expected, 1e-12);
  // A singleton scores 0: rows 0,1: a = 1, b = 4.5 and 3.5; row 2 alone -> 0. Mean = (7/9 + 5/7 + 0) / 3.
  EXPECT_NEAR(silhouette_score(line({0, 1, 4.5}), std::vector<double>{0, 0, 1}), (7.0 / 9.0 + 5.0 / 7.0) / 3.0,
              1e-12);
  EXPECT_TRUE(std::isnan(silhouette_score(line({0, 1, 4, 5}), std::vector<double>{0, 0, 0, 0})));
  // A wrong split scores below zero.
  EXPECT_LT(silhouette_score(line({0, 1, 4, 5}), std::vector<double>{0, 1, 0, 1}), 0.0);
}

TEST(ClusterMetrics, CalinskiHarabaszAndDaviesBouldinMatchHandArithmetic) {
  // Centroids 0.5 and 4.5, grand mean 2.5: B = 2*4 + 2*4 = 16, W = 4 * 0.25 = 1 -> (16/1) / (1/2) = 32.
  EXPECT_NEAR(calinski_harabasz_score(line({0, 1, 4, 5}), std::vector<double>{0, 0, 1, 1}), 32.0, 1e-12);
  // Spreads 0.5 and 0.5, centroid distance 4 -> (0.5 + 0.5) / 4 = 0.25 for both clusters.
  EXPECT_NEAR(davies_bouldin_score(line({0, 1, 4, 5}), std::vector<double>{0, 0, 1, 1}), 0.25, 1e-12);
  // Two dimensions: clusters {(0,0),(0,2)} and {(3,1),(5,1)}: spreads 1 and 1, centroids (0,1) and (4,1).
  Matrix two(4, 2);
  two.data = {0, 0, 0, 2, 3, 1, 5, 1};
  EXPECT_NEAR(davies_bouldin_score(two, std::vector<double>{0, 0, 1, 1}), 0.5, 1e-12);
  // B = 2*4 + 2*4 = 16 (grand mean (2,1)), W = 1+1+1+1 = 4 -> 16 / (4/2) = 8.
  EXPECT_NEAR(calinski_harabasz_score(two, std::vector<double>{0, 0, 1, 1}), 8.0, 1e-12);
  EXPECT_TRUE(std::isnan(davies_bouldin_score(two, std::vector<double>{1, 1, 1, 1})));
}

TEST(ClusterMetrics, AnovaFIsTheOneWayFStatistic) {
  // Groups {0,1} and {4,5}: SSB = 16 on 1 df, SSW = 1 on 2 df -> F = 32.
  EXPECT_NEAR(anova_f(std::vector<double>{0, 1, 4, 5}, std::vector<double>{0, 0, 1, 1}), 32.0, 1e-12);
  // Noise is a group of its own: {0,1}, {4,5}, {10,12}: grand mean 32/6, means 0.5, 4.5, 11.
  const double g = 32.0 / 6.0;
  const double ssb = 2 * (0.5 - g) * (0.5 - g) + 2 * (4.5 - g) * (4.5 - g) + 2 * (11 - g) * (11 - g);
  const double ssw = 0.5 + 0.5 + 2.0;
  EXPECT_NEAR(anova_f(std::vector<double>{0, 1, 4, 5, 10, 12}, std::vector<double>{0, 0, 1, 1, -1, -1}),
              (ssb / 2) / (ssw / 3), 1e-12);
  EXPECT_TRUE(std::isnan(anova_f(std::vector<double>{1, 2, 3}, std::vector<double>{0, 0, 0})));
}

TEST(ClusterMetrics, FoldMetricsCountClustersAndNoise) {
  const Json m = clustering_fold_metrics(line({0, 1, 4, 5, 40}), std::vector<double>{0, 0, 1, 1, -1},
                                         std::vector<double>{0, 1, 4, 5, 9});
  EXPECT_EQ(m["n_clusters"], 2);
  EXPECT_DOUBLE_EQ(m["noise_share"].get<double>(), 0.2);
  EXPECT_NEAR(m["silhouette"].get<double>(), (7.0 / 9.0 + 5.0 / 7.0) / 2.0, 1e-12);
  EXPECT_NEAR(m["davies_bouldin"].get<double>(), 0.25, 1e-12);
  EXPECT_TRUE(m["regime_f"].is_number());
  // One cluster: the validity indices are undefined, and say so with null.
  const Json one = clustering_fold_metrics(line({0, 1, 4}), std::vector<double>{0, 0, 0}, std::vector<double>{1, 2, 3});
  EXPECT_TRUE(one["silhouette"].is_null());
  EXPECT_TRUE(one["regime_f"].is_null());
  EXPECT_EQ(one["n_clusters"], 1);
}

}  // namespace
}  // namespace mlt
