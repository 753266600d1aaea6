// Generative classifiers with Gaussian class densities (Eigen):
//   lda               shared covariance -> linear log-odds (shrinkage adds
//                     `shrinkage` * mean variance to the diagonal)
//   qda               one covariance per class, (1-reg)·S + reg·I as scikit-learn's reg_param
//   gaussian_nb       diagonal covariance per class (naive Bayes), var_smoothing as scikit-learn
// predict() is the posterior P(class 1 | x) from the densities and the
// (weighted) class priors, computed in log space to avoid underflow.
#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>

#include "core/error.h"
#include "ml/adapters.h"
#include "ml/linear_base.h"

namespace mlt {
namespace {

enum class Kind { Lda, Qda, NaiveBayes };

struct ClassDensity {
  Eigen::VectorXd mean;
  Eigen::MatrixXd precision;  // inverse covariance
  double log_det = 0;         // log |covariance|
  double log_prior = 0;
};

Json to_json(const ClassDensity& d) {
  return Json{{"mean", std::vector<double>(d.mean.data(), d.mean.data() + d.mean.size())},
              {"precision", std::vector<double>(d.precision.data(), d.precision.data() + d.precision.size())},
              {"log_det", d.log_det},
              {"log_prior", d.log_prior}};
}

ClassDensity from_json(const Json& j) {
  ClassDensity d;
  const auto m = j.at("mean").get<std::vector<double>>();
  const auto p = j.at("precision").get<std::vector<double>>();
  const auto n = static_cast<Eigen::Index>(m.size());
  d.mean = Eigen::Map<const Eigen::VectorXd>(m.data(), n);
  d.precision = Eigen::Map<const Eigen::MatrixXd>(p.data(), n, n);
  d.log_det = j.at("log_det").get<double>();
  d.log_prior = j.at("log_prior").get<double>();
  return d;
}

class Discriminant final : public Model {
 public:
  Discriminant(std::string id, Kind kind, Json params, std::uint64_t seed)
      : id_(std::move(id)), kind_(kind), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Classification);
    const auto n = static_cast<Eigen::Index>(X.rows), p = static_cast<Eigen::Index>(X.cols);
    Eigen::Map<const detail::RowMatrix> A(X.data.data(), n, p);
    Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
    if (!weights.empty()) w = Eigen::Map<const Eigen::VectorXd>(weights.data(), n);
    Eigen::MatrixXd cov[2];
    double wsum[2] = {0, 0};
    for (int k = 0; k < 2; ++k) {
      Eigen::VectorXd wk(n);
      for (Eigen::Index i = 0; i < n; ++i) wk(i) = (y[static_cast<std::size_t>(i)] > 0.5) == (k == 1) ? w(i) : 0.0;
      wsum[k] = wk.sum();
      if (!(wsum[k] > 0))
        throw Error(ErrorKind::InvalidArgument, fmt::format("{}: the training rows hold only one class", id_),
                    "use a longer training window");
      dens_[k].mean = (A.transpose() * wk) / wsum[k];
      const Eigen::MatrixXd C = A.rowwise() - dens_[k].mean.transpose();
      cov[k] = C.transpose() * wk.asDiagonal() * C / wsum[k];
    }
    const double total = wsum[0] + wsum[1];
    const double var_scale = std::max((cov[0].trace() + cov[1].trace()) / (2.0 * static_cast<double>(p)), 1e-300);
    for (int k = 0; k < 2; ++k) {
      Eigen::MatrixXd S;
      if (kind_ == Kind::Lda) {
        S = (wsum[0] * cov[0] + wsum[1] * cov[1]) / total;
        S.diagonal().array() += params_.value("shrinkage", 1e-6) * var_scale;
      } else if (kind_ == Kind::Qda) {
        const double reg = params_.value("reg_param", 0.01);
        S = (1 - reg) * cov[k] + reg * Eigen::MatrixXd::Identity(p, p);
      } else {
        S = Eigen::MatrixXd(cov[k].diagonal().asDiagonal());
        const double maxvar = std::max(cov[0].diagonal().maxCoeff(), cov[1].diagonal().maxCoeff());
        S.diagonal().array() += params_.value("var_smoothing", 1e-9) * maxvar;
      }
      const Eigen::LDLT<Eigen::MatrixXd> ldlt(S);
      if (ldlt.info() != Eigen::Success || !(ldlt.vectorD().minCoeff() > 0))
        throw Error(ErrorKind::InvalidArgument, fmt::format("{}: a class covariance is singular", id_),
                    "increase the regularisation parameter");
      dens_[k].precision = ldlt.solve(Eigen::MatrixXd::Identity(p, p));
      dens_[k].log_det = ldlt.vectorD().array().log().sum();
      dens_[k].log_prior = std::log(wsum[k] / total);
    }
    fitted_ = true;
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (!fitted_) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    if (static_cast<Eigen::Index>(X.cols) != dens_[0].mean.size())
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("model has {} features, input has {}", dens_[0].mean.size(), X.cols));
    std::vector<double> out(X.rows);
    for (std::size_t r = 0; r < X.rows; ++r) {
      const Eigen::Map<const Eigen::VectorXd> x(X.row(r), static_cast<Eigen::Index>(X.cols));
      double score[2];
      for (int k = 0; k < 2; ++k) {
        const Eigen::VectorXd d = x - dens_[k].mean;
        score[k] = dens_[k].log_prior - 0.5 * dens_[k].log_det - 0.5 * d.dot(dens_[k].precision * d);
      }
      out[r] = 1.0 / (1.0 + std::exp(score[0] - score[1]));
    }
    return out;
  }

  std::string save() const override {
    return Json{{"model", id_}, {"class0", to_json(dens_[0])}, {"class1", to_json(dens_[1])}}.dump();
  }
  void load(const std::string& bytes) override {
    const Json j = parse_json(bytes, id_ + " model");
    dens_[0] = from_json(j.at("class0"));
    dens_[1] = from_json(j.at("class1"));
    fitted_ = true;
  }
  std::string name() const override { return id_; }
  Task task() const override { return Task::Classification; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  std::string id_;
  Kind kind_;
  Json params_;
  std::uint64_t seed_;
  ClassDensity dens_[2];
  bool fitted_ = false;
};

}  // namespace

std::unique_ptr<Model> make_lda_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Discriminant>("lda", Kind::Lda, params, seed);
}
std::unique_ptr<Model> make_qda_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Discriminant>("qda", Kind::Qda, params, seed);
}
std::unique_ptr<Model> make_gaussian_nb_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<Discriminant>("gaussian_nb", Kind::NaiveBayes, params, seed);
}

}  // namespace mlt
