// Gaussian-process regression (Rasmussen & Williams 2006, algorithm 2.1)
// with an RBF plus white-noise kernel, on Eigen's Cholesky (LLT).
//
//   k(x, x') = s2 * (exp(-|x - x'|^2 / (2 l^2)) + lambda * [x == x'])
//
// The target is standardised first. For each (l, lambda) of a small fixed
// grid the signal variance s2 has a closed-form maximiser, s2 = y'(R +
// lambda I)^-1 y / n, so the grid search maximises the profiled log marginal
// likelihood exactly in s2: deterministic, no optimiser to diverge. Length
// scales are given in units of sqrt(p), the typical distance between rows of
// p standardised features. Sample weights scale the noise: row i gets
// lambda / w_i (weights normalised to mean 1), a zero weight drops the row.
//
// An exact GP costs O(n^3): only the last `max_rows` rows of the training
// slice (the most recent ones; the slice is in time order and never holds
// rows after the training fold) are used. predict() returns the posterior mean.
#include <Eigen/Dense>
#include <algorithm>
#include <limits>
#include <numbers>

#include "ml/adapters.h"
#include "ml/native_common.h"
#include "ml/pairwise_distances.h"

namespace mlt {
namespace {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// exp(-|a_i - b_j|^2 / (2 l^2)) for every pair of rows.
Eigen::MatrixXd rbf(const RowMatrix& A, const RowMatrix& B, double length) {
  return (detail::pairwise_squared_distances(A, B).array() * (-0.5 / (length * length))).exp().matrix();
}

std::vector<double> positive_grid(const Json& params, const char* key, const char* id) {
  std::vector<double> grid;
  const Json& g = params.at(key);
  for (const auto& v : g) {
    if (!v.is_number() || !(v.get<double>() > 0))
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: every value of {} must be a positive number", id, key));
    grid.push_back(v.get<double>());
  }
  if (grid.empty()) throw Error(ErrorKind::InvalidArgument, fmt::format("{}: {} must not be empty", id, key));
  return grid;
}

class GaussianProcess final : public Model {
 public:
  GaussianProcess(Json params, std::uint64_t seed) : params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Regression);
    native::require_finite(X, id_);
    const int max_rows = params_.value("max_rows", 400);
    if (max_rows < 2) throw Error(ErrorKind::InvalidArgument, "gaussian_process_regressor: max_rows must be >= 2");
    const auto lengths = positive_grid(params_, "length_scale_grid", id_.c_str());
    const auto noises = positive_grid(params_, "noise_grid", id_.c_str());
    const std::vector<double> w_all = native::sample_weights(weights, X.rows, id_);

    // The most recent rows with a positive weight.
    std::vector<std::size_t> rows;
    for (std::size_t r = X.rows; r-- > 0 && rows.size() < static_cast<std::size_t>(max_rows);)
      if (w_all[r] > 0) rows.push_back(r);
    std::reverse(rows.begin(), rows.end());
    const auto n = static_cast<Eigen::Index>(rows.size()), p = static_cast<Eigen::Index>(X.cols);
    if (n < 2) throw Error(ErrorKind::InvalidArgument, "gaussian_process_regressor: needs at least 2 weighted rows");
    RowMatrix A(n, p);
    Eigen::VectorXd t(n), inv_w(n);
    double mean_w = 0;
    for (auto r : rows) mean_w += w_all[r] / static_cast<double>(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const std::size_t r = rows[static_cast<std::size_t>(i)];
      A.row(i) = Eigen::Map<const Eigen::RowVectorXd>(X.row(r), p);
      t(i) = y[r];
      inv_w(i) = mean_w / w_all[r];
    }
    y_mean_ = t.mean();
    y_scale_ = std::sqrt((t.array() - y_mean_).square().mean());
    if (!(y_scale_ > 0)) y_scale_ = 1.0;  // a constant target: the mean is the whole answer
    t = (t.array() - y_mean_) / y_scale_;

    double best = -std::numeric_limits<double>::infinity();
    for (double l_unit : lengths) {
      const double length = l_unit * std::sqrt(static_cast<double>(p));
      const Eigen::MatrixXd R = rbf(A, A, length);
      for (double lambda : noises) {
        Eigen::MatrixXd K = R;
        // The 1e-10 jitter keeps the factorisation stable for duplicate rows.
        K.diagonal() += lambda * inv_w + Eigen::VectorXd::Constant(n, 1e-10);
        const Eigen::LLT<Eigen::MatrixXd> llt(K);
        if (llt.info() != Eigen::Success) continue;
        const Eigen::VectorXd a = llt.solve(t);
        const double s2 = std::max(t.dot(a) / static_cast<double>(n), 1e-300);
        const double log_det = 2.0 * llt.matrixLLT().diagonal().array().log().sum();
        const double lml =
            -0.5 * static_cast<double>(n) * (std::log(s2) + 1.0 + std::log(2 * std::numbers::pi)) - 0.5 * log_det;
        if (lml > best) {
          best = lml;
          length_ = length;
          noise_ = lambda;
          signal_ = s2;
          alpha_ = a;  // the mean needs (R + lambda W^-1)^-1 t only: s2 cancels
          log_marginal_ = lml;
        }
      }
    }
    if (!std::isfinite(best))
      throw Error(ErrorKind::Internal, "gaussian_process_regressor: no kernel of the grid could be factorised",
                  "raise the values of noise_grid");
    train_ = std::move(A);
  }

  std::vector<double> predict(const Matrix& X) const override {
    native::require_fitted(train_.rows() > 0, id_);
    native::require_width(static_cast<std::size_t>(train_.cols()), X.cols);
    if (X.rows == 0) return {};
    const Eigen::Map<const RowMatrix> Q(X.data.data(), static_cast<Eigen::Index>(X.rows), train_.cols());
    const Eigen::VectorXd mean = rbf(Q, train_, length_) * alpha_;
    std::vector<double> out(X.rows);
    for (std::size_t i = 0; i < X.rows; ++i) out[i] = y_mean_ + y_scale_ * mean(static_cast<Eigen::Index>(i));
    return out;
  }

  std::string save() const override {
    native::require_fitted(train_.rows() > 0, id_);
    return Json{{"model", id_},
                {"cols", train_.cols()},
                {"x", std::vector<double>(train_.data(), train_.data() + train_.size())},
                {"alpha", std::vector<double>(alpha_.data(), alpha_.data() + alpha_.size())},
                {"length_scale", length_},
                {"noise", noise_},
                {"signal_variance", signal_},
                {"log_marginal_likelihood", log_marginal_},
                {"y_mean", y_mean_},
                {"y_scale", y_scale_}}
        .dump();
  }

  void load(const std::string& bytes) override {
    const Json j = native::parse_saved(bytes, id_);
    const auto cols = j.at("cols").get<Eigen::Index>();
    const auto x = j.at("x").get<std::vector<double>>();
    const auto a = j.at("alpha").get<std::vector<double>>();
    const auto n = static_cast<Eigen::Index>(a.size());
    if (cols <= 0 || n == 0 || static_cast<Eigen::Index>(x.size()) != n * cols)
      throw Error(ErrorKind::InvalidArgument, "saved gaussian_process_regressor model has malformed training rows");
    train_ = Eigen::Map<const RowMatrix>(x.data(), n, cols);
    alpha_ = Eigen::Map<const Eigen::VectorXd>(a.data(), n);
    length_ = j.at("length_scale").get<double>();
    noise_ = j.at("noise").get<double>();
    signal_ = j.at("signal_variance").get<double>();
    log_marginal_ = j.at("log_marginal_likelihood").get<double>();
    y_mean_ = j.at("y_mean").get<double>();
    y_scale_ = j.at("y_scale").get<double>();
  }

  std::string name() const override { return id_; }
  Task task() const override { return Task::Regression; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  std::string id_ = "gaussian_process_regressor";
  Json params_;
  std::uint64_t seed_;
  RowMatrix train_;
  Eigen::VectorXd alpha_;
  double length_ = 1, noise_ = 1, signal_ = 1, log_marginal_ = 0, y_mean_ = 0, y_scale_ = 1;
};

}  // namespace

std::unique_ptr<Model> make_gaussian_process_eigen(const Json& params, std::uint64_t seed) {
  return std::make_unique<GaussianProcess>(params, seed);
}

}  // namespace mlt
