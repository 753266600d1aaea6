// Kernel ridge regression (Eigen): solve (K + alpha I) a = y - ȳ on the
// training rows and predict ȳ + Σ a_i k(x, x_i). Columns are standardised on
// the training rows first, so gamma = 0 (the default, 1 / columns) suits any
// feature scale. Weights are honoured as scikit-learn's: rows scaled by
// sqrt(weight) in K and y.
//   rbf        k = exp(-gamma |x - x'|^2)
//   poly       k = (gamma x·x' + coef0)^degree
//   laplacian  k = exp(-gamma |x - x'|_1)
// The solve is O(rows^3) and the model keeps its rows, so only the most
// recent max_rows rows of the training slice are used (rows arrive in time
// order; later rows of the slice, never rows after it).
#include <fmt/format.h>

#include <Eigen/Dense>
#include <cmath>

#include "core/error.h"
#include "ml/adapters.h"
#include "ml/linear_base.h"
#include "ml/pairwise_distances.h"

namespace mlt {
namespace {

using detail::RowMatrix;
using Index = Eigen::Index;

std::string kernel_name(KernelRidgeKernel k) {
  switch (k) {
    case KernelRidgeKernel::Rbf:
      return "rbf";
    case KernelRidgeKernel::Poly:
      return "poly";
    case KernelRidgeKernel::Laplacian:
      return "laplacian";
  }
  return "rbf";
}

std::vector<double> to_vector(const Eigen::MatrixXd& m) { return {m.data(), m.data() + m.size()}; }

class KernelRidge final : public Model {
 public:
  KernelRidge(std::string id, KernelRidgeKernel kernel, Json params, std::uint64_t seed)
      : id_(std::move(id)), kernel_(kernel), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Regression);
    const double alpha = params_.value("alpha", 1.0);
    const int max_rows = params_.value("max_rows", 2000), degree = params_.value("degree", 3);
    if (!(alpha > 0) || max_rows < 1 || degree < 1 || !(params_.value("gamma", 0.0) >= 0))
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("{}: need alpha > 0, gamma >= 0, degree >= 1 and max_rows >= 1", id_));
    const auto p = static_cast<Index>(X.cols);
    const Index first = static_cast<Index>(X.rows) - std::min<Index>(static_cast<Index>(X.rows), max_rows);
    const Index n = static_cast<Index>(X.rows) - first;
    Eigen::Map<const RowMatrix> A(X.data.data() + first * p, n, p);
    Eigen::Map<const Eigen::VectorXd> yv(y.data() + first, n);
    Eigen::VectorXd w = Eigen::VectorXd::Ones(n);
    if (!weights.empty()) w = Eigen::Map<const Eigen::VectorXd>(weights.data() + first, n);
    if (!(w.minCoeff() >= 0.0) || !(w.sum() > 0.0))
      throw Error(ErrorKind::InvalidArgument, "weights must be non-negative and sum to a positive number");
    w *= static_cast<double>(n) / w.sum();

    mean_ = (w.transpose() * A) / static_cast<double>(n);
    const Eigen::MatrixXd centred = A.rowwise() - mean_;
    sd_ = ((centred.array().square().colwise() * w.array()).colwise().sum() / static_cast<double>(n)).sqrt();
    for (Index j = 0; j < p; ++j)
      if (!(sd_(j) > 0.0)) sd_(j) = 1.0;
    rows_ = centred.array().rowwise() / sd_.array();
    gamma_ = params_.value("gamma", 0.0) > 0 ? params_.value("gamma", 0.0) : 1.0 / static_cast<double>(p);
    y_mean_ = w.dot(yv) / static_cast<double>(n);

    const Eigen::VectorXd root = w.array().sqrt();
    Eigen::MatrixXd K = root.asDiagonal() * kernel_matrix(rows_) * root.asDiagonal();
    K.diagonal().array() += alpha;
    const Eigen::VectorXd rhs = root.cwiseProduct((yv.array() - y_mean_).matrix());
    dual_ = root.cwiseProduct(K.ldlt().solve(rhs));
    if (!dual_.allFinite())
      throw Error(ErrorKind::Internal, fmt::format("{}: the kernel system could not be solved", id_),
                  "increase alpha");
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (dual_.size() == 0) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    if (static_cast<Index>(X.cols) != rows_.cols())
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("model has {} features, input has {}", rows_.cols(), X.cols));
    Eigen::Map<const RowMatrix> A(X.data.data(), static_cast<Index>(X.rows), static_cast<Index>(X.cols));
    const Eigen::MatrixXd Z = (A.rowwise() - mean_).array().rowwise() / sd_.array();
    const Eigen::VectorXd out = (kernel_matrix(Z) * dual_).array() + y_mean_;
    return {out.data(), out.data() + out.size()};
  }

  std::string save() const override {
    return Json{{"model", id_},
                {"kernel", kernel_name(kernel_)},
                {"gamma", gamma_},
                {"y_mean", y_mean_},
                {"mean", to_vector(mean_)},
                {"sd", to_vector(sd_)},
                {"dual", to_vector(dual_)},
                {"rows", to_vector(rows_)}}
        .dump();
  }
  void load(const std::string& bytes) override {
    const Json j = parse_json(bytes, id_ + " model");
    if (j.value("model", std::string{}) != id_)
      throw Error(ErrorKind::InvalidArgument, fmt::format("the saved model is not a '{}' model", id_));
    const auto mean = j.at("mean").get<std::vector<double>>(), sd = j.at("sd").get<std::vector<double>>();
    const auto dual = j.at("dual").get<std::vector<double>>(), rows = j.at("rows").get<std::vector<double>>();
    const auto p = static_cast<Index>(mean.size()), n = static_cast<Index>(dual.size());
    if (sd.size() != mean.size() || rows.size() != static_cast<std::size_t>(n * p))
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: the saved model is inconsistent", id_));
    gamma_ = j.at("gamma").get<double>();
    y_mean_ = j.at("y_mean").get<double>();
    mean_ = Eigen::Map<const Eigen::RowVectorXd>(mean.data(), p);
    sd_ = Eigen::Map<const Eigen::RowVectorXd>(sd.data(), p);
    dual_ = Eigen::Map<const Eigen::VectorXd>(dual.data(), n);
    rows_ = Eigen::Map<const Eigen::MatrixXd>(rows.data(), n, p);
  }

  std::string name() const override { return id_; }
  Task task() const override { return Task::Regression; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  // k(Z_i, rows_j) for every row of Z.
  Eigen::MatrixXd kernel_matrix(const Eigen::MatrixXd& Z) const {
    switch (kernel_) {
      case KernelRidgeKernel::Rbf:
        return (-gamma_ * detail::pairwise_squared_distances(Z, rows_)).array().exp().matrix();
      case KernelRidgeKernel::Poly: {
        const double coef0 = params_.value("coef0", 1.0);
        const double degree = params_.value("degree", 3);
        return ((gamma_ * Z * rows_.transpose()).array() + coef0).pow(degree).matrix();
      }
      case KernelRidgeKernel::Laplacian: {
        Eigen::MatrixXd K(Z.rows(), rows_.rows());
        for (Index i = 0; i < Z.rows(); ++i)
          for (Index j = 0; j < rows_.rows(); ++j) K(i, j) = std::exp(-gamma_ * (Z.row(i) - rows_.row(j)).lpNorm<1>());
        return K;
      }
    }
    return {};
  }

  std::string id_;
  KernelRidgeKernel kernel_;
  Json params_;
  std::uint64_t seed_;
  Eigen::RowVectorXd mean_, sd_;
  Eigen::MatrixXd rows_;  // standardised training rows
  Eigen::VectorXd dual_;
  double gamma_ = 0.0, y_mean_ = 0.0;
};

}  // namespace

std::unique_ptr<Model> make_kernel_ridge_eigen(const std::string& id, KernelRidgeKernel kernel, const Json& params,
                                               std::uint64_t seed) {
  return std::make_unique<KernelRidge>(id, kernel, params, seed);
}

}  // namespace mlt
