#include "ml/linear_base.h"

#include <cmath>

namespace mlt::detail {

Standardised standardise(const Matrix& X, std::span<const double> y, std::span<const double> weights) {
  const auto n = static_cast<Eigen::Index>(X.rows), p = static_cast<Eigen::Index>(X.cols);
  Eigen::Map<const RowMatrix> A(X.data.data(), n, p);
  Eigen::Map<const Eigen::VectorXd> yv(y.data(), n);
  Standardised s;
  s.w = Eigen::VectorXd::Ones(n);
  if (!weights.empty()) s.w = Eigen::Map<const Eigen::VectorXd>(weights.data(), n);
  if (!(s.w.minCoeff() >= 0.0) || !(s.w.sum() > 0.0))
    throw Error(ErrorKind::InvalidArgument, "weights must be non-negative and sum to a positive number");
  s.w *= static_cast<double>(n) / s.w.sum();
  const double wsum = static_cast<double>(n);
  s.mean = (s.w.transpose() * A) / wsum;
  Eigen::MatrixXd centred = A.rowwise() - s.mean;
  s.sd = ((centred.array().square().colwise() * s.w.array()).colwise().sum() / wsum).sqrt();
  for (Eigen::Index j = 0; j < p; ++j)
    if (!(s.sd(j) > 0.0)) s.sd(j) = 1.0;
  const Eigen::ArrayXd root = s.w.array().sqrt();
  s.Z = (centred.array().rowwise() / s.sd.array()).colwise() * root;
  s.ymean = s.w.dot(yv) / wsum;
  s.yc = (yv.array() - s.ymean) * root;
  return s;
}

void LinearRegressorBase::fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) {
  check_fit_inputs(X, y, weights, Task::Regression);
  const Standardised s = standardise(X, y, weights);
  const Eigen::VectorXd beta = fit_standardised(s);
  if (!beta.allFinite())
    throw Error(ErrorKind::Internal, fmt::format("{}: the solver produced non-finite coefficients", id_),
                "increase the regularisation");
  std_beta_.assign(beta.data(), beta.data() + beta.size());
  coef_.resize(X.cols);
  intercept_ = s.ymean + intercept_shift();
  for (std::size_t j = 0; j < X.cols; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    coef_[j] = beta(jj) / s.sd(jj);
    intercept_ -= coef_[j] * s.mean(jj);
  }
}

std::vector<double> LinearRegressorBase::predict(const Matrix& X) const {
  if (coef_.empty()) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
  if (X.cols != coef_.size())
    throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", coef_.size(), X.cols));
  std::vector<double> out(X.rows);
  for (std::size_t r = 0; r < X.rows; ++r) {
    double v = intercept_;
    for (std::size_t c = 0; c < X.cols; ++c) v += coef_[c] * X(r, c);
    out[r] = v;
  }
  return out;
}

std::vector<double> LinearRegressorBase::feature_importance() const {
  std::vector<double> out(std_beta_.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::abs(std_beta_[i]);
  return out;
}

std::string LinearRegressorBase::save() const {
  return Json{{"model", id_}, {"coef", coef_}, {"intercept", intercept_}, {"std_coef", std_beta_}}.dump();
}

void LinearRegressorBase::load(const std::string& bytes) {
  const Json j = parse_json(bytes, id_ + " model");
  coef_ = j.at("coef").get<std::vector<double>>();
  intercept_ = j.at("intercept").get<double>();
  std_beta_ = j.at("std_coef").get<std::vector<double>>();
}

}  // namespace mlt::detail
