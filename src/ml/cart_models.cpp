// Decision trees and AdaBoost on the exact CART builder (cart_builder.h).
//
//   decision_tree_*  one CART tree; a classifier's leaf holds its (weighted)
//                    share of up moves, as scikit-learn's predict_proba.
//   adaboost_*       boosted depth-limited trees on y* = +-1 (Friedman,
//                    Hastie & Tibshirani 2000, "Additive logistic
//                    regression"), the score is 1/(1+exp(-2F)) of the
//                    additive model F:
//     discrete  a tree's sign, weighted by 1/2 log((1-err)/err); stops when
//               a tree is no better than chance (err >= 1/2)
//     real      1/2 log(p/(1-p)) of the leaf's weighted share p of up moves
//     logit     LogitBoost: Newton steps on the binomial log-likelihood, each
//               tree a weighted least-squares fit of the working response
//     gentle    the leaf's weighted mean of y* (bounded Newton steps)
// No weight trimming (OpenCV's weight_trim_rate): split search is cheap on
// presorted features, and a split search over the heaviest rows alone
// stalls real and gentle boosting on splits the full data has balanced.
#include <algorithm>
#include <cmath>

#include "ml/adapters.h"
#include "ml/cart_builder.h"
#include "ml/native_common.h"

namespace mlt {
namespace {

using detail::Tree;

enum class Kind { Single, Discrete, Real, Logit, Gentle };

Kind kind_of(AdaBoostKind k) {
  switch (k) {
    case AdaBoostKind::Discrete: return Kind::Discrete;
    case AdaBoostKind::Real: return Kind::Real;
    case AdaBoostKind::Logit: return Kind::Logit;
    case AdaBoostKind::Gentle: return Kind::Gentle;
  }
  return Kind::Discrete;
}

OcvTree opencv_kind(Kind k) {
  switch (k) {
    case Kind::Single: return OcvTree::DecisionTree;
    case Kind::Discrete: return OcvTree::BoostDiscrete;
    case Kind::Real: return OcvTree::BoostReal;
    case Kind::Logit: return OcvTree::BoostLogit;
    case Kind::Gentle: return OcvTree::BoostGentle;
  }
  return OcvTree::DecisionTree;
}

class TreeModel final : public Model {
 public:
  TreeModel(std::string id, Task task, Kind kind, Json params, std::uint64_t seed)
      : id_(std::move(id)), task_(task), kind_(kind), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, task_);
    native::require_finite(X, id_);
    legacy_.reset();
    const detail::CartSettings s = settings();
    const std::vector<double> sw = native::sample_weights(weights, X.rows, id_);
    const detail::CartBuilder builder(X);
    trees_.clear();
    importance_.assign(X.cols, 0.0);
    n_features_ = X.cols;
    if (kind_ == Kind::Single) {
      trees_.push_back(builder.fit(y, sw, s, &importance_));
    } else {
      if (std::none_of(y.begin(), y.end(), [](double v) { return v > 0.5; }) ||
          std::all_of(y.begin(), y.end(), [](double v) { return v > 0.5; }))
        throw Error(ErrorKind::InvalidArgument, fmt::format("{}: the training rows hold only one class", id_),
                    "use a longer training window");
      boost(builder, X, y, sw, s);
    }
    native::normalise_sum(importance_);
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (legacy_) return legacy_->predict(X);
    native::require_fitted(n_features_ > 0, id_);
    native::require_width(n_features_, X.cols);
    std::vector<double> out(X.rows);
    for (std::size_t r = 0; r < X.rows; ++r) {
      double f = 0;
      for (const Tree& t : trees_) f += detail::tree_predict(t, X.row(r));
      if (kind_ != Kind::Single) f = native::sigmoid(2.0 * f);
      else if (task_ == Task::Classification) f = std::clamp(f, 0.0, 1.0);
      out[r] = f;
    }
    return out;
  }

  std::vector<double> feature_importance() const override { return legacy_ ? std::vector<double>{} : importance_; }

  std::string save() const override {
    if (legacy_) return legacy_->save();
    native::require_fitted(n_features_ > 0, id_);
    Json trees = Json::array();
    for (const Tree& t : trees_) trees.push_back(detail::tree_to_json(t));
    return Json{{"model", id_}, {"n_features", n_features_}, {"importance", importance_}, {"trees", trees}}.dump();
  }

  void load(const std::string& bytes) override {
    const Json j = native::parse_saved(bytes, id_);
    if (j.contains("opencv")) {  // saved when these models ran on OpenCV's DTrees / Boost
      auto legacy = make_opencv_tree(id_, opencv_kind(kind_), task_, params_, seed_);
      legacy->load(bytes);
      legacy_ = std::move(legacy);
      return;
    }
    const auto n_features = j.at("n_features").get<std::size_t>();
    auto importance = j.at("importance").get<std::vector<double>>();
    std::vector<Tree> trees;
    for (const auto& t : j.at("trees")) trees.push_back(detail::tree_from_json(t, n_features, id_));
    if (n_features == 0 || importance.size() != n_features || (kind_ == Kind::Single && trees.size() != 1))
      throw Error(ErrorKind::InvalidArgument, fmt::format("saved '{}' model is malformed", id_));
    n_features_ = n_features;
    importance_ = std::move(importance);
    trees_ = std::move(trees);
    legacy_.reset();
  }

  std::string name() const override { return id_; }
  Task task() const override { return task_; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  detail::CartSettings settings() const {
    detail::CartSettings s;
    s.max_depth = params_.value("max_depth", kind_ == Kind::Single ? 5 : 1);
    s.min_samples_split = params_.value("min_samples", kind_ == Kind::Single ? 20 : 10);
    if (s.max_depth < 1 || s.min_samples_split < 2)
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: needs max_depth >= 1 and min_samples >= 2", id_));
    return s;
  }

  void boost(const detail::CartBuilder& builder, const Matrix& X, std::span<const double> y, const std::vector<double>& sw,
             const detail::CartSettings& s) {
    const int rounds = params_.value("n_estimators", 100);
    if (rounds < 1) throw Error(ErrorKind::InvalidArgument, fmt::format("{}: needs n_estimators >= 1", id_));
    const std::size_t n = y.size();
    std::vector<double> ys(n), w = sw, z(n), fw(n), F(n, 0.0), tree_imp(importance_.size());
    for (std::size_t r = 0; r < n; ++r) ys[r] = y[r] > 0.5 ? 1.0 : -1.0;
    native::normalise_sum(w);
    for (int m = 0; m < rounds; ++m) {
      // The response and weights this round's tree fits.
      const std::vector<double>* response = &ys;
      const std::vector<double>* fit_w = &w;
      if (kind_ == Kind::Real) {
        for (std::size_t r = 0; r < n; ++r) z[r] = y[r] > 0.5 ? 1.0 : 0.0;
        response = &z;
      } else if (kind_ == Kind::Logit) {
        for (std::size_t r = 0; r < n; ++r) {
          const double p = native::sigmoid(2.0 * F[r]), v = std::max(p * (1.0 - p), 1e-10);
          z[r] = std::clamp(((y[r] > 0.5 ? 1.0 : 0.0) - p) / v, -4.0, 4.0);  // FHT's bound on the working response
          fw[r] = sw[r] * v;
        }
        native::normalise_sum(fw);
        response = &z;
        fit_w = &fw;
      }
      std::fill(tree_imp.begin(), tree_imp.end(), 0.0);
      Tree tree = builder.fit(*response, *fit_w, s, &tree_imp);
      double tree_weight = 1.0;
      if (kind_ == Kind::Discrete) {
        for (auto& node : tree) node.value = node.value >= 0 ? 1.0 : -1.0;
        double err = 0;
        for (std::size_t r = 0; r < n; ++r)
          if (detail::tree_predict(tree, X.row(r)) != ys[r]) err += w[r];
        if (err >= 0.5) break;  // no better than chance: stop, as SAMME does
        err = std::max(err, 1e-10);
        tree_weight = 0.5 * std::log((1.0 - err) / err);
        for (auto& node : tree) node.value *= tree_weight;
      } else if (kind_ == Kind::Real) {
        for (auto& node : tree) {
          const double p = std::clamp(node.value, 1e-7, 1.0 - 1e-7);
          node.value = 0.5 * std::log(p / (1.0 - p));
        }
      } else if (kind_ == Kind::Logit) {
        for (auto& node : tree) node.value *= 0.5;
      }
      for (std::size_t r = 0; r < n; ++r) {
        const double f = detail::tree_predict(tree, X.row(r));
        F[r] += f;
        w[r] *= std::exp(-ys[r] * f);
      }
      native::normalise_sum(w);
      native::add_share(importance_, tree_imp, tree_weight);
      trees_.push_back(std::move(tree));
    }
  }

  std::string id_;
  Task task_;
  Kind kind_;
  Json params_;
  std::uint64_t seed_;
  std::vector<Tree> trees_;
  std::vector<double> importance_;
  std::size_t n_features_ = 0;
  std::unique_ptr<Model> legacy_;  // a model saved by the OpenCV implementation
};

}  // namespace

std::unique_ptr<Model> make_decision_tree(const std::string& id, Task task, const Json& params, std::uint64_t seed) {
  return std::make_unique<TreeModel>(id, task, Kind::Single, params, seed);
}

std::unique_ptr<Model> make_adaboost(const std::string& id, AdaBoostKind kind, const Json& params, std::uint64_t seed) {
  return std::make_unique<TreeModel>(id, Task::Classification, kind_of(kind), params, seed);
}

}  // namespace mlt
