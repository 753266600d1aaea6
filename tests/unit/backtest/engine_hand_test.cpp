// The engine checked by hand arithmetic on ten real S&P 500 bars
// (2011-08-01 .. 2011-08-12, the August 2011 sell-off). The prices below are
// copied from data/market/sp500_daily_2000-2020.csv and the test first checks
// that the loaded file holds exactly them.
#include <gtest/gtest.h>

#include "core/error.h"
#include "backtest//engine.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

constexpr double kOpen[] = {1292.589966, 1286.560059, 1254.250000, 1260.229980, 1200.280029,
                            1198.479980, 1120.229980, 1171.770020, 1121.300049, 1172.869995};
constexpr double kClose[] = {1286.939941, 1254.050049, 1260.339966, 1200.069946, 1199.380005,
                             1119.459961, 1172.530029, 1120.760010, 1172.640015, 1178.810059};
// Decided at each close: long from 08-02, flat at 08-05, half short at 08-08, flat at 08-10.
const std::vector<double> kTargets = {0, 1, 1, 1, 0, -0.5, -0.5, 0, 0, 0};
constexpr double kCost = 0.0015;  // 5 bps commission + 10 bps slippage

PriceTable august_2011() {
  const Dataset ds = test::load_real("market/sp500_daily_2000-2020.csv", "sp500", "2011-08-01", "2011-08-12");
  PriceTable p = price_table(ds);
  EXPECT_EQ(p.rows(), 10u);
  for (std::size_t i = 0; i < 10; ++i) {
    EXPECT_DOUBLE_EQ(p.open[0][i], kOpen[i]);
    EXPECT_DOUBLE_EQ(p.close[0][i], kClose[i]);
  }
  return p;
}

BacktestConfig costs(Execution e) {
  BacktestConfig c;
  c.execution = e;
  c.commission_bps = 5;
  c.slippage_bps = 10;
  return c;
}

TEST(BacktestHand, NextCloseMatchesHandArithmetic) {
  const BacktestResult r = run_backtest(august_2011(), {kTargets}, costs(Execution::NextClose));
  // Bar s earns the weight filled at close s-1 (= target s-2) and pays for the fill at close s.
  const double bar[] = {
      0,                                          // 08-01 opening bar
      0,                                          // 08-02 fills target 0 (flat)
      -kCost,                                     // 08-03 buys 1.0 at the close
      1200.069946 / 1260.339966 - 1,              // 08-04 long
      1199.380005 / 1200.069946 - 1,              // 08-05 long
      (1119.459961 / 1199.380005) * (1 - kCost) - 1,  // 08-08 long, sells at the close
      -0.5 * kCost,                               // 08-09 shorts 0.5 at the close
      -0.5 * (1120.760010 / 1172.530029 - 1),     // 08-10 short
      (1 - 0.5 * (1172.640015 / 1120.760010 - 1)) * (1 - 0.5 * kCost) - 1,  // 08-11 short, covers
      0};                                         // 08-12 flat
  double equity = 1;
  for (std::size_t i = 0; i < 10; ++i) {
    equity *= 1 + bar[i];
    EXPECT_NEAR(r.returns[i], bar[i], 1e-14) << "bar " << i;
    EXPECT_NEAR(r.equity[i], equity, 1e-14) << "bar " << i;
  }
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_EQ(r.trades[0].side, 1);
  EXPECT_EQ(format_date(r.trades[0].entry_ts), "2011-08-03");
  EXPECT_EQ(format_date(*r.trades[0].exit_ts), "2011-08-08");
  EXPECT_DOUBLE_EQ(r.trades[0].ret, 1119.459961 / 1260.339966 - 1);
  EXPECT_EQ(r.trades[1].side, -1);
  EXPECT_DOUBLE_EQ(r.trades[1].ret, -(1172.640015 / 1172.530029 - 1));
  EXPECT_NEAR(r.stats.total_costs, 3 * kCost, 1e-15);  // buy 1, sell 1, short 0.5, cover 0.5
  EXPECT_DOUBLE_EQ(r.stats.hit_rate, 0.0);  // both round trips lost before costs
  EXPECT_NEAR(r.stats.exposure, (3 * 1.0 + 2 * 0.5) / 9.0, 1e-15);
}

TEST(BacktestHand, NextOpenMatchesHandArithmetic) {
  const BacktestResult r = run_backtest(august_2011(), {kTargets}, costs(Execution::NextOpen));
  // Bar s: old weight on close s-1 -> open s, fill cost at the open, new weight on open s -> close s.
  const double bar[] = {
      0,
      0,
      (1 - kCost) * (1260.339966 / 1254.250000) - 1,                                    // 08-03 buy at open
      (1260.229980 / 1260.339966) * (1200.069946 / 1260.229980) - 1,                    // 08-04
      (1200.280029 / 1200.069946) * (1199.380005 / 1200.280029) - 1,                    // 08-05
      (1198.479980 / 1199.380005) * (1 - kCost) - 1,                                    // 08-08 sell at open
      (1 - 0.5 * kCost) * (1 - 0.5 * (1172.530029 / 1120.229980 - 1)) - 1,              // 08-09 short at open
      (1 - 0.5 * (1171.770020 / 1172.530029 - 1)) * (1 - 0.5 * (1120.760010 / 1171.770020 - 1)) - 1,
      (1 - 0.5 * (1121.300049 / 1120.760010 - 1)) * (1 - 0.5 * kCost) - 1,              // 08-11 cover at open
      0};
  double equity = 1;
  for (std::size_t i = 0; i < 10; ++i) {
    equity *= 1 + bar[i];
    EXPECT_NEAR(r.returns[i], bar[i], 1e-14) << "bar " << i;
    EXPECT_NEAR(r.equity[i], equity, 1e-14) << "bar " << i;
  }
  ASSERT_EQ(r.trades.size(), 2u);
  EXPECT_DOUBLE_EQ(r.trades[0].entry_price, 1254.250000);
  EXPECT_DOUBLE_EQ(r.trades[0].exit_price, 1198.479980);
}

TEST(BacktestHand, RejectsBadInputWithErrors) {
  const PriceTable p = august_2011();
  EXPECT_THROW(run_backtest(p, {{1, 2}}, {}), Error);                // wrong length
  EXPECT_THROW(run_backtest(p, {kTargets, kTargets}, {}), Error);    // wrong asset count
  BacktestConfig neg;
  neg.commission_bps = -1;
  EXPECT_THROW(run_backtest(p, {kTargets}, neg), Error);
  const PriceTable panel = price_table(test::dow30(), {"MSFT"});
  BacktestConfig open;
  open.execution = Execution::NextOpen;
  EXPECT_THROW(run_backtest(panel, {std::vector<double>(panel.rows(), 1.0)}, open), Error);
  EXPECT_THROW(parse_execution("same_bar"), Error);
}

}  // namespace
}  // namespace mlt
