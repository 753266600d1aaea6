// Gaussian-mixture classifier: one cv::ml::EM mixture per class, fitted to
// that class's rows, combined by Bayes' rule with the class shares as
// priors: P(1 | x) = sigmoid(log pi1 + log p1(x) - log pi0 - log p0(x)),
// where log p_k(x) is the mixture's log-likelihood (EM::predict2). EM starts
// from k-means on OpenCV's thread-local RNG, which fit() seeds. EM has no
// sample weights, so unequal weights are refused.
#include "ml/opencv_common.h"
// clang-format off
#include "ml/adapters.h"
// clang-format on

#include <cmath>

namespace mlt {
namespace {

using detail::cv_call;

int covariance_type(const std::string& name) {
  if (name == "spherical") return cv::ml::EM::COV_MAT_SPHERICAL;
  if (name == "diagonal") return cv::ml::EM::COV_MAT_DIAGONAL;
  if (name == "full") return cv::ml::EM::COV_MAT_GENERIC;
  throw Error(ErrorKind::InvalidArgument, fmt::format("gaussian_mixture_classifier: unknown covariance '{}'", name),
              "use spherical, diagonal or full");
}

class GmmClassifier final : public Model {
 public:
  GmmClassifier(Json params, std::uint64_t seed) : params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, Task::Classification);
    detail::refuse_weights(weights, id_);
    const int components = params_.value("n_components", 3);
    const int max_iter = params_.value("max_iter", 100);
    const int cov = covariance_type(params_.value("covariance", std::string("diagonal")));
    if (components < 1 || max_iter < 1)
      throw Error(ErrorKind::InvalidArgument, "gaussian_mixture_classifier: n_components and max_iter must be >= 1");
    std::vector<std::size_t> rows[2];
    for (std::size_t r = 0; r < X.rows; ++r) rows[y[r] > 0.5 ? 1 : 0].push_back(r);
    for (int k = 0; k < 2; ++k) {
      if (rows[k].size() < static_cast<std::size_t>(2 * components))
        throw Error(
            ErrorKind::InvalidArgument,
            fmt::format("{}: class {} has {} rows, too few for {} components", id_, k, rows[k].size(), components),
            "lower n_components or use a longer training window");
      Matrix part(rows[k].size(), X.cols);
      for (std::size_t i = 0; i < rows[k].size(); ++i)
        std::copy_n(X.row(rows[k][i]), X.cols, part.data.data() + i * X.cols);
      cv::theRNG().state = (seed_ + static_cast<std::uint64_t>(k)) | 1;  // k-means initialisation draws from it
      auto em = cv::ml::EM::create();
      em->setClustersNumber(components);
      em->setCovarianceMatrixType(cov);
      em->setTermCriteria({cv::TermCriteria::COUNT + cv::TermCriteria::EPS, max_iter, 1e-6});
      const cv::Mat samples = detail::to_mat(part);
      cv_call(id_, [&] { return em->trainEM(samples); });
      if (!em->isTrained()) throw Error(ErrorKind::Internal, fmt::format("{}: EM did not converge", id_));
      em_[k] = em;
      log_prior_[k] = std::log(static_cast<double>(rows[k].size()) / static_cast<double>(X.rows));
    }
    n_features_ = X.cols;
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (!em_[0]) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    detail::check_width(n_features_, X.cols);
    const cv::Mat samples = detail::to_mat(X);
    std::vector<double> out(X.rows);
    for (int r = 0; r < samples.rows; ++r) {
      double score[2];
      for (int k = 0; k < 2; ++k)
        score[k] = log_prior_[k] + cv_call(id_, [&] { return em_[k]->predict2(samples.row(r), cv::noArray())[0]; });
      out[static_cast<std::size_t>(r)] = 1.0 / (1.0 + std::exp(score[0] - score[1]));
    }
    return out;
  }

  std::string save() const override {
    if (!em_[0]) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    return Json{{"model", id_},
                {"n_features", n_features_},
                {"log_prior", {log_prior_[0], log_prior_[1]}},
                {"class0", detail::save_cv(em_[0])},
                {"class1", detail::save_cv(em_[1])}}
        .dump();
  }
  void load(const std::string& bytes) override {
    const Json j = parse_json(bytes, id_ + " model");
    const auto prior = j.at("log_prior").get<std::vector<double>>();
    if (prior.size() != 2) throw Error(ErrorKind::InvalidArgument, "saved gaussian_mixture_classifier is malformed");
    for (int k = 0; k < 2; ++k) {
      const std::string text = j.at(fmt::format("class{}", k)).get<std::string>();
      em_[k] = cv_call(id_, [&] { return detail::load_cv<cv::ml::EM>(text); });
      log_prior_[k] = prior[static_cast<std::size_t>(k)];
    }
    n_features_ = j.at("n_features").get<std::size_t>();
  }
  std::string name() const override { return id_; }
  Task task() const override { return Task::Classification; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  std::string id_ = "gaussian_mixture_classifier";
  Json params_;
  std::uint64_t seed_;
  cv::Ptr<cv::ml::EM> em_[2];
  double log_prior_[2] = {0, 0};
  std::size_t n_features_ = 0;
};

}  // namespace

std::unique_ptr<Model> make_opencv_gmm_classifier(const Json& params, std::uint64_t seed) {
  return std::make_unique<GmmClassifier>(params, seed);
}

}  // namespace mlt
