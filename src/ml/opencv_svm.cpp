// OpenCV SVMs (libsvm's algorithms inside cv::ml::SVM): C-SVC and nu-SVC
// classifiers, epsilon-SVR and nu-SVR regressors, each with a linear,
// polynomial, RBF, sigmoid, chi-squared or histogram-intersection kernel.
//
// gamma <= 0 means 1 / n_features (scikit-learn's "auto"). The chi2 and
// intersection kernels are defined on non-negative histograms, so for them
// the adapter maps every column to [0, 1] with the training rows' min/max
// (test values are clipped to that range) and stores the map with the model.
// Classifiers have no probability: predict() is the logistic of the decision
// value, oriented towards class 1 (a monotone score, not calibrated).
// OpenCV's SVM takes no sample weights: unequal weights are refused.
#include "ml/opencv_common.h"
// clang-format off
#include "ml/adapters.h"
// clang-format on

#include <algorithm>
#include <cmath>

namespace mlt {
namespace {

using detail::cv_call;

int cv_type(OcvSvmType t) {
  switch (t) {
    case OcvSvmType::CSvc: return cv::ml::SVM::C_SVC;
    case OcvSvmType::NuSvc: return cv::ml::SVM::NU_SVC;
    case OcvSvmType::EpsSvr: return cv::ml::SVM::EPS_SVR;
    case OcvSvmType::NuSvr: return cv::ml::SVM::NU_SVR;
  }
  return cv::ml::SVM::C_SVC;
}

int cv_kernel(OcvKernel k) {
  switch (k) {
    case OcvKernel::Linear: return cv::ml::SVM::LINEAR;
    case OcvKernel::Poly: return cv::ml::SVM::POLY;
    case OcvKernel::Rbf: return cv::ml::SVM::RBF;
    case OcvKernel::Sigmoid: return cv::ml::SVM::SIGMOID;
    case OcvKernel::Chi2: return cv::ml::SVM::CHI2;
    case OcvKernel::Inter: return cv::ml::SVM::INTER;
  }
  return cv::ml::SVM::RBF;
}

class SvmModel final : public Model {
 public:
  SvmModel(std::string id, OcvSvmType type, OcvKernel kernel, Json params, std::uint64_t seed)
      : id_(std::move(id)), type_(type), kernel_(kernel), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, task());
    detail::refuse_weights(weights, id_);
    n_features_ = X.cols;
    lo_.assign(X.cols, 0.0);
    hi_.assign(X.cols, 1.0);
    if (histogram_kernel()) {
      for (std::size_t c = 0; c < X.cols; ++c) {
        lo_[c] = hi_[c] = X(0, c);
        for (std::size_t r = 1; r < X.rows; ++r) {
          lo_[c] = std::min(lo_[c], X(r, c));
          hi_[c] = std::max(hi_[c], X(r, c));
        }
      }
    }
    model_ = cv::ml::SVM::create();
    model_->setType(cv_type(type_));
    model_->setKernel(cv_kernel(kernel_));
    const double gamma = params_.value("gamma", 0.0);
    model_->setGamma(gamma > 0 ? gamma : 1.0 / static_cast<double>(X.cols));
    model_->setC(params_.value("C", 1.0));
    model_->setNu(params_.value("nu", 0.5));
    model_->setP(params_.value("epsilon", 0.001));
    model_->setDegree(params_.value("degree", 3.0));
    model_->setCoef0(params_.value("coef0", 0.0));
    model_->setTermCriteria({cv::TermCriteria::MAX_ITER + cv::TermCriteria::EPS, params_.value("max_iter", 100000),
                             params_.value("tol", 1e-3)});
    const bool cls = task() == Task::Classification;
    if (cls && (std::none_of(y.begin(), y.end(), [](double v) { return v > 0.5; }) ||
                std::all_of(y.begin(), y.end(), [](double v) { return v > 0.5; })))
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: the training rows hold only one class", id_));
    const cv::Mat samples = input(X);
    cv_call(id_, [&] { return model_->train(samples, cv::ml::ROW_SAMPLE, detail::to_col(y, cls ? CV_32S : CV_32F)); });
    if (cls) sign_ = detail::raw_orientation(raw(samples), y);
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (!model_) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    detail::check_width(n_features_, X.cols);
    std::vector<double> v = raw(input(X));
    if (task() == Task::Classification)
      for (double& d : v) d = 1.0 / (1.0 + std::exp(-sign_ * d));
    return v;
  }

  std::string save() const override {
    if (!model_) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    return Json{{"model", id_}, {"n_features", n_features_}, {"sign", sign_},
                {"lo", lo_},    {"hi", hi_},                 {"opencv", detail::save_cv(model_)}}
        .dump();
  }
  void load(const std::string& bytes) override {
    const Json j = parse_json(bytes, id_ + " model");
    model_ = cv_call(id_, [&] { return detail::load_cv<cv::ml::SVM>(j.at("opencv").get<std::string>()); });
    n_features_ = j.at("n_features").get<std::size_t>();
    sign_ = j.at("sign").get<double>();
    lo_ = j.at("lo").get<std::vector<double>>();
    hi_ = j.at("hi").get<std::vector<double>>();
  }

  std::string name() const override { return id_; }
  Task task() const override {
    return type_ == OcvSvmType::CSvc || type_ == OcvSvmType::NuSvc ? Task::Classification : Task::Regression;
  }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  bool histogram_kernel() const { return kernel_ == OcvKernel::Chi2 || kernel_ == OcvKernel::Inter; }

  cv::Mat input(const Matrix& X) const {
    if (!histogram_kernel()) return detail::to_mat(X);
    Matrix m = X;
    for (std::size_t r = 0; r < m.rows; ++r)
      for (std::size_t c = 0; c < m.cols; ++c) {
        const double span = hi_[c] - lo_[c];
        m(r, c) = span > 0 ? std::clamp((m(r, c) - lo_[c]) / span, 0.0, 1.0) : 0.0;
      }
    return detail::to_mat(m);
  }

  std::vector<double> raw(const cv::Mat& samples) const {
    cv::Mat out;
    const int flags = task() == Task::Classification ? cv::ml::StatModel::RAW_OUTPUT : 0;
    cv_call(id_, [&] { return model_->predict(samples, out, flags); });
    std::vector<double> v(static_cast<std::size_t>(samples.rows));
    for (int i = 0; i < samples.rows; ++i) v[static_cast<std::size_t>(i)] = out.at<float>(i);
    return v;
  }

  std::string id_;
  OcvSvmType type_;
  OcvKernel kernel_;
  Json params_;
  std::uint64_t seed_;
  cv::Ptr<cv::ml::SVM> model_;
  std::size_t n_features_ = 0;
  double sign_ = 1.0;
  std::vector<double> lo_, hi_;
};

}  // namespace

std::unique_ptr<Model> make_opencv_svm(const std::string& id, OcvSvmType type, OcvKernel kernel, const Json& params,
                                       std::uint64_t seed) {
  return std::make_unique<SvmModel>(id, type, kernel, params, seed);
}

}  // namespace mlt
