#include "finance/options/simulation.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "finance/options/path_generation.h"

namespace mlt::options {

Simulation::Simulation(MarketInputs model, std::vector<Time> times, std::size_t paths, std::vector<Real> spots,
                       std::uint64_t seed, bool antithetic)
    : model_(model), times_(std::move(times)), paths_(paths), spots_(std::move(spots)), seed_(seed),
      antithetic_(antithetic) {
  if (spots_.size() != paths_ * times_.size())
    throw Error(ErrorKind::Internal, "Simulation: spots do not match paths x times");
}

Real Simulation::spot(std::size_t path, std::size_t step) const {
  if (path >= paths_ || step >= times_.size())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("path {} step {} is outside the simulation ({} paths, {} times)", path, step, paths_,
                            times_.size()));
  return spots_[path * times_.size() + step];
}

std::vector<Real> Simulation::path(std::size_t path) const {
  spot(path, 0);  // range check
  const auto first = spots_.begin() + static_cast<std::ptrdiff_t>(path * times_.size());
  return {first, first + static_cast<std::ptrdiff_t>(times_.size())};
}

Simulation simulate_gbm(const MarketInputs& market, Time horizon, int steps, std::size_t paths, std::uint64_t seed,
                        bool antithetic) {
  validate(VanillaOption{OptionType::Call, market.spot, horizon, ExerciseStyle::European}, market);
  if (steps < 1 || steps > 10000)
    throw Error(ErrorKind::InvalidArgument, fmt::format("steps = {} is out of range", steps),
                "use between 1 and 10000 time steps");
  if (paths < 1 || paths > 1'000'000 || paths * static_cast<std::size_t>(steps + 1) > 20'000'000)
    throw Error(ErrorKind::InvalidArgument, fmt::format("{} paths x {} steps is too many to store", paths, steps),
                "store at most 2e7 spots; price with monte_carlo_price(), which does not keep paths");
  const GbmGrid grid(market, horizon, steps);
  const std::size_t width = static_cast<std::size_t>(steps) + 1;
  std::vector<Real> spots(paths * width);
  std::vector<double> z(static_cast<std::size_t>(steps)), log_path(width);
  const std::size_t per_sample = antithetic ? 2 : 1;
  // The pricer's block layout: one stream per block, samples drawn in order.
  const std::uint64_t samples = (paths + per_sample - 1) / per_sample;
  for (std::uint64_t block = 0; block * kSamplesPerBlock < samples; ++block) {
    NormalStream stream(seed, block);
    const std::uint64_t end = std::min<std::uint64_t>(samples, (block + 1) * kSamplesPerBlock);
    for (std::uint64_t s = block * kSamplesPerBlock; s < end; ++s) {
      stream.fill(z);
      for (std::size_t a = 0; a < per_sample; ++a) {
        const std::size_t p = s * per_sample + a;
        if (p >= paths) break;
        grid.log_path(z, a == 0 ? 1.0 : -1.0, log_path);
        spots[p * width] = market.spot;  // exact, not exp(log(spot))
        for (std::size_t k = 1; k < width; ++k) spots[p * width + k] = std::exp(log_path[k]);
      }
    }
  }
  std::vector<Time> times(width);
  for (std::size_t k = 0; k < width; ++k) times[k] = horizon * static_cast<double>(k) / steps;
  return Simulation(market, std::move(times), paths, std::move(spots), seed, antithetic);
}

}  // namespace mlt::options
