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

#include <cstddef>
#include <string>
#include <vector>

#include "finance/options/black_scholes.h"
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

// Batch implied volatility: element i solves options[i] (its volatility
// column is ignored, like market.volatility above) for prices[i].
//
// Most quotes are solved on the vector path (vector_math.h; AVX2 and AVX-512
// clones picked at load time on x86-64): blocks of 128 quotes go through
// separate branch-free `#pragma omp simd` loops over struct-of-arrays scratch
// (normalisation, Jäckel's segments, his initial guess with all four segments
// evaluated by selects, kBatchSteps Householder(3) steps, the stopping rule),
// so every lane of a vector register solves its own quote. A lane whose last step was
// above the scalar solver's convergence threshold, whose inputs lie outside
// the fast functions' domain (deep wings, normalised time value below 1e-280,
// extreme spot/strike), or whose price is invalid, is solved again by
// implied_volatility() above. Results agree with implied_volatility() to
// ~1e-12 relative in price (not bit for bit). Batches of kParallelImpliedVol
// or more are split across OpenMP threads.
//
// Never throws for a bad quote: each one is reported in `failures` (index
// order) with the scalar path's message prefixed by "option <i>: ", and its
// volatility is NaN; throw_if_failed() turns the first into an Error.
// Throws Error{InvalidArgument} only when the columns have different lengths.
struct ImpliedVolFailure {
  std::size_t index = 0;
  std::string message;  // e.g. "option 3: call price 25 is outside the no-arbitrage bounds (...)"
  std::string hint;
};

struct ImpliedVolBatch {
  std::vector<Volatility> volatility;      // NaN where the quote failed
  std::vector<ImpliedVolFailure> failures;  // in index order
  std::size_t scalar_solves = 0;            // quotes (failed ones included) that took implied_volatility()
  std::size_t size() const { return volatility.size(); }
  // Throws Error{InvalidArgument} with the first failure's message and hint
  // (and how many more failed); does nothing when every quote was solved.
  void throw_if_failed() const;
};

void implied_volatility_batch(const OptionBatch& options, const std::vector<Real>& prices, ImpliedVolBatch& out);
inline constexpr int kBatchSteps = 2;
inline constexpr std::size_t kParallelImpliedVol = 2048;

// Normalised Black call b(x, s) = e^{x/2} Phi(x/s + s/2) - e^{-x/2} Phi(x/s - s/2)
// and its inverse for x <= 0, 0 < beta < e^{x/2}; exposed for tests.
Real normalised_black_call(Real x, Real s);
Real normalised_total_deviation(Real x, Real beta, int* iterations = nullptr);

}  // namespace mlt::options
