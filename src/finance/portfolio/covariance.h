// Covariance estimators for portfolio construction.
//
//   CovarianceEstimate c = estimate_covariance(returns.values, CovarianceMethod::LedoitWolfConstantCorrelation);
//
//   sample           unbiased sample covariance (T - 1 denominator)
//   lw_constant_correlation   Ledoit & Wolf (2004), "Honey, I shrunk the sample
//                    covariance matrix": shrink towards the constant-correlation
//                    matrix F_ij = rbar sqrt(s_ii s_jj) (F_ii = s_ii), intensity
//                    max(0, min(1, (pi - rho) / (gamma T))), S with a T denominator
//                    (the paper's convention). The default for stock portfolios.
//   lw_identity      Ledoit & Wolf (2004), "A well-conditioned estimator for
//                    large-dimensional covariance matrices": shrink towards
//                    mu I with mu = tr(S) / N (as scikit-learn's ledoit_wolf).
// Units follow the input returns (daily in, daily out).
#pragma once

#include <string>

#include <Eigen/Dense>

namespace mlt {

enum class CovarianceMethod { Sample, LedoitWolfConstantCorrelation, LedoitWolfIdentity };
// "sample" | "lw_constant_correlation" | "lw_identity"; Error{InvalidArgument} otherwise.
CovarianceMethod parse_covariance_method(const std::string& name);
const char* covariance_method_name(CovarianceMethod m);

struct CovarianceEstimate {
  Eigen::MatrixXd matrix;
  double shrinkage = 0;  // weight on the target (0 for sample)
  CovarianceMethod method = CovarianceMethod::Sample;
};

// rows = observations, cols = assets. Throws Error{InvalidArgument} with
// fewer than 2 rows or no columns, Error{DataError} for non-finite input.
CovarianceEstimate estimate_covariance(const Eigen::MatrixXd& returns, CovarianceMethod method);

}  // namespace mlt
