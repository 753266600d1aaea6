// Branch-free exp, log and normal CDF that GCC and clang vectorise inside
// `#pragma omp simd` loops (libm's calls block vectorisation). Internal to
// the batch Black-Scholes kernel; the scalar API keeps using libm.
//
// Accuracy (tests/unit/finance/options_vector_math_test.cpp: against libm, and Phi against mpmath):
//   exp_sum(a, b)  e^(a+b) within 2 ulp for a+b in [-1400, 1400]; outside it
//                  saturates (0 or +inf). b is a small correction to a that
//                  is added after range reduction, so e^(-z^2) keeps full
//                  relative precision when z^2 is carried as hi + lo.
//   sqrt_normal(x) sqrt x within 1 ulp for normal positive x.
//   log_normal(x)  ln x within 2 ulp for normal positive x (DBL_MIN..DBL_MAX);
//                  callers route subnormal/inf/NaN inputs to libm.
//   norm_cdf_simd  Phi(x) with relative error below 1e-14 in both tails down
//                  to Phi ~ 1e-307 (erfc as t exp(-z^2 + Chebyshev(t)),
//                  t = 2/(2+z), Numerical Recipes 3rd ed. 6.2.2; 30
//                  coefficients recomputed with mpmath at 50 digits).
// Rounding does not depend on -ffp-contract: every splitting used stays
// exact (or only gets better) when products are fused.
// C++17-clean, header-only, no state.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

// Forced inlining: a call left in a `#pragma omp simd` loop stops
// vectorisation, and clang's inliner judges norm_cdf_simd too large.
#if defined(__GNUC__)
#define MLT_SIMD_INLINE inline __attribute__((always_inline))
#else
#define MLT_SIMD_INLINE inline
#endif

namespace mlt::options::simd {

MLT_SIMD_INLINE std::uint64_t to_bits(double x) {
  std::uint64_t u;
  std::memcpy(&u, &x, sizeof u);
  return u;
}
MLT_SIMD_INLINE double from_bits(std::uint64_t u) {
  double x;
  std::memcpy(&x, &u, sizeof x);
  return x;
}

// 1.5 * 2^52: adding it rounds a double of magnitude < 2^51 to an integer
// held in the low mantissa bits (the usual SSE2-friendly double->int trick).
inline constexpr double kRoundShift = 6755399441055744.0;
inline constexpr double kLog2e = 1.4426950408889634074;
// fdlibm's split of ln 2: kLn2Hi has 32 significant bits, so n * kLn2Hi is exact for |n| < 2^20.
inline constexpr double kLn2Hi = 6.93147180369123816490e-01;
inline constexpr double kLn2Lo = 1.90821492927058770002e-10;

// 2^n for an integer-valued double n in [-1022, 1023].
MLT_SIMD_INLINE double pow2_int(double n) {
  const std::uint64_t k = to_bits(n + kRoundShift) - to_bits(kRoundShift);  // n as two's complement
  return from_bits((k + 1023u) << 52);
}

// e^(a + b) where |b| is small next to the rounding of a (b = 0 is fine).
MLT_SIMD_INLINE double exp_sum(double a, double b) {
  a = a < -1400.0 ? -1400.0 : (a > 1400.0 ? 1400.0 : a);
  const double n = ((a + b) * kLog2e + kRoundShift) - kRoundShift;  // round((a+b)/ln2)
  const double r = ((a - n * kLn2Hi) + b) - n * kLn2Lo;             // |r| <= ~0.35
  // Taylor to r^13: truncation below 1e-17 on |r| <= 0.35.
  double p = 1.0 / 6227020800.0;
  p = p * r + 1.0 / 479001600.0;
  p = p * r + 1.0 / 39916800.0;
  p = p * r + 1.0 / 3628800.0;
  p = p * r + 1.0 / 362880.0;
  p = p * r + 1.0 / 40320.0;
  p = p * r + 1.0 / 5040.0;
  p = p * r + 1.0 / 720.0;
  p = p * r + 1.0 / 120.0;
  p = p * r + 1.0 / 24.0;
  p = p * r + 1.0 / 6.0;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // Two scalings so that results in the subnormal range (and overflow) come out right.
  const double n1 = (n * 0.5 + kRoundShift) - kRoundShift;
  return p * pow2_int(n1) * pow2_int(n - n1);
}

MLT_SIMD_INLINE double exp_simd(double x) {
  return exp_sum(x, 0.0);
}

// sqrt x for a normal positive finite x, within 1 ulp. std::sqrt does not
// vectorise under GCC's default -fmath-errno (it keeps a branch to set errno).
MLT_SIMD_INLINE double sqrt_normal(double x) {
  double y = from_bits(0x5fe6eb50c7b537a9ull - (to_bits(x) >> 1));  // 1/sqrt(x) to ~3.5%
  y = y * (1.5 - 0.5 * x * y * y);                                  // Newton: error squared each step
  y = y * (1.5 - 0.5 * x * y * y);
  y = y * (1.5 - 0.5 * x * y * y);
  y = y * (1.5 - 0.5 * x * y * y);
  const double s = x * y;
  return s + 0.5 * y * (x - s * s);  // one correction on sqrt itself
}

// ln x for a normal positive finite x (see the header comment).
MLT_SIMD_INLINE double log_normal(double x) {
  const std::uint64_t u = to_bits(x);
  const double biased = from_bits(0x4330000000000000ull | (u >> 52)) - 4503599627370496.0;  // exponent field
  double m = from_bits((u & 0x000fffffffffffffull) | 0x3ff0000000000000ull);                // [1, 2)
  const bool high = m > 1.4142135623730951;
  m = high ? 0.5 * m : m;  // [sqrt(1/2), sqrt(2)): keeps f small
  const double e = biased - (high ? 1022.0 : 1023.0);
  // ln m = 2 atanh(f), f = (m-1)/(m+1), |f| <= 0.1716: series to f^19, truncation < 1e-17.
  const double f = (m - 1.0) / (m + 1.0);
  const double s = f * f;
  double p = 1.0 / 19.0;
  p = p * s + 1.0 / 17.0;
  p = p * s + 1.0 / 15.0;
  p = p * s + 1.0 / 13.0;
  p = p * s + 1.0 / 11.0;
  p = p * s + 1.0 / 9.0;
  p = p * s + 1.0 / 7.0;
  p = p * s + 1.0 / 5.0;
  p = p * s + 1.0 / 3.0;
  const double log_m = 2.0 * f + 2.0 * f * s * p;
  return e * kLn2Hi + (e * kLn2Lo + log_m);
}

// Chebyshev coefficients of ln(erfc(z) / t) + z^2 on y = 2t - 1, t = 2 / (2 + z).
inline constexpr double kErfcCheb[30] = {
    -1.3026537197817094,     6.4196979235649026e-1,   1.9476473204185836e-2,   -9.5615147868086316e-3,
    -9.4659534448203687e-4,  3.6683949785276145e-4,   4.2523324806907772e-5,   -2.0278578112534243e-5,
    -1.6242900046470255e-6,  1.3036558355805232e-6,   1.5626441722066143e-8,   -8.5238095914926543e-8,
    6.5290544390988515e-9,   5.0593434955514689e-9,   -9.9136415649303309e-10, -2.2736512229318359e-10,
    9.6467911020155268e-11,  2.3940380830391147e-12,  -6.8860275264975534e-12, 8.9448792730907257e-13,
    3.1309213993429581e-13,  -1.1270822361367252e-13, 3.8109052551892321e-16,  7.106097613609237e-15,
    -1.5230282014571043e-15, -9.457494571291234e-17,  1.210237189224279e-16,   -2.816663087747177e-17,
    5.0030055594459017e-20,  2.3281042579529253e-18};

// Clenshaw recurrence from coefficient J down to 1, unrolled at compile time:
// clang does not vectorise an outer loop around an inner one, even a constant one.
template <int J>
MLT_SIMD_INLINE void clenshaw(double ty, double& d, double& dd) {
  const double tmp = d;
  d = ty * d - dd + kErfcCheb[J];
  dd = tmp;
  if constexpr (J > 1) clenshaw<J - 1>(ty, d, dd);
}

// Phi(x) = P(Z <= x), vectorisable; same contract as norm_cdf() (erfc-based, accurate in both tails).
MLT_SIMD_INLINE double norm_cdf_simd(double x) {
  double ax = std::fabs(x);
  ax = ax < 38.6 ? ax : 38.6;  // Phi(-38.6) underflows to 0 in double anyway
  const double z = ax * 0.70710678118654752440;
  const double t = 2.0 / (2.0 + z);
  const double ty = 4.0 * t - 2.0;
  double d = 0.0, dd = 0.0;
  clenshaw<29>(ty, d, dd);
  const double g = 0.5 * (kErfcCheb[0] + ty * d) - dd;
  // z^2 = x^2 / 2 from x itself (rounding z = |x|/sqrt 2 first would cost
  // 2 z^2 ulps deep in the tail), as xh^2 / 2, exact because xh has 4
  // fractional bits, plus a small remainder folded into the exponent's
  // correction term.
  const double xh = ((ax * 16.0 + kRoundShift) - kRoundShift) * 0.0625;
  const double tail = 0.5 * t * exp_sum(-0.5 * xh * xh, g - 0.5 * (ax - xh) * (ax + xh));  // Phi(-|x|)
  return x < 0.0 ? tail : 1.0 - tail;
}

}  // namespace mlt::options::simd
