// Ridge regression in closed form. Features are standardised (weighted mean
// and std of the training rows) so one alpha means the same for every
// column; the intercept is the weighted mean of y and is not penalised.
// Solves (Zᵀ W Z + alpha I) beta = Zᵀ W (y - ȳ) with LDLT, which is stable
// for the symmetric positive (semi)definite normal matrix.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>

#include "core/error.h"
#include "ml/adapters.h"

namespace mlt {
namespace {

class RidgeEigen final : public Model {
 public:
  RidgeEigen(Json params, std::uint64_t seed) : params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Regression);
    const double alpha = params_.value("alpha", 1.0);
    if (!(alpha >= 0.0)) throw Error(ErrorKind::InvalidArgument, "ridge: alpha must be >= 0");
    const auto n = static_cast<Eigen::Index>(X.rows), p = static_cast<Eigen::Index>(X.cols);
    Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>> A(X.data.data(), n, p);
    Eigen::Map<const Eigen::VectorXd> yv(y.data(), n);
    Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
    if (!weights.empty()) w = Eigen::Map<const Eigen::VectorXd>(weights.data(), n);
    const double wsum = w.sum();
    if (!(wsum > 0.0)) throw Error(ErrorKind::InvalidArgument, "ridge: weights must sum to a positive number");

    const Eigen::RowVectorXd mean = (w.transpose() * A) / wsum;
    const Eigen::MatrixXd centred = A.rowwise() - mean;
    Eigen::RowVectorXd sd = ((centred.array().square().colwise() * w.array()).colwise().sum() / wsum).sqrt();
    for (Eigen::Index j = 0; j < p; ++j)
      if (!(sd(j) > 0.0)) sd(j) = 1.0;  // a constant column: its centred values are 0, so beta_j = 0
    const Eigen::MatrixXd Z = centred.array().rowwise() / sd.array();
    const double ymean = w.dot(yv) / wsum;
    const Eigen::VectorXd yc = yv.array() - ymean;

    Eigen::MatrixXd normal = Z.transpose() * w.asDiagonal() * Z;
    normal.diagonal().array() += alpha;
    const Eigen::VectorXd beta = normal.ldlt().solve(Z.transpose() * (w.asDiagonal() * yc));
    if (!beta.allFinite())
      throw Error(ErrorKind::InvalidArgument, "ridge: the normal equations are singular", "use alpha > 0");

    std_beta_.assign(beta.data(), beta.data() + p);
    coef_.resize(X.cols);
    intercept_ = ymean;
    for (Eigen::Index j = 0; j < p; ++j) {
      coef_[static_cast<std::size_t>(j)] = beta(j) / sd(j);
      intercept_ -= coef_[static_cast<std::size_t>(j)] * mean(j);
    }
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (coef_.empty()) throw Error(ErrorKind::InvalidArgument, "model 'ridge' has not been fitted");
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

  // |standardised coefficient|: the effect of a one-std move in the feature.
  std::vector<double> feature_importance() const override {
    std::vector<double> out(std_beta_.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::abs(std_beta_[i]);
    return out;
  }

  std::string save() const override {
    return Json{{"model", "ridge"}, {"coef", coef_}, {"intercept", intercept_}, {"std_coef", std_beta_}}.dump();
  }
  void load(const std::string& bytes) override {
    const Json j = parse_json(bytes, "ridge model");
    coef_ = j.at("coef").get<std::vector<double>>();
    intercept_ = j.at("intercept").get<double>();
    std_beta_ = j.at("std_coef").get<std::vector<double>>();
  }

  std::string name() const override { return "ridge"; }
  Task task() const override { return Task::Regression; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  Json params_;
  std::uint64_t seed_;
  std::vector<double> coef_, std_beta_;
  double intercept_ = 0.0;
};

}  // namespace

std::unique_ptr<Model> make_ridge_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<RidgeEigen>(params, seed);
}

std::string eigen_version() {
  return fmt::format("{}.{}.{}", EIGEN_WORLD_VERSION, EIGEN_MAJOR_VERSION, EIGEN_MINOR_VERSION);
}

}  // namespace mlt
