// Bernoulli naive Bayes (as scikit-learn's BernoulliNB). Each feature is
// binarised, x_j > binarize; on the pipeline's standardised features the
// default 0 means "above its training mean". Per class, P(x_j = 1 | c) =
// (weighted count of ones + alpha) / (class weight + 2 alpha) (Laplace
// smoothing); the class prior is the weighted class share. predict() is the
// posterior of class 1, computed from the log-odds; the two classes'
// posteriors sum to 1 by construction.
#include <algorithm>

#include "ml/adapters.h"
#include "ml/native_common.h"

namespace mlt {
namespace {

class BernoulliNb final : public Model {
 public:
  BernoulliNb(Json params, std::uint64_t seed) : params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Classification);
    const double alpha = params_.value("alpha", 1.0);
    if (!(alpha > 0))
      throw Error(ErrorKind::InvalidArgument, "bernoulli_nb: alpha must be > 0",
                  "alpha is the Laplace smoothing count; 1 is the usual choice");
    threshold_ = params_.value("binarize", 0.0);
    const std::vector<double> w = native::sample_weights(weights, X.rows, id_);
    double class_weight[2] = {0, 0};
    std::vector<double> ones[2] = {std::vector<double>(X.cols, 0.0), std::vector<double>(X.cols, 0.0)};
    for (std::size_t r = 0; r < X.rows; ++r) {
      const int k = y[r] > 0.5 ? 1 : 0;
      class_weight[k] += w[r];
      for (std::size_t j = 0; j < X.cols; ++j)
        if (X(r, j) > threshold_) ones[k][j] += w[r];
    }
    if (!(class_weight[0] > 0 && class_weight[1] > 0))
      throw Error(ErrorKind::InvalidArgument, "bernoulli_nb: the training rows hold only one class",
                  "use a longer training window");
    for (int k = 0; k < 2; ++k) {
      log_prior_[k] = std::log(class_weight[k] / (class_weight[0] + class_weight[1]));
      log_p_[k].resize(X.cols);
      log_q_[k].resize(X.cols);
      for (std::size_t j = 0; j < X.cols; ++j) {
        const double p = (ones[k][j] + alpha) / (class_weight[k] + 2 * alpha);
        log_p_[k][j] = std::log(p);
        log_q_[k][j] = std::log1p(-p);
      }
    }
  }

  std::vector<double> predict(const Matrix& X) const override {
    native::require_fitted(!log_p_[0].empty(), id_);
    native::require_width(log_p_[0].size(), X.cols);
    std::vector<double> out(X.rows);
    for (std::size_t r = 0; r < X.rows; ++r) {
      double score[2] = {log_prior_[0], log_prior_[1]};
      for (int k = 0; k < 2; ++k)
        for (std::size_t j = 0; j < X.cols; ++j) score[k] += X(r, j) > threshold_ ? log_p_[k][j] : log_q_[k][j];
      out[r] = native::sigmoid(score[1] - score[0]);
    }
    return out;
  }

  // |log odds ratio| of a one in each feature between the classes.
  std::vector<double> feature_importance() const override {
    if (log_p_[0].empty()) return {};
    std::vector<double> out(log_p_[0].size());
    for (std::size_t j = 0; j < out.size(); ++j)
      out[j] = std::abs((log_p_[1][j] - log_q_[1][j]) - (log_p_[0][j] - log_q_[0][j]));
    return out;
  }

  std::string save() const override {
    native::require_fitted(!log_p_[0].empty(), id_);
    return Json{{"model", id_},        {"binarize", threshold_}, {"log_prior", {log_prior_[0], log_prior_[1]}},
                {"log_p0", log_p_[0]}, {"log_p1", log_p_[1]},    {"log_q0", log_q_[0]},
                {"log_q1", log_q_[1]}}
        .dump();
  }
  void load(const std::string& bytes) override {
    const Json j = native::parse_saved(bytes, id_);
    threshold_ = j.at("binarize").get<double>();
    const auto prior = j.at("log_prior").get<std::vector<double>>();
    if (prior.size() != 2) throw Error(ErrorKind::InvalidArgument, "saved bernoulli_nb model has malformed priors");
    for (int k = 0; k < 2; ++k) {
      log_prior_[k] = prior[static_cast<std::size_t>(k)];
      log_p_[k] = j.at(fmt::format("log_p{}", k)).get<std::vector<double>>();
      log_q_[k] = j.at(fmt::format("log_q{}", k)).get<std::vector<double>>();
    }
    const std::size_t p = log_p_[0].size();
    if (p == 0 || log_p_[1].size() != p || log_q_[0].size() != p || log_q_[1].size() != p)
      throw Error(ErrorKind::InvalidArgument, "saved bernoulli_nb model has malformed feature tables");
  }
  std::string name() const override { return id_; }
  Task task() const override { return Task::Classification; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  std::string id_ = "bernoulli_nb";
  Json params_;
  std::uint64_t seed_;
  double threshold_ = 0;
  double log_prior_[2] = {0, 0};
  std::vector<double> log_p_[2], log_q_[2];  // log P(x_j = 1 | c), log P(x_j = 0 | c)
};

}  // namespace

std::unique_ptr<Model> make_bernoulli_nb(const Json& params, std::uint64_t seed) {
  return std::make_unique<BernoulliNb>(params, seed);
}

}  // namespace mlt
