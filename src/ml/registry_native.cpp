// Entries implemented in this module without a learning library: CART
// decision trees, AdaBoost (discrete / real / logit / gentle), extremely
// randomized trees, Bernoulli naive Bayes, nearest centroid, k-NN (uniform
// and distance-weighted), and the Gaussian process (on Eigen).
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
  const Json dt{{"max_depth", 5}, {"min_samples", 20}};
  t.push_back(native("decision_tree_classifier", Family::Trees, C, "native",
                     "Single CART decision tree (exact best splits), depth 5: leaf share of up moves.", dt,
                     [](const Json& p, std::uint64_t s) { return make_decision_tree("decision_tree_classifier", C, p, s); }));
  t.push_back(native("decision_tree_regressor", Family::Trees, R, "native",
                     "Single CART regression tree (exact best splits), depth 5, forward return.", dt,
                     [](const Json& p, std::uint64_t s) { return make_decision_tree("decision_tree_regressor", R, p, s); }));
  struct Boost {
    const char* id;
    AdaBoostKind kind;
    const char* summary;
  };
  const Boost boosts[] = {
      {"adaboost_discrete", AdaBoostKind::Discrete, "Discrete AdaBoost of stumps: weak learners vote -1/+1."},
      {"adaboost_real", AdaBoostKind::Real, "Real AdaBoost of stumps: weak learners give class-probability log-ratios."},
      {"adaboost_logit", AdaBoostKind::Logit, "LogitBoost of stumps: Newton steps on the logistic loss."},
      {"adaboost_gentle", AdaBoostKind::Gentle, "Gentle AdaBoost of stumps: bounded Newton steps, robust to noisy labels."}};
  const Json boost{{"n_estimators", 100}, {"max_depth", 1}, {"min_samples", 10}};
  for (const Boost& b : boosts) {
    const std::string id = b.id;
    const AdaBoostKind kind = b.kind;
    t.push_back(native(id, Family::Trees, C, "native", b.summary, boost,
                       [id, kind](const Json& p, std::uint64_t s) { return make_adaboost(id, kind, p, s); }));
  }
  t.push_back(native("bernoulli_nb", Family::Bayes, C, "native",
                     "Bernoulli naive Bayes on features binarised above a threshold (their training mean by "
                     "default), Laplace smoothing.",
                     Json{{"alpha", 1.0}, {"binarize", 0.0}}, make_bernoulli_nb));
  t.push_back(native("nearest_centroid", Family::Neighbors, C, "native",
                     "Nearest class centroid, optionally shrunken (shrink_threshold > 0); score > 0.5 when the "
                     "up-move centroid is nearer.",
                     Json{{"shrink_threshold", 0.0}}, make_nearest_centroid));
  struct Knn {
    const char* id;
    Task task;
    KnnWeighting weighting;
    int k;
    const char* summary;
  };
  const Knn knns[] = {
      {"knn_classifier", C, KnnWeighting::Uniform, 50, "50 nearest neighbours (exact search): share of up moves."},
      {"knn_regressor", R, KnnWeighting::Uniform, 50, "50 nearest neighbours (exact search): mean forward return."},
      {"knn_distance_classifier", C, KnnWeighting::Distance, 15,
       "15 nearest neighbours weighted by inverse distance: weighted share of up moves."},
      {"knn_distance_regressor", R, KnnWeighting::Distance, 15,
       "15 nearest neighbours weighted by inverse distance: weighted mean forward return."}};
  for (const Knn& n : knns) {
    const std::string id = n.id;
    const Task task = n.task;
    const KnnWeighting weighting = n.weighting;
    t.push_back(native(id, Family::Neighbors, task, "native", n.summary, Json{{"k", n.k}},
                       [id, task, weighting](const Json& p, std::uint64_t s) { return make_knn(id, task, weighting, p, s); }));
  }
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
