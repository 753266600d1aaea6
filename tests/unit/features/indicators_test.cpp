// Indicators against hand arithmetic on tiny vectors and against values
// computed independently (Python, statistics module) from the first S&P 500
// closes of January 2000.
#include "features/indicators.h"

#include <gtest/gtest.h>

#include <cmath>

#include "real_data.h"

namespace mlt {
namespace {

const std::vector<double>& closes() {
  return test::sp500().bars().close;
}

TEST(Indicators, PctChangeOnFirstSp500Closes) {
  const auto r1 = pct_change(closes(), 1);
  EXPECT_TRUE(std::isnan(r1[0]));
  EXPECT_NEAR(r1[1], 1399.420044 / 1455.219971 - 1, 1e-15);  // 2000-01-04: -3.83 %
  EXPECT_NEAR(r1[1], -0.03834466823710192, 1e-12);
  const auto r5 = pct_change(closes(), 5);
  EXPECT_TRUE(std::isnan(r5[4]));
  EXPECT_NEAR(r5[5], 1457.599976 / 1455.219971 - 1, 1e-15);
}

TEST(Indicators, SmaAndRatioOnFirstSp500Closes) {
  const auto s = sma(closes(), 5);
  EXPECT_TRUE(std::isnan(s[3]));
  EXPECT_NEAR(s[4], 1420.3339844, 1e-7);  // mean of the first five closes
  EXPECT_NEAR(ratio_to(closes(), s)[4], 0.014880997590808409, 1e-12);
}

TEST(Indicators, EmaIsSeededWithSmaThenSmoothed) {
  // alpha = 2/(3+1) = 0.5; seed = (1+2+3)/3 = 2; then 0.5*4+0.5*2 = 3; 0.5*5+0.5*3 = 4.
  const auto e = ema({1, 2, 3, 4, 5}, 3);
  EXPECT_TRUE(std::isnan(e[1]));
  EXPECT_DOUBLE_EQ(e[2], 2.0);
  EXPECT_DOUBLE_EQ(e[3], 3.0);
  EXPECT_DOUBLE_EQ(e[4], 4.0);
}

TEST(Indicators, RsiWilderByHand) {
  // Changes +1,-1,+1,+1 with n=2: seed gain 0.5 / loss 0.5 -> 50;
  // then gain (0.5+1)/2 = 0.75, loss 0.25 -> 75; then 0.875 / 0.125 -> 87.5.
  const auto r = rsi_wilder({1, 2, 1, 2, 3}, 2);
  EXPECT_TRUE(std::isnan(r[1]));
  EXPECT_DOUBLE_EQ(r[2], 50.0);
  EXPECT_DOUBLE_EQ(r[3], 75.0);
  EXPECT_DOUBLE_EQ(r[4], 87.5);
}

TEST(Indicators, Rsi14OnFirstSp500Closes) {
  const auto r = rsi_wilder(closes(), 14);
  EXPECT_TRUE(std::isnan(r[13]));
  EXPECT_NEAR(r[14], 38.69065784389016, 1e-9);
  EXPECT_NEAR(r[15], 40.96717829430909, 1e-9);
}

TEST(Indicators, RollingVolatilityOfLogReturns) {
  const auto v = rolling_std(log_returns(closes()), 10);
  EXPECT_TRUE(std::isnan(v[9]));  // log returns start at t=1, so 10 of them end at t=10
  EXPECT_NEAR(v[10], 0.017857039078731585, 1e-12);
  // Hand: std of {1,2,3,4} with n-1 = sqrt(5/3).
  EXPECT_NEAR(rolling_std({1, 2, 3, 4}, 4)[3], std::sqrt(5.0 / 3.0), 1e-15);
}

TEST(Indicators, ZScoreByHand) {
  // Window {1,2,3}: mean 2, sample std 1 -> (3-2)/1 = 1. A constant window has no z-score.
  EXPECT_DOUBLE_EQ(rolling_zscore({1, 2, 3}, 3)[2], 1.0);
  EXPECT_TRUE(std::isnan(rolling_zscore({2, 2, 2}, 3)[2]));
}

TEST(Indicators, NaNOnlyPoisonsWindowsThatContainIt) {
  const double nan = std::nan("");
  const auto s = sma({1, 2, nan, 4, 5, 6}, 2);
  EXPECT_TRUE(std::isnan(s[2]));
  EXPECT_TRUE(std::isnan(s[3]));
  EXPECT_DOUBLE_EQ(s[4], 4.5);
  const auto e = ema({1, 2, nan, 4, 6, 8}, 2);  // reseeds at t=4 with (4+6)/2
  EXPECT_TRUE(std::isnan(e[3]));
  EXPECT_DOUBLE_EQ(e[4], 5.0);
  EXPECT_DOUBLE_EQ(e[5], 2.0 / 3.0 * 8 + 1.0 / 3.0 * 5);
}

}  // namespace
}  // namespace mlt
