#include "ml/clustering.h"
#include "ml/clustering_internal.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "core/error.h"

namespace mlt {
namespace {

double sq_dist(const double* a, const double* b, std::size_t d) {
  double s = 0;
  for (std::size_t c = 0; c < d; ++c) s += (a[c] - b[c]) * (a[c] - b[c]);
  return s;
}

int param_int(const Json& p, const char* key, int fallback) { return p.value(key, fallback); }

// Centres as cluster means, inertia, and labels renumbered 0.. in order of first appearance.
void finish(const Matrix& X, ClusterResult& r) {
  std::vector<int> remap;
  for (int& l : r.labels) {
    if (l < 0) continue;
    if (static_cast<std::size_t>(l) >= remap.size()) remap.resize(static_cast<std::size_t>(l) + 1, -1);
    if (remap[static_cast<std::size_t>(l)] < 0)
      remap[static_cast<std::size_t>(l)] = static_cast<int>(std::count_if(remap.begin(), remap.end(), [](int v) { return v >= 0; }));
    l = remap[static_cast<std::size_t>(l)];
  }
  r.n_clusters = static_cast<int>(std::count_if(remap.begin(), remap.end(), [](int v) { return v >= 0; }));
  r.centers = Matrix(static_cast<std::size_t>(r.n_clusters), X.cols);
  std::vector<double> count(static_cast<std::size_t>(r.n_clusters), 0.0);
  for (std::size_t i = 0; i < X.rows; ++i) {
    if (r.labels[i] < 0) continue;
    const auto k = static_cast<std::size_t>(r.labels[i]);
    count[k] += 1;
    for (std::size_t c = 0; c < X.cols; ++c) r.centers(k, c) += X(i, c);
  }
  for (std::size_t k = 0; k < count.size(); ++k)
    for (std::size_t c = 0; c < X.cols; ++c) r.centers(k, c) /= count[k];
  r.inertia = 0;
  for (std::size_t i = 0; i < X.rows; ++i)
    if (r.labels[i] >= 0) r.inertia += sq_dist(X.row(i), r.centers.row(static_cast<std::size_t>(r.labels[i])), X.cols);
}

// k-means++: each next centre drawn with probability proportional to D(x)^2.
Matrix kmeanspp(const Matrix& X, int k, std::mt19937_64& rng) {
  Matrix C(static_cast<std::size_t>(k), X.cols);
  std::uniform_int_distribution<std::size_t> first(0, X.rows - 1);
  std::copy_n(X.row(first(rng)), X.cols, C.data.begin());
  std::vector<double> d(X.rows, std::numeric_limits<double>::infinity());
  for (int j = 1; j < k; ++j) {
    for (std::size_t i = 0; i < X.rows; ++i)
      d[i] = std::min(d[i], sq_dist(X.row(i), C.row(static_cast<std::size_t>(j - 1)), X.cols));
    const double total = std::accumulate(d.begin(), d.end(), 0.0);
    std::size_t pick = 0;
    if (total > 0) {
      double u = std::uniform_real_distribution<double>(0, total)(rng);
      while (pick + 1 < X.rows && (u -= d[pick]) > 0) ++pick;
    }
    std::copy_n(X.row(pick), X.cols, C.data.begin() + static_cast<std::ptrdiff_t>(j) * static_cast<std::ptrdiff_t>(X.cols));
  }
  return C;
}

int nearest(const double* x, const Matrix& C, double* best_d = nullptr) {
  int best = 0;
  double bd = std::numeric_limits<double>::infinity();
  for (std::size_t k = 0; k < C.rows; ++k) {
    const double d = sq_dist(x, C.row(k), C.cols);
    if (d < bd) bd = d, best = static_cast<int>(k);
  }
  if (best_d) *best_d = bd;
  return best;
}

ClusterResult kmeans(const Matrix& X, int k, int max_iter, int n_init, std::mt19937_64& rng) {
  ClusterResult best;
  best.inertia = std::numeric_limits<double>::infinity();
  for (int run = 0; run < n_init; ++run) {
    Matrix C = kmeanspp(X, k, rng);
    ClusterResult r;
    r.labels.assign(X.rows, -1);
    for (r.iterations = 1; r.iterations <= max_iter; ++r.iterations) {
      bool changed = false;
      for (std::size_t i = 0; i < X.rows; ++i) {
        const int l = nearest(X.row(i), C);
        changed |= l != r.labels[i];
        r.labels[i] = l;
      }
      if (!changed) break;
      Matrix sum(C.rows, C.cols);
      std::vector<double> n(C.rows, 0.0);
      for (std::size_t i = 0; i < X.rows; ++i) {
        const auto l = static_cast<std::size_t>(r.labels[i]);
        n[l] += 1;
        for (std::size_t c = 0; c < X.cols; ++c) sum(l, c) += X(i, c);
      }
      for (std::size_t j = 0; j < C.rows; ++j)
        if (n[j] > 0)  // an empty cluster keeps its centre
          for (std::size_t c = 0; c < X.cols; ++c) C(j, c) = sum(j, c) / n[j];
    }
    r.iterations = std::min(r.iterations, max_iter);
    finish(X, r);
    if (r.inertia < best.inertia) best = std::move(r);
  }
  return best;
}

ClusterResult minibatch_kmeans(const Matrix& X, int k, int batch, int max_iter, std::mt19937_64& rng) {
  Matrix C = kmeanspp(X, k, rng);
  std::vector<double> seen(C.rows, 0.0);
  std::uniform_int_distribution<std::size_t> pick(0, X.rows - 1);
  std::vector<std::size_t> rows(static_cast<std::size_t>(batch));
  for (int it = 0; it < max_iter; ++it) {
    for (auto& r : rows) r = pick(rng);
    std::vector<int> assign(rows.size());
    for (std::size_t b = 0; b < rows.size(); ++b) assign[b] = nearest(X.row(rows[b]), C);
    for (std::size_t b = 0; b < rows.size(); ++b) {
      const auto j = static_cast<std::size_t>(assign[b]);
      const double eta = 1.0 / ++seen[j];  // per-centre learning rate (Sculley 2010)
      for (std::size_t c = 0; c < X.cols; ++c) C(j, c) += eta * (X(rows[b], c) - C(j, c));
    }
  }
  ClusterResult r;
  r.iterations = max_iter;
  r.labels.resize(X.rows);
  for (std::size_t i = 0; i < X.rows; ++i) r.labels[i] = nearest(X.row(i), C);
  finish(X, r);
  return r;
}

ClusterResult dbscan(const Matrix& X, double eps, int min_samples) {
  const double eps2 = eps * eps;
  const std::size_t n = X.rows;
  auto neighbours = [&](std::size_t i) {
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < n; ++j)
      if (sq_dist(X.row(i), X.row(j), X.cols) <= eps2) out.push_back(j);
    return out;
  };
  ClusterResult r;
  r.labels.assign(n, -2);  // -2 unvisited
  int cluster = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (r.labels[i] != -2) continue;
    auto nb = neighbours(i);
    if (static_cast<int>(nb.size()) < min_samples) {
      r.labels[i] = -1;
      continue;
    }
    r.labels[i] = cluster;
    for (std::size_t q = 0; q < nb.size(); ++q) {
      const std::size_t j = nb[q];
      if (r.labels[j] == -1) r.labels[j] = cluster;  // border point
      if (r.labels[j] != -2) continue;
      r.labels[j] = cluster;
      auto more = neighbours(j);
      if (static_cast<int>(more.size()) >= min_samples) nb.insert(nb.end(), more.begin(), more.end());
    }
    ++cluster;
  }
  finish(X, r);
  return r;
}

}  // namespace

void finish_clusters(const Matrix& X, ClusterResult& r) { finish(X, r); }
Matrix kmeanspp_centres(const Matrix& X, int k, std::mt19937_64& rng) { return kmeanspp(X, k, rng); }

const std::vector<std::string>& clustering_methods() {
  static const std::vector<std::string> m{"kmeans", "minibatch_kmeans", "dbscan", "agglomerative_ward",
                                          "agglomerative_average", "agglomerative_complete", "gmm"};
  return m;
}

ClusterResult cluster_rows(const Matrix& X, const std::string& method, const Json& params, std::uint64_t seed) {
  if (X.rows == 0 || X.cols == 0) throw Error(ErrorKind::InvalidArgument, "cannot cluster an empty matrix");
  for (double v : X.data)
    if (!std::isfinite(v)) throw Error(ErrorKind::InvalidArgument, "cannot cluster rows with non-finite values");
  const Json p = params.is_object() ? params : Json::object();
  const int k = param_int(p, "k", 3);
  const bool uses_k = method != "dbscan";
  if (uses_k && (k < 1 || static_cast<std::size_t>(k) > X.rows))
    throw Error(ErrorKind::InvalidArgument, fmt::format("k must be in 1..{} (rows), got {}", X.rows, k));
  std::mt19937_64 rng(seed);
  if (method == "kmeans") return kmeans(X, k, param_int(p, "max_iter", 300), std::max(1, param_int(p, "n_init", 4)), rng);
  if (method == "minibatch_kmeans")
    return minibatch_kmeans(X, k, std::max(1, param_int(p, "batch_size", 256)), std::max(1, param_int(p, "max_iter", 200)), rng);
  if (method == "dbscan") {
    const double eps = p.value("eps", 0.5);
    if (!(eps > 0)) throw Error(ErrorKind::InvalidArgument, "dbscan eps must be > 0");
    return dbscan(X, eps, std::max(1, param_int(p, "min_samples", 5)));
  }
  if (method.rfind("agglomerative_", 0) == 0) return agglomerative_rows(X, k, method.substr(14));
  if (method == "gmm") return gmm_rows(X, k, std::max(1, param_int(p, "max_iter", 200)), p.value("tol", 1e-6), rng);
  std::string known;
  for (const auto& m : clustering_methods()) known += (known.empty() ? "" : ", ") + m;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown clustering method '{}'", method), "use one of: " + known);
}

}  // namespace mlt
