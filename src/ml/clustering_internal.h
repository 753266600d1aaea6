// Shared pieces of the clustering methods (internal to src/ml).
#pragma once

#include <random>
#include <string>

#include "ml/clustering.h"

namespace mlt {

// Renumbers labels by first appearance, computes centres and inertia.
void finish_clusters(const Matrix& X, ClusterResult& r);
// k-means++ seeding.
Matrix kmeanspp_centres(const Matrix& X, int k, std::mt19937_64& rng);
// linkage: "ward" | "average" | "complete" (clustering_agglomerative.cpp).
ClusterResult agglomerative_rows(const Matrix& X, int k, const std::string& linkage);
// Diagonal-covariance EM (clustering_gmm.cpp).
ClusterResult gmm_rows(const Matrix& X, int k, int max_iter, double tol, std::mt19937_64& rng);

}  // namespace mlt
