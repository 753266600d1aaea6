// Shared pieces of the clustering methods (internal to src/ml).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/clustering.h"

namespace mlt {

double sq_distance(const double* a, const double* b, std::size_t d);

// Renumbers labels by first appearance, computes centres and inertia.
// Returns the renumbering: old label -> new label (-1 for labels never used).
std::vector<int> finish_clusters(const Matrix& X, ClusterResult& r);
// k-means++ seeding.
Matrix kmeanspp_centres(const Matrix& X, int k, std::mt19937_64& rng);
// linkage: "ward" | "average" | "complete" | "single" (clustering_agglomerative.cpp).
ClusterResult agglomerative_rows(const Matrix& X, int k, const std::string& linkage);

// A fitted Gaussian mixture (clustering_gmm.cpp).
struct GaussianMixture {
  std::string covariance;  // "diag" | "full" | "spherical"
  std::vector<double> weights;
  Matrix means;  // k x d
  // Per component: d*d row-major (full), d (diag) or 1 (spherical) values.
  std::vector<std::vector<double>> cov;
};
// n x k: log(weight_j) + log N(x_i | component j).
Matrix gmm_log_joint(const Matrix& X, const GaussianMixture& g);
struct GmmFit {
  ClusterResult result;
  GaussianMixture mixture;
  std::vector<int> component_label;  // component -> final label, -1 when it owns no training row
};
GmmFit gmm_rows(const Matrix& X, int k, const std::string& covariance, int max_iter, double tol, double reg_covar,
                std::mt19937_64& rng);

// Flat-kernel mean shift (clustering_mean_shift.cpp); modes are the kept
// cluster centres, in label order.
struct MeanShiftFit {
  ClusterResult result;
  Matrix modes;
  double bandwidth = 0.0;
};
MeanShiftFit mean_shift_rows(const Matrix& X, double bandwidth, int max_iter, std::mt19937_64& rng);

// How rows the fit has not seen are labelled (clustering_assign.cpp).
struct ClusterAssigner {
  enum class Rule { NearestCentre, NearestCoreWithinEps, NearestRow, MostProbableComponent };
  Rule rule = Rule::NearestCentre;
  Matrix points;                  // centres, core samples or training rows
  std::vector<int> point_labels;  // the label of each point
  double eps = 0.0;               // NearestCoreWithinEps: farther rows are noise (-1)
  GaussianMixture mixture;        // MostProbableComponent
  std::vector<int> component_label;

  std::vector<int> assign(const Matrix& X) const;
  Json to_json() const;
  // Throws Error{InvalidArgument} for a malformed description.
  static ClusterAssigner from_json(const Json& j);
};

struct ClusterFit {
  ClusterResult result;
  ClusterAssigner assigner;
};
// cluster_rows plus the rule that labels new rows.
ClusterFit fit_clusters(const Matrix& X, const std::string& method, const Json& params, std::uint64_t seed);

}  // namespace mlt
