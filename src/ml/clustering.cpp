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

double sq_dist(const double* a, const double* b, std::size_t d) { return sq_distance(a, b, d); }

int param_int(const Json& p, const char* key, int fallback) { return p.value(key, fallback); }

// Centres as cluster means, inertia, and labels renumbered 0.. in order of first appearance.
std::vector<int> finish(const Matrix& X, ClusterResult& r) {
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
  return remap;
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

// Keeps the centres that own training rows, labelled as finish() renumbered them.
ClusterAssigner centre_rule(const Matrix& C, const std::vector<int>& remap) {
  ClusterAssigner a;
  a.rule = ClusterAssigner::Rule::NearestCentre;
  std::vector<std::size_t> kept;
  for (std::size_t j = 0; j < C.rows && j < remap.size(); ++j)
    if (remap[j] >= 0) kept.push_back(j);
  a.points = Matrix(kept.size(), C.cols);
  for (std::size_t j = 0; j < kept.size(); ++j) {
    std::copy_n(C.row(kept[j]), C.cols, a.points.data.begin() + static_cast<std::ptrdiff_t>(j * C.cols));
    a.point_labels.push_back(remap[kept[j]]);
  }
  return a;
}

ClusterFit kmeans(const Matrix& X, int k, int max_iter, int n_init, std::mt19937_64& rng) {
  ClusterFit best;
  best.result.inertia = std::numeric_limits<double>::infinity();
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
    // Stopped by max_iter, the labels lag the last update: relabel so they match the centres kept.
    for (std::size_t i = 0; i < X.rows; ++i) r.labels[i] = nearest(X.row(i), C);
    const auto remap = finish(X, r);
    if (r.inertia < best.result.inertia) best = ClusterFit{std::move(r), centre_rule(C, remap)};
  }
  return best;
}

ClusterFit minibatch_kmeans(const Matrix& X, int k, int batch, int max_iter, std::mt19937_64& rng) {
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
  const auto remap = finish(X, r);
  return ClusterFit{std::move(r), centre_rule(C, remap)};
}

ClusterResult dbscan(const Matrix& X, double eps, int min_samples, std::vector<bool>& core) {
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
  core.assign(n, false);   // every row's neighbourhood is counted exactly once below
  int cluster = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (r.labels[i] != -2) continue;
    auto nb = neighbours(i);
    if (static_cast<int>(nb.size()) < min_samples) {
      r.labels[i] = -1;
      continue;
    }
    core[i] = true;
    r.labels[i] = cluster;
    for (std::size_t q = 0; q < nb.size(); ++q) {
      const std::size_t j = nb[q];
      if (r.labels[j] == -1) r.labels[j] = cluster;  // border point
      if (r.labels[j] != -2) continue;
      r.labels[j] = cluster;
      auto more = neighbours(j);
      if (static_cast<int>(more.size()) >= min_samples) {
        core[j] = true;
        nb.insert(nb.end(), more.begin(), more.end());
      }
    }
    ++cluster;
  }
  finish(X, r);
  return r;
}

}  // namespace

double sq_distance(const double* a, const double* b, std::size_t d) {
  double s = 0;
  for (std::size_t c = 0; c < d; ++c) s += (a[c] - b[c]) * (a[c] - b[c]);
  return s;
}

std::vector<int> finish_clusters(const Matrix& X, ClusterResult& r) { return finish(X, r); }
Matrix kmeanspp_centres(const Matrix& X, int k, std::mt19937_64& rng) { return kmeanspp(X, k, rng); }

const std::vector<std::string>& clustering_methods() {
  static const std::vector<std::string> m{"kmeans",
                                          "minibatch_kmeans",
                                          "dbscan",
                                          "agglomerative_ward",
                                          "agglomerative_average",
                                          "agglomerative_complete",
                                          "agglomerative_single",
                                          "gmm",
                                          "gmm_full",
                                          "gmm_spherical",
                                          "mean_shift"};
  return m;
}

ClusterFit fit_clusters(const Matrix& X, const std::string& method, const Json& params, std::uint64_t seed) {
  if (X.rows == 0 || X.cols == 0) throw Error(ErrorKind::InvalidArgument, "cannot cluster an empty matrix");
  for (double v : X.data)
    if (!std::isfinite(v)) throw Error(ErrorKind::InvalidArgument, "cannot cluster rows with non-finite values");
  const Json p = params.is_object() ? params : Json::object();
  const int k = param_int(p, "k", 3);
  const bool uses_k = method != "dbscan" && method != "mean_shift";
  if (uses_k && (k < 1 || static_cast<std::size_t>(k) > X.rows))
    throw Error(ErrorKind::InvalidArgument, fmt::format("k must be in 1..{} (rows), got {}", X.rows, k));
  std::mt19937_64 rng(seed);
  ClusterFit out;
  if (method == "kmeans" || method == "minibatch_kmeans") {
    return method == "kmeans" ? kmeans(X, k, std::max(1, param_int(p, "max_iter", 300)),
                                       std::max(1, param_int(p, "n_init", 4)), rng)
                              : minibatch_kmeans(X, k, std::max(1, param_int(p, "batch_size", 256)),
                                                 std::max(1, param_int(p, "max_iter", 200)), rng);
  }
  if (method == "dbscan") {
    const double eps = p.value("eps", 0.5);
    if (!(eps > 0)) throw Error(ErrorKind::InvalidArgument, "dbscan eps must be > 0");
    std::vector<bool> core;
    out.result = dbscan(X, eps, std::max(1, param_int(p, "min_samples", 5)), core);
    out.assigner.rule = ClusterAssigner::Rule::NearestCoreWithinEps;
    out.assigner.eps = eps;
    std::vector<std::size_t> core_rows;
    for (std::size_t i = 0; i < X.rows; ++i)
      if (core[i]) core_rows.push_back(i);
    out.assigner.points = Matrix(core_rows.size(), X.cols);
    for (std::size_t j = 0; j < core_rows.size(); ++j) {
      std::copy_n(X.row(core_rows[j]), X.cols, out.assigner.points.data.begin() + static_cast<std::ptrdiff_t>(j * X.cols));
      out.assigner.point_labels.push_back(out.result.labels[core_rows[j]]);
    }
    return out;
  }
  if (method.rfind("agglomerative_", 0) == 0) {
    out.result = agglomerative_rows(X, k, method.substr(14));
    out.assigner.rule = ClusterAssigner::Rule::NearestRow;
    out.assigner.points = X;
    out.assigner.point_labels = out.result.labels;
    return out;
  }
  if (method == "gmm" || method == "gmm_full" || method == "gmm_spherical") {
    const std::string covariance = method == "gmm" ? "diag" : method.substr(4);
    const double reg = p.value("reg_covar", 1e-6);
    if (!(reg >= 0)) throw Error(ErrorKind::InvalidArgument, "gmm reg_covar must be >= 0");
    GmmFit g = gmm_rows(X, k, covariance, std::max(1, param_int(p, "max_iter", 200)), p.value("tol", 1e-6), reg, rng);
    out.result = std::move(g.result);
    out.assigner.rule = ClusterAssigner::Rule::MostProbableComponent;
    out.assigner.mixture = std::move(g.mixture);
    out.assigner.component_label = std::move(g.component_label);
    return out;
  }
  if (method == "mean_shift") {
    const double bandwidth = p.value("bandwidth", 0.0);
    if (!(bandwidth >= 0))
      throw Error(ErrorKind::InvalidArgument, "mean_shift bandwidth must be >= 0", "0 estimates it from the data");
    MeanShiftFit m = mean_shift_rows(X, bandwidth, std::max(1, param_int(p, "max_iter", 300)), rng);
    out.result = std::move(m.result);
    out.assigner.rule = ClusterAssigner::Rule::NearestCentre;
    out.assigner.points = std::move(m.modes);
    for (std::size_t j = 0; j < out.assigner.points.rows; ++j) out.assigner.point_labels.push_back(static_cast<int>(j));
    return out;
  }
  std::string known;
  for (const auto& m : clustering_methods()) known += (known.empty() ? "" : ", ") + m;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown clustering method '{}'", method), "use one of: " + known);
}

ClusterResult cluster_rows(const Matrix& X, const std::string& method, const Json& params, std::uint64_t seed) {
  return fit_clusters(X, method, params, seed).result;
}

}  // namespace mlt
