// Clustering as registry models on the real S&P 500 slice: prediction rules
// for unseen rows, refusals, and training / comparing through the pipeline
// (target "regime"). Every entry's fit / predict / determinism / save-load
// round trip is covered by the parameterised EveryModel test in models_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/error.h"
#include "ml/clustering.h"
#include "ml/compare.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

// Standardised features of the first 400 rows (the fit) and the next 200 (unseen).
struct Slice {
  Matrix train, test;
};

const Slice& slice() {
  static const Slice s = [] {
    const FeatureMatrix& X = test::sp500_set().X;
    StandardScaler scaler;
    Slice out;
    out.train = scaler.fit_transform(test::rows_matrix(X, 0, 400));
    out.test = scaler.transform(test::rows_matrix(X, 400, 600));
    return out;
  }();
  return s;
}

std::vector<double> labels_of(const ClusterResult& r) { return {r.labels.begin(), r.labels.end()}; }

std::unique_ptr<Model> fitted(const std::string& id, const Json& overrides = Json::object()) {
  const ModelSpec& spec = find_model_spec(id);
  auto m = spec.make(effective_params(spec, overrides), 5);
  m->fit(slice().train, {});
  return m;
}

TEST(ClusteringModels, RegisteredWithTheClusteringTaskAndFamily) {
  for (const char* id : {"kmeans", "minibatch_kmeans", "dbscan", "agglomerative_ward", "agglomerative_average",
                         "agglomerative_complete", "agglomerative_single", "gmm_diag", "gmm_full", "gmm_spherical",
                         "mean_shift"}) {
    SCOPED_TRACE(id);
    const ModelSpec& s = find_model_spec(id);
    EXPECT_EQ(s.task, Task::Clustering);
    EXPECT_EQ(s.to_json()["family"], "clustering");
    EXPECT_EQ(s.to_json()["task"], "clustering");
    if (s.defaults.contains("k")) {
      EXPECT_EQ(s.defaults["k"], 3);
    }
  }
}

TEST(ClusteringModels, TrainingRowsGetTheirFitLabelsBack) {
  // Centre, component and 1-NN rules agree with the fit on the rows it saw.
  for (const char* id : {"kmeans", "minibatch_kmeans", "gmm_diag", "gmm_full", "gmm_spherical", "agglomerative_ward",
                         "agglomerative_single", "mean_shift"}) {
    SCOPED_TRACE(id);
    const ModelSpec& spec = find_model_spec(id);
    const std::string method = std::string(id) == "gmm_diag" ? "gmm" : id;
    const ClusterResult r = cluster_rows(slice().train, method, effective_params(spec, {}), 5);
    EXPECT_EQ(fitted(id)->predict(slice().train), labels_of(r));
  }
}

TEST(ClusteringModels, DbscanLabelsNewRowsByTheNearestCoreWithinEps) {
  auto m = fitted("dbscan");
  // A row far from every training row is noise; a copy of a core row joins its cluster.
  Matrix far(1, slice().train.cols);
  std::fill(far.data.begin(), far.data.end(), 50.0);
  EXPECT_EQ(m->predict(far), std::vector<double>{-1.0});
  const ClusterResult r = cluster_rows(slice().train, "dbscan", find_model_spec("dbscan").defaults, 5);
  const auto on_train = m->predict(slice().train);
  std::size_t agree = 0, clustered = 0;
  for (std::size_t i = 0; i < on_train.size(); ++i) {
    if (r.labels[i] < 0) continue;
    ++clustered;
    agree += on_train[i] == r.labels[i] ? 1 : 0;
  }
  ASSERT_GT(clustered, 0U);
  EXPECT_EQ(agree, clustered);  // every clustered row is within eps of a core row of its own cluster
}

TEST(ClusteringModels, FullCovariancesDifferFromDiagonalOnCorrelatedFeatures) {
  // The standard features are strongly correlated (e.g. the SMA/EMA ratios), which only gmm_full can model.
  EXPECT_NE(fitted("gmm_full")->predict(slice().test), fitted("gmm_diag")->predict(slice().test));
}

TEST(ClusteringModels, RefusesWeightsProbabilitiesAndWrongWidths) {
  const ModelSpec& spec = find_model_spec("kmeans");
  auto m = spec.make(spec.defaults, 1);
  EXPECT_THROW((void)m->predict(slice().test), Error);  // not fitted
  const std::vector<double> w(slice().train.rows, 1.0);
  EXPECT_THROW(m->fit(slice().train, {}, w), Error);
  m->fit(slice().train, {});
  EXPECT_THROW((void)m->predict_proba(slice().test), Error);
  EXPECT_THROW((void)m->predict(Matrix(2, slice().train.cols + 1)), Error);
  EXPECT_THROW(m->load("{\"model\":\"kmeans\"}"), Error);
  EXPECT_THROW(find_model_spec("gmm_diag").make(find_model_spec("gmm_diag").defaults, 1)->load(m->save()), Error);
}

TEST(ClusteringModels, TrainOnSetScoresRegimesOnTestRowsOnly) {
  TrainSpec spec = test::small_spec("kmeans", "regime");
  const Json r = train_on_set(test::sp500_set(), spec);
  EXPECT_EQ(r["task"], "clustering");
  ASSERT_EQ(r["folds"].size(), 3U);
  for (const auto& f : r["folds"]) {
    const Json& m = f["metrics"];
    ASSERT_TRUE(m["silhouette"].is_number());
    EXPECT_GT(m["silhouette"].get<double>(), -1.0);
    EXPECT_LT(m["silhouette"].get<double>(), 1.0);
    EXPECT_GT(m["calinski_harabasz"].get<double>(), 0.0);
    EXPECT_GT(m["davies_bouldin"].get<double>(), 0.0);
    EXPECT_GE(m["n_clusters"].get<int>(), 1);
    EXPECT_LE(m["n_clusters"].get<int>(), 3);
    EXPECT_EQ(m["noise_share"].get<double>(), 0.0);  // k-means has no noise
    EXPECT_TRUE(m["regime_f"].is_number());
    EXPECT_FALSE(m.contains("auc"));
  }
  EXPECT_TRUE(r["warnings"].empty());
  EXPECT_EQ(train_on_set(test::sp500_set(), spec)["metrics"], r["metrics"]);  // deterministic for a seed

  // A clustering model needs the regime target, and a classifier cannot take it.
  EXPECT_THROW(train_on_set(test::sp500_set(), test::small_spec("kmeans", "direction")), Error);
  EXPECT_THROW(train_on_set(test::sp500_set(), test::small_spec("logistic_l2", "regime")), Error);
}

TEST(ClusteringModels, CompareRanksRegimeModelsBySilhouette) {
  CompareSpec c;
  c.models = {"kmeans", "gmm_diag", "agglomerative_ward"};
  c.base = test::small_spec("kmeans", "regime");
  c.workers = 2;
  const Json board = compare_on_set(test::sp500_set(), c);
  EXPECT_EQ(board["metric"], "silhouette");
  EXPECT_EQ(board["task"], "clustering");
  EXPECT_TRUE(board["higher_is_better"].get<bool>());
  EXPECT_EQ(board["n_ok"], 3);
  const Json& rows = board["rows"];
  ASSERT_EQ(rows.size(), 3U);
  for (int i = 0; i < 2; ++i) EXPECT_GE(rows[i]["mean"].get<double>(), rows[i + 1]["mean"].get<double>());
  std::set<std::string> families;
  for (const auto& r : rows) families.insert(r["family"].get<std::string>());
  EXPECT_EQ(families, std::set<std::string>{"clustering"});

  c.metric = "davies_bouldin";  // a loss: lowest first
  const Json by_db = compare_on_set(test::sp500_set(), c);
  EXPECT_FALSE(by_db["higher_is_better"].get<bool>());
  for (int i = 0; i < 2; ++i) EXPECT_LE(by_db["rows"][i]["mean"].get<double>(), by_db["rows"][i + 1]["mean"].get<double>());

  c.metric.clear();
  c.models = {"kmeans", "ridge"};  // mixing tasks is refused
  EXPECT_THROW(compare_on_set(test::sp500_set(), c), Error);
  c.models = {"kmeans"};
  c.metric = "auc";  // not a clustering metric
  EXPECT_THROW(compare_on_set(test::sp500_set(), c), Error);
}

}  // namespace
}  // namespace mlt
