// Strategies on the real S&P 500 closes: causal (the same positions on any
// prefix), hand-checked rules, and parameter grids.
#include <gtest/gtest.h>

#include "core/error.h"
#include "backtest//strategies.h"
#include "features/indicators.h"
#include "unit/features/real_data.h"

namespace mlt {
namespace {

const std::vector<double>& closes() { return test::sp500().bars().close; }

TEST(Strategies, EveryStrategyIsCausal) {
  const auto& c = closes();
  const std::vector<double> prefix(c.begin(), c.begin() + 2500);
  for (const auto& info : strategy_catalog()) {
    for (bool shorts : {false, true}) {
      const StrategySpec spec{info.name, {{"allow_short", shorts}}};
      const auto full = strategy_positions(spec, c), part = strategy_positions(spec, prefix);
      for (std::size_t t = 0; t < prefix.size(); ++t) ASSERT_EQ(full[t], part[t]) << info.name << " t=" << t;
      double active = 0;
      for (double x : full) active += x != 0;
      EXPECT_GT(active, 50) << info.name << " never trades";
      for (double x : full) ASSERT_TRUE(x == 0 || x == 1 || (shorts && x == -1)) << info.name;
    }
  }
}

TEST(Strategies, MaCrossoverFollowsTheAverages) {
  const auto& c = closes();
  const auto pos = strategy_positions({"ma_crossover", {{"fast", 5}, {"slow", 20}}}, c);
  const auto f = sma(c, 5), s = sma(c, 20);
  for (std::size_t t = 0; t < 19; ++t) EXPECT_EQ(pos[t], 0.0);
  for (std::size_t t = 19; t < c.size(); ++t) ASSERT_EQ(pos[t], f[t] > s[t] * (1 + 1e-10) ? 1.0 : 0.0) << t;
}

TEST(Strategies, RsiReversionEntersOversoldAndExitsAtLevel) {
  const auto& c = closes();
  const auto pos = strategy_positions({"rsi_reversion", {{"period", 14}}}, c);
  const auto r = rsi_wilder(c, 14);
  for (std::size_t t = 15; t < c.size(); ++t) {
    if (pos[t] == 1 && pos[t - 1] == 0) {
      ASSERT_LT(r[t], 30.0);
    }
    if (pos[t] == 0 && pos[t - 1] == 1) {
      ASSERT_GE(r[t], 50.0);
    }
  }
}

TEST(Strategies, GridsSkipImpossibleCombinations) {
  const auto grid = expand_grid("ma_crossover", {{"fast", {5, 10, 50}}, {"slow", {20, 50, 100}}});
  EXPECT_EQ(grid.size(), 7u);  // 9 minus (50,20) and (50,50)
  EXPECT_EQ(grid.front().params.dump(), R"({"fast":5,"slow":20})");
  EXPECT_THROW(expand_grid("ma_crossover", {{"speed", {1}}}), Error);
  EXPECT_THROW(expand_grid("ma_crossover", {{"fast", Json::array()}}), Error);
  EXPECT_THROW(expand_grid("nope", Json::object()), Error);
  EXPECT_THROW(strategy_positions({"bollinger", {{"k", -1.0}}}, closes()), Error);
  EXPECT_THROW(strategy_positions({"momentum", {{"lookback", 2.5}}}, closes()), Error);
}

}  // namespace
}  // namespace mlt
