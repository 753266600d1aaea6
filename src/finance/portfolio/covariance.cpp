#include "finance/portfolio/covariance.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace mlt {
namespace {

CovarianceEstimate constant_correlation(const Eigen::MatrixXd& x, double t) {
  const Eigen::Index n = x.cols();
  const Eigen::MatrixXd s = x.transpose() * x / t;
  const Eigen::VectorXd sd = s.diagonal().cwiseSqrt();
  double rbar = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (i != j) rbar += s(i, j) / (sd[i] * sd[j]);
  rbar = n > 1 ? rbar / static_cast<double>(n * (n - 1)) : 0.0;
  Eigen::MatrixXd f = rbar * sd * sd.transpose();
  f.diagonal() = s.diagonal();
  // pi: sum of asymptotic variances of sqrt(T) s_ij.
  const Eigen::MatrixXd y = x.array().square().matrix();
  const Eigen::MatrixXd phi = (y.transpose() * y / t).array() - s.array().square();
  // rho: asymptotic covariances of the target with the sample (theta_ij terms).
  const Eigen::MatrixXd x3 = x.array().cube().matrix();
  Eigen::MatrixXd theta = x3.transpose() * x / t;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) theta(i, j) -= s(i, i) * s(i, j);
  double rho = phi.diagonal().sum();
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (i != j) rho += rbar * (sd[j] / sd[i]) * theta(i, j);
  const double gamma = (f - s).squaredNorm();
  const double kappa = gamma > 0 ? (phi.sum() - rho) / gamma : 0.0;
  CovarianceEstimate out;
  out.shrinkage = std::clamp(kappa / t, 0.0, 1.0);
  out.matrix = out.shrinkage * f + (1 - out.shrinkage) * s;
  out.method = CovarianceMethod::LedoitWolfConstantCorrelation;
  return out;
}

CovarianceEstimate scaled_identity(const Eigen::MatrixXd& x, double t) {
  const Eigen::Index n = x.cols();
  const Eigen::MatrixXd s = x.transpose() * x / t;
  const double mu = s.trace() / static_cast<double>(n);
  const double delta2 = (s - mu * Eigen::MatrixXd::Identity(n, n)).squaredNorm();
  // sum_t ||x_t x_t' - S||_F^2 = sum_t ||x_t||^4 - T ||S||_F^2
  const double fourth = x.rowwise().squaredNorm().array().square().sum();
  const double beta2 = (fourth - t * s.squaredNorm()) / (t * t);
  CovarianceEstimate out;
  out.shrinkage = delta2 > 0 ? std::min(beta2, delta2) / delta2 : 0.0;
  out.matrix = out.shrinkage * mu * Eigen::MatrixXd::Identity(n, n) + (1 - out.shrinkage) * s;
  out.method = CovarianceMethod::LedoitWolfIdentity;
  return out;
}

}  // namespace

CovarianceMethod parse_covariance_method(const std::string& name) {
  if (name == "sample") return CovarianceMethod::Sample;
  if (name == "lw_constant_correlation" || name == "ledoit_wolf") return CovarianceMethod::LedoitWolfConstantCorrelation;
  if (name == "lw_identity") return CovarianceMethod::LedoitWolfIdentity;
  throw Error(ErrorKind::InvalidArgument, "unknown covariance method '" + name + "'",
              "use sample, lw_constant_correlation or lw_identity");
}

const char* covariance_method_name(CovarianceMethod m) {
  switch (m) {
    case CovarianceMethod::Sample: return "sample";
    case CovarianceMethod::LedoitWolfConstantCorrelation: return "lw_constant_correlation";
    case CovarianceMethod::LedoitWolfIdentity: return "lw_identity";
  }
  return "?";
}

CovarianceEstimate estimate_covariance(const Eigen::MatrixXd& returns, CovarianceMethod method) {
  if (returns.rows() < 2 || returns.cols() < 1)
    throw Error(ErrorKind::InvalidArgument, "covariance needs at least 2 observations of at least 1 asset");
  if (!returns.allFinite()) throw Error(ErrorKind::DataError, "returns contain NaN or infinite values");
  const Eigen::MatrixXd x = returns.rowwise() - returns.colwise().mean();
  const auto t = static_cast<double>(returns.rows());
  switch (method) {
    case CovarianceMethod::LedoitWolfConstantCorrelation: return constant_correlation(x, t);
    case CovarianceMethod::LedoitWolfIdentity: return scaled_identity(x, t);
    case CovarianceMethod::Sample: break;
  }
  return CovarianceEstimate{x.transpose() * x / (t - 1), 0.0, CovarianceMethod::Sample};
}

}  // namespace mlt
