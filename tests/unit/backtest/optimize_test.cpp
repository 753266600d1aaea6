// Grid search and walk-forward optimisation on real Dow-30 closes
// (5 stocks, 1993-2000).
#include <gtest/gtest.h>

#include "core/error.h"
#include "backtest//optimize.h"
#include "backtest/signal.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

const PriceTable& dow5() {
  static const PriceTable p = price_table(test::dow30(), {"MSFT", "KO", "IBM", "GE", "XOM"},
                                          *parse_timestamp("1993-01-01"), *parse_timestamp("2000-12-31"));
  return p;
}

std::vector<StrategySpec> small_grid() {
  return expand_grid("ma_crossover", {{"fast", {5, 10, 20}}, {"slow", {50, 100, 200}}});
}

TEST(GridSearch, EachPointEqualsItsOwnBacktest) {
  const auto grid = small_grid();
  std::vector<double> fractions;
  SearchCallbacks cb{[&](double f, const std::string&) { fractions.push_back(f); }, {}};
  const auto points = grid_search(dow5(), grid, BacktestConfig{}, cb);
  ASSERT_EQ(points.size(), grid.size());
  for (std::size_t i = 0; i < grid.size(); ++i) {
    const BacktestResult r = run_backtest(dow5(), strategy_targets(grid[i], dow5()), BacktestConfig{});
    EXPECT_DOUBLE_EQ(points[i].stats.sharpe, r.stats.sharpe);
    EXPECT_EQ(points[i].spec.params, grid[i].params);
  }
  ASSERT_FALSE(fractions.empty());
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
  const std::size_t best = best_point(points, "sharpe");
  for (const auto& pt : points) EXPECT_LE(pt.stats.sharpe, points[best].stats.sharpe);
}

TEST(GridSearch, CancellationStopsTheSearch) {
  SearchCallbacks cb{{}, [] { throw Error(ErrorKind::Cancelled, "cancelled"); }};
  EXPECT_THROW(grid_search(dow5(), small_grid(), BacktestConfig{}, cb), Error);
}

TEST(WalkForward, ChoosesOnTrainingRowsOnlyAndStitchesOutOfSample) {
  WalkForwardSpec wf;
  wf.train_bars = 504;
  wf.test_bars = 252;
  const auto grid = small_grid();
  const WalkForwardResult r = walk_forward(dow5(), grid, BacktestConfig{}, wf);
  ASSERT_GE(r.folds.size(), 5u);
  for (std::size_t f = 0; f < r.folds.size(); ++f) {
    const auto& fold = r.folds[f];
    EXPECT_EQ(fold.train_last + 1, fold.test_first);
    EXPECT_EQ(fold.test_first - fold.train_first, 504u);
    if (f > 0) {
      EXPECT_EQ(r.folds[f - 1].test_last + 1, fold.test_first);
    }
    // Independently: the best spec on the training rows alone.
    const auto pts = grid_search(dow5(), grid, BacktestConfig{}, {}, fold.train_first, fold.train_last);
    EXPECT_EQ(pts[best_point(pts, "sharpe")].spec.params, fold.chosen.params) << "fold " << f;
  }
  EXPECT_EQ(r.out_of_sample.ts.front(), dow5().ts[503]);
  EXPECT_EQ(r.out_of_sample.ts.back(), dow5().ts.back());
  wf.train_bars = 5000;
  EXPECT_THROW(walk_forward(dow5(), grid, BacktestConfig{}, wf), Error);
  wf.train_bars = 504;
  wf.objective = "luck";
  EXPECT_THROW(walk_forward(dow5(), grid, BacktestConfig{}, wf), Error);
}

}  // namespace
}  // namespace mlt
