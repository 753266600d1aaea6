// Clustering entries (task clustering): market regimes from the standardised
// features. k defaults to 3 regimes (e.g. calm / normal / stressed); the
// methods and their prediction rules are in clustering.h / clustering_model.h.
#include "ml/clustering_model.h"
#include "ml/registry_tables.h"

namespace mlt {
namespace {

ModelSpec clustering(std::string id, std::string method, std::string summary, Json defaults) {
  return {.id = id,
          .family = Family::Clustering,
          .task = Task::Clustering,
          .library = "native",
          .summary = std::move(summary),
          .defaults = std::move(defaults),
          .make = [id, method](const Json& p, std::uint64_t seed) { return make_clustering_model(id, method, p, seed); }};
}

}  // namespace

void add_clustering_models(std::vector<ModelSpec>& t) {
  t.push_back(clustering("kmeans", "kmeans",
                         "k-means (Lloyd, k-means++ seeding, best of n_init runs): regimes as nearest centres.",
                         Json{{"k", 3}, {"max_iter", 300}, {"n_init", 4}}));
  t.push_back(clustering("minibatch_kmeans", "minibatch_kmeans",
                         "Mini-batch k-means (Sculley 2010): k-means on random batches, for long histories.",
                         Json{{"k", 3}, {"batch_size", 256}, {"max_iter", 200}}));
  t.push_back(clustering("dbscan", "dbscan",
                         "DBSCAN density clusters: dense regimes found without fixing k, outlier days as noise (-1).",
                         Json{{"eps", 2.0}, {"min_samples", 5}}));
  for (const char* linkage : {"ward", "average", "complete", "single"}) {
    const std::string id = std::string("agglomerative_") + linkage;
    t.push_back(clustering(id, id,
                           std::string("Agglomerative hierarchical clustering, ") + linkage +
                               " linkage, cut at k clusters; new days take their nearest training day's regime.",
                           Json{{"k", 3}}));
  }
  const Json gmm{{"k", 3}, {"max_iter", 200}, {"tol", 1e-6}, {"reg_covar", 1e-6}};
  t.push_back(clustering("gmm_diag", "gmm",
                         "Gaussian mixture with diagonal covariances (EM): regimes as most probable components.", gmm));
  t.push_back(clustering("gmm_full", "gmm_full",
                         "Gaussian mixture with full covariances (EM): regimes that also differ in correlations.",
                         gmm));
  t.push_back(clustering("gmm_spherical", "gmm_spherical",
                         "Gaussian mixture with one variance per component (EM): soft k-means with regime sizes.",
                         gmm));
  t.push_back(clustering("mean_shift", "mean_shift",
                         "Flat-kernel mean shift: regimes are density modes, their number found from the bandwidth "
                         "(0 = estimated from the data).",
                         Json{{"bandwidth", 0.0}, {"max_iter", 300}}));
}

}  // namespace mlt
