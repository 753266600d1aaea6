// Scores of a clustering of rows (labels from Model::predict of a clustering
// model; -1 = noise). Internal validity indices on the features, plus one
// finance score: how well the clusters separate the next returns.
//
//   double s = silhouette_score(X, labels);   // in [-1, 1], higher is better
//
// Noise rows (label -1) are left out of silhouette, Calinski-Harabasz and
// Davies-Bouldin, as scikit-learn users do when scoring DBSCAN. Every score
// is NaN where it is undefined (fewer than two clusters, too few rows).
// Distances are Euclidean on the rows as given (the pipeline standardises).
#pragma once

#include <cstddef>
#include <span>

#include "core/json.h"
#include "ml/matrix.h"

namespace mlt {

// Mean over rows of (b - a) / max(a, b): a = mean distance to the row's own
// cluster, b = smallest mean distance to another cluster; a row alone in its
// cluster scores 0 (Rousseeuw 1987, as scikit-learn).
double silhouette_score(const Matrix& X, std::span<const double> labels);
// Between-cluster over within-cluster dispersion, each per degree of
// freedom: [B / (k - 1)] / [W / (n - k)]. Higher is better.
double calinski_harabasz_score(const Matrix& X, std::span<const double> labels);
// Mean over clusters of max_j (s_i + s_j) / d(c_i, c_j), s = mean distance
// to the centroid. Lower is better; 0 for perfectly separated points.
double davies_bouldin_score(const Matrix& X, std::span<const double> labels);
// One-way ANOVA F statistic of `values` grouped by `labels` (noise, -1, is
// a group of its own here: a strategy can act on it like on any regime).
double anova_f(std::span<const double> values, std::span<const double> labels);

inline constexpr std::size_t kSilhouetteMaxRows = 2000;

// A fold of a clustering model: silhouette (on at most kSilhouetteMaxRows
// evenly spaced rows: the score is O(n^2)), calinski_harabasz,
// davies_bouldin, n_clusters and noise_share of the predicted labels, and
// regime_f = anova_f(forward_return, labels). Undefined scores are null.
Json clustering_fold_metrics(const Matrix& X, std::span<const double> labels, std::span<const double> forward_return);

}  // namespace mlt
