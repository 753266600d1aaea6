// OpenCV ml trees and boosting behind the Model interface, and the reader of
// k-NN models saved by cv::ml::KNearest.
//
//   random_trees_*   cv::ml::RTrees (bagged CART, sqrt(p) features per split)
//   cv::ml::DTrees (CART, no CV pruning so it is deterministic) and
//   cv::ml::Boost (depth-limited trees, DISCRETE/REAL/LOGIT/GENTLE) ran the
//   decision_tree_* and adaboost_* entries before they were native
//   (cart_models.cpp); they remain so that models saved then still load and
//   predict.
//
// Classifiers built from trees are fitted as regressions on the 0/1 label:
// for a binary label the variance reduction of a split equals its Gini gain,
// so the splits are CART's and a leaf's mean is its class-1 frequency — the
// probability scikit-learn's predict_proba reports (for a forest, averaged
// over trees).
// Boosting predicts 1/(1+exp(-2F)) of the summed raw score F (Friedman,
// Hastie & Tibshirani 2000), oriented towards class 1.
#include "ml/opencv_common.h"
// clang-format off
#include "ml/adapters.h"
// clang-format on

#include <cmath>
#include <mutex>

namespace mlt {
namespace {

using detail::cv_call;

class OcvTreeModel final : public Model {
 public:
  OcvTreeModel(std::string id, OcvTree kind, Task task, Json params, std::uint64_t seed)
      : id_(std::move(id)), kind_(kind), task_(task), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, task_);
    cv::theRNG().state = seed_ | 1;  // thread-local in OpenCV 4: random trees draw from it
    const bool boost = is_boost();
    const cv::Mat samples = detail::to_mat(X);
    const cv::Mat responses = detail::to_col(y, boost ? CV_32S : CV_32F);
    cv::Mat w;
    if (!weights.empty()) w = detail::to_col(weights, CV_32F);
    auto data = cv::ml::TrainData::create(samples, cv::ml::ROW_SAMPLE, responses, cv::noArray(), cv::noArray(), w);
    if (boost) {
      if (std::none_of(y.begin(), y.end(), [](double v) { return v > 0.5; }) ||
          std::all_of(y.begin(), y.end(), [](double v) { return v > 0.5; }))
        throw Error(ErrorKind::InvalidArgument, fmt::format("{}: the training rows hold only one class", id_));
      // Mark the response categorical so OpenCV treats it as two classes.
      cv::Mat var_type(static_cast<int>(X.cols) + 1, 1, CV_8U, cv::Scalar(cv::ml::VAR_ORDERED));
      var_type.at<uchar>(static_cast<int>(X.cols)) = cv::ml::VAR_CATEGORICAL;
      data = cv::ml::TrainData::create(samples, cv::ml::ROW_SAMPLE, responses, cv::noArray(), cv::noArray(), w,
                                       var_type);
    }
    model_ = make();
    cv_call(id_, [&] { return model_->train(data); });
    n_features_ = X.cols;
    if (boost) {
      const auto raw = raw_scores(X);
      sign_ = detail::raw_orientation(raw, y);
    }
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (!model_) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    detail::check_width(n_features_, X.cols);
    std::vector<double> out = raw_scores(X);
    if (is_boost())
      for (double& v : out) v = 1.0 / (1.0 + std::exp(-2.0 * sign_ * v));
    else if (task_ == Task::Classification)
      for (double& v : out) v = std::clamp(v, 0.0, 1.0);
    return out;
  }

  std::vector<double> feature_importance() const override {
    if (kind_ != OcvTree::RandomTrees || !model_) return {};
    const cv::Mat imp = cv_call(id_, [&] { return model_.dynamicCast<cv::ml::RTrees>()->getVarImportance(); });
    std::vector<double> out(n_features_, 0.0);
    for (int i = 0; i < static_cast<int>(imp.total()) && i < static_cast<int>(out.size()); ++i)
      out[static_cast<std::size_t>(i)] = std::max(0.0, static_cast<double>(imp.at<float>(i)));
    return out;
  }

  std::string save() const override {
    if (!model_) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id_));
    return Json{{"model", id_}, {"n_features", n_features_}, {"sign", sign_}, {"opencv", detail::save_cv(model_)}}
        .dump();
  }
  void load(const std::string& bytes) override {
    const Json j = parse_json(bytes, id_ + " model");
    const std::string text = j.at("opencv").get<std::string>();
    model_ = cv_call(id_, [&]() -> cv::Ptr<cv::ml::StatModel> {
      if (kind_ == OcvTree::DecisionTree) return detail::load_cv<cv::ml::DTrees>(text);
      if (kind_ == OcvTree::RandomTrees) return detail::load_cv<cv::ml::RTrees>(text);
      return detail::load_cv<cv::ml::Boost>(text);
    });
    n_features_ = j.at("n_features").get<std::size_t>();
    sign_ = j.at("sign").get<double>();
  }

  std::string name() const override { return id_; }
  Task task() const override { return task_; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  bool is_boost() const { return kind_ != OcvTree::DecisionTree && kind_ != OcvTree::RandomTrees; }

  cv::Ptr<cv::ml::StatModel> make() const {
    const int depth = params_.value("max_depth", 5);
    const int min_samples = params_.value("min_samples", 10);
    if (kind_ == OcvTree::DecisionTree) {
      auto t = cv::ml::DTrees::create();
      t->setMaxDepth(depth);
      t->setMinSampleCount(min_samples);
      t->setCVFolds(0);  // OpenCV's CV pruning shuffles; off for determinism (depth limits instead)
      t->setUseSurrogates(false);
      t->setRegressionAccuracy(0.0f);  // the default 0.01 stops at once on daily returns
      return t;
    }
    if (kind_ == OcvTree::RandomTrees) {
      auto t = cv::ml::RTrees::create();
      t->setMaxDepth(depth);
      t->setMinSampleCount(min_samples);
      t->setCVFolds(0);
      t->setRegressionAccuracy(0.0f);
      t->setActiveVarCount(0);  // 0 = sqrt(number of features)
      t->setCalculateVarImportance(true);
      t->setTermCriteria({cv::TermCriteria::MAX_ITER, params_.value("n_estimators", 100), 0.0});
      return t;
    }
    auto b = cv::ml::Boost::create();
    b->setBoostType(kind_ == OcvTree::BoostDiscrete ? cv::ml::Boost::DISCRETE
                    : kind_ == OcvTree::BoostReal   ? cv::ml::Boost::REAL
                    : kind_ == OcvTree::BoostLogit  ? cv::ml::Boost::LOGIT
                                                    : cv::ml::Boost::GENTLE);
    b->setWeakCount(params_.value("n_estimators", 100));
    b->setMaxDepth(depth);
    b->setMinSampleCount(min_samples);
    b->setWeightTrimRate(params_.value("weight_trim_rate", 0.95));
    b->setCVFolds(0);
    b->setUseSurrogates(false);
    return b;
  }

  std::vector<double> raw_scores(const Matrix& X) const {
    const cv::Mat samples = detail::to_mat(X);
    cv::Mat out;
    cv_call(id_, [&] { return model_->predict(samples, out, is_boost() ? cv::ml::StatModel::RAW_OUTPUT : 0); });
    std::vector<double> v(X.rows);
    for (std::size_t i = 0; i < X.rows; ++i) v[i] = out.at<float>(static_cast<int>(i));
    return v;
  }

  std::string id_;
  OcvTree kind_;
  Task task_;
  Json params_;
  std::uint64_t seed_;
  cv::Ptr<cv::ml::StatModel> model_;
  std::size_t n_features_ = 0;
  double sign_ = 1.0;
};

}  // namespace

std::unique_ptr<Model> make_opencv_tree(const std::string& id, OcvTree kind, Task task, const Json& params,
                                        std::uint64_t seed) {
  return std::make_unique<OcvTreeModel>(id, kind, task, params, seed);
}

Matrix read_opencv_knn_rows(const std::string& text, std::vector<double>& labels) {
  return cv_call("knn", [&] {
    cv::FileStorage fs(text, cv::FileStorage::READ | cv::FileStorage::MEMORY);
    const cv::FileNode node = fs["opencv_ml_knn"];
    cv::Mat samples, responses;
    if (!node.empty()) {
      node["samples"] >> samples;
      node["responses"] >> responses;
    }
    if (samples.empty() || samples.type() != CV_32F || responses.type() != CV_32F ||
        responses.total() != static_cast<std::size_t>(samples.rows))
      throw Error(ErrorKind::InvalidArgument, "the saved OpenCV k-NN model could not be read");
    Matrix m(static_cast<std::size_t>(samples.rows), static_cast<std::size_t>(samples.cols));
    for (int r = 0; r < samples.rows; ++r)
      for (int c = 0; c < samples.cols; ++c) m(static_cast<std::size_t>(r), static_cast<std::size_t>(c)) = samples.at<float>(r, c);
    labels.assign(responses.begin<float>(), responses.end<float>());
    return m;
  });
}

std::string opencv_version() { return CV_VERSION; }

namespace {
std::mutex opencv_threads_mutex;
int opencv_guards = 0;
int opencv_threads_before = -1;
}  // namespace

OpenCvSequential::OpenCvSequential() {
  std::lock_guard lock(opencv_threads_mutex);
  if (opencv_guards++ == 0) {
    opencv_threads_before = cv::getNumThreads();
    cv::setNumThreads(1);  // one thread: the calling one (0 reads back as the default here)
  }
}

OpenCvSequential::~OpenCvSequential() {
  std::lock_guard lock(opencv_threads_mutex);
  if (--opencv_guards == 0) cv::setNumThreads(opencv_threads_before);
}

int opencv_threads() { return cv::getNumThreads(); }

}  // namespace mlt
