// Eigen linear regressors on standardised columns (linear_base.h):
//   ols             column-pivoting QR (rank-revealing, no penalty)
//   lasso / elastic_net  cyclic coordinate descent with soft thresholding
//   huber           IRLS with the Huber weights, scale re-estimated by MAD
//   quantile        IRLS on the pinball loss (smoothed near zero residuals)
//   bayesian_ridge  evidence maximisation (MacKay), as scikit-learn's
//   pls             PLS1 by NIPALS with n_components latent factors
#include <algorithm>
#include <cmath>

#include "ml/adapters.h"
#include "ml/linear_base.h"

namespace mlt {
namespace {

using detail::Standardised;

Eigen::VectorXd weighted_ls(const Eigen::MatrixXd& Z, const Eigen::VectorXd& y, const Eigen::VectorXd& w,
                            double ridge) {
  Eigen::MatrixXd normal = Z.transpose() * w.asDiagonal() * Z;
  normal.diagonal().array() += ridge;
  return normal.ldlt().solve(Z.transpose() * (w.asDiagonal() * y));
}

double median_abs(const Eigen::VectorXd& r) {
  std::vector<double> a(static_cast<std::size_t>(r.size()));
  for (Eigen::Index i = 0; i < r.size(); ++i) a[static_cast<std::size_t>(i)] = std::abs(r(i));
  std::nth_element(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(a.size() / 2), a.end());
  return a[a.size() / 2];
}

class Ols final : public detail::LinearRegressorBase {
 public:
  using LinearRegressorBase::LinearRegressorBase;
  Eigen::VectorXd fit_standardised(const Standardised& s) override { return s.Z.colPivHouseholderQr().solve(s.yc); }
};

class ElasticNet final : public detail::LinearRegressorBase {
 public:
  using LinearRegressorBase::LinearRegressorBase;
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    const double alpha = param("alpha", 1e-4), l1 = param("l1_ratio", 1.0), tol = param("tol", 1e-7);
    const int max_iter = int_param("max_iter", 1000);
    if (!(alpha >= 0) || !(l1 >= 0 && l1 <= 1))
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: need alpha >= 0 and 0 <= l1_ratio <= 1", id()));
    const auto n = static_cast<double>(s.Z.rows());
    const Eigen::Index p = s.Z.cols();
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(p), r = s.yc;
    const Eigen::VectorXd sq = s.Z.colwise().squaredNorm().transpose() / n;
    for (int it = 0; it < max_iter; ++it) {
      double max_change = 0;
      for (Eigen::Index j = 0; j < p; ++j) {
        const double denom = sq(j) + alpha * (1 - l1);
        if (denom <= 0) continue;  // a constant column stays at 0
        const double rho = s.Z.col(j).dot(r) / n + sq(j) * beta(j);
        const double b = detail::soft_threshold(rho, alpha * l1) / denom;
        if (b != beta(j)) {
          r -= s.Z.col(j) * (b - beta(j));
          max_change = std::max(max_change, std::abs(b - beta(j)));
          beta(j) = b;
        }
      }
      if (max_change < tol) break;
    }
    return beta;
  }
};

class Huber final : public detail::LinearRegressorBase {
 public:
  using LinearRegressorBase::LinearRegressorBase;
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    const double eps = param("epsilon", 1.35), alpha = param("alpha", 1e-4);
    if (!(eps > 1.0)) throw Error(ErrorKind::InvalidArgument, "huber: epsilon must be > 1");
    Eigen::VectorXd w = Eigen::VectorXd::Ones(s.Z.rows());
    Eigen::VectorXd beta = weighted_ls(s.Z, s.yc, w, alpha);
    for (int it = 0; it < int_param("max_iter", 100); ++it) {
      const Eigen::VectorXd r = s.yc - s.Z * beta;
      const double scale = std::max(median_abs(r) / 0.6745, 1e-12);  // MAD -> sigma under normality
      for (Eigen::Index i = 0; i < r.size(); ++i) {
        const double a = std::abs(r(i)) / scale;
        w(i) = a <= eps ? 1.0 : eps / a;
      }
      const Eigen::VectorXd next = weighted_ls(s.Z, s.yc, w, alpha);
      const double change = (next - beta).norm();
      beta = next;
      if (change < 1e-10 * (1 + beta.norm())) break;
    }
    return beta;
  }
};

class Quantile final : public detail::LinearRegressorBase {
 public:
  using LinearRegressorBase::LinearRegressorBase;
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    const double q = param("quantile", 0.5), alpha = param("alpha", 1e-4);
    if (!(q > 0 && q < 1)) throw Error(ErrorKind::InvalidArgument, "quantile: quantile must lie in (0, 1)");
    // The intercept is not free after centring, so fit it as an extra column.
    const Eigen::Index n = s.Z.rows(), p = s.Z.cols();
    Eigen::MatrixXd A(n, p + 1);
    A << s.Z, s.w.array().sqrt().matrix();
    Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
    Eigen::VectorXd beta = weighted_ls(A, s.yc, w, alpha);
    const double floor = 1e-6 * std::max(s.yc.cwiseAbs().mean(), 1e-12);
    for (int it = 0; it < int_param("max_iter", 200); ++it) {
      const Eigen::VectorXd r = s.yc - A * beta;
      for (Eigen::Index i = 0; i < n; ++i) w(i) = (r(i) >= 0 ? q : 1 - q) / std::max(std::abs(r(i)), floor);
      const Eigen::VectorXd next = weighted_ls(A, s.yc, w, alpha);
      const double change = (next - beta).norm();
      beta = next;
      if (change < 1e-10 * (1 + beta.norm())) break;
    }
    shift_ = beta(p);
    return beta.head(p);
  }
  // The q-quantile sits away from the mean: the extra column's coefficient.
  double intercept_shift() const override { return shift_; }

 private:
  double shift_ = 0.0;
};

class BayesianRidge final : public detail::LinearRegressorBase {
 public:
  using LinearRegressorBase::LinearRegressorBase;
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    constexpr double a1 = 1e-6, a2 = 1e-6, l1 = 1e-6, l2 = 1e-6;  // scikit-learn's gamma priors
    const auto n = static_cast<double>(s.Z.rows());
    Eigen::JacobiSVD<Eigen::MatrixXd> svd(s.Z, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd sv = svd.singularValues();
    const Eigen::VectorXd sv2 = sv.array().square();
    const Eigen::VectorXd uty = svd.matrixU().transpose() * s.yc;
    const double var = s.yc.squaredNorm() / n;
    double alpha = 1.0 / std::max(var, 1e-300), lambda = 1.0;
    Eigen::VectorXd beta = Eigen::VectorXd::Zero(s.Z.cols());
    for (int it = 0; it < int_param("max_iter", 300); ++it) {
      const Eigen::VectorXd shrink = (sv.array() / (sv2.array() + lambda / alpha)).matrix();
      const Eigen::VectorXd next = svd.matrixV() * shrink.cwiseProduct(uty);
      const double rss = (s.yc - s.Z * next).squaredNorm();
      const double gamma = (alpha * sv2.array() / (lambda + alpha * sv2.array())).sum();
      lambda = (gamma + 2 * l1) / (next.squaredNorm() + 2 * l2);
      alpha = (n - gamma + 2 * a1) / (rss + 2 * a2);
      const double change = (next - beta).cwiseAbs().sum();
      beta = next;
      if (it > 0 && change < param("tol", 1e-6) * (1 + beta.cwiseAbs().sum())) break;
    }
    return beta;
  }
};

class Pls final : public detail::LinearRegressorBase {
 public:
  using LinearRegressorBase::LinearRegressorBase;
  Eigen::VectorXd fit_standardised(const Standardised& s) override {
    const int k = int_param("n_components", 2);
    if (k < 1 || k > s.Z.cols())
      throw Error(ErrorKind::InvalidArgument, fmt::format("pls: n_components must lie in 1..{}", s.Z.cols()));
    Eigen::MatrixXd E = s.Z;
    Eigen::VectorXd f = s.yc;
    const Eigen::Index p = s.Z.cols();
    Eigen::MatrixXd W(p, k), P(p, k);
    Eigen::VectorXd c(k);
    int used = 0;
    for (int a = 0; a < k; ++a, ++used) {
      Eigen::VectorXd w = E.transpose() * f;
      if (w.norm() < 1e-14) break;  // y fully explained: no further component
      w.normalize();
      const Eigen::VectorXd t = E * w;
      const double tt = t.squaredNorm();
      P.col(a) = E.transpose() * t / tt;
      c(a) = f.dot(t) / tt;
      W.col(a) = w;
      E -= t * P.col(a).transpose();
      f -= c(a) * t;
    }
    if (used == 0) return Eigen::VectorXd::Zero(p);
    const Eigen::MatrixXd Wk = W.leftCols(used), Pk = P.leftCols(used);
    return Wk * (Pk.transpose() * Wk).lu().solve(c.head(used));
  }
};

}  // namespace

std::unique_ptr<Model> make_ols_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Ols>("ols", params, seed);
}
std::unique_ptr<Model> make_elastic_net_eigen(const std::string& id, const Json& params, std::uint64_t seed) {
  Json p = params;
  if (!p.contains("l1_ratio")) p["l1_ratio"] = 1.0;  // lasso: the entry fixes the pure L1 penalty
  auto m = std::make_unique<ElasticNet>(id, p, seed);
  return m;
}
std::unique_ptr<Model> make_huber_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Huber>("huber", params, seed);
}
std::unique_ptr<Model> make_quantile_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Quantile>("quantile", params, seed);
}
std::unique_ptr<Model> make_bayesian_ridge_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<BayesianRidge>("bayesian_ridge", params, seed);
}
std::unique_ptr<Model> make_pls_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Pls>("pls", params, seed);
}

}  // namespace mlt
