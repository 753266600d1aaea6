// Statistics recomputed independently from the per-bar returns of a real
// backtest, and drawdowns of the real S&P 500 closes (2000-2020).
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "backtest//chart_series.h"
#include "backtest/drawdown.h"
#include "backtest/engine.h"
#include "backtest/signal.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

TEST(Performance, StatisticsFollowTheirDefinitions) {
  const PriceTable p = price_table(test::sp500());
  const BacktestResult r = run_backtest(p, strategy_targets({"ma_crossover", Json::object()}, p), BacktestConfig{});
  const auto& x = r.returns;
  const double n = static_cast<double>(x.size() - 1);
  double mean = 0, down = 0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    mean += x[i] / n;
    down += x[i] < 0 ? x[i] * x[i] / n : 0;
  }
  double var = 0;
  for (std::size_t i = 1; i < x.size(); ++i) var += (x[i] - mean) * (x[i] - mean) / (n - 1);
  EXPECT_NEAR(r.stats.sharpe, mean / std::sqrt(var) * std::sqrt(252.0), 1e-12);
  EXPECT_NEAR(r.stats.sortino, mean / std::sqrt(down) * std::sqrt(252.0), 1e-12);
  EXPECT_NEAR(r.stats.volatility, std::sqrt(var * 252.0), 1e-12);
  EXPECT_NEAR(r.stats.cagr, std::pow(r.equity.back(), 252.0 / n) - 1, 1e-12);
  const DrawdownAnalysis dd = analyze_drawdowns(r.ts, r.equity);
  EXPECT_DOUBLE_EQ(r.stats.max_drawdown, dd.max_drawdown);
  EXPECT_NEAR(r.stats.calmar, r.stats.cagr / -dd.max_drawdown, 1e-12);
  EXPECT_GT(r.stats.trades, 20u);
  EXPECT_GT(r.stats.exposure, 0.3);
  EXPECT_LT(r.stats.exposure, 1.0);
}

TEST(Drawdown, GfcIsTheDeepestEpisodeOfTheSp500) {
  const Bars& b = test::sp500().bars();
  const DrawdownAnalysis dd = analyze_drawdowns(b.ts, b.close);
  ASSERT_FALSE(dd.episodes.empty());
  const DrawdownEpisode& gfc = dd.episodes.front();
  EXPECT_EQ(format_date(gfc.peak_ts), "2007-10-09");
  EXPECT_EQ(format_date(gfc.trough_ts), "2009-03-09");
  ASSERT_TRUE(gfc.recovery_ts.has_value());
  EXPECT_EQ(format_date(*gfc.recovery_ts), "2013-03-28");
  EXPECT_NEAR(gfc.depth, 676.530029 / 1565.150024 - 1, 1e-9);  // closes from the file
  EXPECT_DOUBLE_EQ(dd.max_drawdown, gfc.depth);
  // The longest time under water is the dot-com peak of 2000-03-24 regained on 2007-05-30.
  std::size_t longest = 0;
  for (const auto& e : dd.episodes) longest = std::max(longest, e.duration_bars);
  EXPECT_EQ(longest, dd.max_duration_bars);
  EXPECT_THROW(analyze_drawdowns(b.ts, std::vector<double>(b.size(), -1.0)), Error);
}

TEST(ChartSeries, DownsamplesButKeepsTheExtremes) {
  const Bars& b = test::sp500().bars();
  const DrawdownAnalysis dd = analyze_drawdowns(b.ts, b.close);
  const Json chart = chart_series(b.ts, dd.drawdown);
  EXPECT_LE(chart.size(), kMaxChartPoints);
  double lowest = 0;
  for (const auto& pt : chart) lowest = std::min(lowest, pt["value"].get<double>());
  EXPECT_DOUBLE_EQ(lowest, dd.max_drawdown);
  EXPECT_EQ(chart.front()["t"], "2000-01-03");
  EXPECT_EQ(chart.back()["t"], format_date(b.ts.back()));
  EXPECT_EQ(chart_series(b.ts, b.close, 10000).size(), b.size());
}

TEST(Signals, PredictionsAlignByTimestamp) {
  const Dataset ds = test::load_real("market/sp500_daily_2000-2020.csv", "sp500", "2011-08-01", "2011-08-12");
  const PriceTable p = price_table(ds);
  // A classifier's probabilities for three of the ten days (one date is not a bar: 2011-08-06 is a Saturday).
  Series preds{"p_up", {p.ts[2], p.ts[5], *parse_timestamp("2011-08-06")}, {0.7, 0.2, 0.9}};
  SignalRule rule{SignalMode::Threshold, 0.55, true};
  const auto w = targets_from_series(p, {preds}, rule);
  EXPECT_EQ(w[0][2], 1.0);
  EXPECT_EQ(w[0][5], -1.0);
  double others = 0;
  for (std::size_t i = 0; i < 10; ++i)
    if (i != 2 && i != 5) others += std::fabs(w[0][i]);
  EXPECT_EQ(others, 0.0);
  EXPECT_THROW(targets_from_series(p, {preds, preds}, rule), Error);
  Series none{"x", {*parse_timestamp("1990-01-02")}, {1.0}};
  EXPECT_THROW(targets_from_series(p, {none}, rule), Error);
}

}  // namespace
}  // namespace mlt
