#include "ml/ensembles.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "core/error.h"
#include "ml/model_registry.h"

namespace mlt {
namespace {

std::string_view kind_label(EnsembleKind k) {
  switch (k) {
    case EnsembleKind::Voting: return "voting";
    case EnsembleKind::Stacking: return "stacking";
    case EnsembleKind::Bagging: return "bagging";
    case EnsembleKind::Blending: return "blending";
    case EnsembleKind::HardVoting: return "hard_voting";
    case EnsembleKind::RandomSubspace: return "random_subspace";
  }
  return "unknown";
}

Matrix take_rows(const Matrix& X, const std::vector<std::size_t>& rows) {
  Matrix m(rows.size(), X.cols);
  for (std::size_t i = 0; i < rows.size(); ++i) std::copy_n(X.row(rows[i]), X.cols, m.data.data() + i * X.cols);
  return m;
}

Matrix take_cols(const Matrix& X, const std::vector<std::size_t>& cols) {
  Matrix m(X.rows, cols.size());
  for (std::size_t r = 0; r < X.rows; ++r)
    for (std::size_t j = 0; j < cols.size(); ++j) m(r, j) = X(r, cols[j]);
  return m;
}

std::vector<double> take(std::span<const double> v, const std::vector<std::size_t>& rows) {
  std::vector<double> out;
  if (v.empty()) return out;
  out.reserve(rows.size());
  for (auto r : rows) out.push_back(v[r]);
  return out;
}

std::vector<std::size_t> range(std::size_t begin, std::size_t end) {
  std::vector<std::size_t> out;
  for (std::size_t i = begin; i < end; ++i) out.push_back(i);
  return out;
}

// One fitted member: its registry spec, effective params and model.
struct Fitted {
  const ModelSpec* spec = nullptr;
  Json params;
  std::uint64_t seed = 0;
  std::unique_ptr<Model> model;
};

class EnsembleModel final : public Model {
 public:
  EnsembleModel(EnsembleRecipe recipe, Json params, std::uint64_t seed)
      : recipe_(std::move(recipe)), params_(std::move(params)), seed_(seed) {}

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> w) override {
    check_fit_inputs(X, y, w, recipe_.task);
    members_.clear();
    columns_.clear();
    meta_.model.reset();
    switch (recipe_.kind) {
      case EnsembleKind::Voting:
      case EnsembleKind::HardVoting:
        for (std::size_t i = 0; i < recipe_.members.size(); ++i) members_.push_back(fit_member(i, X, y, w));
        break;
      case EnsembleKind::Bagging: fit_bagging(X, y, w); break;
      case EnsembleKind::Stacking: fit_stacking(X, y, w); break;
      case EnsembleKind::Blending: fit_blending(X, y, w); break;
      case EnsembleKind::RandomSubspace: fit_subspace(X, y, w); break;
    }
  }

  std::vector<double> predict(const Matrix& X) const override {
    if (members_.empty())
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' is not fitted", recipe_.id), "call fit() first");
    if (recipe_.kind == EnsembleKind::Stacking || recipe_.kind == EnsembleKind::Blending)
      return meta_.model->predict(meta_features(X));
    if (!columns_.empty() && X.cols != n_features_)
      throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", n_features_, X.cols));
    std::vector<double> out(X.rows, 0.0);
    double total = 0.0;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      const double wi = member_weight(i);
      const auto p = members_[i].model->predict(columns_.empty() ? X : take_cols(X, columns_[i]));
      // A hard vote is for the class the member finds more likely (a tie votes down).
      for (std::size_t r = 0; r < out.size(); ++r)
        out[r] += wi * (recipe_.kind == EnsembleKind::HardVoting ? (p[r] > 0.5 ? 1.0 : 0.0) : p[r]);
      total += wi;
    }
    for (double& v : out) v /= total;
    return out;
  }

  // Bagging and random subspaces: the mean of the members' (normalised)
  // importances, mapped back to the input columns; others none, since a
  // meta-learner's inputs are predictions, not features.
  std::vector<double> feature_importance() const override {
    const bool subspace = recipe_.kind == EnsembleKind::RandomSubspace;
    if ((recipe_.kind != EnsembleKind::Bagging && !subspace) || members_.empty()) return {};
    std::vector<double> sum;
    for (std::size_t i = 0; i < members_.size(); ++i) {
      auto imp = members_[i].model->feature_importance();
      if (imp.empty()) return {};
      double s = 0;
      for (double v : imp) s += v;
      if (sum.empty()) sum.assign(subspace ? n_features_ : imp.size(), 0.0);
      for (std::size_t c = 0; c < imp.size(); ++c) {
        const std::size_t col = subspace ? columns_[i].at(c) : c;
        if (col < sum.size()) sum[col] += s > 0 ? imp[c] / s : 0.0;
      }
    }
    for (double& v : sum) v /= static_cast<double>(members_.size());
    return sum;
  }

  std::string save() const override {
    Json members = Json::array();
    for (const auto& m : members_) members.push_back({{"id", m.spec->id}, {"params", m.params}, {"seed", m.seed},
                                                      {"bytes", m.model->save()}});
    Json j{{"ensemble", recipe_.id}, {"kind", kind_label(recipe_.kind)}, {"members", members},
           {"meta_mean", meta_mean_}, {"meta_scale", meta_scale_}};
    if (!columns_.empty()) {
      j["columns"] = columns_;
      j["n_features"] = n_features_;
    }
    if (meta_.model) j["meta"] = {{"id", meta_.spec->id}, {"params", meta_.params}, {"seed", meta_.seed},
                                  {"bytes", meta_.model->save()}};
    return j.dump();
  }

  void load(const std::string& bytes) override {
    const Json j = Json::parse(bytes, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.value("ensemble", std::string()) != recipe_.id)
      throw Error(ErrorKind::InvalidArgument, fmt::format("bytes are not a saved '{}' ensemble", recipe_.id));
    auto restore = [](const Json& m) {
      Fitted f{&find_model_spec(m.at("id").get<std::string>()), m.at("params"), m.at("seed").get<std::uint64_t>(), {}};
      f.model = f.spec->make(f.params, f.seed);
      f.model->load(m.at("bytes").get<std::string>());
      return f;
    };
    members_.clear();
    for (const auto& m : j.at("members")) members_.push_back(restore(m));
    meta_ = j.contains("meta") ? restore(j.at("meta")) : Fitted{};
    meta_mean_ = j.at("meta_mean").get<std::vector<double>>();
    meta_scale_ = j.at("meta_scale").get<std::vector<double>>();
    columns_.clear();
    if (j.contains("columns")) {
      columns_ = j.at("columns").get<std::vector<std::vector<std::size_t>>>();
      n_features_ = j.at("n_features").get<std::size_t>();
      if (columns_.size() != members_.size())
        throw Error(ErrorKind::InvalidArgument, fmt::format("saved '{}' has a malformed column list", recipe_.id));
    }
  }

  std::string name() const override { return recipe_.id; }
  Task task() const override { return recipe_.task; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  double member_weight(std::size_t i) const {
    if ((recipe_.kind != EnsembleKind::Voting && recipe_.kind != EnsembleKind::HardVoting) ||
        !params_.contains("weights"))
      return 1.0;
    return params_["weights"].at(i).get<double>();
  }

  // Member i of the recipe with its overrides (+ nthread), seeded per member.
  Fitted make_member(const EnsembleMember& m, std::uint64_t seed) const {
    const ModelSpec& spec = find_model_spec(m.id);
    Json overrides = m.overrides;
    if (params_.contains("nthread") && spec.defaults.contains("nthread")) overrides["nthread"] = params_["nthread"];
    Fitted f{&spec, effective_params(spec, overrides), seed, {}};
    f.model = spec.make(f.params, seed);
    return f;
  }

  Fitted fit_member(std::size_t i, const Matrix& X, std::span<const double> y, std::span<const double> w) const {
    Fitted f = make_member(recipe_.members.at(i), seed_ + i);
    f.model->fit(X, y, w);
    return f;
  }

  void fit_bagging(const Matrix& X, std::span<const double> y, std::span<const double> w) {
    const int n = params_.at("n_estimators").get<int>();
    const double share = params_.at("max_samples").get<double>();
    if (n < 1 || !(share > 0.0 && share <= 1.0))
      throw Error(ErrorKind::InvalidArgument, "bagging needs n_estimators >= 1 and 0 < max_samples <= 1");
    const auto draws = std::max<std::size_t>(2, static_cast<std::size_t>(share * static_cast<double>(X.rows)));
    std::mt19937_64 rng(seed_);
    for (int b = 0; b < n; ++b) {
      std::vector<std::size_t> rows(draws);
      for (auto& r : rows) r = static_cast<std::size_t>(rng() % X.rows);  // portable (no distribution object)
      std::sort(rows.begin(), rows.end());
      const auto yb = take(y, rows);
      if (recipe_.task == Task::Classification && std::all_of(yb.begin(), yb.end(), [&](double v) { return v == yb[0]; }))
        continue;  // a one-class bootstrap cannot train a classifier; rare on real data
      Fitted f = make_member(recipe_.members.front(), seed_ + 1000 + static_cast<std::uint64_t>(b));
      f.model->fit(take_rows(X, rows), yb, take(w, rows));
      members_.push_back(std::move(f));
    }
    if (members_.empty()) throw Error(ErrorKind::InvalidArgument, "every bootstrap sample had a single class");
  }

  // Each member sees every row but only a seeded random subset of
  // max_features * p columns (Ho 1998), drawn without replacement.
  void fit_subspace(const Matrix& X, std::span<const double> y, std::span<const double> w) {
    const int n = params_.at("n_estimators").get<int>();
    const double share = params_.at("max_features").get<double>();
    if (n < 1 || !(share > 0.0 && share <= 1.0))
      throw Error(ErrorKind::InvalidArgument, "random subspace needs n_estimators >= 1 and 0 < max_features <= 1");
    const auto k = std::max<std::size_t>(1, static_cast<std::size_t>(share * static_cast<double>(X.cols)));
    std::mt19937_64 rng(seed_);
    std::vector<std::size_t> order = range(0, X.cols);
    for (int b = 0; b < n; ++b) {
      for (std::size_t j = 0; j < k; ++j)  // partial Fisher-Yates, portable (no distribution object)
        std::swap(order[j], order[j + static_cast<std::size_t>(rng() % (X.cols - j))]);
      std::vector<std::size_t> cols(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k));
      std::sort(cols.begin(), cols.end());
      Fitted f = make_member(recipe_.members.front(), seed_ + 1000 + static_cast<std::uint64_t>(b));
      f.model->fit(take_cols(X, cols), y, w);
      members_.push_back(std::move(f));
      columns_.push_back(std::move(cols));
    }
    n_features_ = X.cols;
  }

  // Predictions of every fitted member on X, standardised with meta_mean_/meta_scale_.
  Matrix meta_features(const Matrix& X) const {
    Matrix Z(X.rows, members_.size());
    for (std::size_t j = 0; j < members_.size(); ++j) {
      const auto p = members_[j].model->predict(X);
      for (std::size_t r = 0; r < X.rows; ++r) Z(r, j) = (p[r] - meta_mean_[j]) / meta_scale_[j];
    }
    return Z;
  }

  void fit_meta(Matrix Z, std::span<const double> y, std::span<const double> w) {
    meta_mean_.assign(Z.cols, 0.0);
    meta_scale_.assign(Z.cols, 1.0);
    for (std::size_t j = 0; j < Z.cols; ++j) {
      double m = 0, v = 0;
      for (std::size_t r = 0; r < Z.rows; ++r) m += Z(r, j) / static_cast<double>(Z.rows);
      for (std::size_t r = 0; r < Z.rows; ++r) v += (Z(r, j) - m) * (Z(r, j) - m) / static_cast<double>(Z.rows);
      meta_mean_[j] = m;
      meta_scale_[j] = v > 0 ? std::sqrt(v) : 1.0;  // a constant member maps to 0, not NaN
      for (std::size_t r = 0; r < Z.rows; ++r) Z(r, j) = (Z(r, j) - m) / meta_scale_[j];
    }
    meta_ = make_member(recipe_.meta, seed_ + 500);
    meta_.model->fit(Z, y, w);
  }

  std::size_t purge() const { return static_cast<std::size_t>(params_.at("purge").get<int>()); }

  void fit_stacking(const Matrix& X, std::span<const double> y, std::span<const double> w) {
    const int k = params_.at("oof_folds").get<int>();
    if (k < 2) throw Error(ErrorKind::InvalidArgument, "stacking needs oof_folds >= 2");
    const std::size_t block = X.rows / static_cast<std::size_t>(k + 1), gap = purge();
    if (block <= gap + 20)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("{} rows are too few for {} out-of-fold blocks with purge {}", X.rows, k, gap),
                  "lower oof_folds or purge, or train on more rows");
    const std::size_t oof_begin = block;
    Matrix Z(X.rows - oof_begin, recipe_.members.size());
    for (int f = 1; f <= k; ++f) {
      const std::size_t b0 = block * static_cast<std::size_t>(f);
      const std::size_t b1 = f == k ? X.rows : b0 + block;
      const auto train = range(0, b0 - gap), test = range(b0, b1);
      const Matrix Xt = take_rows(X, train), Xs = take_rows(X, test);
      for (std::size_t j = 0; j < recipe_.members.size(); ++j) {
        Fitted m = make_member(recipe_.members[j], seed_ + j);
        m.model->fit(Xt, take(y, train), take(w, train));
        const auto p = m.model->predict(Xs);
        for (std::size_t i = 0; i < test.size(); ++i) Z(test[i] - oof_begin, j) = p[i];
      }
    }
    const auto oof = range(oof_begin, X.rows);
    fit_meta(std::move(Z), take(y, oof), take(w, oof));
    for (std::size_t j = 0; j < recipe_.members.size(); ++j) members_.push_back(fit_member(j, X, y, w));
  }

  void fit_blending(const Matrix& X, std::span<const double> y, std::span<const double> w) {
    const double share = params_.at("holdout").get<double>();
    const auto hold = static_cast<std::size_t>(share * static_cast<double>(X.rows));
    const std::size_t gap = purge();
    if (!(share > 0.0 && share < 1.0) || hold < 20 || X.rows < hold + gap + 20)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("{} rows cannot hold a blending holdout of {} with purge {}", X.rows, share, gap),
                  "use 0 < holdout < 1 leaving at least 20 rows on each side");
    const auto train = range(0, X.rows - hold - gap), holdout = range(X.rows - hold, X.rows);
    const Matrix Xt = take_rows(X, train);
    for (std::size_t j = 0; j < recipe_.members.size(); ++j)
      members_.push_back(fit_member(j, Xt, take(y, train), take(w, train)));
    meta_mean_.assign(members_.size(), 0.0);
    meta_scale_.assign(members_.size(), 1.0);
    fit_meta(meta_features(take_rows(X, holdout)), take(y, holdout), take(w, holdout));
  }

  EnsembleRecipe recipe_;
  Json params_;
  std::uint64_t seed_;
  std::vector<Fitted> members_;
  Fitted meta_;
  std::vector<double> meta_mean_, meta_scale_;
  std::vector<std::vector<std::size_t>> columns_;  // RandomSubspace: the input columns of each member
  std::size_t n_features_ = 0;                     // RandomSubspace: width of the input
};

}  // namespace

std::unique_ptr<Model> make_ensemble(const EnsembleRecipe& recipe, const Json& params, std::uint64_t seed) {
  const bool single = recipe.kind == EnsembleKind::Bagging || recipe.kind == EnsembleKind::RandomSubspace;
  if (recipe.members.empty() || (single && recipe.members.size() != 1) ||
      (recipe.kind == EnsembleKind::HardVoting && recipe.task != Task::Classification))
    throw Error(ErrorKind::Internal, fmt::format("ensemble '{}' has a malformed member list", recipe.id));
  if ((recipe.kind == EnsembleKind::Voting || recipe.kind == EnsembleKind::HardVoting) && params.contains("weights")) {
    const Json& wts = params["weights"];
    if (!wts.is_array() || wts.size() != recipe.members.size())
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("'{}' needs {} weights, one per member", recipe.id, recipe.members.size()));
    double total = 0;
    for (const auto& v : wts) {
      if (!v.is_number() || v.get<double>() < 0) throw Error(ErrorKind::InvalidArgument, "weights must be >= 0");
      total += v.get<double>();
    }
    if (!(total > 0)) throw Error(ErrorKind::InvalidArgument, "at least one weight must be positive");
  }
  return std::make_unique<EnsembleModel>(recipe, params, seed);
}

}  // namespace mlt
