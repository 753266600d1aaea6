// JSON requests for the options engines: what the finance.* option actions
// run (src/actions/option_actions.cpp declares them; this file is testable
// without the action registry). Arguments are already schema-validated; the
// engines re-check ranges and throw Error{InvalidArgument} with hints.
//
// Common arguments: type ("call"|"put"), strike, spot, volatility, rate
// (default 0), dividend (default 0), and the expiry either as expiry_years or
// as valuation_date + expiry_date (ISO dates, ACT/365F). Rates are decimals,
// continuously compounded.
#pragma once

#include <cstdint>

#include "core/json.h"
#include "finance/options/monte_carlo.h"

namespace mlt::options {

// Largest simulation (paths x fixings) that option_price_request runs inline;
// larger ones belong to the finance.option_mc trial.
inline constexpr std::uint64_t kInstantMcBudget = 2'000'000;

// method "bsm" (default): price + delta, gamma, vega, theta, rho.
// method "binomial": tree "lr"|"crr", steps; American contracts report the
//   European value on the same tree and the early-exercise premium.
// method "mc": European only, paths x 1 <= kInstantMcBudget; price + std_error.
Json option_price_request(const Json& args, std::uint64_t default_seed);

// Monte Carlo for european / asian_arithmetic / asian_geometric / barrier
// payoffs with progress; optionally returns sample_paths paths for charts.
Json option_mc_request(const Json& args, std::uint64_t default_seed, const McProgress& progress);

// Implied volatility of a premium; bounds are reported with the result.
Json implied_vol_request(const Json& args);

// Chart data: payoff at expiry, profit at expiry and Black-Scholes value
// today against spot, for a long position in the option.
Json option_payoff_request(const Json& args);

}  // namespace mlt::options
