// Reproducible Gaussian streams and geometric-Brownian-motion paths, shared
// by the Monte Carlo engine and simulate_gbm() so that both see the same paths.
//
// Reproducibility: the samples are cut into blocks of kSamplesPerBlock; block b
// draws from its own std::mt19937_64 seeded with splitmix64(seed, b). Blocks
// are independent of which thread runs them and are summed in block order, so
// the same seed gives the same numbers on any thread count. Normals come from
// inverting the distribution (AS241) of 53-bit uniforms, which is portable
// (std::normal_distribution differs between standard libraries).
// C++17-clean.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "finance/options/normal_distribution.h"
#include "finance/options/option_types.h"

namespace mlt::options {

inline constexpr std::uint64_t kSamplesPerBlock = 2048;

// SplitMix64 finaliser of (seed, stream): decorrelates consecutive block seeds.
inline std::uint64_t splitmix64(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t z = seed + (stream + 1) * 0x9E3779B97F4A7C15ULL;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

class NormalStream {
 public:
  NormalStream(std::uint64_t seed, std::uint64_t block) : engine_(splitmix64(seed, block)) {}
  double next() {
    // Uniform in the open interval (0, 1): never 0 or 1, so the inverse is finite.
    const double u = (static_cast<double>(engine_() >> 11) + 0.5) * 0x1.0p-53;
    return inverse_norm_cdf(u);
  }
  void fill(std::vector<double>& z) {
    for (double& v : z) v = next();
  }

 private:
  std::mt19937_64 engine_;
};

// Exact GBM steps in log space on an equal grid t_k = k T / steps:
// ln S_{k+1} = ln S_k + (r - q - sigma^2/2) dt + sigma sqrt(dt) z_k.
struct GbmGrid {
  double log_spot = 0.0, drift = 0.0, diffusion = 0.0, dt = 0.0;
  int steps = 1;
  GbmGrid(const MarketInputs& m, Time horizon, int n_steps)
      : log_spot(std::log(m.spot)),
        drift((m.rate - m.dividend - 0.5 * m.volatility * m.volatility) * horizon / n_steps),
        diffusion(m.volatility * std::sqrt(horizon / n_steps)),
        dt(horizon / n_steps),
        steps(n_steps) {}
  // Fills log_path[0..steps] from z[0..steps-1]; sign = -1 gives the antithetic path.
  void log_path(const std::vector<double>& z, double sign, std::vector<double>& out) const {
    out[0] = log_spot;
    for (int k = 0; k < steps; ++k) out[k + 1] = out[k] + drift + sign * diffusion * z[k];
  }
};

}  // namespace mlt::options
