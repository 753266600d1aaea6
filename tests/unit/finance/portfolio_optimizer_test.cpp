// Optimisers on real Dow-30 returns checked against closed forms (no bounds)
// and KKT conditions (long-only).
#include <gtest/gtest.h>

#include "core/error.h"
#include "finance/portfolio/frontier.h"
#include "portfolio_test_data.h"

namespace mlt {
namespace {

using test::dow30_inputs;

OptimizeSpec unconstrained(PortfolioObjective o) {
  OptimizeSpec s;
  s.objective = o;
  s.constraints = PortfolioConstraints::unconstrained();
  return s;
}

TEST(PortfolioOptimizer, UnconstrainedMinVarianceIsTheClosedForm) {
  const auto& in = dow30_inputs();
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(in.mean.size());
  const Eigen::VectorXd x = in.cov.ldlt().solve(ones);
  const Eigen::VectorXd closed = x / ones.dot(x);
  const PortfolioResult r = optimize_portfolio(in, unconstrained(PortfolioObjective::MinVariance));
  EXPECT_LT((r.weights - closed).cwiseAbs().maxCoeff(), 1e-6);
  EXPECT_LT(closed.minCoeff(), 0.0);  // the closed form shorts: the test really is unconstrained
  EXPECT_NEAR(r.volatility, std::sqrt(1.0 / ones.dot(x)), 1e-9);
}

TEST(PortfolioOptimizer, UnconstrainedMaxSharpeIsTheTangencyPortfolio) {
  const auto& in = dow30_inputs();
  OptimizeSpec s = unconstrained(PortfolioObjective::MaxSharpe);
  s.risk_free = 0.05;
  const Eigen::VectorXd excess = in.mean.array() - s.risk_free;
  const Eigen::VectorXd x = in.cov.ldlt().solve(excess);
  const Eigen::VectorXd closed = x / x.sum();
  const PortfolioResult r = optimize_portfolio(in, s);
  EXPECT_LT((r.weights - closed).cwiseAbs().maxCoeff(), 1e-5);
  EXPECT_NEAR(r.sharpe, std::sqrt(excess.dot(x)), 1e-8);  // the tangency Sharpe ratio
}

TEST(PortfolioOptimizer, MeanVarianceRiskAversionClosedForm) {
  const auto& in = dow30_inputs();
  OptimizeSpec s = unconstrained(PortfolioObjective::MeanVariance);
  s.risk_aversion = 10;
  // max mu'w - (l/2) w'Sw, 1'w = 1:  w = S^-1 (mu - eta 1) / l, eta from the budget.
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(in.mean.size());
  const Eigen::VectorXd a = in.cov.ldlt().solve(in.mean), b = in.cov.ldlt().solve(ones);
  const double eta = (ones.dot(a) - s.risk_aversion) / ones.dot(b);
  const Eigen::VectorXd closed = (a - eta * b) / s.risk_aversion;
  EXPECT_LT((optimize_portfolio(in, s).weights - closed).cwiseAbs().maxCoeff(), 1e-6);
}

TEST(PortfolioOptimizer, TargetReturnSatisfiesKkt) {
  const auto& in = dow30_inputs();
  OptimizeSpec s = unconstrained(PortfolioObjective::MeanVariance);
  s.target_return = 0.25;
  const PortfolioResult r = optimize_portfolio(in, s);
  EXPECT_NEAR(r.expected_return, 0.25, 1e-8);
  // Stationarity: S w lies in span{1, mu}.
  Eigen::MatrixXd basis(in.mean.size(), 2);
  basis << Eigen::VectorXd::Ones(in.mean.size()), in.mean;
  const Eigen::VectorXd sw = in.cov * r.weights;
  const Eigen::VectorXd coef = basis.colPivHouseholderQr().solve(sw);
  EXPECT_LT((basis * coef - sw).norm() / sw.norm(), 1e-6);
}

TEST(PortfolioOptimizer, LongOnlyMinVarianceSatisfiesKkt) {
  const auto& in = dow30_inputs();
  OptimizeSpec s;  // defaults: long-only, fully invested
  const PortfolioResult r = optimize_portfolio(in, s);
  EXPECT_NEAR(r.weights.sum(), 1.0, 1e-10);
  EXPECT_GE(r.weights.minCoeff(), -1e-12);
  const Eigen::VectorXd g = in.cov * r.weights;  // half the gradient
  double c = 0;
  int active = 0;
  for (Eigen::Index i = 0; i < g.size(); ++i)
    if (r.weights[i] > 1e-7) {
      c += g[i];
      ++active;
    }
  c /= active;
  ASSERT_GT(active, 2);
  ASSERT_LT(active, 30);  // some bounds bind, so the multipliers matter
  for (Eigen::Index i = 0; i < g.size(); ++i) {
    if (r.weights[i] > 1e-7) {
      EXPECT_NEAR(g[i], c, 1e-7 * std::fabs(c)) << in.assets[static_cast<std::size_t>(i)];
    } else {
      EXPECT_GE(g[i], c - 1e-7 * std::fabs(c)) << in.assets[static_cast<std::size_t>(i)];  // multiplier >= 0
    }
  }
}

TEST(PortfolioOptimizer, BoundsAndBudgetAreRespected) {
  const auto& in = dow30_inputs();
  OptimizeSpec s;
  s.objective = PortfolioObjective::MaxSharpe;
  s.constraints.upper = 0.1;
  const PortfolioResult r = optimize_portfolio(in, s);
  EXPECT_LE(r.weights.maxCoeff(), 0.1 + 1e-9);
  EXPECT_NEAR(r.weights.sum(), 1.0, 1e-9);
  s.constraints.upper = 0.02;  // 30 * 0.02 < 1
  EXPECT_THROW(optimize_portfolio(in, s), Error);
  s.constraints.upper = 1;
  s.objective = PortfolioObjective::MeanVariance;
  s.target_return = 5.0;  // 500% a year: above every stock
  EXPECT_THROW(optimize_portfolio(in, s), Error);
  EXPECT_THROW(parse_portfolio_objective("astrology"), Error);
}

TEST(PortfolioFrontier, IsEfficientAndBracketsTheTangency) {
  const auto& in = dow30_inputs();
  PortfolioConstraints c;
  c.upper = 0.25;
  const Frontier f = efficient_frontier(in, c, 12);
  ASSERT_GE(f.points.size(), 10u);
  for (std::size_t k = 1; k < f.points.size(); ++k) {
    EXPECT_GT(f.points[k].expected_return, f.points[k - 1].expected_return);
    EXPECT_GE(f.points[k].volatility, f.points[k - 1].volatility - 1e-9);
    EXPECT_LE(f.points[k].sharpe, f.max_sharpe.sharpe + 1e-6);
    EXPECT_LE(f.points[k].weights.maxCoeff(), 0.25 + 1e-9);
  }
  EXPECT_NEAR(f.points.front().volatility, f.min_variance.volatility, 1e-12);
}

}  // namespace
}  // namespace mlt
