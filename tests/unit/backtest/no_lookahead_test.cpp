// No look-ahead, proven two ways on the real S&P 500 file:
// 1. changing targets from bar k on never changes any return up to bar k;
// 2. a canary that peeks one bar ahead (target[t] = sign of close[t+1] -
//    close[t]) earns nothing special, while the same foresight applied on the
//    same bar would be worth a Sharpe ratio far beyond any real strategy.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "backtest//engine.h"
#include "backtest/strategies.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

const PriceTable& sp500_prices() {
  static const PriceTable p = price_table(test::sp500());
  return p;
}

TEST(NoLookahead, FutureTargetsNeverChangePastReturns) {
  const PriceTable& p = sp500_prices();
  const std::vector<double> base = strategy_positions({"ma_crossover", {{"fast", 10}, {"slow", 40}}}, p.close[0]);
  for (Execution e : {Execution::NextClose, Execution::NextOpen}) {
    BacktestConfig c;
    c.execution = e;
    const BacktestResult r0 = run_backtest(p, {base}, c);
    for (std::size_t k : {300u, 2000u, 4500u}) {
      std::vector<double> altered = base;
      for (std::size_t t = k; t < altered.size(); ++t) altered[t] = altered[t] > 0 ? -1.0 : 1.0;
      const BacktestResult r1 = run_backtest(p, {altered}, c);
      for (std::size_t s = 0; s <= k; ++s) ASSERT_EQ(r0.returns[s], r1.returns[s]) << execution_name(e) << " k=" << k;
      EXPECT_NE(r0.equity.back(), r1.equity.back());
    }
  }
}

TEST(NoLookahead, PeekingCanaryEarnsNoForesight) {
  const PriceTable& p = sp500_prices();
  const auto& c = p.close[0];
  std::vector<double> peek(c.size(), 0.0);
  for (std::size_t t = 0; t + 1 < c.size(); ++t) peek[t] = c[t + 1] > c[t] ? 1.0 : -1.0;
  BacktestConfig cfg;
  cfg.commission_bps = cfg.slippage_bps = 0;
  const BacktestResult r = run_backtest(p, {peek}, cfg);
  // What a same-bar (look-ahead) engine would report: |r_t| every day.
  double sum = 0, sum2 = 0;
  for (std::size_t t = 1; t < c.size(); ++t) {
    const double x = std::fabs(c[t] / c[t - 1] - 1);
    sum += x;
    sum2 += x * x;
  }
  const double n = static_cast<double>(c.size() - 1), mean = sum / n;
  const double cheating_sharpe = mean / std::sqrt(sum2 / n - mean * mean) * std::sqrt(252.0);
  EXPECT_GT(cheating_sharpe, 10.0);
  EXPECT_LT(std::fabs(r.stats.sharpe), 2.0) << "the engine leaked the next bar into the fill";
  // Next-close fills earn close[t+1] -> close[t+2]: the canary equals a
  // causal rule trading the sign of the last return, two bars later.
  EXPECT_LT(r.stats.daily_hit_rate, 0.56);
}

}  // namespace
}  // namespace mlt
