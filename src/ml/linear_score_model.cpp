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
  fit_.coef.resize(p);
  fit_.std_coef.resize(p);
  fit_.intercept = y_mean + y_sd * b;
  for (std::size_t j = 0; j < p; ++j) {
    const auto jj = static_cast<Eigen::Index>(j);
    fit_.std_coef[j] = y_sd * beta(jj);
    fit_.coef[j] = fit_.std_coef[j] / s.sd(jj);
    fit_.intercept -= fit_.coef[j] * s.mean(jj);
  }
}

std::vector<double> LinearScoreModel::predict(const Matrix& X) const {
  std::vector<double> out = fit_.score(X, id_);
  for (double& v : out) {
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
  }
  return out;
}

std::vector<double> LinearScoreModel::feature_importance() const { return fit_.importance(); }
std::string LinearScoreModel::save() const { return fit_.save(id_); }
void LinearScoreModel::load(const std::string& bytes) { fit_.load(bytes, id_); }

}  // namespace mlt::detail
