// Covariance shrinkage, risk parity and HRP on real Dow-30 returns; the
// scikit-learn and SciPy reference values were produced once from the same
// file with /usr/bin/python3 (sklearn 1.2.1 ledoit_wolf; scipy 1.10.1 single
// linkage with Lopez de Prado's published HRP code).
#include <gtest/gtest.h>

#include "core/error.h"
#include "finance/portfolio/risk_budgeting.h"
#include "portfolio_test_data.h"

namespace mlt {
namespace {

using test::dow30_returns;

TEST(PortfolioCovariance, LedoitWolfIdentityMatchesScikitLearn) {
  const CovarianceEstimate c = estimate_covariance(dow30_returns().values, CovarianceMethod::LedoitWolfIdentity);
  EXPECT_NEAR(c.shrinkage, 0.0136622004056276, 1e-12);
  EXPECT_NEAR(c.matrix(0, 0), 0.000415211386428265, 1e-15);
  EXPECT_NEAR(c.matrix(0, 1), 9.16827518392878e-05, 1e-16);
}

TEST(PortfolioCovariance, LedoitWolfConstantCorrelationFollowsThePaper) {
  const Eigen::MatrixXd& r = dow30_returns().values;
  const CovarianceEstimate c = estimate_covariance(r, CovarianceMethod::LedoitWolfConstantCorrelation);
  // Element-wise from Ledoit & Wolf (2004), written out independently.
  const Eigen::MatrixXd x = r.rowwise() - r.colwise().mean();
  const auto T = static_cast<double>(x.rows());
  const Eigen::Index n = x.cols();
  const Eigen::MatrixXd s = x.transpose() * x / T;
  double rbar = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (i != j) rbar += s(i, j) / std::sqrt(s(i, i) * s(j, j)) / static_cast<double>(n * (n - 1));
  double pi = 0, rho = 0, gamma = 0;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j) {
      double pij = 0, tii = 0, tjj = 0;
      for (Eigen::Index t = 0; t < x.rows(); ++t) {
        const double xij = x(t, i) * x(t, j) - s(i, j);
        pij += xij * xij / T;
        tii += (x(t, i) * x(t, i) - s(i, i)) * xij / T;
        tjj += (x(t, j) * x(t, j) - s(j, j)) * xij / T;
      }
      pi += pij;
      const double fij = i == j ? s(i, i) : rbar * std::sqrt(s(i, i) * s(j, j));
      gamma += (fij - s(i, j)) * (fij - s(i, j));
      rho += i == j ? pij
                    : rbar / 2 * (std::sqrt(s(j, j) / s(i, i)) * tii + std::sqrt(s(i, i) / s(j, j)) * tjj);
    }
  const double delta = std::clamp((pi - rho) / gamma / T, 0.0, 1.0);
  EXPECT_NEAR(c.shrinkage, delta, 1e-12);
  EXPECT_GT(c.shrinkage, 0.0);
  EXPECT_LT(c.shrinkage, 1.0);
  EXPECT_NEAR(c.matrix(3, 7), delta * rbar * std::sqrt(s(3, 3) * s(7, 7)) + (1 - delta) * s(3, 7), 1e-15);
  EXPECT_GT(c.matrix.ldlt().vectorD().minCoeff(), 0.0);
}

TEST(PortfolioRiskParity, RiskContributionsAreEqual) {
  for (auto method : {CovarianceMethod::Sample, CovarianceMethod::LedoitWolfConstantCorrelation}) {
    const PortfolioInputs in = portfolio_inputs(dow30_returns(), method);
    OptimizeSpec s;
    s.objective = PortfolioObjective::RiskParity;
    const PortfolioResult r = optimize_portfolio(in, s);
    EXPECT_NEAR(r.weights.sum(), 1.0, 1e-12);
    EXPECT_GT(r.weights.minCoeff(), 0.0);
    for (Eigen::Index i = 0; i < r.risk_contributions.size(); ++i)
      EXPECT_NEAR(r.risk_contributions[i], 1.0 / 30, 1e-6 / 30) << in.assets[static_cast<std::size_t>(i)];
  }
}

TEST(PortfolioHrp, MatchesLopezDePradosCode) {
  const AssetReturns r = asset_returns(test::dow30(), {"AA", "AXP", "T", "BA", "CAT", "KO", "XOM", "GE", "IBM", "MSFT"});
  const PortfolioInputs in = portfolio_inputs(r, CovarianceMethod::Sample);
  std::vector<int> order;
  const Eigen::VectorXd w = hierarchical_risk_parity(in.cov, &order);
  EXPECT_EQ(order, (std::vector<int>{2, 3, 6, 0, 4, 5, 1, 7, 8, 9}));
  const double expected[] = {0.0718668311752164, 0.0749830343816379, 0.111699582574417, 0.120390812666504,
                             0.070191309180965,  0.116402961128004,  0.204495250571965, 0.131097754472934,
                             0.0542834050443025, 0.0445890588040552};
  for (int i = 0; i < 10; ++i) EXPECT_NEAR(w[i], expected[i], 1e-12) << r.assets[static_cast<std::size_t>(i)];
  // Two assets: HRP is inverse-variance weighting.
  const Eigen::MatrixXd two = in.cov.topLeftCorner(2, 2);
  const Eigen::VectorXd w2 = hierarchical_risk_parity(two);
  EXPECT_NEAR(w2[0], (1 / two(0, 0)) / (1 / two(0, 0) + 1 / two(1, 1)), 1e-15);
  EXPECT_THROW(hierarchical_risk_parity(Eigen::MatrixXd::Zero(2, 2)), Error);
}

}  // namespace
}  // namespace mlt
