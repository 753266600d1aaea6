// Monte Carlo engine for European, Asian and barrier options under
// Black-Scholes-Merton (exact log-normal steps, no discretisation bias).
//
//   PathOption asian{OptionType::Call, 100.0, 1.0, PathPayoff::AsianArithmetic, 12};
//   McResult r = monte_carlo_price(asian, MarketInputs{100, 0.05, 0.0, 0.2}, McSettings{});
//   // r.price, r.std_error; same seed -> same numbers, on any thread count
//
// Contracts (all pay at expiry; dates t_k = k T / fixings, k = 1..fixings):
//   European         max(w (S_T - K), 0)                    (one exact step)
//   AsianArithmetic  max(w (mean_k S_{t_k} - K), 0)
//   AsianGeometric   max(w (exp(mean_k ln S_{t_k}) - K), 0)
//   Barrier          vanilla payoff, knocked in/out when the spot touches the
//                    barrier; monitoring is continuous (Brownian-bridge
//                    crossing probability between the dates, exp(-2 ln(H/S_k)
//                    ln(H/S_{k+1}) / (sigma^2 dt)), used as a conditional
//                    expectation) or, with brownian_bridge = false, discrete at
//                    the dates. No rebate. A spot already across the barrier is
//                    refused (Error{InvalidArgument}).
// Variance reduction:
//   antithetic       each sample averages the paths of z and -z
//   control_variate  regression-adjusted (beta = Cov(Y, C)/Var(C) from the same
//                    samples) with a control of known mean:
//                      European, AsianGeometric: discounted S_T, mean S e^{-qT}
//                      AsianArithmetic: the geometric Asian, closed form (asian_geometric.h)
//                      Barrier: the vanilla European, Black-Scholes price
// std_error is the standard error of the reported price (sample standard
// deviation of the per-sample estimates / sqrt(samples)).
//
// Threads: blocks of kSamplesPerBlock samples run under OpenMP; `progress` is
// called on the calling thread between chunks of blocks and may throw (e.g.
// Error{Cancelled}) to stop. Throws Error{InvalidArgument} for invalid inputs,
// paths outside [100, 1e9] or fixings outside [1, 10000]. C++17-clean.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "finance/options/option_types.h"

namespace mlt::options {

enum class PathPayoff { European, AsianArithmetic, AsianGeometric, Barrier };
enum class BarrierType { DownAndOut, DownAndIn, UpAndOut, UpAndIn };
std::string_view payoff_name(PathPayoff payoff);  // "european", "asian_arithmetic", ...
PathPayoff parse_payoff(std::string_view name);
std::string_view barrier_name(BarrierType type);  // "down_and_out", ...
BarrierType parse_barrier(std::string_view name);

// The contract.
struct PathOption {
  OptionType type = OptionType::Call;
  Real strike = 0.0;
  Time expiry = 0.0;
  PathPayoff payoff = PathPayoff::European;
  int fixings = 1;  // averaging or monitoring dates (ignored for European)
  BarrierType barrier = BarrierType::DownAndOut;
  Real barrier_level = 0.0;  // Barrier only
};

// The engine's settings.
struct McSettings {
  std::uint64_t paths = 100000;  // simulated paths, antithetic partners included
  std::uint64_t seed = 42;
  bool antithetic = true;
  bool control_variate = true;
  bool brownian_bridge = true;  // Barrier: continuous monitoring
};

struct McResult {
  Real price = 0.0;
  Real std_error = 0.0;
  Real plain_price = 0.0;      // without the control variate (antithetic still applied)
  Real plain_std_error = 0.0;
  Real control_beta = 0.0;     // 0 without a control variate
  std::string control;         // what served as control ("" for none)
  std::uint64_t paths = 0;     // paths simulated
  std::uint64_t samples = 0;   // independent samples (paths / 2 with antithetic)
};

using McProgress = std::function<void(double fraction_done)>;

McResult monte_carlo_price(const PathOption& option, const MarketInputs& market, const McSettings& settings,
                           const McProgress& progress = {});

}  // namespace mlt::options
