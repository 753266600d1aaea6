// Stress windows replayed on real data: the S&P 500 file for 2000-2020
// crises, an equal-weight Dow-30 portfolio for the 1990s ones.
#include <gtest/gtest.h>

#include "core/error.h"
#include "finance/risk/stress.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

TEST(RiskStress, Sp500WindowsMatchTheFileCloses) {
  const AssetReturns r = asset_returns(test::sp500());
  const auto out = stress_test(r, Eigen::VectorXd::Ones(1), historical_stress_windows());
  for (const auto& o : out) {
    if (o.window.name == "covid_2020") {
      ASSERT_TRUE(o.covered);
      EXPECT_NEAR(o.total_return, 2237.399902 / 3386.149902 - 1, 1e-12);  // 2020-02-19 -> 2020-03-23
      EXPECT_EQ(format_date(o.worst_day_ts), "2020-03-16");
      EXPECT_NEAR(o.worst_day, 2386.129883 / 2711.020020 - 1, 1e-12);
      EXPECT_EQ(o.days, 23u);
    }
    if (o.window.name == "gfc_2007_2009") {
      EXPECT_NEAR(o.total_return, 676.530029 / 1565.150024 - 1, 1e-12);
    }
    if (o.window.name == "ltcm_1998" || o.window.name == "asian_crisis_1997") {
      EXPECT_FALSE(o.covered);
    }
    if (o.covered) {
      EXPECT_LE(o.max_drawdown, std::min(0.0, o.total_return) + 1e-12);
      EXPECT_NEAR(o.contributions[0].second, o.total_return, 1e-12);  // one asset, weight 1
    }
  }
  EXPECT_EQ(out.size(), historical_stress_windows().size());
}

TEST(RiskStress, Dow30PortfolioReplaysThe1998Crisis) {
  const AssetReturns r = asset_returns(test::dow30());
  const Eigen::VectorXd w = Eigen::VectorXd::Constant(30, 1.0 / 30);
  const auto out = stress_test(r, w, {find_stress_window("ltcm_1998"), find_stress_window("covid_2020")});
  ASSERT_TRUE(out[0].covered);
  EXPECT_LT(out[0].total_return, -0.10);
  EXPECT_FALSE(out[1].covered);
  const Json j = out[0].to_json(1e6);
  EXPECT_NEAR(j["pnl"].get<double>(), 1e6 * out[0].total_return, 1e-6);
  EXPECT_EQ(j["contributions"].size(), 30u);
  EXPECT_THROW(find_stress_window("tulips_1637"), Error);
}

}  // namespace
}  // namespace mlt
