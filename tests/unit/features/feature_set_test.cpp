// The standard feature set on the real S&P 500 and Dow-30 files: names,
// warm-up handling, and causality (truncation invariance).
#include "features/feature_set.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "real_data.h"

namespace mlt {
namespace {

Bars head(const Bars& b, std::size_t n) {
  Bars out;
  auto take = [n](const std::vector<double>& v) {
    return std::vector<double>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n));
  };
  out.ts.assign(b.ts.begin(), b.ts.begin() + static_cast<std::ptrdiff_t>(n));
  out.open = take(b.open);
  out.high = take(b.high);
  out.low = take(b.low);
  out.close = take(b.close);
  out.volume = take(b.volume);
  return out;
}

TEST(FeatureSet, Sp500HasAllFeaturesAndDropsWarmUp) {
  const Bars& bars = test::sp500().bars();
  const FeatureMatrix fm = bar_features(bars);
  const std::vector<std::string> expected = {"ret_1",        "ret_5",        "ret_10",           "ret_20",
                                             "sma_ratio_5",  "sma_ratio_10", "sma_ratio_20",     "sma_ratio_50",
                                             "ema_ratio_12", "ema_ratio_26", "rsi_14",           "vol_10",
                                             "vol_20",       "volume_z_20",  "log_volume_change"};
  EXPECT_EQ(fm.names, expected);
  // SMA(50) is the longest window: the first complete row is the 50th bar.
  ASSERT_EQ(fm.rows(), bars.size() - 49);
  EXPECT_EQ(fm.source_row.front(), 49U);
  EXPECT_EQ(fm.ts.front(), bars.ts[49]);
  for (double v : fm.values) ASSERT_TRUE(std::isfinite(v));
  // Row r is bar source_row[r]: ret_1 there is that bar's own return.
  const std::size_t r = 1000, t = fm.source_row[r];
  EXPECT_DOUBLE_EQ(fm.at(r, 0), bars.close[t] / bars.close[t - 1] - 1);
  EXPECT_NEAR(fm.at(r, static_cast<std::size_t>(fm.column_index("log_volume_change"))),
              std::log(bars.volume[t] / bars.volume[t - 1]), 1e-15);
}

TEST(FeatureSet, FeaturesAtTUseOnlyBarsUpToT) {
  // Truncation test: features computed on bars[0..t] equal the full-series
  // features at row t, for t sampled over the whole S&P 500 file.
  const Bars& bars = test::sp500().bars();
  const FeatureColumns full = bar_feature_columns(bars);
  int checked = 0;
  for (std::size_t t = 30; t < bars.size(); t += 211) {
    const FeatureColumns cut = bar_feature_columns(head(bars, t + 1));
    ASSERT_EQ(cut.names, full.names);
    for (std::size_t c = 0; c < full.columns.size(); ++c) {
      const double a = cut.columns[c][t], b = full.columns[c][t];
      if (std::isnan(b)) {
        EXPECT_TRUE(std::isnan(a)) << full.names[c] << " at " << t;
      } else {
        EXPECT_EQ(a, b) << full.names[c] << " at " << t;  // bit-identical, not merely close
      }
    }
    ++checked;
  }
  EXPECT_GE(checked, 20);
}

TEST(FeatureSet, Dow30ColumnGivesCloseOnlyFeatures) {
  const Panel& p = test::dow30().panel();
  const FeatureMatrix fm = panel_features(p, "MSFT");
  EXPECT_EQ(fm.cols(), 13U);  // no volume in a closes-only file
  EXPECT_EQ(fm.column_index("volume_z_20"), -1);
  EXPECT_EQ(fm.rows(), p.size() - 49);
  const int msft = p.column_index("MSFT");
  const auto& c = p.values[static_cast<std::size_t>(msft)];
  EXPECT_DOUBLE_EQ(fm.at(0, 0), c[49] / c[48] - 1);
}

TEST(FeatureSet, UnknownPanelColumnIsNotFoundWithHint) {
  try {
    (void)panel_features(test::dow30().panel(), "AAPL");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
    EXPECT_NE(e.hint().find("MSFT"), std::string::npos);
  }
}

}  // namespace
}  // namespace mlt
