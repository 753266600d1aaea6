// Simulation: Monte Carlo price paths. Model output, never data.
//
// DESIGN.md rule 1: training, validation and backtests take an mlt::Dataset,
// which only approved sources can construct (data/dataset.h). A Simulation is
// deliberately a different type with no timestamps, no Provenance and no
// conversion to Dataset, Bars or Series, so simulated paths cannot become
// training data (tests/unit/finance/options_simulation_test.cpp asserts
// this at compile time). Use it for charts and for checking the pricers.
//
//   Simulation sim = simulate_gbm(MarketInputs{100, 0.05, 0.0, 0.2}, 1.0, 12, 1000, 42);
//   double s = sim.spot(7, 12);   // path 7 at t = 1.0
//
// C++17-clean.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "finance/options/option_types.h"

namespace mlt::options {

class Simulation {
 public:
  // The model that produced the paths, the time grid (years, times[0] = 0) and
  // path-major spots: spots[p * times.size() + k].
  Simulation(MarketInputs model, std::vector<Time> times, std::size_t paths, std::vector<Real> spots,
             std::uint64_t seed, bool antithetic);

  const MarketInputs& model() const { return model_; }
  const std::vector<Time>& times() const { return times_; }
  std::size_t paths() const { return paths_; }
  std::uint64_t seed() const { return seed_; }
  bool antithetic() const { return antithetic_; }
  // Spot of `path` at time index `step`; throws Error{InvalidArgument} when out of range.
  Real spot(std::size_t path, std::size_t step) const;
  // One path's spots at every time of times().
  std::vector<Real> path(std::size_t path) const;

 private:
  MarketInputs model_;
  std::vector<Time> times_;
  std::size_t paths_;
  std::vector<Real> spots_;
  std::uint64_t seed_;
  bool antithetic_;
};

// Risk-neutral GBM paths on an equal grid of `steps` steps up to `horizon`
// years. With antithetic, paths 2k and 2k+1 use z and -z. The paths are the
// ones monte_carlo_price() draws with the same seed, steps and antithetic
// setting. Throws Error{InvalidArgument} for invalid inputs, steps outside
// [1, 10000], paths outside [1, 1e6] or more than 2e7 stored spots.
Simulation simulate_gbm(const MarketInputs& market, Time horizon, int steps, std::size_t paths, std::uint64_t seed,
                        bool antithetic = true);

}  // namespace mlt::options
