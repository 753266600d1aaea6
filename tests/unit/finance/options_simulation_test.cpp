// Simulated paths are a Simulation, never a Dataset: documented at compile
// time. And the stored paths are the ones the pricer draws.
#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>

#include "core/error.h"
#include "data/dataset.h"
#include "finance/options/monte_carlo.h"
#include "finance/options/simulation.h"

namespace mlt::options {
namespace {

// DESIGN.md rule 1: training data is a Dataset, constructible only with an
// ApprovedSourceKey. Simulated paths cannot become one by any route.
static_assert(!std::is_constructible_v<Dataset, Simulation>, "a Simulation must not become a Dataset");
static_assert(!std::is_convertible_v<Simulation, Dataset>, "a Simulation must not convert to a Dataset");
static_assert(!std::is_constructible_v<Dataset, const Simulation&, std::string>, "no Dataset from paths");
static_assert(!std::is_constructible_v<Bars, Simulation>, "no Bars from paths");
static_assert(!std::is_constructible_v<Series, Simulation>, "no Series from paths");
static_assert(!std::is_default_constructible_v<ApprovedSourceKey>, "only approved sources mint keys");

TEST(Simulation, PathsAreThePricersPaths) {
  const MarketInputs m{100.0, 0.05, 0.0, 0.3};
  const Simulation sim = simulate_gbm(m, 1.0, 4, 1000, 99, /*antithetic=*/true);
  ASSERT_EQ(sim.paths(), 1000u);
  ASSERT_EQ(sim.times().size(), 5u);
  EXPECT_EQ(sim.spot(0, 0), 100.0);
  EXPECT_NEAR(sim.times().back(), 1.0, 1e-15);
  double sum = 0.0;
  for (std::size_t p = 0; p < sim.paths(); ++p) {
    double avg = 0.0;
    for (std::size_t k = 1; k <= 4; ++k) avg += sim.spot(p, k) / 4.0;
    sum += std::max(avg - 100.0, 0.0);
  }
  McSettings s;
  s.paths = 1000;
  s.seed = 99;
  s.control_variate = false;
  const McResult r = monte_carlo_price(PathOption{OptionType::Call, 100.0, 1.0, PathPayoff::AsianArithmetic, 4}, m, s);
  EXPECT_NEAR(r.price, std::exp(-0.05) * sum / 1000.0, 1e-12);
}

TEST(Simulation, SameSeedSamePathsAndRangeChecks) {
  const MarketInputs m{50.0, 0.01, 0.0, 0.2};
  const Simulation a = simulate_gbm(m, 0.5, 10, 7, 5, false);
  const Simulation b = simulate_gbm(m, 0.5, 10, 7, 5, false);
  EXPECT_EQ(a.path(6), b.path(6));
  EXPECT_THROW(a.spot(7, 0), Error);
  EXPECT_THROW(simulate_gbm(m, 0.5, 0, 7, 5), Error);
  EXPECT_THROW(simulate_gbm(m, -1.0, 10, 7, 5), Error);
}

}  // namespace
}  // namespace mlt::options
