// Metrics against hand arithmetic on tiny vectors, and against values
// computed independently (Python's statistics module) from the first ten
// daily returns of the S&P 500 file (2000-01-04 .. 2000-01-18).
#include "ml/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace mlt {
namespace {

TEST(Metrics, AccuracyByHand) {
  // 0.9->1 ok, 0.4->0 ok, 0.3->0 wrong, 0.6->1 ok.
  EXPECT_DOUBLE_EQ(accuracy(std::vector<double>{1, 0, 1, 1}, std::vector<double>{0.9, 0.4, 0.3, 0.6}), 0.75);
}

TEST(Metrics, RocAucCountsTiesAsHalf) {
  // Positives 0.8, 0.4; negatives 0.4, 0.2. Pairs: 1 + 1 + 0.5 (tie) + 1 = 3.5 of 4.
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{1, 0, 1, 0}, std::vector<double>{0.8, 0.4, 0.4, 0.2}), 0.875);
  EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0, 1}, std::vector<double>{0.1, 0.9}), 1.0);
  EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{1, 1}, std::vector<double>{0.1, 0.9})));
}

TEST(Metrics, LogLossByHandAndClipped) {
  // -(ln 0.8 + ln 0.6) / 2
  EXPECT_NEAR(log_loss(std::vector<double>{1, 0}, std::vector<double>{0.8, 0.4}),
              (0.22314355131420976 + 0.5108256237659907) / 2, 1e-15);
  // p = 0 for a positive is clipped to 1e-15: -ln(1e-15) = 15 ln 10.
  EXPECT_NEAR(log_loss(std::vector<double>{1}, std::vector<double>{0.0}), 15 * std::log(10.0), 1e-9);
}

TEST(Metrics, RegressionErrorsByHand) {
  const std::vector<double> y{1, 2, 3}, p{1, 2, 5};
  EXPECT_DOUBLE_EQ(rmse(y, p), std::sqrt(4.0 / 3.0));
  EXPECT_DOUBLE_EQ(mae(y, p), 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(r2(y, p), -1.0);  // SS_res 4, SS_tot 2
  EXPECT_DOUBLE_EQ(r2(y, y), 1.0);
}

TEST(Metrics, PearsonAndSpearmanByHand) {
  // a dev -1,0,1; b dev -7/3,-1/3,8/3: r = 5 / sqrt(2 * 114/9) = 15 / sqrt(228).
  EXPECT_NEAR(pearson(std::vector<double>{1, 2, 3}, std::vector<double>{2, 4, 7}), 15 / std::sqrt(228.0), 1e-15);
  // Ranks {1,2.5,2.5,4} and {1,3,2,4}: 4.5 / sqrt(4.5 * 5).
  EXPECT_NEAR(spearman(std::vector<double>{1, 2, 2, 3}, std::vector<double>{1, 3, 2, 4}), 4.5 / std::sqrt(22.5), 1e-15);
  EXPECT_EQ(average_ranks(std::vector<double>{3, 1, 3, 2}), (std::vector<double>{3.5, 1, 3.5, 2}));
  EXPECT_TRUE(std::isnan(pearson(std::vector<double>{1, 1}, std::vector<double>{1, 2})));
}

TEST(Metrics, IcOfFirstSp500ReturnsAgainstNextDay) {
  // r[i] = close[i+1]/close[i]-1 for 2000-01-04 .. 2000-01-18; IC of today vs tomorrow.
  const std::vector<double> r = {
      -0.03834466823710192, 0.0019221827009932024, 0.0009556782380377715, 0.027090399606277016, 0.011189969492607643,
      -0.01306251187808749, -0.004386371608555817, 0.012169700820387375,  0.01067129947557377,  -0.006832071007084828};
  const std::vector<double> today(r.begin(), r.end() - 1), tomorrow(r.begin() + 1, r.end());
  EXPECT_NEAR(pearson(today, tomorrow), 0.07470056903652936, 1e-12);
  EXPECT_NEAR(spearman(today, tomorrow), -0.06666666666666667, 1e-12);  // 1 - 6*sum(d^2)/(9*80)
  // Signs today - + + + + - - + +, tomorrow + + + + - - + + -: 5 agree.
  EXPECT_NEAR(directional_accuracy(tomorrow, today), 5.0 / 9.0, 1e-15);
}

TEST(Metrics, MismatchedLengthsAreInvalidArgument) {
  EXPECT_THROW(rmse(std::vector<double>{1, 2}, std::vector<double>{1}), Error);
  EXPECT_THROW(accuracy(std::vector<double>{}, std::vector<double>{}), Error);
}

}  // namespace
}  // namespace mlt
