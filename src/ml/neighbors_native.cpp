// Neighbour models implemented here (Euclidean distance on the pipeline's
// standardised features):
//   nearest_centroid   one (weighted) centroid per class, optionally shrunken
//                      towards the overall centroid (Tibshirani et al. 2002,
//                      as scikit-learn's shrink_threshold). It has no
//                      probability: predict() is sigmoid((d0^2 - d1^2) / 2),
//                      the posterior of two unit-variance Gaussians at the
//                      centroids with equal priors, so > 0.5 exactly when the
//                      class-1 centroid is nearer.
//   knn_*              the (sample-weighted) mean label of the k nearest
//                      training rows: for 0/1 labels, the share of up moves.
//   knn_distance_*     the k nearest training rows weighted by 1 / distance
//                      (times the sample weight); a query equal to training
//                      rows takes their labels only, as scikit-learn's
//                      weights="distance".
// Ties in distance go to the earlier training row (nearest_neighbors.h).
#include <algorithm>
#include <numeric>

#include "ml/adapters.h"
#include "ml/native_common.h"
#include "ml/nearest_neighbors.h"

namespace mlt {
namespace {

double squared_distance(const double* a, const double* b, std::size_t n) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
  return s;
}

class NearestCentroid final : public Model {
 public:
  NearestCentroid(Json params, std::uint64_t seed) : params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Classification);
    native::require_finite(X, id_);
    const double shrink = params_.value("shrink_threshold", 0.0);
    if (!(shrink >= 0)) throw Error(ErrorKind::InvalidArgument, "nearest_centroid: shrink_threshold must be >= 0");
    std::vector<double> w = native::sample_weights(weights, X.rows, id_);
    // Normalised to mean 1 so that class "sizes" below are row counts when unweighted.
    const double mean_w = std::accumulate(w.begin(), w.end(), 0.0) / static_cast<double>(X.rows);
    for (double& v : w) v /= mean_w;
    const std::size_t p = X.cols;
    std::vector<double> n_k(2, 0.0), overall(p, 0.0);
    std::vector<std::vector<double>> c(2, std::vector<double>(p, 0.0));
    for (std::size_t r = 0; r < X.rows; ++r) {
      const std::size_t k = y[r] > 0.5 ? 1 : 0;
      n_k[k] += w[r];
      for (std::size_t j = 0; j < p; ++j) c[k][j] += w[r] * X(r, j);
    }
    if (!(n_k[0] > 0 && n_k[1] > 0))
      throw Error(ErrorKind::InvalidArgument, "nearest_centroid: the training rows hold only one class",
                  "use a longer training window");
    const double n = n_k[0] + n_k[1];
    for (std::size_t j = 0; j < p; ++j) {
      overall[j] = (c[0][j] + c[1][j]) / n;
      for (std::size_t k = 0; k < 2; ++k) c[k][j] /= n_k[k];
    }
    if (shrink > 0) shrink_centroids(X, y, w, n, n_k, overall, shrink, c);
    centroids_ = std::move(c);
  }

  std::vector<double> predict(const Matrix& X) const override {
    native::require_fitted(!centroids_.empty(), id_);
    native::require_width(centroids_[0].size(), X.cols);
    std::vector<double> out(X.rows);
    for (std::size_t r = 0; r < X.rows; ++r) {
      const double d0 = squared_distance(X.row(r), centroids_[0].data(), X.cols);
      const double d1 = squared_distance(X.row(r), centroids_[1].data(), X.cols);
      out[r] = native::sigmoid((d0 - d1) / 2.0);
    }
    return out;
  }

  // How far apart the two centroids are in each (standardised) feature.
  std::vector<double> feature_importance() const override {
    if (centroids_.empty()) return {};
    std::vector<double> out(centroids_[0].size());
    for (std::size_t j = 0; j < out.size(); ++j) out[j] = std::abs(centroids_[1][j] - centroids_[0][j]);
    return out;
  }

  std::string save() const override {
    native::require_fitted(!centroids_.empty(), id_);
    return Json{{"model", id_}, {"centroid0", centroids_[0]}, {"centroid1", centroids_[1]}}.dump();
  }
  void load(const std::string& bytes) override {
    const Json j = native::parse_saved(bytes, id_);
    std::vector<std::vector<double>> c{j.at("centroid0").get<std::vector<double>>(),
                                       j.at("centroid1").get<std::vector<double>>()};
    if (c[0].empty() || c[0].size() != c[1].size())
      throw Error(ErrorKind::InvalidArgument, "saved nearest_centroid model has malformed centroids");
    centroids_ = std::move(c);
  }
  std::string name() const override { return id_; }
  Task task() const override { return Task::Classification; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  // Soft-thresholds each centroid's standardised deviation from the overall
  // centroid, so features that barely separate the classes drop out.
  static void shrink_centroids(const Matrix& X, std::span<const double> y, const std::vector<double>& w, double n,
                               const std::vector<double>& n_k, const std::vector<double>& overall, double shrink,
                               std::vector<std::vector<double>>& c) {
    const std::size_t p = X.cols;
    std::vector<double> s(p, 0.0);
    for (std::size_t r = 0; r < X.rows; ++r) {
      const std::size_t k = y[r] > 0.5 ? 1 : 0;
      for (std::size_t j = 0; j < p; ++j) s[j] += w[r] * (X(r, j) - c[k][j]) * (X(r, j) - c[k][j]);
    }
    for (double& v : s) v = std::sqrt(v / std::max(n - 2.0, 1.0));
    std::vector<double> sorted = s;
    std::nth_element(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(p / 2), sorted.end());
    const double s0 = sorted[p / 2];  // median, guards against tiny within-class spreads
    for (std::size_t k = 0; k < 2; ++k) {
      const double m = std::sqrt(std::max(1.0 / n_k[k] - 1.0 / n, 0.0));
      for (std::size_t j = 0; j < p; ++j) {
        const double scale = m * (s[j] + s0);
        if (!(scale > 0)) continue;
        const double d = (c[k][j] - overall[j]) / scale;
        const double shrunk = std::copysign(std::max(std::abs(d) - shrink, 0.0), d);
        c[k][j] = overall[j] + scale * shrunk;
      }
    }
  }

  std::string id_ = "nearest_centroid";
  Json params_;
  std::uint64_t seed_;
  std::vector<std::vector<double>> centroids_;
};

class Knn final : public Model {
 public:
  Knn(std::string id, Task task, KnnWeighting weighting, Json params, std::uint64_t seed)
      : id_(std::move(id)), task_(task), weighting_(weighting), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, task_);
    native::require_finite(X, id_);
    if (k() < 1) throw Error(ErrorKind::InvalidArgument, fmt::format("{}: k must be >= 1", id_));
    const std::vector<double> w = native::sample_weights(weights, X.rows, id_);
    // A zero-weight row can never count, so it is not kept as a neighbour.
    Matrix kept(0, X.cols);
    y_.clear();
    w_.clear();
    for (std::size_t r = 0; r < X.rows; ++r) {
      if (!(w[r] > 0)) continue;
      kept.data.insert(kept.data.end(), X.row(r), X.row(r) + X.cols);
      ++kept.rows;
      y_.push_back(y[r]);
      w_.push_back(w[r]);
    }
    index_ = detail::NeighbourIndex(kept);
  }

  std::vector<double> predict(const Matrix& X) const override {
    native::require_fitted(index_.rows() > 0, id_);
    native::require_width(index_.cols(), X.cols);
    native::require_finite(X, id_);
    const detail::NeighbourLists nn = index_.query(X, static_cast<std::size_t>(k()));
    std::vector<double> out(X.rows);
    for (std::size_t q = 0; q < X.rows; ++q) {
      const std::uint32_t* idx = nn.index.data() + q * nn.k;
      const double* d2 = nn.squared_distance.data() + q * nn.k;
      const bool exact = weighting_ == KnnWeighting::Distance && d2[0] == 0.0;
      double sw = 0, swy = 0;
      for (std::size_t j = 0; j < nn.k; ++j) {
        if (exact && d2[j] > 0.0) break;
        const std::size_t i = idx[j];
        const double weight = weighting_ == KnnWeighting::Uniform || exact ? w_[i] : w_[i] / std::sqrt(d2[j]);
        sw += weight;
        swy += weight * y_[i];
      }
      out[q] = swy / sw;
    }
    return out;
  }

  std::string save() const override {
    native::require_fitted(index_.rows() > 0, id_);
    return Json{{"model", id_}, {"cols", index_.cols()}, {"x", index_.row_major()}, {"y", y_}, {"w", w_}}.dump();
  }
  void load(const std::string& bytes) override {
    const Json j = native::parse_saved(bytes, id_);
    Matrix m;
    if (j.contains("opencv")) {  // saved when these models ran on OpenCV's KNearest
      m = read_opencv_knn_rows(j.at("opencv").get<std::string>(), y_);
      w_.assign(y_.size(), 1.0);
    } else {
      m.cols = j.at("cols").get<std::size_t>();
      m.data = j.at("x").get<std::vector<double>>();
      y_ = j.at("y").get<std::vector<double>>();
      w_ = j.at("w").get<std::vector<double>>();
      m.rows = m.cols == 0 ? 0 : m.data.size() / m.cols;
    }
    if (m.cols == 0 || m.data.size() != y_.size() * m.cols || w_.size() != y_.size() || y_.empty())
      throw Error(ErrorKind::InvalidArgument, fmt::format("saved '{}' model has malformed training rows", id_));
    index_ = detail::NeighbourIndex(m);
  }
  std::string name() const override { return id_; }
  Task task() const override { return task_; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  int k() const { return params_.value("k", weighting_ == KnnWeighting::Uniform ? 50 : 15); }

  std::string id_;
  Task task_;
  KnnWeighting weighting_;
  Json params_;
  std::uint64_t seed_;
  detail::NeighbourIndex index_;
  std::vector<double> y_, w_;
};

}  // namespace

std::unique_ptr<Model> make_nearest_centroid(const Json& params, std::uint64_t seed) {
  return std::make_unique<NearestCentroid>(params, seed);
}

std::unique_ptr<Model> make_knn(const std::string& id, Task task, KnnWeighting weighting, const Json& params,
                                std::uint64_t seed) {
  return std::make_unique<Knn>(id, task, weighting, params, seed);
}

}  // namespace mlt
