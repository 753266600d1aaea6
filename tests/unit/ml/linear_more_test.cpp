// Algorithm checks of the sparse, robust, kernel-ridge and SGD linear
// entries on the real S&P 500 2010-2015 slice: each against a known
// equivalent (OLS, coordinate-descent lasso, ridge) or a defining property.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/error.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"
#include "ml_fixture.h"

namespace mlt {
namespace {

struct Slice {
  Matrix train, test;
  std::vector<double> ret, dir;  // forward return and direction of the training rows
};

const Slice& slice() {
  static const Slice s = [] {
    const TrainingSet& set = test::sp500_set();
    const std::size_t cut = set.X.rows() * 3 / 4;
    StandardScaler scaler;
    Slice out;
    out.train = scaler.fit_transform(test::rows_matrix(set.X, 0, cut - 1));
    out.test = scaler.transform(test::rows_matrix(set.X, cut, set.X.rows()));
    out.ret.assign(set.forward_return.begin(), set.forward_return.begin() + static_cast<std::ptrdiff_t>(cut - 1));
    out.dir.assign(set.direction.begin(), set.direction.begin() + static_cast<std::ptrdiff_t>(cut - 1));
    return out;
  }();
  return s;
}

std::unique_ptr<Model> fitted(const std::string& id, const Json& overrides, std::span<const double> y,
                              std::span<const double> weights = {}) {
  auto m = test::make_model(id, overrides);
  m->fit(slice().train, y, weights);
  return m;
}

double sd_of(std::span<const double> v) {
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  return std::sqrt(ss / static_cast<double>(v.size()));
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double out = 0;
  for (std::size_t i = 0; i < a.size(); ++i) out = std::max(out, std::abs(a[i] - b[i]));
  return out;
}

double rms_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double ss = 0;
  for (std::size_t i = 0; i < a.size(); ++i) ss += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(ss / static_cast<double>(a.size()));
}

std::size_t nonzero(const std::vector<double>& v) {
  return static_cast<std::size_t>(std::count_if(v.begin(), v.end(), [](double x) { return x != 0.0; }));
}

double accuracy(const std::vector<double>& prob, const std::vector<double>& label) {
  std::size_t hit = 0;
  for (std::size_t i = 0; i < prob.size(); ++i) hit += (prob[i] > 0.5) == (label[i] > 0.5) ? 1 : 0;
  return static_cast<double>(hit) / static_cast<double>(prob.size());
}

TEST(LinearMore, LarsFullPathEndsAtLeastSquares) {
  const auto& s = slice();
  const auto lars = fitted("lars", Json{{"n_nonzero_coefs", 0}}, s.ret);
  const auto ols = fitted("ols", Json::object(), s.ret);
  EXPECT_EQ(nonzero(lars->feature_importance()), s.train.cols);
  EXPECT_LT(max_abs_diff(lars->predict(s.test), ols->predict(s.test)), 1e-6 * sd_of(s.ret));
  // Stopped early, LARS keeps exactly the first n_nonzero_coefs features.
  EXPECT_EQ(nonzero(fitted("lars", Json{{"n_nonzero_coefs", 4}}, s.ret)->feature_importance()), 4U);
}

TEST(LinearMore, LassoLarsAgreesWithCoordinateDescentLasso) {
  const auto& s = slice();
  for (const double alpha : {1e-4, 3e-4}) {
    SCOPED_TRACE(alpha);
    const auto lars = fitted("lasso_lars", Json{{"alpha", alpha}}, s.ret);
    const auto cd = fitted("lasso", Json{{"alpha", alpha}, {"tol", 1e-14}, {"max_iter", 200000}}, s.ret);
    const auto a = lars->feature_importance(), b = cd->feature_importance();
    EXPECT_LT(max_abs_diff(a, b), 1e-6 * sd_of(s.ret));
    EXPECT_LT(max_abs_diff(lars->predict(s.test), cd->predict(s.test)), 1e-6 * sd_of(s.ret));
    EXPECT_LT(nonzero(a), s.train.cols) << "the L1 penalty should zero some coefficients";
    EXPECT_GT(nonzero(a), 0U);
  }
}

TEST(LinearMore, OrthogonalMatchingPursuitSelectsExactlyK) {
  const auto& s = slice();
  for (const int k : {1, 3, 8}) {
    EXPECT_EQ(nonzero(fitted("orthogonal_matching_pursuit", Json{{"n_nonzero_coefs", k}}, s.ret)->feature_importance()),
              static_cast<std::size_t>(k));
  }
  try {
    (void)fitted("orthogonal_matching_pursuit", Json{{"n_nonzero_coefs", static_cast<int>(s.train.cols) + 1}}, s.ret);
    FAIL() << "more features than columns must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
  }
}

TEST(LinearMore, ArdPrunesIrrelevantFeatures) {
  const auto& s = slice();
  const auto imp = fitted("ard_regression", Json::object(), s.ret)->feature_importance();
  EXPECT_LT(nonzero(imp), s.train.cols) << "no feature was pruned";
  EXPECT_GT(nonzero(imp), 0U) << "every feature was pruned";
}

// One label in a hundred of the real slice shifted by 100 standard
// deviations: least squares follows them, the robust fits barely move.
TEST(LinearMore, TheilSenAndRansacResistCorruptedLabels) {
  const auto& s = slice();
  std::vector<double> corrupted = s.ret;
  const double shift = 100 * sd_of(s.ret);
  for (std::size_t i = 5; i < corrupted.size(); i += 100) corrupted[i] += shift;
  auto moved = [&](const std::string& id) {
    return rms_diff(fitted(id, Json::object(), s.ret)->predict(s.test),
                    fitted(id, Json::object(), corrupted)->predict(s.test));
  };
  const double ols = moved("ols");
  EXPECT_GT(ols, 0.2 * sd_of(s.ret));
  EXPECT_LT(moved("theil_sen"), 0.25 * ols);
  EXPECT_LT(moved("ransac"), 0.25 * ols);
}

TEST(LinearMore, RobustFitsRefuseUnequalWeightsOnly) {
  const auto& s = slice();
  std::vector<double> w(s.ret.size(), 3.0);
  EXPECT_NO_THROW((void)fitted("ransac", Json::object(), s.ret, w));
  w[0] = 1.0;
  for (const std::string id : {"theil_sen", "ransac"}) {
    try {
      (void)fitted(id, Json::object(), s.ret, w);
      FAIL() << id << " accepted unequal weights";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    }
  }
}

TEST(LinearMore, KernelRidgeRbfInterpolatesAsAlphaVanishes) {
  const auto& s = slice();
  const double tiny = max_abs_diff(fitted("kernel_ridge_rbf", Json{{"alpha", 1e-9}}, s.ret)->predict(s.train), s.ret);
  const double ridge = max_abs_diff(fitted("kernel_ridge_rbf", Json{{"alpha", 1.0}}, s.ret)->predict(s.train), s.ret);
  EXPECT_LT(tiny, 1e-3 * sd_of(s.ret));
  EXPECT_GT(ridge, 100 * tiny);
}

TEST(LinearMore, KernelRidgeUsesOnlyTheLatestMaxRows) {
  const auto& s = slice();
  const std::size_t keep = 300, first = s.train.rows - keep;
  Matrix tail(keep, s.train.cols);
  std::copy(s.train.data.begin() + static_cast<std::ptrdiff_t>(first * s.train.cols), s.train.data.end(),
            tail.data.begin());
  const ModelSpec& spec = find_model_spec("kernel_ridge_laplacian");
  auto on_tail = spec.make(spec.defaults, 7);
  on_tail->fit(tail, std::span<const double>(s.ret).subspan(first));
  const auto capped = fitted("kernel_ridge_laplacian", Json{{"max_rows", static_cast<int>(keep)}}, s.ret);
  EXPECT_LT(max_abs_diff(capped->predict(s.test), on_tail->predict(s.test)), 1e-12);
}

// SGD on the squared loss with penalty alpha minimises the ridge objective
// with penalty rows * alpha (the SGD loss is a mean, ridge's a sum).
TEST(LinearMore, SgdSquaredLossConvergesToRidge) {
  const auto& s = slice();
  const double alpha = 0.01;
  const auto sgd = fitted("sgd_regressor_squared",
                          Json{{"alpha", alpha}, {"average", true}, {"max_iter", 300}, {"tol", 0.0},
                               {"n_iter_no_change", 300}},
                          s.ret);
  const auto ridge = fitted("ridge", Json{{"alpha", alpha * static_cast<double>(s.train.rows)}}, s.ret);
  const auto a = sgd->predict(s.test), b = ridge->predict(s.test);
  EXPECT_LT(rms_diff(a, b), 0.05 * sd_of(b));
}

TEST(LinearMore, PerceptronAndPassiveAggressiveClassifyAboveChance) {
  const auto& s = slice();
  for (const std::string id :
       {"perceptron", "passive_aggressive_classifier", "sgd_classifier_hinge", "sgd_classifier_log", "ridge_classifier"}) {
    SCOPED_TRACE(id);
    EXPECT_GT(accuracy(fitted(id, Json::object(), s.dir)->predict(s.train), s.dir), 0.5);
  }
}

TEST(LinearMore, RidgeClassifierHonoursWeightsExactly) {
  const auto& s = slice();
  const std::size_t half = s.dir.size() / 2;
  std::vector<double> w(s.dir.size(), 1.0);
  std::fill(w.begin(), w.begin() + static_cast<std::ptrdiff_t>(half), 0.0);
  const auto weighted = fitted("ridge_classifier", Json{{"alpha", 0.0}}, s.dir, w);
  Matrix second(s.train.rows - half, s.train.cols);
  std::copy(s.train.data.begin() + static_cast<std::ptrdiff_t>(half * s.train.cols), s.train.data.end(),
            second.data.begin());
  const ModelSpec& spec = find_model_spec("ridge_classifier");
  auto plain = spec.make(Json{{"alpha", 0.0}}, 7);
  plain->fit(second, std::span<const double>(s.dir).subspan(half));
  EXPECT_LT(max_abs_diff(weighted->predict(s.test), plain->predict(s.test)), 1e-9);
}

TEST(LinearMore, SgdShufflesFollowTheSeedAndBadScheduleIsRefused) {
  const auto& s = slice();
  const ModelSpec& spec = find_model_spec("sgd_classifier_hinge");
  auto a = spec.make(spec.defaults, 1), b = spec.make(spec.defaults, 2);
  a->fit(s.train, s.dir);
  b->fit(s.train, s.dir);
  EXPECT_NE(a->predict(s.test), b->predict(s.test));
  try {
    (void)fitted("sgd_regressor_huber", Json{{"learning_rate", "adagrad"}}, s.ret);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(e.hint().find("invscaling"), std::string::npos);
  }
}

}  // namespace
}  // namespace mlt
