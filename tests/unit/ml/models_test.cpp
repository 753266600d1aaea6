// Each registry model on real S&P 500 features, save/load round trips,
// ridge against hand arithmetic, and the registry's error paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "core/error.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

struct Fitted {
  Matrix train, test;
  std::vector<double> y_train;
};

Fitted prepare(Task task);
const Fitted& prepared(Task task) {
  static const Fitted cls = prepare(Task::Classification), reg = prepare(Task::Regression),
                      clu = prepare(Task::Clustering);
  switch (task) {
    case Task::Classification: return cls;
    case Task::Regression: return reg;
    case Task::Clustering: break;
  }
  return clu;
}

Fitted prepare(Task task) {
  const TrainingSet& set = test::sp500_set();
  const std::size_t cut = set.X.rows() * 3 / 4;
  const auto& y = task == Task::Classification ? set.direction : set.forward_return;
  StandardScaler s;
  Fitted f{s.fit_transform(test::rows_matrix(set.X, 0, cut - 1)),
           {},
           {y.begin(), y.begin() + static_cast<std::ptrdiff_t>(cut - 1)}};
  if (task == Task::Clustering) f.y_train.clear();  // unsupervised: fit must not need labels
  f.test = s.transform(test::rows_matrix(set.X, cut, set.X.rows()));
  return f;
}

TEST(ModelRegistry, IdsAreUniqueLowerSnakeAndDescribed) {
  std::set<std::string> ids;
  for (const auto& s : model_specs()) {
    SCOPED_TRACE(s.id);
    EXPECT_TRUE(ids.insert(s.id).second) << "duplicate id";
    for (char ch : s.id) EXPECT_TRUE(std::islower(static_cast<unsigned char>(ch)) || std::isdigit(ch) || ch == '_');
    EXPECT_FALSE(s.summary.empty());
    EXPECT_TRUE(s.defaults.is_object());
    if (s.defaults.contains("nthread")) {
      EXPECT_EQ(s.defaults["nthread"], 1);  // one thread unless asked: ml.compare's budget relies on it
    }
  }
  EXPECT_GE(model_specs().size(), 60U);
  EXPECT_EQ(find_model_spec("ridge").to_json()["task"], "regression");
  EXPECT_EQ(find_model_spec("logistic_l2").to_json()["library"], "liblinear");
  EXPECT_EQ(find_model_spec("svc_chi2").to_json()["family"], "kernel");
}

TEST(ModelRegistry, UnknownIdIsNotFoundWithHint) {
  try {
    (void)find_model_spec("xgboost");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(e.hint().find("xgboost_classifier"), std::string::npos);
  }
}

TEST(ModelRegistry, EffectiveParamsMergeAndCheck) {
  const ModelSpec& xgb = find_model_spec("xgboost_classifier");
  const Json p = effective_params(xgb, Json{{"n_estimators", 30}, {"learning_rate", 1}});
  EXPECT_EQ(p["n_estimators"], 30);
  EXPECT_EQ(p["max_depth"], 3);
  EXPECT_THROW(effective_params(xgb, Json{{"trees", 30}}), Error);
  EXPECT_THROW(effective_params(xgb, Json{{"n_estimators", 2.5}}), Error);
  EXPECT_THROW(effective_params(xgb, Json{{"max_depth", "deep"}}), Error);
}

// Every registered model trains and predicts on the real S&P 500 slice,
// is deterministic for a seed, and reloads to identical predictions.
class EveryModel : public ::testing::TestWithParam<std::string> {};

TEST_P(EveryModel, FitsPredictsIsDeterministicAndRoundTrips) {
  const ModelSpec& spec = find_model_spec(GetParam());
  Json overrides = Json::object();
  if (spec.defaults.contains("n_estimators") && spec.library == "xgboost" && spec.id.find("forest") == std::string::npos)
    overrides["n_estimators"] = 30;
  // Three epochs keep the 20 LibTorch entries fast; torch_models_test.cpp shows they really train.
  if (spec.family == Family::Neural) overrides["epochs"] = 3;
  const Fitted& f = prepared(spec.task);
  auto model = spec.make(effective_params(spec, overrides), 7);
  model->fit(f.train, f.y_train);
  const auto pred = model->predict(f.test);
  ASSERT_EQ(pred.size(), f.test.rows);
  double lo = pred.front(), hi = pred.front();
  for (double p : pred) {
    ASSERT_TRUE(std::isfinite(p));
    if (spec.task == Task::Classification) {
      ASSERT_TRUE(p >= 0.0 && p <= 1.0) << p;
    }
    if (spec.task == Task::Clustering) {
      ASSERT_TRUE(p >= -1.0 && p == std::round(p)) << "a cluster label is an integer, -1 = noise: " << p;
    }
    lo = std::min(lo, p);
    hi = std::max(hi, p);
  }
  if (spec.task == Task::Clustering) {
    // Single linkage may leave every later day in its one big cluster; the fit itself must still split.
    for (double p : model->predict(f.train)) lo = std::min(lo, p), hi = std::max(hi, p);
  }
  EXPECT_LT(lo, hi) << "a constant forecast: the model learned nothing from real features";
  EXPECT_EQ(model->name(), spec.id);
  EXPECT_EQ(model->task(), spec.task);
  const auto imp = model->feature_importance();
  if (!imp.empty()) {
    ASSERT_EQ(imp.size(), f.train.cols);
    for (double v : imp) EXPECT_GE(v, 0.0);
  }
  EXPECT_EQ(model->params()["seed"], 7);
  if (spec.task == Task::Clustering) {
    EXPECT_THROW((void)model->predict_proba(f.test), Error);
  }

  auto again = spec.make(effective_params(spec, overrides), 7);
  again->fit(f.train, f.y_train);
  EXPECT_EQ(again->predict(f.test), pred) << "not deterministic for a seed";

  auto restored = spec.make(effective_params(spec, overrides), 7);
  restored->load(model->save());
  const auto reloaded = restored->predict(f.test);
  for (std::size_t i = 0; i < pred.size(); ++i) ASSERT_NEAR(reloaded[i], pred[i], 1e-6 * (1 + std::abs(pred[i])));
}

std::vector<std::string> all_ids() {
  std::vector<std::string> ids;
  for (const auto& s : model_specs()) ids.push_back(s.id);
  return ids;
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryModel, ::testing::ValuesIn(all_ids()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(Models, XgboostIsDeterministicForASeed) {
  const ModelSpec& spec = find_model_spec("xgboost_classifier");
  const Fitted f = prepare(Task::Classification);
  auto a = spec.make(effective_params(spec, Json{{"n_estimators", 30}}), 11);
  auto b = spec.make(effective_params(spec, Json{{"n_estimators", 30}}), 11);
  a->fit(f.train, f.y_train);
  b->fit(f.train, f.y_train);
  EXPECT_EQ(a->predict(f.test), b->predict(f.test));
  // The seed matters (row and column subsampling), so it is worth recording.
  auto c = spec.make(effective_params(spec, Json{{"n_estimators", 30}}), 12);
  c->fit(f.train, f.y_train);
  EXPECT_NE(a->predict(f.test), c->predict(f.test));
}

TEST(Models, RidgeMatchesHandArithmetic) {
  // x = 1,2,3 and y = 3,4,5 (y = x + 2). Standardised x: z = (x-2)/sqrt(2/3),
  // sum z^2 = 3, sum z*(y-4) = 2/sqrt(2/3). With alpha = 3: beta = (2/sqrt(2/3))/6,
  // coef = beta/sqrt(2/3) = 2/(6*2/3) = 0.5, intercept = 4 - 0.5*2 = 3.
  Matrix X(3, 1);
  X(0, 0) = 1;
  X(1, 0) = 2;
  X(2, 0) = 3;
  const std::vector<double> y{3, 4, 5};
  auto ridge = find_model_spec("ridge").make(Json{{"alpha", 3.0}}, 0);
  ridge->fit(X, y);
  Matrix probe(1, 1);
  probe(0, 0) = 4;
  EXPECT_NEAR(ridge->predict(probe)[0], 3 + 0.5 * 4, 1e-12);
  auto ols = find_model_spec("ridge").make(Json{{"alpha", 0.0}}, 0);
  ols->fit(X, y);
  EXPECT_NEAR(ols->predict(probe)[0], 6.0, 1e-12);  // alpha 0 recovers y = x + 2
  EXPECT_THROW(ols->predict_proba(probe), Error);
}

TEST(Models, LogisticRefusesWhatLiblinearCannotDo) {
  const ModelSpec& spec = find_model_spec("logistic_l2");
  const Fitted f = prepare(Task::Classification);
  auto m = spec.make(spec.defaults, 0);
  std::vector<double> w(f.y_train.size(), 1.0);
  w[0] = 2.0;
  EXPECT_THROW(m->fit(f.train, f.y_train, w), Error);
  std::vector<double> ones(f.y_train.size(), 1.0);
  EXPECT_THROW(m->fit(f.train, ones), Error);  // one class only
  std::vector<double> bad = f.y_train;
  bad[0] = 0.5;
  EXPECT_THROW(m->fit(f.train, bad), Error);
}

}  // namespace
}  // namespace mlt
