// VaR and CVaR of the real S&P 500 (2000-2020), each method checked against
// an independent hand computation from the file's closes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "finance/risk/normal.h"
#include "finance/risk/var.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

const AssetReturns& sp500_returns() {
  static const AssetReturns r = asset_returns(test::sp500());
  return r;
}

const Eigen::VectorXd kOne = Eigen::VectorXd::Ones(1);

// Daily simple returns straight from the closes, independently of asset_returns().
std::vector<double> closes_to_returns() {
  const auto& c = test::sp500().bars().close;
  std::vector<double> r;
  for (std::size_t t = 1; t < c.size(); ++t) r.push_back(c[t] / c[t - 1] - 1);
  return r;
}

TEST(RiskNormal, QuantileInvertsTheCdf) {
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(normal_quantile(0.99), 2.326347874040841, 1e-13);
  for (double p : {1e-10, 0.001, 0.02425, 0.3, 0.5, 0.9, 0.999999})
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-14 + 1e-12 * p);
  EXPECT_THROW(normal_quantile(1.0), Error);
}

TEST(RiskVar, HistoricalIsTheEmpiricalQuantileByHand) {
  const std::vector<double> r = closes_to_returns();
  for (int h : {1, 10}) {
    std::vector<double> losses;
    for (std::size_t t = static_cast<std::size_t>(h) - 1; t < r.size(); ++t) {
      double g = 1;
      for (std::size_t k = t + 1 - static_cast<std::size_t>(h); k <= t; ++k) g *= 1 + r[k];
      losses.push_back(1 - g);
    }
    std::sort(losses.begin(), losses.end());
    const std::size_t m = losses.size();
    const auto k = static_cast<std::size_t>(std::ceil(0.99 * static_cast<double>(m)));  // 1-based rank
    double tail = 0;
    for (std::size_t i = k - 1; i < m; ++i) tail += losses[i];
    const VarResult v = value_at_risk(sp500_returns(), kOne, {VarMethod::Historical, 0.99, h});
    EXPECT_EQ(v.observations, m);
    EXPECT_NEAR(v.var, losses[k - 1], 1e-15) << "h=" << h;
    EXPECT_NEAR(v.cvar, tail / static_cast<double>(m - k + 1), 1e-14) << "h=" << h;
  }
  // 5,100 days: the 1-day 99% loss of the S&P 500 2000-2020 is about 3.5%.
  const VarResult one = value_at_risk(sp500_returns(), kOne, {VarMethod::Historical, 0.99, 1});
  EXPECT_GT(one.var, 0.03);
  EXPECT_LT(one.var, 0.045);
  EXPECT_GT(one.cvar, one.var);
}

TEST(RiskVar, NormalUsesSqrtTimeScaling) {
  const std::vector<double> r = closes_to_returns();
  double mean = 0;
  for (double x : r) mean += x / static_cast<double>(r.size());
  double var = 0;
  for (double x : r) var += (x - mean) * (x - mean) / static_cast<double>(r.size() - 1);
  const double z = 2.326347874040841, sd10 = std::sqrt(var * 10);
  const VarResult v = value_at_risk(sp500_returns(), kOne, {VarMethod::Normal, 0.99, 10});
  EXPECT_NEAR(v.var, z * sd10 - 10 * mean, 1e-12);
  EXPECT_NEAR(v.cvar, sd10 * std::exp(-z * z / 2) / std::sqrt(2 * M_PI) / 0.01 - 10 * mean, 1e-12);
}

TEST(RiskVar, CornishFisherReducesToNormalWithoutSkewOrKurtosis) {
  for (double z : {-3.0, -2.326, -1.645, 0.0, 1.0}) EXPECT_DOUBLE_EQ(cornish_fisher_z(z, 0, 0), z);
  // Hand formula at the 1% quantile with skew -0.5 and excess kurtosis 3.
  const double z = -2.326347874040841, s = -0.5, k = 3;
  const double expect = z + (z * z - 1) * s / 6 + (z * z * z - 3 * z) * k / 24 - (2 * z * z * z - 5 * z) * s * s / 36;
  EXPECT_DOUBLE_EQ(cornish_fisher_z(z, s, k), expect);
  // Real S&P 500 returns are fat-tailed, so Cornish-Fisher's 99% VaR exceeds the normal one.
  const VarResult n = value_at_risk(sp500_returns(), kOne, {VarMethod::Normal, 0.99, 1});
  const VarResult cf = value_at_risk(sp500_returns(), kOne, {VarMethod::CornishFisher, 0.99, 1});
  EXPECT_GT(cf.details["excess_kurtosis"].get<double>(), 3.0);
  EXPECT_GT(cf.var, n.var);
  EXPECT_GT(cf.cvar, cf.var);
}

TEST(RiskVar, MonteCarloIsSeededAndMatchesItsNormalModel) {
  VarSpec spec{VarMethod::MonteCarlo, 0.99, 1, 200000, 7};
  SimulatedScenarios sims;
  const VarResult a = value_at_risk(sp500_returns(), kOne, spec, &sims);
  const VarResult b = value_at_risk(sp500_returns(), kOne, spec);
  EXPECT_EQ(a.var, b.var);
  EXPECT_EQ(sims.returns.size(), 200000u);
  spec.seed = 8;
  EXPECT_NE(value_at_risk(sp500_returns(), kOne, spec).var, a.var);
  const VarResult n = value_at_risk(sp500_returns(), kOne, {VarMethod::Normal, 0.99, 1});
  EXPECT_NEAR(a.var / n.var, 1.0, 0.02);
  EXPECT_NEAR(a.cvar / n.cvar, 1.0, 0.03);
}

TEST(RiskVar, BadInputIsAnError) {
  EXPECT_THROW(value_at_risk(sp500_returns(), kOne, {VarMethod::Normal, 1.2, 1}), Error);
  EXPECT_THROW(value_at_risk(sp500_returns(), kOne, {VarMethod::Normal, 0.99, 0}), Error);
  EXPECT_THROW(value_at_risk(sp500_returns(), Eigen::VectorXd::Ones(2), {}), Error);
  EXPECT_THROW(parse_var_method("gut_feel"), Error);
}

}  // namespace
}  // namespace mlt
