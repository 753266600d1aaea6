// LIBLINEAR models: logistic regression (L1/L2), linear SVM classifiers
// (hinge / squared hinge, L1/L2 penalty) and linear SVR. The fitted weights
// are copied out and the LIBLINEAR model freed at once; prediction is
// w.x + b (regression), the logistic of it (logistic regression: exactly
// LIBLINEAR's probability) or the logistic of the SVM margin (a monotone
// score, documented in adapters.h).
#include <fmt/format.h>
#include <linear.h>

#include <cmath>
#include <cstdlib>
#include <mutex>

#include "core/error.h"
#include "ml/adapters.h"

namespace mlt {
namespace {

void quiet(const char*) {}  // LIBLINEAR prints iteration logs to stdout otherwise

// LIBLINEAR's dual solvers shuffle with the C library's rand(): one lock and
// srand(seed) around train() keep parallel fits reproducible.
std::mutex& liblinear_mutex() {
  static std::mutex m;
  return m;
}

int solver_code(LinearSolver s) {
  switch (s) {
    case LinearSolver::LogisticL2: return L2R_LR;
    case LinearSolver::LogisticL1: return L1R_LR;
    case LinearSolver::SvcSquaredHinge: return L2R_L2LOSS_SVC;
    case LinearSolver::SvcHinge: return L2R_L1LOSS_SVC_DUAL;
    case LinearSolver::SvcL1Penalty: return L1R_L2LOSS_SVC;
    case LinearSolver::SvrSquared: return L2R_L2LOSS_SVR;
    case LinearSolver::SvrAbsolute: return L2R_L1LOSS_SVR_DUAL;
  }
  return L2R_LR;
}

bool is_regression(LinearSolver s) { return s == LinearSolver::SvrSquared || s == LinearSolver::SvrAbsolute; }

class LiblinearModel final : public Model {
 public:
  LiblinearModel(std::string id, LinearSolver solver, Json params, std::uint64_t seed)
      : id_(std::move(id)), solver_(solver), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, task());
    for (double w : weights)
      if (w != weights.front())
        throw Error(ErrorKind::InvalidArgument, fmt::format("{} (LIBLINEAR 2.30) cannot use unequal sample weights", id_),
                    "drop the weights or use an XGBoost or OpenCV tree model");
    const double bias = params_.value("bias", 1.0);
    const int n = static_cast<int>(X.cols);
    // One node per feature, one for the bias, one terminator, per row.
    const std::size_t width = X.cols + 2;
    std::vector<feature_node> nodes(X.rows * width);
    std::vector<feature_node*> rows(X.rows);
    std::vector<double> labels(y.begin(), y.end());
    for (std::size_t r = 0; r < X.rows; ++r) {
      feature_node* row = &nodes[r * width];
      std::size_t k = 0;
      for (std::size_t c = 0; c < X.cols; ++c) row[k++] = {static_cast<int>(c) + 1, X(r, c)};
      if (bias >= 0) row[k++] = {n + 1, bias};
      row[k] = {-1, 0.0};
      rows[r] = row;
    }
    problem prob{};
    prob.l = static_cast<int>(X.rows);
    prob.n = bias >= 0 ? n + 1 : n;
    prob.y = labels.data();
    prob.x = rows.data();
    prob.bias = bias;
    parameter param{};
    param.solver_type = solver_code(solver_);
    param.C = params_.value("C", 1.0);
    param.eps = params_.value("eps", 0.01);
    param.p = params_.value("epsilon", 0.0);
    if (const char* msg = check_parameter(&prob, &param))
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: {}", id_, msg), "check C > 0, eps > 0, epsilon >= 0");
    model* m = nullptr;
    {
      std::lock_guard lock(liblinear_mutex());
      set_print_string_function(&quiet);
      std::srand(static_cast<unsigned>(seed_ % 2147483647ULL));
      m = train(&prob, &param);
    }
    if (!m) throw Error(ErrorKind::Internal, "LIBLINEAR train returned no model");
    if (is_regression(solver_)) {
      coef_.assign(m->w, m->w + n);
      intercept_ = bias >= 0 ? m->w[n] * bias : 0.0;
      free_and_destroy_model(&m);
      return;
    }
    const int classes = m->nr_class;
    // The decision value is positive for label[0]; orient it towards class 1.
    const double sign = (classes == 2 && m->label[0] == 1) ? 1.0 : -1.0;
    coef_.assign(m->w, m->w + n);
    for (double& w : coef_) w *= sign;
    intercept_ = bias >= 0 ? sign * m->w[n] * bias : 0.0;
    free_and_destroy_model(&m);
    if (classes != 2) {
      coef_.clear();
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: the training rows hold only one class", id_),
                  "use a longer training window or a different target");
    }
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (coef_.empty()) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    if (X.cols != coef_.size())
      throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", coef_.size(), X.cols));
    std::vector<double> p(X.rows);
    for (std::size_t r = 0; r < X.rows; ++r) {
      double z = intercept_;
      for (std::size_t c = 0; c < X.cols; ++c) z += coef_[c] * X(r, c);
      p[r] = is_regression(solver_) ? z : 1.0 / (1.0 + std::exp(-z));
    }
    return p;
  }

  // |coefficient|: comparable across features because the pipeline standardises them.
  std::vector<double> feature_importance() const override {
    std::vector<double> out(coef_.size());
    for (std::size_t i = 0; i < coef_.size(); ++i) out[i] = std::abs(coef_[i]);
    return out;
  }

  std::string save() const override { return Json{{"model", id_}, {"coef", coef_}, {"intercept", intercept_}}.dump(); }
  void load(const std::string& bytes) override {
    const Json j = parse_json(bytes, id_ + " model");
    coef_ = j.at("coef").get<std::vector<double>>();
    intercept_ = j.at("intercept").get<double>();
  }

  std::string name() const override { return id_; }
  Task task() const override { return is_regression(solver_) ? Task::Regression : Task::Classification; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  std::string id_;
  LinearSolver solver_;
  Json params_;
  std::uint64_t seed_;
  std::vector<double> coef_;
  double intercept_ = 0.0;
};

}  // namespace

std::unique_ptr<Model> make_liblinear_model(const std::string& id, LinearSolver solver, const Json& params,
                                            std::uint64_t seed) {
  return std::make_unique<LiblinearModel>(id, solver, params, seed);
}

std::string liblinear_version() {
  return fmt::format("{}.{}", LIBLINEAR_VERSION / 100, LIBLINEAR_VERSION % 100);
}

}  // namespace mlt
