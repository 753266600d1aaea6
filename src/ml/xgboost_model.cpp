// XGBoost through its C API. Handles are owned by small RAII holders so an
// exception between create and free cannot leak them.
#include <fmt/format.h>
#include <xgboost/c_api.h>

#include <cmath>
#include <string>

#include "core/error.h"
#include "ml/adapters.h"

namespace mlt {
namespace {

void check(int rc, const char* what) {
  if (rc != 0) throw Error(ErrorKind::Internal, fmt::format("xgboost {} failed: {}", what, XGBGetLastError()));
}

struct DMatrix {
  DMatrixHandle h = nullptr;
  explicit DMatrix(const Matrix& X) {
    // XGBoost stores float32; NaN marks a missing value.
    std::vector<float> f(X.data.begin(), X.data.end());
    check(XGDMatrixCreateFromMat(f.data(), X.rows, X.cols, std::nanf(""), &h), "DMatrix create");
  }
  ~DMatrix() { XGDMatrixFree(h); }
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  void set(const char* field, std::span<const double> v) {
    std::vector<float> f(v.begin(), v.end());
    check(XGDMatrixSetFloatInfo(h, field, f.data(), f.size()), field);
  }
};

// Registry parameter names that differ from XGBoost's own.
std::string xgb_key(const std::string& key) {
  if (key == "learning_rate") return "eta";
  if (key == "reg_lambda") return "lambda";
  if (key == "reg_alpha") return "alpha";
  return key;
}

std::string xgb_value(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return v.dump();  // JSON numbers print in the shortest round-trip form
}

class XgbModel final : public Model {
 public:
  XgbModel(XgbVariant variant, Json params, std::uint64_t seed)
      : variant_(std::move(variant)), task_(variant_.task), params_(std::move(params)), seed_(seed) {}
  ~XgbModel() override { reset(); }
  XgbModel(const XgbModel&) = delete;
  XgbModel& operator=(const XgbModel&) = delete;

  void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights) override {
    check_fit_inputs(X, y, weights, task_);
    DMatrix d(X);
    d.set("label", y);
    if (!weights.empty()) d.set("weight", weights);
    reset();
    check(XGBoosterCreate(&d.h, 1, &booster_), "booster create");
    configure();
    if (task_ == Task::Regression) {
      // Start from the (weighted) mean: with the default 0.5 every gradient is
      // ~0.5 and the tiny spread of daily returns is lost in the split gains.
      double sw = 0, swy = 0;
      for (std::size_t i = 0; i < y.size(); ++i) {
        const double w = weights.empty() ? 1.0 : weights[i];
        sw += w;
        swy += w * y[i];
      }
      set("base_score", fmt::format("{}", sw > 0 ? swy / sw : 0.0));
    }
    // binary:hinge thresholds the raw margin at 0, so the neutral start is 0,
    // not the 0.5 that suits probabilities (from 0.5 few rows ever flip to 0).
    if (variant_.objective == "binary:hinge") set("base_score", "0");
    const int rounds = params_.value("n_estimators", 100);
    for (int i = 0; i < rounds; ++i) check(XGBoosterUpdateOneIter(booster_, i, d.h), "update");
    n_features_ = X.cols;
  }

  std::vector<double> predict(const Matrix& X) const override {
    require_fitted();
    if (X.cols != n_features_)
      throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", n_features_, X.cols));
    DMatrix d(X);
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* out = nullptr;
    check(
        XGBoosterPredictFromDMatrix(
            booster_, d.h, R"({"type":0,"training":false,"iteration_begin":0,"iteration_end":0,"strict_shape":false})",
            &shape, &dim, &out),
        "predict");
    return std::vector<double>(out, out + X.rows);
  }

  std::vector<double> feature_importance() const override {
    require_fitted();
    bst_ulong n = 0, dim = 0;
    const char** names = nullptr;
    const bst_ulong* shape = nullptr;
    const float* scores = nullptr;
    // gblinear has no gain; its "weight" importance is the coefficient, hence the abs() below.
    const char* config =
        variant_.booster == "gblinear" ? R"({"importance_type":"weight"})" : R"({"importance_type":"total_gain"})";
    check(XGBoosterFeatureScore(booster_, config, &n, &names, &dim, &shape, &scores), "feature score");
    // Unused features are absent from the answer; default names are f0, f1, ...
    std::vector<double> out(n_features_, 0.0);
    for (bst_ulong i = 0; i < n; ++i) {
      const std::size_t idx = std::stoul(std::string(names[i]).substr(1));
      if (idx < out.size()) out[idx] = std::abs(static_cast<double>(scores[i]));
    }
    return out;
  }

  std::string save() const override {
    require_fitted();
    bst_ulong len = 0;
    const char* buf = nullptr;
    check(XGBoosterSaveModelToBuffer(booster_, R"({"format":"json"})", &len, &buf), "save");
    return std::string(buf, len);
  }

  void load(const std::string& bytes) override {
    reset();
    check(XGBoosterCreate(nullptr, 0, &booster_), "booster create");
    check(XGBoosterLoadModelFromBuffer(booster_, bytes.data(), bytes.size()), "load");
    configure();
    bst_ulong n = 0;
    check(XGBoosterGetNumFeature(booster_, &n), "num features");
    n_features_ = n;
  }

  std::string name() const override { return variant_.id; }
  Task task() const override { return task_; }
  Json params() const override { return params_with_seed(params_, seed_); }

 private:
  void reset() {
    if (booster_) XGBoosterFree(booster_);
    booster_ = nullptr;
  }
  void require_fitted() const {
    if (!booster_) throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", name()));
  }
  void set(const char* key, const std::string& value) { check(XGBoosterSetParam(booster_, key, value.c_str()), key); }
  void configure() {
    const bool cls = task_ == Task::Classification;
    set("objective", !variant_.objective.empty() ? variant_.objective : cls ? "binary:logistic" : "reg:squarederror");
    set("booster", variant_.booster);
    if (variant_.booster != "gblinear") set("tree_method", "hist");
    // coord_descent is gblinear's deterministic updater (shotgun races between threads).
    if (variant_.booster == "gblinear") set("updater", "coord_descent");
    if (variant_.num_parallel_tree > 1) set("num_parallel_tree", std::to_string(variant_.num_parallel_tree));
    if (!variant_.grow_policy.empty()) set("grow_policy", variant_.grow_policy);
    set("verbosity", "0");
    set("seed", std::to_string(seed_ % 2147483647ULL));
    for (const auto& [key, value] : params_.items())
      if (key != "n_estimators") set(xgb_key(key).c_str(), xgb_value(value));
  }

  XgbVariant variant_;
  Task task_;
  Json params_;
  std::uint64_t seed_;
  BoosterHandle booster_ = nullptr;
  std::size_t n_features_ = 0;
};

}  // namespace

std::unique_ptr<Model> make_xgboost_model(const XgbVariant& variant, const Json& params, std::uint64_t seed) {
  return std::make_unique<XgbModel>(variant, params, seed);
}

std::string xgboost_version() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return fmt::format("{}.{}.{}", major, minor, patch);
}

}  // namespace mlt
