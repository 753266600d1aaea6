// Gaussian mixtures fitted by EM with diagonal, full or spherical
// covariances, started from k-means++ centres with the pooled variance;
// responsibilities in log space (log-sum-exp) so far-away rows do not
// underflow. reg_covar is added to every variance so a component cannot
// collapse onto one row. Labels = most probable component under the final
// parameters, so predicting the training rows gives their labels back.
#include <Eigen/Dense>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "ml/clustering_internal.h"

namespace mlt {
namespace {

constexpr double kLog2Pi = 1.8378770664093453;  // log(2 pi)

// log N(x | mean, cov) of every row for one full-covariance component.
void full_log_density(const Matrix& X, const double* mean, const std::vector<double>& cov, std::size_t j, Matrix& out) {
  const auto d = static_cast<Eigen::Index>(X.cols);
  const Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> S(cov.data(), d, d);
  const Eigen::LLT<Eigen::MatrixXd> llt(S);
  if (llt.info() != Eigen::Success)
    throw Error(ErrorKind::InvalidArgument, "gmm_full: a component's covariance is not positive definite",
                "raise reg_covar, or use gmm_diag");
  const Eigen::MatrixXd L = llt.matrixL();
  const double log_det = 2.0 * L.diagonal().array().log().sum();
  Eigen::VectorXd z(d);
  for (std::size_t i = 0; i < X.rows; ++i) {
    for (Eigen::Index c = 0; c < d; ++c) z(c) = X(i, static_cast<std::size_t>(c)) - mean[c];
    const double maha = L.triangularView<Eigen::Lower>().solve(z).squaredNorm();
    out(i, j) += -0.5 * (static_cast<double>(d) * kLog2Pi + log_det + maha);
  }
}

}  // namespace

Matrix gmm_log_joint(const Matrix& X, const GaussianMixture& g) {
  const std::size_t k = g.weights.size(), d = X.cols;
  Matrix out(X.rows, k);
  for (std::size_t j = 0; j < k; ++j) {
    for (std::size_t i = 0; i < X.rows; ++i) out(i, j) = std::log(g.weights[j]);
    const std::vector<double>& v = g.cov[j];
    if (g.covariance == "full") {
      full_log_density(X, g.means.row(j), v, j, out);
      continue;
    }
    const bool diag = g.covariance == "diag";
    for (std::size_t i = 0; i < X.rows; ++i) {
      double lp = 0;
      for (std::size_t c = 0; c < d; ++c) {
        const double var = diag ? v[c] : v[0];
        const double z = X(i, c) - g.means(j, c);
        lp -= 0.5 * (kLog2Pi + std::log(var) + z * z / var);
      }
      out(i, j) += lp;
    }
  }
  return out;
}

GmmFit gmm_rows(const Matrix& X, int k_int, const std::string& covariance, int max_iter, double tol, double reg_covar,
                std::mt19937_64& rng) {
  if (covariance != "diag" && covariance != "full" && covariance != "spherical")
    throw Error(ErrorKind::InvalidArgument, fmt::format("unknown covariance type '{}'", covariance),
                "use diag, full or spherical");
  const std::size_t n = X.rows, d = X.cols, k = static_cast<std::size_t>(k_int);
  GaussianMixture g;
  g.covariance = covariance;
  g.means = kmeanspp_centres(X, k_int, rng);
  g.weights.assign(k, 1.0 / static_cast<double>(k));
  std::vector<double> pooled(d, 0.0), mu(d, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) mu[c] += X(i, c) / static_cast<double>(n);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t c = 0; c < d; ++c) pooled[c] += (X(i, c) - mu[c]) * (X(i, c) - mu[c]) / static_cast<double>(n);
  double pooled_mean = 0;
  for (double v : pooled) pooled_mean += v / static_cast<double>(d);
  for (std::size_t j = 0; j < k; ++j) {
    if (covariance == "diag") {
      g.cov.emplace_back(pooled);
      for (double& v : g.cov.back()) v += reg_covar;
    } else if (covariance == "spherical") {
      g.cov.push_back({pooled_mean + reg_covar});
    } else {
      std::vector<double> S(d * d, 0.0);
      for (std::size_t c = 0; c < d; ++c) S[c * d + c] = pooled[c] + reg_covar;
      g.cov.push_back(std::move(S));
    }
  }

  // Responsibilities from log joint densities; returns the mean log-likelihood.
  Matrix resp(n, k);
  const auto e_step = [&] {
    resp = gmm_log_joint(X, g);
    double ll = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double mx = -std::numeric_limits<double>::infinity();
      for (std::size_t j = 0; j < k; ++j) mx = std::max(mx, resp(i, j));
      double s = 0;
      for (std::size_t j = 0; j < k; ++j) s += std::exp(resp(i, j) - mx);
      const double lse = mx + std::log(s);
      ll += lse;
      for (std::size_t j = 0; j < k; ++j) resp(i, j) = std::exp(resp(i, j) - lse);
    }
    return ll / static_cast<double>(n);
  };
  double prev = -std::numeric_limits<double>::infinity();
  int it = 0;
  for (it = 1; it <= max_iter; ++it) {
    const double ll = e_step();
    for (std::size_t j = 0; j < k; ++j) {
      double nk = 1e-12;
      for (std::size_t i = 0; i < n; ++i) nk += resp(i, j);
      g.weights[j] = nk / static_cast<double>(n);
      for (std::size_t c = 0; c < d; ++c) {
        double m = 0;
        for (std::size_t i = 0; i < n; ++i) m += resp(i, j) * X(i, c);
        g.means(j, c) = m / nk;
      }
      std::vector<double>& v = g.cov[j];
      std::fill(v.begin(), v.end(), 0.0);
      for (std::size_t i = 0; i < n; ++i) {
        const double r = resp(i, j);
        for (std::size_t a = 0; a < d; ++a) {
          const double za = X(i, a) - g.means(j, a);
          if (covariance == "full") {
            for (std::size_t b = 0; b <= a; ++b) v[a * d + b] += r * za * (X(i, b) - g.means(j, b));
          } else if (covariance == "diag") {
            v[a] += r * za * za;
          } else {
            v[0] += r * za * za / static_cast<double>(d);
          }
        }
      }
      if (covariance == "full") {
        for (std::size_t a = 0; a < d; ++a)
          for (std::size_t b = 0; b <= a; ++b) v[b * d + a] = v[a * d + b] = v[a * d + b] / nk + (a == b ? reg_covar : 0.0);
      } else {
        for (double& x : v) x = x / nk + reg_covar;
      }
    }
    if (std::abs(ll - prev) < tol) break;
    prev = ll;
  }
  GmmFit out;
  out.result.iterations = std::min(it, max_iter);
  out.result.log_likelihood = e_step();  // under the final parameters, like the labels
  // The same argmax ClusterAssigner makes, so predicting the training rows gives these labels.
  const Matrix joint = gmm_log_joint(X, g);
  out.result.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t best = 0;
    for (std::size_t j = 1; j < k; ++j)
      if (joint(i, j) > joint(i, best)) best = j;
    out.result.labels[i] = static_cast<int>(best);
  }
  out.component_label = finish_clusters(X, out.result);
  out.component_label.resize(k, -1);
  out.mixture = std::move(g);
  return out;
}

}  // namespace mlt
