// Extremely randomized trees (Geurts, Ernst & Wehenkel 2006). At each node
// max_features candidate features are drawn; each gets one threshold drawn
// uniformly between its minimum and maximum in the node, and the best of
// those random splits (weighted Gini for classification, weighted variance
// for regression) is kept. Without bootstrap every tree sees every row: the
// randomness of the thresholds, not resampling, decorrelates the trees.
// A leaf predicts the weighted mean label (the class-1 share for 0/1 labels);
// the forest averages its trees. Importance is the weighted impurity decrease
// per feature, normalised per tree, averaged and normalised to sum to 1.
#include <algorithm>
#include <numeric>

#include "ml/adapters.h"
#include "ml/native_common.h"
#include "ml/tree_nodes.h"

namespace mlt {
namespace {

using detail::Tree;
using Node = detail::TreeNode;

// Weighted impurity sums of a set of rows: w = sum w, wy = sum w*y, wyy = sum w*y^2.
struct Stats {
  double w = 0, wy = 0, wyy = 0;
  void add(double wi, double yi) {
    w += wi;
    wy += wi * yi;
    wyy += wi * yi * yi;
  }
  // Weight times weighted variance. For 0/1 labels the Gini index 2p(1-p) is
  // twice the variance p(1-p), so gains rank splits as Gini does.
  double impurity_mass() const { return w > 0 ? wyy - wy * wy / w : 0.0; }
};

// The sums of the rows with x <= t: the split search's inner loop, so it is
// a vector reduction, built for AVX-512 and AVX2 as well and picked at load
// time (the build targets baseline SSE2). The order of the additions differs
// between the builds, which can move the last bit of a gain.
#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
Stats left_sums(const double* x, const double* w, const double* wy, const double* wyy, std::size_t m, double t) {
  double sw = 0, swy = 0, swyy = 0;
#pragma omp simd reduction(+ : sw, swy, swyy)
  for (std::size_t i = 0; i < m; ++i) {
    const double in = x[i] <= t ? 1.0 : 0.0;
    sw += in * w[i];
    swy += in * wy[i];
    swyy += in * wyy[i];
  }
  return {sw, swy, swyy};
}

struct Settings {
  int max_depth = 8;
  int min_samples_split = 10;
  std::size_t max_features = 1;
};

// XT is the training matrix transposed (XT(f, r) = X(r, f)): a feature's
// values for a node's rows, which stay in ascending order, are then read
// along one contiguous column instead of across rows.
class TreeBuilder {
 public:
  TreeBuilder(const Matrix& XT, std::span<const double> y, const std::vector<double>& w, const Settings& s,
              std::mt19937_64& rng, std::vector<double>& importance)
      : XT_(XT), y_(y), w_(w), s_(s), rng_(rng), importance_(importance), order_(XT.rows) {
    std::iota(order_.begin(), order_.end(), std::size_t{0});
  }

  Tree build(std::vector<std::size_t> rows) {
    nodes_.clear();
    grow(rows, 0);
    return std::move(nodes_);
  }

 private:
  Stats stats(const std::vector<std::size_t>& rows) const {
    Stats s;
    for (auto r : rows) s.add(w_[r], y_[r]);
    return s;
  }

  int grow(std::vector<std::size_t>& rows, int depth) {
    const int id = static_cast<int>(nodes_.size());
    nodes_.push_back({});
    const Stats all = stats(rows);
    nodes_[static_cast<std::size_t>(id)].value = all.w > 0 ? all.wy / all.w : 0.0;
    if (static_cast<int>(rows.size()) < s_.min_samples_split || (s_.max_depth > 0 && depth >= s_.max_depth) ||
        all.impurity_mass() <= 0)
      return id;

    double best_gain = 0;
    int best_feature = -1;
    double best_threshold = 0;
    // The node's rows gathered once into contiguous arrays (w, w*y, w*y*y as
    // Stats::add computes them), and each candidate feature's values
    // gathered once, with its min/max: the left-sum pass then streams
    // through memory instead of striding across the row-major matrix.
    const std::size_t m = rows.size();
    node_w_.resize(m);
    node_wy_.resize(m);
    node_wyy_.resize(m);
    xf_.resize(m);
    for (std::size_t i = 0; i < m; ++i) {
      const double wi = w_[rows[i]], yi = y_[rows[i]];
      node_w_[i] = wi;
      node_wy_[i] = wi * yi;
      node_wyy_[i] = wi * yi * yi;
    }
    std::size_t tried = 0;
    for (std::size_t k = 0; k < order_.size() && tried < s_.max_features; ++k) {
      std::swap(order_[k], order_[k + static_cast<std::size_t>(rng_() % (order_.size() - k))]);
      const std::size_t f = order_[k];
      const double* column = XT_.row(f);
      double lo = column[rows[0]], hi = lo;
      for (std::size_t i = 0; i < m; ++i) {  // gathered and scanned in one pass
        const double v = column[rows[i]];
        xf_[i] = v;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      if (!(lo < hi)) continue;
      ++tried;
      double t = lo + native::uniform01(rng_) * (hi - lo);
      if (t >= hi) t = lo;  // rounding: keep max on the right so both sides are non-empty
      const Stats left = left_sums(xf_.data(), node_w_.data(), node_wy_.data(), node_wyy_.data(), m, t);
      const Stats right{all.w - left.w, all.wy - left.wy, all.wyy - left.wyy};
      const double gain = all.impurity_mass() - left.impurity_mass() - right.impurity_mass();
      if (gain > best_gain) {
        best_gain = gain;
        best_feature = static_cast<int>(f);
        best_threshold = t;
      }
    }
    if (best_feature < 0) return id;

    importance_[static_cast<std::size_t>(best_feature)] += best_gain;
    std::vector<std::size_t> left_rows, right_rows;
    for (auto r : rows)
      (XT_(static_cast<std::size_t>(best_feature), r) <= best_threshold ? left_rows : right_rows).push_back(r);
    rows.clear();
    rows.shrink_to_fit();
    const int left = grow(left_rows, depth + 1);
    const int right = grow(right_rows, depth + 1);
    Node& n = nodes_[static_cast<std::size_t>(id)];
    n.feature = best_feature;
    n.threshold = best_threshold;
    n.left = left;
    n.right = right;
    return id;
  }

  const Matrix& XT_;
  std::span<const double> y_;
  const std::vector<double>& w_;
  const Settings& s_;
  std::mt19937_64& rng_;
  std::vector<double>& importance_;
  std::vector<std::size_t> order_;
  Tree nodes_;
  std::vector<double> node_w_, node_wy_, node_wyy_, xf_;  // scratch of the node being split
};

class ExtraTrees final : public Model {
 public:
  ExtraTrees(std::string id, Task task, Json params, std::uint64_t seed)
      : id_(std::move(id)), task_(task), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, task_);
    native::require_finite(X, id_);
    const std::vector<double> w = native::sample_weights(weights, X.rows, id_);
    const Settings s = settings(X.cols);
    const int n_trees = params_.value("n_estimators", 100);
    if (n_trees < 1) throw Error(ErrorKind::InvalidArgument, fmt::format("{}: n_estimators must be >= 1", id_));
    const bool bootstrap = params_.value("bootstrap", false);

    trees_.clear();
    importance_.assign(X.cols, 0.0);
    Matrix XT(X.cols, X.rows);
    for (std::size_t r = 0; r < X.rows; ++r)
      for (std::size_t c = 0; c < X.cols; ++c) XT(c, r) = X(r, c);
    for (int t = 0; t < n_trees; ++t) {
      std::mt19937_64 rng(seed_ + static_cast<std::uint64_t>(t) * 0x9E3779B97F4A7C15ULL);
      std::vector<std::size_t> rows(X.rows);
      if (bootstrap) {
        for (auto& r : rows) r = static_cast<std::size_t>(rng() % X.rows);
      } else {
        std::iota(rows.begin(), rows.end(), std::size_t{0});
      }
      std::vector<double> tree_importance(X.cols, 0.0);
      trees_.push_back(TreeBuilder(XT, y, w, s, rng, tree_importance).build(std::move(rows)));
      native::add_share(importance_, tree_importance);
    }
    native::normalise_sum(importance_);
    n_features_ = X.cols;
  }

  std::vector<double> predict(const Matrix& X) const override {
    native::require_fitted(!trees_.empty(), id_);
    native::require_width(n_features_, X.cols);
    std::vector<double> out(X.rows, 0.0);
    for (std::size_t r = 0; r < X.rows; ++r) {
      double sum = 0;
      for (const auto& tree : trees_) sum += detail::tree_predict(tree, X.row(r));
      out[r] = sum / static_cast<double>(trees_.size());
    }
    return out;
  }

  std::vector<double> feature_importance() const override { return importance_; }

  std::string save() const override {
    native::require_fitted(!trees_.empty(), id_);
    Json trees = Json::array();
    for (const auto& tree : trees_) trees.push_back(detail::tree_to_json(tree));
    return Json{{"model", id_}, {"n_features", n_features_}, {"importance", importance_}, {"trees", trees}}.dump();
  }

  void load(const std::string& bytes) override {
    const Json j = native::parse_saved(bytes, id_);
    n_features_ = j.at("n_features").get<std::size_t>();
    importance_ = j.at("importance").get<std::vector<double>>();
    trees_.clear();
    for (const auto& t : j.at("trees")) trees_.push_back(detail::tree_from_json(t, n_features_, id_));
    if (trees_.empty()) throw Error(ErrorKind::InvalidArgument, fmt::format("saved '{}' model has no trees", id_));
  }

  std::string name() const override { return id_; }
  Task task() const override { return task_; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  Settings settings(std::size_t cols) const {
    Settings s;
    s.max_depth = params_.value("max_depth", 8);
    s.min_samples_split = params_.value("min_samples_split", 10);
    const int mf = params_.value("max_features", 0);
    if (s.max_depth < 0 || s.min_samples_split < 2 || mf < 0)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("{}: needs max_depth >= 0, min_samples_split >= 2, max_features >= 0", id_),
                  "max_depth 0 grows trees until min_samples_split; max_features 0 picks the default");
    // Geurts et al.'s defaults: sqrt(p) features for classification, all p for regression.
    const auto auto_features =
        task_ == Task::Classification
            ? static_cast<std::size_t>(std::max(1.0, std::floor(std::sqrt(static_cast<double>(cols)))))
            : cols;
    s.max_features = mf == 0 ? auto_features : std::min(cols, static_cast<std::size_t>(mf));
    return s;
  }

  std::string id_;
  Task task_;
  Json params_;
  std::uint64_t seed_;
  std::vector<Tree> trees_;
  std::vector<double> importance_;
  std::size_t n_features_ = 0;
};

}  // namespace

std::unique_ptr<Model> make_extra_trees(const std::string& id, Task task, const Json& params, std::uint64_t seed) {
  return std::make_unique<ExtraTrees>(id, task, params, seed);
}

}  // namespace mlt
