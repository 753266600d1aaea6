// The clustering methods of clustering.h as registry Models (task
// clustering, family clustering; see registry_clustering.cpp).
//
//   auto m = make_clustering_model("kmeans", "kmeans", {{"k", 3}}, /*seed=*/42);
//   m->fit(train, {});                  // y is ignored and may be empty
//   std::vector<double> l = m->predict(test);  // cluster label per row
//
// fit() clusters the training rows with cluster_rows(). predict() labels
// rows the fit has not seen, each method by the rule that extends it most
// naturally:
//   kmeans, minibatch_kmeans, mean_shift  nearest centre (mode for mean shift)
//   gmm (diag / full / spherical)         most probable component
//   dbscan                                label of the nearest core sample if it
//                                         lies within eps, else -1 (noise)
//   agglomerative_*                       label of the nearest training row
//                                         (1-NN: a dendrogram has no centres)
// Labels are numbered as in the fit (0.. by first appearance in the training
// rows). predict_proba() throws Error{InvalidArgument}; weights are refused
// (Error{InvalidArgument}); predict() before fit() or with another column
// count is Error{InvalidArgument}. save()/load() round-trip exactly.
// Deterministic for a seed. Not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/json.h"
#include "ml/model.h"

namespace mlt {

// `method` is one of clustering_methods(); `params` are its parameters.
std::unique_ptr<Model> make_clustering_model(std::string id, std::string method, Json params, std::uint64_t seed);

}  // namespace mlt
