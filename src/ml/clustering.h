// Clustering of the rows of a matrix (e.g. market regimes from return and
// volatility features). Two ways in: ml.cluster labels the rows it is given
// with cluster_rows(); the same methods are registry Models of task
// clustering (clustering_model.h, registry_clustering.cpp: train.kmeans,
// ml.train / ml.compare with target "regime"), fitted on training rows and
// labelling later rows, scored by cluster_metrics.h.
//
//   ClusterResult r = cluster_rows(X, "kmeans", {{"k", 3}}, /*seed=*/42);
//   r.labels[i]  // cluster of row i (0..n_clusters-1; -1 = DBSCAN noise)
//
// Methods and their parameters (defaults):
//   kmeans              k (3), max_iter (300), n_init (4): Lloyd's algorithm,
//                       k-means++ seeding, best of n_init by inertia
//   minibatch_kmeans    k (3), batch_size (256), max_iter (200): Sculley's
//                       mini-batch updates with per-centre learning rates
//   dbscan              eps (0.5), min_samples (5): density clusters, noise -1
//   agglomerative_ward / _average / _complete / _single
//                       k (3): nearest-neighbour-chain hierarchical merging
//                       (O(n^2) memory: at most 6000 rows)
//   gmm / gmm_full / gmm_spherical
//                       k (3), max_iter (200), tol (1e-6), reg_covar (1e-6):
//                       EM for a Gaussian mixture with diagonal / full /
//                       one-variance covariances, k-means++ start
//   mean_shift          bandwidth (0 = estimated, scikit-learn's quantile 0.3
//                       rule), max_iter (300): flat-kernel modes; the number
//                       of clusters follows from the bandwidth
// Labels are numbered 0.. by first appearance. Deterministic for a seed.
// Errors: Error{InvalidArgument} for an unknown method, k outside 1..n, too
// many rows (agglomerative), non-finite values, a bad eps / bandwidth.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/matrix.h"

namespace mlt {

struct ClusterResult {
  std::vector<int> labels;  // one per row; -1 = noise (DBSCAN only)
  int n_clusters = 0;
  Matrix centers;         // n_clusters x cols: mean of each cluster's rows
  double inertia = 0.0;   // sum of squared distances to the own centre (noise excluded)
  int iterations = 0;     // iterative methods: iterations run
  double log_likelihood = 0.0;  // gmm: mean log-likelihood per row
};

// The method names cluster_rows accepts, in a fixed order.
const std::vector<std::string>& clustering_methods();

ClusterResult cluster_rows(const Matrix& X, const std::string& method, const Json& params, std::uint64_t seed);

}  // namespace mlt
