// Branch-free exp, log and normal CDF that GCC and clang vectorise inside
// `#pragma omp simd` loops (libm's calls block vectorisation). Internal to
// the batch Black-Scholes kernel; the scalar API keeps using libm.
//
// Accuracy (tests/unit/finance/options_vector_math_test.cpp: against libm, and Phi against mpmath):
//   exp_sum(a, b)  e^(a+b) within 2 ulp for a+b in [-1400, 1400]; outside it
//                  saturates (0 or +inf). b is a small correction to a that
//                  is added after range reduction, so e^(-z^2) keeps full
//                  relative precision when z^2 is carried as hi + lo.
//   exp_moderate(x) e^x within 2 ulp for |x| <= 700 (cheaper; no saturation).
//   sqrt_normal(x) sqrt x within 1 ulp for normal positive x.
//   log_normal(x)  ln x within 2 ulp for normal positive x (DBL_MIN..DBL_MAX);
//                  callers route subnormal/inf/NaN inputs to libm.
//   norm_cdf_simd  Phi(x) with relative error below 1e-14 in both tails down
//                  to Phi ~ 1e-307 (Cody's rational approximations in three
//                  ranges of |x|, times e^{-x^2/2} outside the centre).
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

// e^r for |r| <= ~0.35: Taylor to r^13, truncation below 1e-17.
MLT_SIMD_INLINE double exp_reduced(double r) {
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
  return p * r + 1.0;
}

// e^(a + b) where |b| is small next to the rounding of a (b = 0 is fine).
MLT_SIMD_INLINE double exp_sum(double a, double b) {
  a = a < -1400.0 ? -1400.0 : (a > 1400.0 ? 1400.0 : a);
  const double n = ((a + b) * kLog2e + kRoundShift) - kRoundShift;  // round((a+b)/ln2)
  const double r = ((a - n * kLn2Hi) + b) - n * kLn2Lo;             // |r| <= ~0.35
  // Two scalings so that results in the subnormal range (and overflow) come out right.
  const double n1 = (n * 0.5 + kRoundShift) - kRoundShift;
  return exp_reduced(r) * pow2_int(n1) * pow2_int(n - n1);
}

// e^x for |x| <= 700, where the result is a normal number: one scaling
// instead of exp_sum's two (the discount factors e^{-rT}, |rT| <= 100).
MLT_SIMD_INLINE double exp_moderate(double x) {
  const double n = (x * kLog2e + kRoundShift) - kRoundShift;
  return exp_reduced((x - n * kLn2Hi) - n * kLn2Lo) * pow2_int(n);
}

MLT_SIMD_INLINE double exp_simd(double x) {
  return exp_sum(x, 0.0);
}

// sqrt x for a normal positive finite x, within 1 ulp. std::sqrt does not
// vectorise under GCC's default -fmath-errno (it keeps a branch to set errno).
// rsqrt_normal is 1/sqrt x to a few ulps, for callers that need both.
MLT_SIMD_INLINE double rsqrt_normal(double x) {
  double y = from_bits(0x5fe6eb50c7b537a9ull - (to_bits(x) >> 1));  // 1/sqrt(x) to ~3.5%
  y = y * (1.5 - 0.5 * x * y * y);                                  // Newton: error squared each step
  y = y * (1.5 - 0.5 * x * y * y);
  y = y * (1.5 - 0.5 * x * y * y);
  return y * (1.5 - 0.5 * x * y * y);
}
// sqrt x from y = rsqrt_normal(x): one correction on sqrt itself.
MLT_SIMD_INLINE double sqrt_from_rsqrt(double x, double y) {
  const double s = x * y;
  return s + 0.5 * y * (x - s * s);
}
MLT_SIMD_INLINE double sqrt_normal(double x) {
  return sqrt_from_rsqrt(x, rsqrt_normal(x));
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

// W. J. Cody's rational Chebyshev approximations of Phi ("Rational Chebyshev
// approximations for the error function", Math. Comp. 23, 1969; the
// coefficients of R's pnorm.c), in three ranges of |x|:
//   |x| <= 0.67448975:            Phi(x)    = 1/2 + x A(x^2) / B(x^2)
//   0.67448975 < |x| <= sqrt 32:  Phi(-|x|) = e^{-x^2/2} C(|x|) / D(|x|)
//   |x| > sqrt 32:                Phi(-|x|) = e^{-x^2/2} (1/sqrt(2 pi) - z P(z) / Q(z)) / |x|,  z = 1/x^2
// Evaluated branch-free: every lane computes all three and keeps one
// numerator and denominator, so one division serves all ranges. Far cheaper
// than a 30-term Chebyshev series of the same accuracy, and the outer ranges
// are a ratio to e^{-x^2/2}, which the Black-Scholes kernel shares with the density.
inline constexpr double kCodyA[5] = {2.2352520354606839287, 161.02823106855587881, 1067.6894854603709582,
                                     18154.981253343561249, 0.065682337918207449113};
inline constexpr double kCodyB[4] = {47.20258190468824187, 976.09855173777669322, 10260.932208618978205,
                                     45507.789335026729956};
inline constexpr double kCodyC[9] = {0.39894151208813466764, 8.8831497943883759412, 93.506656132177855979,
                                     597.27027639480026226,  2494.5375852903726711, 6848.1904505362823326,
                                     11602.651437647350124,  9842.7148383839780218, 1.0765576773720192317e-8};
inline constexpr double kCodyD[8] = {22.266688044328115691, 235.38790178262499861, 1519.377599407554805,
                                     6485.558298266760755,  18615.571640885098091, 34900.952721145977266,
                                     38912.003286093271411, 19685.429676859990727};
inline constexpr double kCodyP[6] = {0.21589853405795699,     0.1274011611602473639, 0.022235277870649807,
                                     0.001421619193227893466, 2.9112874951168792e-5, 0.02307344176494017303};
inline constexpr double kCodyQ[5] = {1.28426009614491121, 0.468238212480865118, 0.0659881378689285515,
                                     0.00378239633202758244, 7.29751555083966205e-5};
inline constexpr double kCodyCentral = 0.67448975;
inline constexpr double kSqrt32 = 5.656854249492380195206754896838;
inline constexpr double kPhiClamp = 38.6;  // Phi(-38.6) underflows to 0 in double anyway

// The lower tail Phi(-a) for 0 <= a <= kPhiClamp as a ratio:
//   central (a <= 0.67448975):  Phi(-a) = 1/2 - num / den
//   otherwise:                  Phi(-a) = e^{-a^2/2} num / den
// z must be 1 / max(a, sqrt 32)^2 (a caller pricing two arguments divides once for both).
MLT_SIMD_INLINE bool norm_tail_ratio(double a, double z, double& num, double& den) {
  const bool central = a <= kCodyCentral;
  const bool far = a > kSqrt32;
  const double ac = central ? a : kCodyCentral;  // keeps unused ranges finite
  const double am = far ? kSqrt32 : a;
  const double s = ac * ac;
  double an = kCodyA[4] * s, ad = s;
  an = (an + kCodyA[0]) * s;
  ad = (ad + kCodyB[0]) * s;
  an = (an + kCodyA[1]) * s;
  ad = (ad + kCodyB[1]) * s;
  an = (an + kCodyA[2]) * s;
  ad = (ad + kCodyB[2]) * s;
  an = ac * (an + kCodyA[3]);
  ad = ad + kCodyB[3];
  double cn = kCodyC[8] * am, cd = am;
  cn = (cn + kCodyC[0]) * am;
  cd = (cd + kCodyD[0]) * am;
  cn = (cn + kCodyC[1]) * am;
  cd = (cd + kCodyD[1]) * am;
  cn = (cn + kCodyC[2]) * am;
  cd = (cd + kCodyD[2]) * am;
  cn = (cn + kCodyC[3]) * am;
  cd = (cd + kCodyD[3]) * am;
  cn = (cn + kCodyC[4]) * am;
  cd = (cd + kCodyD[4]) * am;
  cn = (cn + kCodyC[5]) * am;
  cd = (cd + kCodyD[5]) * am;
  cn = (cn + kCodyC[6]) * am;
  cd = (cd + kCodyD[6]) * am;
  cn = cn + kCodyC[7];
  cd = cd + kCodyD[7];
  double pn = kCodyP[5] * z, qd = z;
  pn = (pn + kCodyP[0]) * z;
  qd = (qd + kCodyQ[0]) * z;
  pn = (pn + kCodyP[1]) * z;
  qd = (qd + kCodyQ[1]) * z;
  pn = (pn + kCodyP[2]) * z;
  qd = (qd + kCodyQ[2]) * z;
  pn = (pn + kCodyP[3]) * z;
  qd = (qd + kCodyQ[3]) * z;
  pn = z * (pn + kCodyP[4]);
  qd = qd + kCodyQ[4];
  // (1/sqrt(2 pi) - z P/Q) / a = (Q/sqrt(2 pi) - z P) / (a Q)
  const double tn = qd * 0.39894228040143267794 - pn;
  const double td = (far ? a : kSqrt32) * qd;
  num = central ? an : (far ? tn : cn);
  den = central ? ad : (far ? td : cd);
  return central;
}

// e^{-a^2/2} for 0 <= a <= kPhiClamp with full relative precision deep in
// the tail: a^2 / 2 as ah^2 / 2, exact because ah = a rounded to 4
// fractional bits, plus a small remainder folded into exp_sum's correction
// (rounding a^2 first would cost a^2 ulps).
MLT_SIMD_INLINE double gauss_exp(double a) {
  const double ah = ((a * 16.0 + kRoundShift) - kRoundShift) * 0.0625;
  return exp_sum(-0.5 * ah * ah, -0.5 * (a - ah) * (a + ah));
}

// 1 / max(a, sqrt 32)^2, the argument norm_tail_ratio wants.
MLT_SIMD_INLINE double far_argument(double a) {
  const double y = a > kSqrt32 ? a : kSqrt32;
  return 1.0 / (y * y);
}

// Phi(x) = P(Z <= x), vectorisable; same contract as norm_cdf() (accurate in both tails).
MLT_SIMD_INLINE double norm_cdf_simd(double x) {
  double a = std::fabs(x);
  a = a < kPhiClamp ? a : kPhiClamp;
  double num, den;
  const bool central = norm_tail_ratio(a, far_argument(a), num, den);
  const double r = num / den;
  const double tail = central ? 0.5 - r : gauss_exp(a) * r;  // Phi(-|x|)
  return x < 0.0 ? tail : 1.0 - tail;
}

}  // namespace mlt::options::simd
