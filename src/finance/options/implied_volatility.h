// Implied volatility under Black-Scholes-Merton: the volatility at which
// bsm_price() reproduces a quoted premium.
//
//   VanillaOption call{OptionType::Call, 20.0, 0.25};
//   ImpliedVol iv = implied_volatility(call, 1.875, MarketInputs{21.0, 0.10, 0.0, 0.0});
//   // iv.volatility ~= 0.235 (Hull); market.volatility is ignored
//
// Method: the price is normalised (Black on the forward, x = ln(F/K), beta =
// undiscounted price / sqrt(F K)), reduced to an out-of-the-money call by
// put-call parity, and solved for the total deviation s = sigma sqrt(T).
// The initial guess is Jäckel's ("Let's be rational", 2015): beta is placed in
// one of four segments split at b(s_l) < b(s_c) < b(s_u) around the inflection
// point s_c = sqrt(2|x|), and s is read off a shape-preserving rational cubic
// (the middle segments) or the inverse of his lower/upper maps (the tails).
// Householder(3) steps (fourth order) then run on ln b(s) below s_c and on
// ln(b_max - b(s)) above it, inside a bisection bracket. Typical quotes (strike
// 50-200% of spot, a week to five years, 5-150% vol) take 1-2 steps; the
// repriced premium matches the quote to about 1e-12 relative wherever the
// quote carries that precision (deep in the money, the time value left after
// removing intrinsic value limits it; far in the tails b(x, s) is
// ill-conditioned at ~1e-11 relative).
//
// Throws Error{InvalidArgument} for invalid contract/market inputs and for a
// premium outside the no-arbitrage bounds, naming the bounds:
//   call: max(S e^{-qT} - K e^{-rT}, 0) < price < S e^{-qT}
//   put:  max(K e^{-rT} - S e^{-qT}, 0) < price < K e^{-rT}
// C++17-clean (included by the QuantLib comparisons).
#pragma once

#include "finance/options/option_types.h"

namespace mlt::options {

struct ImpliedVol {
  Volatility volatility = 0.0;
  int iterations = 0;          // Householder/bisection steps taken (price evaluations)
  Real repricing_error = 0.0;  // bsm_price(volatility) - price
};

ImpliedVol implied_volatility(const VanillaOption& option, Real price, const MarketInputs& market);

// The no-arbitrage bounds (discounted) that implied_volatility() enforces.
struct PriceBounds {
  Real lower = 0.0;
  Real upper = 0.0;
};
PriceBounds no_arbitrage_bounds(const VanillaOption& option, const MarketInputs& market);

// Normalised Black call b(x, s) = e^{x/2} Phi(x/s + s/2) - e^{-x/2} Phi(x/s - s/2)
// and its inverse for x <= 0, 0 < beta < e^{x/2}; exposed for tests.
Real normalised_black_call(Real x, Real s);
Real normalised_total_deviation(Real x, Real beta, int* iterations = nullptr);

}  // namespace mlt::options
