#include "ml/linear_score_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "ml/linear_base.h"

namespace mlt::detail {

ScaledRows scale_rows(const Matrix& X, std::span<const double> weights) {
  const auto n = static_cast<Eigen::Index>(X.rows), p = static_cast<Eigen::Index>(X.cols);
  Eigen::Map<const RowMatrix> A(X.data.data(), n, p);
  ScaledRows s;
  s.w = Eigen::VectorXd::Ones(n);
  if (!weights.empty()) s.w = Eigen::Map<const Eigen::VectorXd>(weights.data(), n);
  if (!(s.w.minCoeff() >= 0.0) || !(s.w.sum() > 0.0))
    throw Error(ErrorKind::InvalidArgument, "weights must be non-negative and sum to a positive number");
  s.w *= static_cast<double>(n) / s.w.sum();
  s.mean = (s.w.transpose() * A) / static_cast<double>(n);
  const Eigen::MatrixXd centred = A.rowwise() - s.mean;
  s.sd = ((centred.array().square().colwise() * s.w.array()).colwise().sum() / static_cast<double>(n)).sqrt();
  for (Eigen::Index j = 0; j < p; ++j)
    if (!(s.sd(j) > 0.0)) s.sd(j) = 1.0;
  s.Z = centred.array().rowwise() / s.sd.array();
  return s;
}

void LinearScoreModel::set_scaled_fit(const ScaledRows& s, const Eigen::VectorXd& beta, double b, double y_mean,
                                      double y_sd) {
  if (!beta.allFinite() || !std::isfinite(b))
    throw Error(ErrorKind::Internal, fmt::format("{}: the solver produced non-finite coefficients", id_),
                "increase the regularisation or lower the learning rate");
  const auto p = static_cast<std::size_t>(beta.size());
  coef_.resize(p);
  std_coef_.resize(p);
  intercept_ = y_mean + y_sd * b;
  for (std::size_t j = 0; j < p; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    std_coef_[j] = y_sd * beta(jj);
    coef_[j] = std_coef_[j] / s.sd(jj);
    intercept_ -= coef_[j] * s.mean(jj);
  }
}

std::vector<double> LinearScoreModel::predict(const Matrix& X) const {
  if (coef_.empty()) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
  if (X.cols != coef_.size())
    throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", coef_.size(), X.cols));
  std::vector<double> out(X.rows);
  for (std::size_t r = 0; r < X.rows; ++r) {
    double v = intercept_;
    for (std::size_t c = 0; c < X.cols; ++c) v += coef_[c] * X(r, c);
    switch (link_) {
      case ScoreLink::Logistic:
        v = 1.0 / (1.0 + std::exp(-v));
        break;
      case ScoreLink::ModifiedHuber:
        v = (std::clamp(v, -1.0, 1.0) + 1.0) / 2.0;
        break;
      case ScoreLink::Identity:
        break;
    }
    out[r] = v;
  }
  return out;
}

std::vector<double> LinearScoreModel::feature_importance() const {
  std::vector<double> out(std_coef_.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::abs(std_coef_[i]);
  return out;
}

std::string LinearScoreModel::save() const {
  return Json{{"model", id_}, {"coef", coef_}, {"intercept", intercept_}, {"std_coef", std_coef_}}.dump();
}

void LinearScoreModel::load(const std::string& bytes) {
  const Json j = parse_json(bytes, id_ + " model");
  if (j.value("model", std::string{}) != id_)
    throw Error(ErrorKind::InvalidArgument, fmt::format("the saved model is not a '{}' model", id_));
  coef_ = j.at("coef").get<std::vector<double>>();
  intercept_ = j.at("intercept").get<double>();
  std_coef_ = j.at("std_coef").get<std::vector<double>>();
}

}  // namespace mlt::detail
