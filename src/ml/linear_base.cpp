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
  fit_.std_coef.assign(beta.data(), beta.data() + beta.size());
  fit_.coef.resize(X.cols);
  fit_.intercept = s.ymean + intercept_shift();
  for (std::size_t j = 0; j < X.cols; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    fit_.coef[j] = beta(jj) / s.sd(jj);
    fit_.intercept -= fit_.coef[j] * s.mean(jj);
  }
}

std::vector<double> LinearRegressorBase::predict(const Matrix& X) const { return fit_.score(X, id_); }
std::vector<double> LinearRegressorBase::feature_importance() const { return fit_.importance(); }
std::string LinearRegressorBase::save() const { return fit_.save(id_); }
void LinearRegressorBase::load(const std::string& bytes) { fit_.load(bytes, id_); }

std::vector<double> LinearFit::score(const Matrix& X, const std::string& id) const {
  if (coef.empty()) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id));
  if (X.cols != coef.size())
    throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", coef.size(), X.cols));
  std::vector<double> out(X.rows);
  for (std::size_t r = 0; r < X.rows; ++r) {
    double v = intercept;
    for (std::size_t c = 0; c < X.cols; ++c) v += coef[c] * X(r, c);
    out[r] = v;
  }
  return out;
}

std::vector<double> LinearFit::importance() const {
  std::vector<double> out(std_coef.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::abs(std_coef[i]);
  return out;
}

std::string LinearFit::save(const std::string& id) const {
  return Json{{"model", id}, {"coef", coef}, {"intercept", intercept}, {"std_coef", std_coef}}.dump();
}

void LinearFit::load(const std::string& bytes, const std::string& id) {
  const Json j = parse_json(bytes, id + " model");
  if (j.value("model", id) != id)
    throw Error(ErrorKind::InvalidArgument, fmt::format("the saved model is not a '{}' model", id));
  coef = j.at("coef").get<std::vector<double>>();
  intercept = j.at("intercept").get<double>();
  std_coef = j.at("std_coef").get<std::vector<double>>();
}

}  // namespace mlt::detail
