// Black-Scholes-Merton engine: European calls and puts on an underlying with
// a continuous dividend yield q (carry b = r - q; q = r gives Black-76 on a
// future, q = foreign rate gives Garman-Kohlhagen).
//
//   VanillaOption call{OptionType::Call, 40.0, 0.5};          // strike, expiry (years)
//   MarketInputs mkt{42.0, 0.10, 0.0, 0.20};                   // spot, r, q, vol
//   Greeks g = bsm_greeks(call, mkt);                           // g.price == 4.7594 (Hull)
//
// Units: see option_types.h (theta per year, vega per 1.00 vol, rho per 1.00
// rate). Throws Error{InvalidArgument} for invalid inputs; the exercise style
// of the contract is ignored (European formula). Thread-safe, no state.
// C++17-clean (included by the QuantLib comparisons).
#pragma once

#include <cstddef>
#include <vector>

#include "finance/options/option_types.h"

namespace mlt::options {

struct Greeks {
  Real price = 0.0;
  Real delta = 0.0;  // dV/dS
  Real gamma = 0.0;  // d2V/dS2
  Real vega = 0.0;   // dV/dsigma, per 1.00 of volatility
  Real theta = 0.0;  // dV/dt as calendar time passes, per year (negative for most long options)
  Real rho = 0.0;    // dV/dr, per 1.00 of rate
};

Real bsm_price(const VanillaOption& option, const MarketInputs& market);
Greeks bsm_greeks(const VanillaOption& option, const MarketInputs& market);

// Struct-of-arrays batch: element i is one option with its own market inputs.
// All vectors must have the same length.
struct OptionBatch {
  std::vector<OptionType> type;
  std::vector<Real> spot, strike, expiry, rate, dividend, volatility;
  std::size_t size() const { return spot.size(); }
  void reserve(std::size_t n);
  void push_back(const VanillaOption& option, const MarketInputs& market);
};

struct GreeksBatch {
  std::vector<Real> price, delta, gamma, vega, theta, rho;
  std::size_t size() const { return price.size(); }
  void resize(std::size_t n);
  Greeks at(std::size_t i) const { return Greeks{price[i], delta[i], gamma[i], vega[i], theta[i], rho[i]}; }
};

// Prices and Greeks for every element. Validates every element in the same
// pass (throws Error{InvalidArgument} naming the first bad element's index
// and field; `out` then holds no meaningful values), in a branch-free SIMD
// loop with its own exp/log/Phi (vector_math.h;
// AVX2 and AVX-512 clones picked at load time on x86-64); batches of
// kParallelBatch or more are split across OpenMP threads. Results agree with
// bsm_greeks() to 1e-13 relative (tiny out-of-the-money values: to 1e-15 of
// spot + strike), not bit for bit; the rare inputs outside the fast functions'
// domain (S/K or T subnormal, sigma sqrt(T) < 1e-150, S or K outside
// [1e-250, 1e250]) take the scalar kernel.
// `out` is resized to in.size().
void bsm_greeks_batch(const OptionBatch& in, GreeksBatch& out);
inline constexpr std::size_t kParallelBatch = 16384;

}  // namespace mlt::options
