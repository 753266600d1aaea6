// The added classification metrics and the trading metrics, by hand.
#include "ml/trading_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "ml/fold_metrics.h"
#include "ml/metrics.h"

namespace mlt {
namespace {

TEST(Metrics, BalancedAccuracyF1AndBrierByHand) {
  const std::vector<double> y{1, 1, 1, 0}, p{0.9, 0.6, 0.2, 0.7};
  // TP 2, FN 1, FP 1, TN 0: TPR 2/3, TNR 0 -> 1/3; F1 = 4 / (4 + 1 + 1) = 2/3.
  EXPECT_NEAR(balanced_accuracy(y, p), 1.0 / 3.0, 1e-15);
  EXPECT_NEAR(f1_score(y, p), 2.0 / 3.0, 1e-15);
  // (0.01 + 0.16 + 0.64 + 0.49) / 4 = 0.325
  EXPECT_NEAR(brier_score(y, p), 0.325, 1e-15);
  EXPECT_TRUE(std::isnan(balanced_accuracy(std::vector<double>{1, 1}, std::vector<double>{0.2, 0.8})));
  EXPECT_EQ(f1_score(std::vector<double>{0, 0}, std::vector<double>{0.2, 0.1}), 0.0);
}

TEST(TradingMetrics, LongShortPnlAfterCostsByHand) {
  // Forecast signs +,+,-,0 -> positions 1,1,-1,0; returns .01,-.02,-.03,.05.
  // Gross pnl .01, -.02, .03, 0; changes 1,0,2,1 at 10 bp -> costs .001,0,.002,.001.
  // Net .009, -.02, .028, -.001: sum .016, mean .004.
  const std::vector<double> f{0.3, 0.1, -0.2, 0.0}, r{0.01, -0.02, -0.03, 0.05};
  const TradingMetrics m = trading_metrics(f, r, {.neutral = 0.0, .cost_bps = 10.0, .horizon = 1});
  EXPECT_NEAR(m.total_return, 0.016, 1e-15);
  EXPECT_NEAR(m.turnover, 1.0, 1e-15);  // (1+0+2+1)/4
  EXPECT_NEAR(m.hit_rate, 2.0 / 3.0, 1e-15);  // three active rows, two gains
  // Equity .009, -.011, .017, .016: peak .009 then trough -.011 -> drawdown .020.
  EXPECT_NEAR(m.max_drawdown, 0.020, 1e-15);
  double ss = 0;
  for (double v : {0.009, -0.02, 0.028, -0.001}) ss += (v - 0.004) * (v - 0.004);
  EXPECT_NEAR(m.sharpe, 0.004 / std::sqrt(ss / 3) * std::sqrt(252.0), 1e-9);
  // Horizon 5 annualises with sqrt(252 / 5).
  const TradingMetrics m5 = trading_metrics(f, r, {.neutral = 0.0, .cost_bps = 10.0, .horizon = 5});
  EXPECT_NEAR(m5.sharpe, m.sharpe / std::sqrt(5.0), 1e-9);
  EXPECT_THROW(trading_metrics(f, std::vector<double>{0.1}, {}), Error);
}

TEST(FoldMetrics, ReportTheFullSetAndIcir) {
  const std::vector<double> y{1, 0, 1, 0}, p{0.8, 0.3, 0.6, 0.4}, fwd{0.01, -0.01, 0.02, -0.005};
  const Json m = fold_metrics(Task::Classification, y, p, fwd);
  for (const char* k : {"accuracy", "balanced_accuracy", "f1", "auc", "log_loss", "brier", "ic", "sharpe", "hit_rate",
                        "max_drawdown", "turnover"})
    EXPECT_TRUE(m.contains(k)) << k;
  EXPECT_EQ(m["hit_rate"], 1.0);
  const Json s = summarize_folds({{"ic", {0.02, 0.04, 0.06}}});
  EXPECT_NEAR(s["icir"]["mean"].get<double>(), 0.04 / 0.02, 1e-12);
  EXPECT_FALSE(metric_higher_is_better("rmse"));
  EXPECT_TRUE(metric_higher_is_better("sharpe"));
}

}  // namespace
}  // namespace mlt
