// The look-ahead canary: a feature that peeks one bar ahead (tomorrow's
// return, the very thing being predicted) is added to the real S&P 500
// features. Out-of-sample skill jumps to implausible levels, and the
// pipeline's guard warns and names the feature.
#include "ml/leakage.h"

#include <gtest/gtest.h>

#include "ml_fixture.h"

namespace mlt {
namespace {

TrainingSet with_peek(const TrainingSet& honest) {
  TrainingSet set = honest;
  // forward_return[r] = close[t+1]/close[t]-1: known only tomorrow.
  set.X.add_column("peek_next_return", set.forward_return);
  return set;
}

TEST(Leakage, PeekingFeatureGivesImplausibleSkillAndIsFlagged) {
  const TrainSpec spec = test::small_spec();
  const Json r = train_on_set(with_peek(test::sp500_set()), spec);
  EXPECT_GT(r["metrics"]["accuracy"]["mean"].get<double>(), 0.9);
  EXPECT_GT(r["metrics"]["auc"]["mean"].get<double>(), 0.9);
  ASSERT_FALSE(r["warnings"].empty());
  EXPECT_NE(r["warnings"][0].get<std::string>().find("peek_next_return"), std::string::npos) << r["warnings"][0];
  EXPECT_EQ(r["suspect_features"], Json::array({"peek_next_return"}));
}

TEST(Leakage, HonestFeaturesRaiseNoWarning) {
  const Json r = train_on_set(test::sp500_set(), test::small_spec());
  EXPECT_LT(r["metrics"]["accuracy"]["mean"].get<double>(), 0.65);
  EXPECT_TRUE(r["warnings"].empty());
  EXPECT_TRUE(r["suspect_features"].empty());
}

TEST(Leakage, DetectorRanksThePeekFirst) {
  const TrainingSet set = with_peek(test::sp500_set());
  const std::size_t half = set.X.rows() / 2;
  const auto ranked = rank_features_by_label_correlation(set.X, set.direction, half, set.X.rows(), 3);
  ASSERT_EQ(ranked.size(), 3U);
  EXPECT_EQ(ranked[0].feature, "peek_next_return");
  EXPECT_GT(ranked[0].correlation, 0.5);
  EXPECT_EQ(detect_lookahead_features(set.X, set.direction, half, set.X.rows()),
            std::vector<std::string>{"peek_next_return"});
  EXPECT_TRUE(detect_lookahead_features(test::sp500_set().X, test::sp500_set().direction, half, set.X.rows()).empty());
}

}  // namespace
}  // namespace mlt
