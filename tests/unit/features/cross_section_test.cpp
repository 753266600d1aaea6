// Cross-sectional ranks, excess-return labels and the stacked panel, on
// the real Dow-30 closes. Expected ranks and labels are worked out by hand
// from the closes quoted in the comments (read off the CSV file).
#include "features/cross_section.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"
#include "features/feature_set.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

const std::vector<std::string> kSix = {"AA", "AXP", "T", "BA", "CAT", "HON"};

std::size_t row_of(const Panel& p, const std::string& date) {
  for (std::size_t r = 0; r < p.size(); ++r)
    if (format_date(p.ts[r]) == date) return r;
  ADD_FAILURE() << "no row dated " << date;
  return 0;
}

double close_at(const Panel& p, const std::string& symbol, const std::string& date) {
  return p.values[static_cast<std::size_t>(p.column_index(symbol))][row_of(p, date)];
}

// A stacked matrix of the real closes and one-day returns of `symbols` on
// `dates` (date-major), as a feature table to rank.
FeatureMatrix close_and_return_rows(const std::vector<std::string>& dates, const std::vector<std::string>& symbols) {
  const Panel& p = test::dow30().panel();
  FeatureMatrix m;
  m.names = {"close", "ret_1"};
  for (const auto& d : dates) {
    const std::size_t r = row_of(p, d);
    for (const auto& s : symbols) {
      const auto& col = p.values[static_cast<std::size_t>(p.column_index(s))];
      m.ts.push_back(p.ts[r]);
      m.source_row.push_back(r);
      m.values.push_back(col[r]);
      m.values.push_back(col[r] / col[r - 1] - 1.0);
    }
  }
  return m;
}

TEST(CrossSectionalRank, RealDowDatesByHand) {
  const Panel& p = test::dow30().panel();
  // The closes the expectations below were worked out from.
  EXPECT_DOUBLE_EQ(close_at(p, "AA", "1995-06-01"), 10.5);
  EXPECT_DOUBLE_EQ(close_at(p, "AA", "1995-06-02"), 10.22);
  EXPECT_DOUBLE_EQ(close_at(p, "HON", "1995-06-02"), 18.37);
  EXPECT_DOUBLE_EQ(close_at(p, "BA", "1995-06-05"), 29.89);
  const FeatureMatrix m = close_and_return_rows({"1991-01-02", "1995-06-02", "1995-06-05"}, kSix);
  const FeatureMatrix unit = cross_sectional_rank(m, RankScale::Unit);
  ASSERT_EQ(unit.rows(), 18U);
  const auto ret_rank = [&](std::size_t date, std::size_t sym) { return unit.at(date * 6 + sym, 1); };
  // 1991-01-02 repeats 1990-12-31 (a known defect of the file): every
  // return is 0, one six-way tie, so every rank is the middle.
  for (std::size_t s = 0; s < 6; ++s) EXPECT_DOUBLE_EQ(ret_rank(0, s), 0.5);
  // 1995-06-02 returns: AA 10.22/10.5-1 = -2.67%, CAT 25.2/25.73-1 = -2.06%,
  // AXP 11.15/11.15-1 = 0 and HON 18.37/18.37-1 = 0 (tied: average of
  // positions 2 and 3), T 25.09/25.03-1 = +0.24%, BA 28.62/28.44-1 = +0.63%.
  EXPECT_DOUBLE_EQ(ret_rank(1, 0), 0.0);        // AA
  EXPECT_DOUBLE_EQ(ret_rank(1, 4), 1.0 / 5.0);  // CAT
  EXPECT_DOUBLE_EQ(ret_rank(1, 1), 2.5 / 5.0);  // AXP
  EXPECT_DOUBLE_EQ(ret_rank(1, 5), 2.5 / 5.0);  // HON
  EXPECT_DOUBLE_EQ(ret_rank(1, 2), 4.0 / 5.0);  // T
  EXPECT_DOUBLE_EQ(ret_rank(1, 3), 1.0);        // BA
  // 1995-06-05: AXP -1.35% < T -0.24% < HON +0.60% < CAT +1.07% < AA +2.54% < BA +4.44%.
  EXPECT_DOUBLE_EQ(ret_rank(2, 1), 0.0);
  EXPECT_DOUBLE_EQ(ret_rank(2, 2), 0.2);
  EXPECT_DOUBLE_EQ(ret_rank(2, 5), 0.4);
  EXPECT_DOUBLE_EQ(ret_rank(2, 4), 0.6);
  EXPECT_DOUBLE_EQ(ret_rank(2, 0), 0.8);
  EXPECT_DOUBLE_EQ(ret_rank(2, 3), 1.0);
  // Close levels on 1995-06-02: AA 10.22 < AXP 11.15 < HON 18.37 < T 25.09 < CAT 25.2 < BA 28.62.
  EXPECT_DOUBLE_EQ(unit.at(6 + 0, 0), 0.0);
  EXPECT_DOUBLE_EQ(unit.at(6 + 1, 0), 0.2);
  EXPECT_DOUBLE_EQ(unit.at(6 + 5, 0), 0.4);
  EXPECT_DOUBLE_EQ(unit.at(6 + 2, 0), 0.6);
  EXPECT_DOUBLE_EQ(unit.at(6 + 4, 0), 0.8);
  EXPECT_DOUBLE_EQ(unit.at(6 + 3, 0), 1.0);

  // Centred is the unit rank minus 0.5; the input is left as it was.
  const FeatureMatrix centred = cross_sectional_rank(m);
  for (std::size_t i = 0; i < unit.values.size(); ++i) EXPECT_DOUBLE_EQ(centred.values[i], unit.values[i] - 0.5);
  EXPECT_DOUBLE_EQ(m.at(6, 0), 10.22);
}

TEST(CrossSectionalRank, MissingValuesAreSkipped) {
  FeatureMatrix m = close_and_return_rows({"1995-06-05"}, kSix);
  m.values[4 * 2 + 1] = std::nan("");  // CAT's return unknown that day
  const FeatureMatrix unit = cross_sectional_rank(m, RankScale::Unit);
  // Five finite returns: AXP < T < HON < AA < BA -> 0, 1/4, 2/4, 3/4, 1.
  EXPECT_TRUE(std::isnan(unit.at(4, 1)));
  EXPECT_DOUBLE_EQ(unit.at(1, 1), 0.0);
  EXPECT_DOUBLE_EQ(unit.at(2, 1), 0.25);
  EXPECT_DOUBLE_EQ(unit.at(5, 1), 0.5);
  EXPECT_DOUBLE_EQ(unit.at(0, 1), 0.75);
  EXPECT_DOUBLE_EQ(unit.at(3, 1), 1.0);
}

TEST(CrossSectionalRank, RejectsRowsOutOfDateOrder) {
  FeatureMatrix m = close_and_return_rows({"1995-06-05", "1995-06-02"}, {"AA", "AXP", "T"});
  EXPECT_THROW(cross_sectional_rank(m), Error);
}

TEST(ExcessReturnLabels, RealDowDateByHand) {
  const Panel& p = test::dow30().panel();
  const std::vector<std::string> three = {"AA", "AXP", "T"};
  const std::size_t t = row_of(p, "1995-06-01");
  // h = 1: AA 10.5 -> 10.22, AXP 11.15 -> 11.15, T 25.03 -> 25.09.
  const double aa = 10.22 / 10.5 - 1, axp = 0.0, tt = 25.09 / 25.03 - 1;
  const double mean = (aa + axp + tt) / 3;
  const ExcessLabels one = excess_return_labels(p, three, 1);
  EXPECT_NEAR(one.forward_return[0][t], aa, 1e-12);
  EXPECT_NEAR(one.excess_return[0][t], aa - mean, 1e-12);  // -1.86%
  EXPECT_NEAR(one.excess_return[1][t], axp - mean, 1e-12);  // +0.81%
  EXPECT_NEAR(one.excess_return[2][t], tt - mean, 1e-12);   // +1.05%
  EXPECT_EQ(one.excess_direction[0][t], 0.0);
  EXPECT_EQ(one.excess_direction[1][t], 1.0);
  EXPECT_EQ(one.excess_direction[2][t], 1.0);
  // h = 2 (to 1995-06-05): AA 10.48, AXP 11, T 25.03.
  const ExcessLabels two = excess_return_labels(p, three, 2);
  const double aa2 = 10.48 / 10.5 - 1, axp2 = 11.0 / 11.15 - 1, t2 = 0.0;
  const double mean2 = (aa2 + axp2 + t2) / 3;
  EXPECT_NEAR(two.excess_return[0][t], aa2 - mean2, 1e-12);
  EXPECT_NEAR(two.excess_return[1][t], axp2 - mean2, 1e-12);
  EXPECT_NEAR(two.excess_return[2][t], t2 - mean2, 1e-12);
  // Excess returns sum to zero on every labelled date; the last h dates have none.
  for (std::size_t r = 0; r + 2 < p.size(); ++r)
    EXPECT_NEAR(two.excess_return[0][r] + two.excess_return[1][r] + two.excess_return[2][r], 0.0, 1e-12);
  for (std::size_t s = 0; s < 3; ++s) {
    EXPECT_TRUE(std::isnan(two.excess_return[s][p.size() - 1]));
    EXPECT_TRUE(std::isnan(two.excess_direction[s][p.size() - 2]));
  }
  EXPECT_THROW(excess_return_labels(p, three, 0), Error);
}

TEST(StackPanelFeatures, RowsByDateThenSymbol) {
  const Panel& p = test::dow30().panel();
  const PanelFeatures pf = stack_panel_features(p, {}, "standard");
  ASSERT_EQ(pf.index.symbols.size(), 30U);
  ASSERT_EQ(pf.X.rows(), pf.index.date.size());
  ASSERT_GT(pf.index.n_dates, 2400U);
  for (std::size_t r = 1; r < pf.X.rows(); ++r) {
    ASSERT_LE(pf.X.ts[r - 1], pf.X.ts[r]);
    if (pf.X.ts[r - 1] == pf.X.ts[r]) {
      ASSERT_LT(pf.index.symbol[r - 1], pf.index.symbol[r]);
      ASSERT_EQ(pf.index.date[r - 1], pf.index.date[r]);
    } else {
      ASSERT_EQ(pf.index.date[r - 1] + 1, pf.index.date[r]);
    }
  }
  // Each stacked row is that symbol's own single-series feature row.
  const FeatureMatrix msft = panel_features(p, "MSFT");
  const auto sym = static_cast<std::size_t>(p.column_index("MSFT"));
  std::size_t checked = 0;
  for (std::size_t r = 0, k = 0; r < pf.X.rows(); ++r) {
    if (pf.index.symbol[r] != sym) continue;
    ASSERT_EQ(pf.X.ts[r], msft.ts[k]);
    for (std::size_t c = 0; c < msft.cols(); ++c) ASSERT_EQ(pf.X.at(r, c), msft.at(k, c));
    ++k;
    checked = k;
  }
  EXPECT_EQ(checked, msft.rows());
}

TEST(StackPanelFeatures, ClearErrors) {
  const Panel& p = test::dow30().panel();
  EXPECT_THROW(stack_panel_features(p, {"AA", "MSFT"}, "standard"), Error);  // fewer than 3
  EXPECT_THROW(stack_panel_features(p, {"AA", "MSFT", "AA"}, "standard"), Error);
  try {
    stack_panel_features(p, {"AA", "MSFT", "NOPE"}, "standard");
    ADD_FAILURE() << "unknown symbol accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
}

// Causality: dropping every date after 1995-12-29 changes no feature (and
// no rank) of the dates kept, because features and ranks at t read data up
// to t only.
TEST(StackPanelFeatures, TruncationLeavesEarlierRowsUnchanged) {
  const Dataset cut = test::load_real("market/dowjones30_close_1991-2000.csv", "dow30_cut", "", "1995-12-29");
  const FeatureMatrix full = cross_sectional_rank(stack_panel_features(test::dow30().panel(), {}, "standard").X);
  const FeatureMatrix part = cross_sectional_rank(stack_panel_features(cut.panel(), {}, "standard").X);
  ASSERT_GT(part.rows(), 20000U);
  ASSERT_LT(part.rows(), full.rows());
  for (std::size_t r = 0; r < part.rows(); ++r) {
    ASSERT_EQ(part.ts[r], full.ts[r]);
    for (std::size_t c = 0; c < part.cols(); ++c) ASSERT_EQ(part.at(r, c), full.at(r, c)) << r << " " << c;
  }
}

}  // namespace
}  // namespace mlt
