// Gaussian mixture with diagonal covariances fitted by EM, started from
// k-means++ centres with the pooled variance; responsibilities in log space
// (log-sum-exp) so far-away rows do not underflow. reg_covar 1e-6 keeps a
// component from collapsing onto one row. Labels = most responsible component.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "ml/clustering_internal.h"

namespace mlt {

ClusterResult gmm_rows(const Matrix& X, int k_int, int max_iter, double tol, std::mt19937_64& rng) {
  const std::size_t n = X.rows, d = X.cols, k = static_cast<std::size_t>(k_int);
  Matrix mean = kmeanspp_centres(X, k_int, rng), var(k, d);
  std::vector<double> weight(k, 1.0 / static_cast<double>(k));
  std::vector<double> pooled(d, 0.0), mu(d, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) mu[c] += X(i, c) / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) pooled[c] += (X(i, c) - mu[c]) * (X(i, c) - mu[c]) / static_cast<double>(n);
  for (std::size_t j = 0; j < k; ++j)
    for (std::size_t c = 0; c < d; ++c) var(j, c) = pooled[c] + 1e-6;
  Matrix resp(n, k);
  double prev = -std::numeric_limits<double>::infinity(), ll = prev;
  int it = 0;
  for (it = 1; it <= max_iter; ++it) {
    // E step.
    ll = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double mx = -std::numeric_limits<double>::infinity();
      for (std::size_t j = 0; j < k; ++j) {
        double lp = std::log(weight[j]);
        for (std::size_t c = 0; c < d; ++c) {
          const double z = X(i, c) - mean(j, c);
          lp -= 0.5 * (std::log(2 * std::numbers::pi * var(j, c)) + z * z / var(j, c));
        }
        resp(i, j) = lp;
        mx = std::max(mx, lp);
      }
      double s = 0;
      for (std::size_t j = 0; j < k; ++j) s += std::exp(resp(i, j) - mx);
      const double lse = mx + std::log(s);
      ll += lse;
      for (std::size_t j = 0; j < k; ++j) resp(i, j) = std::exp(resp(i, j) - lse);
    }
    ll /= static_cast<double>(n);
    // M step.
    for (std::size_t j = 0; j < k; ++j) {
      double nk = 1e-12;
      for (std::size_t i = 0; i < n; ++i) nk += resp(i, j);
      weight[j] = nk / static_cast<double>(n);
      for (std::size_t c = 0; c < d; ++c) {
        double m = 0;
        for (std::size_t i = 0; i < n; ++i) m += resp(i, j) * X(i, c);
        m /= nk;
        double v = 0;
        for (std::size_t i = 0; i < n; ++i) v += resp(i, j) * (X(i, c) - m) * (X(i, c) - m);
        mean(j, c) = m;
        var(j, c) = v / nk + 1e-6;
      }
    }
    if (std::abs(ll - prev) < tol) break;
    prev = ll;
  }
  ClusterResult r;
  r.iterations = std::min(it, max_iter);
  r.log_likelihood = ll;
  r.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t best = 0;
    for (std::size_t j = 1; j < k; ++j)
      if (resp(i, j) > resp(i, best)) best = j;
    r.labels[i] = static_cast<int>(best);
  }
  finish_clusters(X, r);
  return r;
}

}  // namespace mlt
