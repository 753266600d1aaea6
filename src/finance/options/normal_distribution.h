// The standard normal distribution as the option formulas need it.
//
// norm_cdf is accurate to a few ulps in both tails (it uses erfc, not
// 1 + erf, so deep out-of-the-money prices keep their relative precision).
// inverse_norm_cdf is Wichura's AS241 (PPND16), relative error about 1e-16.
// C++17-clean (included by the QuantLib comparisons).
#pragma once

#include <cmath>

namespace mlt::options {

inline constexpr double kInvSqrt2 = 0.70710678118654752440;
inline constexpr double kInvSqrt2Pi = 0.39894228040143267794;

// Density phi(x).
inline double norm_pdf(double x) { return kInvSqrt2Pi * std::exp(-0.5 * x * x); }
// Distribution Phi(x) = P(Z <= x).
inline double norm_cdf(double x) { return 0.5 * std::erfc(-x * kInvSqrt2); }
// Phi^{-1}(p) for p in (0, 1); -inf / +inf at 0 / 1, NaN outside [0, 1].
double inverse_norm_cdf(double p);

}  // namespace mlt::options
