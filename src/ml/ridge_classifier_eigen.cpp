// Ridge classifier, as scikit-learn's: ridge regression on targets ±1 with
// standardised columns and an unpenalised intercept, solved in closed form
// (weighted rows honoured exactly). The decision value d = coef·x + b is a
// least-squares estimate of E[±1 | x] = 2 P(up) - 1; predict() reports the
// logistic 1 / (1 + exp(-d)), a monotone score in (0, 1) that ranks rows
// like d but is not a calibrated probability.
#include <fmt/format.h>

#include "core/error.h"
#include "ml/adapters.h"
#include "ml/linear_score_model.h"

namespace mlt {
namespace {

class RidgeClassifier final : public detail::LinearScoreModel {
 public:
  RidgeClassifier(Json params, std::uint64_t seed)
      : LinearScoreModel("ridge_classifier", Task::Classification, detail::ScoreLink::Logistic, std::move(params),
                         seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Classification);
    const double alpha = raw_params().value("alpha", 1.0);
    if (!(alpha >= 0.0)) throw Error(ErrorKind::InvalidArgument, "ridge_classifier: alpha must be >= 0");
    const detail::ScaledRows s = detail::scale_rows(X, weights);
    const Eigen::Index n = s.Z.rows();
    Eigen::VectorXd t(n);
    for (Eigen::Index i = 0; i < n; ++i) t(i) = y[static_cast<std::size_t>(i)] > 0.5 ? 1.0 : -1.0;
    const double t_mean = s.w.dot(t) / static_cast<double>(n);
    // Columns have weighted mean 0, so the intercept decouples: b = weighted mean of t.
    Eigen::MatrixXd normal = s.Z.transpose() * s.w.asDiagonal() * s.Z;
    normal.diagonal().array() += alpha;
    const Eigen::VectorXd rhs = s.Z.transpose() * (s.w.asDiagonal() * (t.array() - t_mean).matrix());
    const Eigen::VectorXd beta = normal.ldlt().solve(rhs);
    if (!beta.allFinite())
      throw Error(ErrorKind::InvalidArgument, "ridge_classifier: the normal equations are singular", "use alpha > 0");
    set_scaled_fit(s, beta, t_mean, 0.0, 1.0);
  }
};

}  // namespace

std::unique_ptr<Model> make_ridge_classifier_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<RidgeClassifier>(params, seed);
}

}  // namespace mlt
