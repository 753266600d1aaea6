// L2-regularised logistic regression with LIBLINEAR (solver L2R_LR, a
// trust-region Newton method, so no randomness). The fitted weights are
// copied out and the LIBLINEAR model freed at once; prediction is the
// logistic of w.x + b, which is exactly LIBLINEAR's probability for L2R_LR.
#include <fmt/format.h>
#include <linear.h>

#include <cmath>

#include "core/error.h"
#include "ml/adapters.h"

namespace mlt {
namespace {

void quiet(const char*) {}  // LIBLINEAR prints iteration logs to stdout otherwise

class LogisticL2 final : public Model {
 public:
  LogisticL2(Json params, std::uint64_t seed) : params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Classification);
    for (double w : weights)
      if (w != weights.front())
        throw Error(ErrorKind::InvalidArgument, "logistic_l2 (LIBLINEAR 2.30) cannot use unequal sample weights",
                    "drop the weights or use xgboost_classifier");
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
    param.solver_type = L2R_LR;
    param.C = params_.value("C", 1.0);
    param.eps = params_.value("eps", 0.01);
    if (const char* msg = check_parameter(&prob, &param))
      throw Error(ErrorKind::InvalidArgument, fmt::format("logistic_l2: {}", msg), "check C > 0 and eps > 0");
    set_print_string_function(&quiet);
    model* m = train(&prob, &param);
    if (!m) throw Error(ErrorKind::Internal, "LIBLINEAR train returned no model");
    const int classes = m->nr_class;
    // The decision value is positive for label[0]; orient it towards class 1.
    const double sign = (classes == 2 && m->label[0] == 1) ? 1.0 : -1.0;
    coef_.assign(m->w, m->w + n);
    for (double& w : coef_) w *= sign;
    intercept_ = bias >= 0 ? sign * m->w[n] * bias : 0.0;
    free_and_destroy_model(&m);
    if (classes != 2) {
      coef_.clear();
      throw Error(ErrorKind::InvalidArgument, "logistic_l2: the training rows hold only one class",
                  "use a longer training window or a different target");
    }
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (coef_.empty()) throw Error(ErrorKind::InvalidArgument, "model 'logistic_l2' has not been fitted");
    if (X.cols != coef_.size())
      throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", coef_.size(), X.cols));
    std::vector<double> p(X.rows);
    for (std::size_t r = 0; r < X.rows; ++r) {
      double z = intercept_;
      for (std::size_t c = 0; c < X.cols; ++c) z += coef_[c] * X(r, c);
      p[r] = 1.0 / (1.0 + std::exp(-z));
    }
    return p;
  }

  // |coefficient|: comparable across features because the pipeline standardises them.
  std::vector<double> feature_importance() const override {
    std::vector<double> out(coef_.size());
    for (std::size_t i = 0; i < coef_.size(); ++i) out[i] = std::abs(coef_[i]);
    return out;
  }

  std::string save() const override {
    return Json{{"model", "logistic_l2"}, {"coef", coef_}, {"intercept", intercept_}}.dump();
  }
  void load(const std::string& bytes) override {
    const Json j = parse_json(bytes, "logistic_l2 model");
    coef_ = j.at("coef").get<std::vector<double>>();
    intercept_ = j.at("intercept").get<double>();
  }

  std::string name() const override { return "logistic_l2"; }
  Task task() const override { return Task::Classification; }
  Json params() const override {
    Json p = params_;
    p["seed"] = seed_;
    return p;
  }

 private:
  Json params_;
  std::uint64_t seed_;
  std::vector<double> coef_;
  double intercept_ = 0.0;
};

}  // namespace

std::unique_ptr<Model> make_logistic_liblinear(const Json& params, std::uint64_t seed) {
  return std::make_unique<LogisticL2>(params, seed);
}

std::string liblinear_version() {
  return fmt::format("{}.{}", LIBLINEAR_VERSION / 100, LIBLINEAR_VERSION % 100);
}

}  // namespace mlt
