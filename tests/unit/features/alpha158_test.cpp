// Alpha158 on the real S&P 500 bars: column set, hand-computed values,
// and causality by truncation (features on bars[0..t] == full series at t).
#include "features/alpha158.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/error.h"
#include "features/feature_recipe.h"
#include "real_data.h"

namespace mlt {
namespace {

const Bars& sp500_bars() {
  static const Bars b = test::load_real("market/sp500_daily_2000-2020.csv", "sp", "2008-01-01", "2010-12-31").bars();
  return b;
}

Bars prefix(const Bars& b, std::size_t n) {
  Bars out;
  auto cut = [n](const std::vector<double>& v) { return std::vector<double>(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(n)); };
  out.ts.assign(b.ts.begin(), b.ts.begin() + static_cast<std::ptrdiff_t>(n));
  out.open = cut(b.open);
  out.high = cut(b.high);
  out.low = cut(b.low);
  out.close = cut(b.close);
  out.volume = cut(b.volume);
  return out;
}

double col(const FeatureColumns& f, const std::string& name, std::size_t t) {
  for (std::size_t c = 0; c < f.names.size(); ++c)
    if (f.names[c] == name) return f.columns[c][t];
  ADD_FAILURE() << "no column " << name;
  return std::nan("");
}

TEST(Alpha158, HasTheQlibColumnsAndDropsSixtyWarmupRows) {
  const FeatureColumns f = alpha158_columns(sp500_bars());
  EXPECT_EQ(f.names.size(), 157U);  // Qlib's 158 minus VWAP0 (no VWAP in OHLCV files)
  for (const char* n : {"KMID", "KSFT2", "OPEN0", "LOW0", "ROC5", "BETA60", "RSQR30", "RESI10", "QTLU20", "RANK60",
                        "RSV5", "IMXD30", "CORR60", "CORD5", "CNTD10", "SUMD20", "VMA5", "WVMA60", "VSUMD30"})
    EXPECT_NE(std::find(f.names.begin(), f.names.end(), n), f.names.end()) << n;
  const FeatureMatrix fm = alpha158_features(sp500_bars());
  EXPECT_EQ(fm.source_row.front(), 60U);  // ROC60/CNTP60... need 61 bars
  EXPECT_EQ(fm.rows(), sp500_bars().size() - 60);
}

TEST(Alpha158, MatchesHandArithmeticOnRealBars) {
  const Bars& b = sp500_bars();
  const FeatureColumns f = alpha158_columns(b);
  const std::size_t t = 300;
  const double c = b.close[t];
  EXPECT_DOUBLE_EQ(col(f, "KMID", t), (c - b.open[t]) / b.open[t]);
  EXPECT_DOUBLE_EQ(col(f, "KLEN", t), (b.high[t] - b.low[t]) / b.open[t]);
  EXPECT_DOUBLE_EQ(col(f, "ROC5", t), b.close[t - 5] / c);
  double m = 0, hi = b.high[t], lo = b.low[t];
  for (std::size_t i = t - 4; i <= t; ++i) {
    m += b.close[i] / 5;
    hi = std::max(hi, b.high[i]);
    lo = std::min(lo, b.low[i]);
  }
  EXPECT_NEAR(col(f, "MA5", t), m / c, 1e-12);
  EXPECT_NEAR(col(f, "MAX5", t), hi / c, 1e-12);
  EXPECT_NEAR(col(f, "RSV5", t), (c - lo) / (hi - lo + 1e-12), 1e-12);
  int up = 0;
  for (std::size_t i = t - 9; i <= t; ++i) up += b.close[i] > b.close[i - 1] ? 1 : 0;
  EXPECT_NEAR(col(f, "CNTP10", t), up / 10.0, 1e-12);
  // A straight line has slope = its step and R^2 = 1: check BETA/RSQR on 5 closes by hand.
  double sxy = 0, sxx = 0;
  for (int i = 0; i < 5; ++i) {
    sxy += (i - 2.0) * (b.close[t - 4 + static_cast<std::size_t>(i)] - m);
    sxx += (i - 2.0) * (i - 2.0);
  }
  EXPECT_NEAR(col(f, "BETA5", t), sxy / sxx / c, 1e-12);
  const double r = col(f, "RSQR5", t);
  EXPECT_TRUE(r >= 0.0 && r <= 1.0);
}

TEST(Alpha158, IsCausalUnderTruncation) {
  const Bars& b = sp500_bars();
  const FeatureColumns full = alpha158_columns(b);
  for (std::size_t t : {61UL, 100UL, 250UL, b.size() - 1}) {
    const FeatureColumns part = alpha158_columns(prefix(b, t + 1));
    ASSERT_EQ(part.names, full.names);
    for (std::size_t c = 0; c < full.names.size(); ++c)
      ASSERT_EQ(part.columns[c][t], full.columns[c][t]) << full.names[c] << " at " << t;
  }
}

TEST(Alpha158, CloseOnlyPanelColumnGetsTheCloseSubset) {
  const Panel& p = test::dow30().panel();
  const FeatureMatrix fm = alpha158_close_features(p.ts, p.values[0]);
  EXPECT_EQ(fm.cols(), 21U * 5U);  // no k-bar, price-ratio, CORR/CORD or volume columns
  EXPECT_LT(fm.column_index("KMID"), 0);
  EXPECT_GE(fm.column_index("QTLD60"), 0);
  for (double v : fm.values) ASSERT_TRUE(std::isfinite(v));
}

TEST(FeatureRecipe, NamedSetsAndUnknownName) {
  EXPECT_EQ(feature_set_for_bars(sp500_bars(), "alpha158").cols(), 157U);
  EXPECT_EQ(feature_set_for_bars(sp500_bars(), "standard").cols(), 15U);
  try {
    (void)feature_set_for_bars(sp500_bars(), "alpha360");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::InvalidArgument);
    EXPECT_NE(e.hint().find("alpha158"), std::string::npos);
  }
}

}  // namespace
}  // namespace mlt
