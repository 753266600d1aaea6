// Labels on the first S&P 500 closes, and their join with features.
#include "features/labels.h"

#include <gtest/gtest.h>

#include <cmath>

#include "features/feature_set.h"
#include "real_data.h"

namespace mlt {
namespace {

TEST(Labels, NextDayDirectionOnFirstSp500Closes) {
  // Closes: 1455.22, 1399.42, 1402.11, 1403.45, 1441.47, 1457.60, 1438.56 ...
  const auto& close = test::sp500().bars().close;
  const auto d = direction_labels(close, 1);
  EXPECT_EQ(d[0], 0.0);  // 01-04 fell
  EXPECT_EQ(d[1], 1.0);  // 01-05 rose
  EXPECT_EQ(d[4], 1.0);  // 01-10 rose
  EXPECT_EQ(d[5], 0.0);  // 01-11 fell
  EXPECT_TRUE(std::isnan(d.back()));
  EXPECT_FALSE(std::isnan(d[close.size() - 2]));
}

TEST(Labels, ForwardReturnLeavesTheLastHorizonRowsEmpty) {
  const auto& close = test::sp500().bars().close;
  const auto f = forward_returns(close, 5);
  EXPECT_NEAR(f[0], 1457.599976 / 1455.219971 - 1, 1e-15);
  for (std::size_t i = close.size() - 5; i < close.size(); ++i) EXPECT_TRUE(std::isnan(f[i]));
  EXPECT_FALSE(std::isnan(f[close.size() - 6]));
}

TEST(Labels, JoinDropsUnlabeledRowsAndKeepsAlignment) {
  const Bars& bars = test::sp500().bars();
  const FeatureMatrix fm = bar_features(bars);
  const LabeledRows lr = join_labels(fm, {forward_returns(bars.close, 3)});
  ASSERT_EQ(lr.X.rows(), fm.rows() - 3);  // never filled, only dropped
  ASSERT_EQ(lr.labels[0].size(), lr.X.rows());
  const std::size_t r = 777, t = lr.X.source_row[r];
  EXPECT_DOUBLE_EQ(lr.labels[0][r], bars.close[t + 3] / bars.close[t] - 1);
  EXPECT_EQ(lr.X.ts[r], bars.ts[t]);
  EXPECT_EQ(lr.X.at(r, 0), fm.at(r, 0));
}

}  // namespace
}  // namespace mlt
