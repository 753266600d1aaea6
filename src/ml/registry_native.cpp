// Entries implemented in this module without a learning library: extremely
// randomized trees, Bernoulli naive Bayes, nearest centroid,
// distance-weighted k-NN, and the Gaussian process (on Eigen).
#include "ml/adapters.h"
#include "ml/registry_tables.h"

namespace mlt {
namespace {

ModelSpec native(std::string id, Family family, Task task, std::string library, std::string summary, Json defaults,
                 std::function<std::unique_ptr<Model>(const Json&, std::uint64_t)> make) {
  return {.id = std::move(id),
          .family = family,
          .task = task,
          .library = std::move(library),
          .summary = std::move(summary),
          .defaults = std::move(defaults),
          .make = std::move(make)};
}

}  // namespace

void add_native_models(std::vector<ModelSpec>& t) {
  const auto C = Task::Classification, R = Task::Regression;
  // max_features 0 = Geurts et al.'s default: sqrt(p) for classification, p for regression.
  const Json et{
      {"n_estimators", 100}, {"max_depth", 8}, {"min_samples_split", 10}, {"max_features", 0}, {"bootstrap", false}};
  t.push_back(native("extra_trees_100", Family::Trees, C, "native",
                     "Extremely randomized trees (100, random thresholds, sqrt(p) features per split): "
                     "averaged leaf shares of up moves.",
                     et, [](const Json& p, std::uint64_t s) { return make_extra_trees("extra_trees_100", C, p, s); }));
  t.push_back(
      native("extra_trees_regressor_100", Family::Trees, R, "native",
             "Extremely randomized trees (100, random thresholds, all features per split), forward return.", et,
             [](const Json& p, std::uint64_t s) { return make_extra_trees("extra_trees_regressor_100", R, p, s); }));
  t.push_back(native("bernoulli_nb", Family::Bayes, C, "native",
                     "Bernoulli naive Bayes on features binarised above a threshold (their training mean by "
                     "default), Laplace smoothing.",
                     Json{{"alpha", 1.0}, {"binarize", 0.0}}, make_bernoulli_nb));
  t.push_back(native("nearest_centroid", Family::Neighbors, C, "native",
                     "Nearest class centroid, optionally shrunken (shrink_threshold > 0); score > 0.5 when the "
                     "up-move centroid is nearer.",
                     Json{{"shrink_threshold", 0.0}}, make_nearest_centroid));
  t.push_back(
      native("knn_distance_classifier", Family::Neighbors, C, "native",
             "15 nearest neighbours weighted by inverse distance: weighted share of up moves.", Json{{"k", 15}},
             [](const Json& p, std::uint64_t s) { return make_knn_distance("knn_distance_classifier", C, p, s); }));
  t.push_back(
      native("knn_distance_regressor", Family::Neighbors, R, "native",
             "15 nearest neighbours weighted by inverse distance: weighted mean forward return.", Json{{"k", 15}},
             [](const Json& p, std::uint64_t s) { return make_knn_distance("knn_distance_regressor", R, p, s); }));
  // Length scales in units of sqrt(p); noise as a share of the signal variance.
  t.push_back(native("gaussian_process_regressor", Family::Kernel, R, "eigen",
                     "Gaussian process (RBF + white noise, marginal-likelihood grid search) on the most recent "
                     "max_rows training rows: posterior mean of the forward return.",
                     Json{{"max_rows", 400},
                          {"length_scale_grid", {0.25, 0.5, 1.0, 2.0, 4.0}},
                          {"noise_grid", {0.01, 0.1, 1.0, 10.0, 100.0}}},
                     make_gaussian_process_eigen));
}

}  // namespace mlt
