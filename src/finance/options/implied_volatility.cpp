#include "finance/options/implied_volatility.h"

#include <fmt/format.h>
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "finance/options/black_scholes.h"
#include "finance/options/normal_distribution.h"
#include "finance/options/rational_cubic.h"

// As in black_scholes.cpp: GCC if-converts (so vectorises) the batch kernel's
// selects only when FP traps are not observable, and sqrt keeps an errno
// branch otherwise. Nothing here reads FP flags or errno; rounding is unchanged.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math", "no-math-errno")
#endif
#include "finance/options/vector_math.h"

namespace mlt::options {

namespace {

constexpr int kMaxIterations = 100;

// b'(s) = e^{x/2} phi(x/s + s/2) = phi(0) exp(-x^2/(2 s^2) - s^2/8).
double vega_normalised(double x, double s) {
  return kInvSqrt2Pi * std::exp(-0.5 * x * x / (s * s) - 0.125 * s * s);
}

// x = ln(F/K) with e^{x/2} and e^{-x/2} computed once per solve: every
// evaluation of b(s) would otherwise pay for two exponentials.
struct Moneyness {
  double x, up, down;  // x, e^{x/2}, e^{-x/2}
  explicit Moneyness(double log_moneyness) : x(log_moneyness), up(std::exp(0.5 * log_moneyness)), down(1.0 / up) {}
};

// b(x, s) for s > 0.
double black(const Moneyness& m, double s) {
  const double h = m.x / s, t = 0.5 * s;
  return m.up * norm_cdf(h + t) - m.down * norm_cdf(h - t);
}

// b_max - b(s) = e^{x/2} Phi(-d1) + e^{-x/2} Phi(d2): two positive terms, no cancellation near b_max.
double complement(const Moneyness& m, double s) {
  const double h = m.x / s, t = 0.5 * s;
  return m.up * norm_cdf(-(h + t)) + m.down * norm_cdf(h - t);
}

// Householder(3) correction to subtract from s for an objective f with
// derivatives f1, f2, f3 (fourth-order convergence); falls back to Newton
// when the rational correction factor is not safely positive (far from the root).
double householder_step(double f, double f1, double f2, double f3) {
  const double newton = f / f1;
  const double h2 = f2 / f1, h3 = f3 / f1;
  const double factor = (1.0 - 0.5 * h2 * newton) / (1.0 - newton * (h2 - h3 * newton / 6.0));
  return factor > 0.5 && factor < 2.0 ? newton * factor : newton;
}

struct Bracket {
  double lo = 0.0;
  double hi = std::numeric_limits<double>::infinity();
  // Keeps a proposal inside the bracket; bisects (or doubles) otherwise.
  double clamp(double proposal) const {
    if (proposal > lo && proposal < hi) return proposal;
    if (proposal > 0.0 && (proposal == lo || proposal == hi)) return proposal;  // a root on the end (beta = b_c)
    return std::isfinite(hi) ? 0.5 * (lo + hi) : 2.0 * std::max(lo, 1e-3);
  }
};

// Ratios of the derivatives of the normalised price to the vega b':
// b2 / b' = x^2/s^3 - s/4 and b3 / b' = (x^2/s^3 - s/4)^2 - 3 x^2/s^4 - 1/4.
struct VegaRatios {
  double r2, r3;
};
VegaRatios vega_ratios(double x, double s) {
  const double a = x * x / (s * s * s) - 0.25 * s;
  return {a, a * a - 3.0 * x * x / (s * s * s * s) - 0.25};
}

constexpr double kPi = 3.14159265358979323846;
constexpr double kSqrt3 = 1.73205080756887729353;
constexpr double kTwoPiOverSqrt27 = 1.20919957615614523718;  // 2 pi / sqrt 27

// Jäckel's lower map f = (2 pi |x| / sqrt 27) Phi(-|x| / (sqrt 3 s))^3 and its
// first two derivatives in beta: nearly linear in beta as s -> 0.
void lower_map(double x, double s, double& f, double& fp, double& fpp) {
  const double ax = std::fabs(x), z = ax / (kSqrt3 * s), y = z * z, s2 = s * s;
  const double Phi = norm_cdf(-z), phi = norm_pdf(z);
  fpp = kPi / 6.0 * y / (s2 * s) * Phi * (8.0 * kSqrt3 * s * ax + (3.0 * s2 * (s2 - 8.0) - 8.0 * x * x) * Phi / phi) *
        std::exp(2.0 * y + 0.25 * s2);
  fp = 2.0 * kPi * y * Phi * Phi * std::exp(y + 0.125 * s2);
  f = kTwoPiOverSqrt27 * ax * Phi * Phi * Phi;
}
double inverse_lower_map(double x, double f) {
  if (!(f > 0.0)) return 0.0;
  return std::fabs(x / (kSqrt3 * inverse_norm_cdf(std::cbrt(f / (kTwoPiOverSqrt27 * std::fabs(x))))));
}

// Jäckel's upper map f = Phi(-s/2) (half of b_max - b at x = 0) and its derivatives in beta.
void upper_map(double x, double s, double& f, double& fp, double& fpp) {
  f = norm_cdf(-0.5 * s);
  const double w = (x / s) * (x / s);
  fp = -0.5 * std::exp(0.5 * w);
  fpp = std::sqrt(kPi / 2.0) * std::exp(w + 0.125 * s * s) * w / s;
}

// Initial guess for s with b(x, s) = beta ("Let's be rational", section 6):
// four segments of beta split at b_l < b_c < b_u, rational cubic interpolation
// of s (middle) or of the lower/upper maps (outer), so that two Householder(3)
// steps reach full precision. Narrows `br` to the segment holding the root.
double initial_guess(const Moneyness& m, double beta, double s_c, double b_c, Bracket& br) {
  namespace rc = rational_cubic;
  const double x = m.x, b_max = m.up;
  const double v_c = kInvSqrt2Pi * std::exp(-0.5 * std::fabs(x));  // b'(s_c)
  if (beta < b_c) {
    const double s_l = s_c - b_c / v_c, b_l = black(m, s_l);
    if (beta < b_l) {
      br.hi = s_l;
      double f_l, fp_l, fpp_l;
      lower_map(x, s_l, f_l, fp_l, fpp_l);
      const double r = rc::convex_fit_right(0.0, b_l, 0.0, f_l, 1.0, fp_l, fpp_l, true);
      double f = rc::interpolate(beta, 0.0, b_l, 0.0, f_l, 1.0, fp_l, r);
      if (!(f > 0.0)) {  // round-off for extreme |x|: quadratic through f(0) = 0, f'(0) = 1, f(b_l)
        const double t = beta / b_l;
        f = (f_l * t + b_l * (1.0 - t)) * t;
      }
      return inverse_lower_map(x, f);
    }
    br.lo = s_l;
    const double d_l = 1.0 / vega_normalised(x, s_l), d_c = 1.0 / v_c;
    const double r = rc::convex_fit_right(b_l, b_c, s_l, s_c, d_l, d_c, 0.0, false);
    return rc::interpolate(beta, b_l, b_c, s_l, s_c, d_l, d_c, r);
  }
  const double s_u = s_c + (b_max - b_c) / v_c, b_u = black(m, s_u);
  if (beta <= b_u) {
    br.hi = s_u;
    const double d_c = 1.0 / v_c, d_u = 1.0 / vega_normalised(x, s_u);
    const double r = rc::convex_fit_left(b_c, b_u, s_c, s_u, d_c, d_u, 0.0, false);
    return rc::interpolate(beta, b_c, b_u, s_c, s_u, d_c, d_u, r);
  }
  br.lo = s_u;
  double f_u, fp_u, fpp_u, f = 0.0;
  upper_map(x, s_u, f_u, fp_u, fpp_u);
  if (std::fabs(fpp_u) < 1e150) {
    const double r = rc::convex_fit_left(b_u, b_max, f_u, 0.0, fp_u, -0.5, fpp_u, true);
    f = rc::interpolate(beta, b_u, b_max, f_u, 0.0, fp_u, -0.5, r);
  }
  if (!(f > 0.0)) {  // quadratic through f(b_u), f'(b_max) = -1/2, f(b_max) = 0
    const double h = b_max - b_u, t = (beta - b_u) / h;
    f = (f_u * (1.0 - t) + 0.5 * h * t) * (1.0 - t);
  }
  return -2.0 * inverse_norm_cdf(f);
}

// After a Householder(3) step of relative size d the next error is about
// K d^4: the iterate is converged and another evaluation would be wasted.
// Measured on the unit-test grids: at 1e-3 repricing errors grow to 3e-12
// (K ~ 3); at 1e-4 the results equal full convergence (|d vol| < 4e-13 rel.).
constexpr double kConvergedStep = 1e-4;

// One root-finding loop for both branches. `objective(s, f, f1, f2, f3)`
// returns false when the price underflows at s; `increasing` says on which
// side of the root a positive objective lies.
template <class Objective>
double householder_solve(double s, Bracket& br, bool increasing, Objective objective, int& it) {
  double last_step = std::numeric_limits<double>::infinity();
  for (; it < kMaxIterations; ++it) {
    double f, f1, f2, f3;
    if (!objective(s, f, f1, f2, f3)) {  // underflow: move away from the tail
      (increasing ? br.lo : br.hi) = s;
      s = br.clamp(increasing ? 2.0 * s : 0.5 * s);
      continue;
    }
    ((f < 0.0) == increasing ? br.lo : br.hi) = s;
    const double step = householder_step(f, f1, f2, f3);
    // Converged, or at the noise floor of the price function (steps stop shrinking).
    const bool noise_floor = it > 2 && std::fabs(step) >= 0.5 * std::fabs(last_step) && std::fabs(step) < 1e-9 * s;
    last_step = step;
    const double next = s - step;
    if (std::fabs(step) <= kConvergedStep * s || f == 0.0 || noise_floor) {
      ++it;
      return next >= br.lo && next <= br.hi ? next : s;  // the root may sit on a bracket end
    }
    s = br.clamp(next);
  }
  return s;
}

}  // namespace

Real normalised_black_call(Real x, Real s) {
  if (s <= 0.0) return std::max(std::exp(0.5 * x) - std::exp(-0.5 * x), 0.0);
  return black(Moneyness(x), s);
}

Real normalised_total_deviation(Real x, Real beta, int* iterations) {
  const Moneyness m(x);
  const double b_max = m.up;
  const double s_c = std::sqrt(2.0 * std::fabs(x));
  const double b_c = s_c > 0.0 ? black(m, s_c) : 0.0;
  Bracket br;
  int it = 0;
  double s = br.clamp(initial_guess(m, beta, s_c, b_c, br));
  if (beta < b_c) {
    // Lower branch: g(s) = ln b(s) - ln beta, increasing and concave below s_c.
    br.hi = std::min(br.hi, s_c);
    s = br.clamp(s);
    const double target = std::log(beta);
    s = householder_solve(
        s, br, true,
        [&](double at, double& g, double& g1, double& g2, double& g3) {
          const double b = black(m, at);
          if (!(b > 0.0)) return false;
          g = std::log(b) - target;
          // g' = b'/b, g'' = b''/b - g'^2, g''' = b'''/b - 3 (b''/b) g' + 2 g'^3.
          g1 = vega_normalised(x, at) / b;
          const VegaRatios v = vega_ratios(x, at);
          g2 = g1 * v.r2 - g1 * g1;
          g3 = g1 * v.r3 - 3.0 * g1 * v.r2 * g1 + 2.0 * g1 * g1 * g1;
          return true;
        },
        it);
  } else {
    // Upper branch: h(s) = ln(b_max - b(s)) - ln(b_max - beta), decreasing; c = b_max - b has c' = -b'.
    br.lo = std::max(br.lo, s_c);
    s = br.clamp(s);
    const double target = std::log(b_max - beta);
    s = householder_solve(
        s, br, false,
        [&](double at, double& h, double& h1, double& h2, double& h3) {
          const double c = complement(m, at);
          if (!(c > 0.0)) return false;
          h = std::log(c) - target;
          h1 = -vega_normalised(x, at) / c;
          const VegaRatios v = vega_ratios(x, at);
          h2 = h1 * v.r2 - h1 * h1;
          h3 = h1 * v.r3 - 3.0 * h1 * v.r2 * h1 + 2.0 * h1 * h1 * h1;
          return true;
        },
        it);
  }
  if (iterations) *iterations = it;
  return s;
}

PriceBounds no_arbitrage_bounds(const VanillaOption& option, const MarketInputs& market) {
  const double fwd_spot = market.spot * std::exp(-market.dividend * option.expiry);  // S e^{-qT}
  const double pv_strike = option.strike * std::exp(-market.rate * option.expiry);   // K e^{-rT}
  if (option.type == OptionType::Call) return {std::max(fwd_spot - pv_strike, 0.0), fwd_spot};
  return {std::max(pv_strike - fwd_spot, 0.0), pv_strike};
}

ImpliedVol implied_volatility(const VanillaOption& option, Real price, const MarketInputs& market) {
  validate_without_volatility(option, market);
  // no_arbitrage_bounds() inline, keeping its discount factors for the solve
  // (two exponentials fewer per solve).
  const double fwd_spot = market.spot * std::exp(-market.dividend * option.expiry);  // S e^{-qT}
  const double discount = std::exp(-market.rate * option.expiry);
  const double pv_strike = option.strike * discount;  // K e^{-rT}
  const PriceBounds bounds = option.type == OptionType::Call
                                 ? PriceBounds{std::max(fwd_spot - pv_strike, 0.0), fwd_spot}
                                 : PriceBounds{std::max(pv_strike - fwd_spot, 0.0), pv_strike};
  if (!std::isfinite(price) || price <= bounds.lower || price >= bounds.upper)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} price {} is outside the no-arbitrage bounds ({:.10g}, {:.10g})", type_name(option.type),
                            price, bounds.lower, bounds.upper),
                option.type == OptionType::Call
                    ? "a call must be worth more than max(S e^-qT - K e^-rT, 0) and less than S e^-qT; "
                      "check the price, spot, strike, rates and expiry"
                    : "a put must be worth more than max(K e^-rT - S e^-qT, 0) and less than K e^-rT; "
                      "check the price, spot, strike, rates and expiry");
  const double T = option.expiry;
  const double forward = fwd_spot / discount;
  const double root_fk = std::sqrt(forward * option.strike);
  double x = std::log(forward / option.strike);
  // Normalised time value of the equivalent out-of-the-money call (x <= 0).
  double beta = price / discount / root_fk - std::max(omega(option.type) * (forward - option.strike), 0.0) / root_fk;
  x = -std::fabs(x);
  if (!(beta > 0.0))
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} price {} has no time value left above intrinsic value (bounds {:.10g}, {:.10g})",
                            type_name(option.type), price, bounds.lower, bounds.upper),
                "a price at intrinsic value implies zero volatility; quote a price with time value");
  beta = std::min(beta, std::exp(0.5 * x) * (1.0 - 1e-16));
  ImpliedVol out;
  const double s = normalised_total_deviation(x, beta, &out.iterations);
  out.volatility = s / std::sqrt(T);
  MarketInputs solved = market;
  solved.volatility = out.volatility;
  if (!(out.volatility > 0.0) || !std::isfinite(out.volatility) || out.volatility > 10.0)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("the implied volatility of {} price {} is {} (outside (0, 10])", type_name(option.type),
                            price, out.volatility),
                "the price is too close to a no-arbitrage bound to imply a usable volatility");
  out.repricing_error = bsm_price(option, solved) - price;
  return out;
}

// ---------------------------------------------------------------------------
// Batch: the solve above, branch-free, for `#pragma omp simd` loops.

namespace {

namespace vm = simd;

constexpr double kSqrt2Pi = 2.50662827463100050242;
constexpr double kRcMinimumR = -(1.0 - 1.4901161193847656e-08);  // -(1 - sqrt(DBL_EPSILON)), as rational_cubic.cpp
constexpr double kRcMaximumR = 2.0 / (DBL_EPSILON * DBL_EPSILON);

MLT_SIMD_INLINE double vmax(double a, double b) { return a > b ? a : b; }
MLT_SIMD_INLINE double vmin(double a, double b) { return a < b ? a : b; }
MLT_SIMD_INLINE bool tiny(double v) { return std::fabs(v) < DBL_MIN; }

// rational_cubic::interpolate and convex_fit_{left,right} written with
// selects instead of branches (every alternative is computed; the unused ones
// may be inf or NaN and are discarded).
MLT_SIMD_INLINE double rc_minimum_r(double d_l, double d_r, double slope, bool prefer) {
  const bool monotonic = (d_l * slope >= 0.0) & (d_r * slope >= 0.0);
  const bool convex = (d_l <= slope) & (slope <= d_r);
  const bool concave = (d_l >= slope) & (slope >= d_r);
  const double fallback = prefer ? kRcMaximumR : -DBL_MAX;
  const double r1 = monotonic ? (!tiny(slope) ? (d_r + d_l) / slope : fallback) : -DBL_MAX;
  const bool flat_l = tiny(slope - d_l), flat_r = tiny(d_r - slope);
  const double r2_shape = !(flat_l | flat_r)
                              ? vmax(std::fabs((d_r - d_l) / (d_r - slope)), std::fabs((d_r - d_l) / (slope - d_l)))
                              : fallback;
  const double r2 = (convex | concave) ? r2_shape : ((monotonic & prefer) ? kRcMaximumR : -DBL_MAX);
  const bool none = !monotonic & !convex & !concave;
  return none ? kRcMinimumR : vmax(kRcMinimumR, vmax(r1, r2));
}

// convex_fit_left (fit_left) or convex_fit_right: the control parameter
// matching the second derivative at that end, raised to keep the shape.
MLT_SIMD_INLINE double rc_fit(bool fit_left, double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                              double second, bool prefer) {
  const double h = x_r - x_l;
  const double slope = (y_r - y_l) / h;
  const double numerator = 0.5 * h * second + (d_r - d_l);
  const double denominator = fit_left ? slope - d_l : d_r - slope;
  const double ratio = tiny(denominator) ? (numerator > 0 ? kRcMaximumR : kRcMinimumR) : numerator / denominator;
  const double r = tiny(numerator) ? 0.0 : ratio;
  const double m = rc_minimum_r(d_l, d_r, slope, prefer);
  // std::max(r, m) returns r when r is NaN; keep that (the caller then takes its quadratic).
  return r < m ? m : r;
}

MLT_SIMD_INLINE double rc_interpolate(double x, double x_l, double x_r, double y_l, double y_r, double d_l, double d_r,
                                      double r) {
  const double h = x_r - x_l;
  const double t = (x - x_l) / h;
  const double omt = 1.0 - t, t2 = t * t, omt2 = omt * omt;
  const double cubic =
      (y_r * t2 * t + (r * y_r - h * d_r) * t2 * omt + (r * y_l + h * d_l) * t * omt2 + y_l * omt2 * omt) /
      (1.0 + (r - 3.0) * t * omt);
  const double linear = y_r * t + y_l * (1.0 - t);
  return std::fabs(h) <= 0.0 ? 0.5 * (y_l + y_r) : (!(r >= kRcMaximumR) ? cubic : linear);
}

// Wichura's AS241 (normal_distribution.cpp) without branches: the three
// rational approximations are evaluated and one numerator/denominator kept.
// p in (0, 1) with min(p, 1 - p) normal.
MLT_SIMD_INLINE double inverse_norm_cdf_simd(double p) {
  static constexpr double A[8] = {3.3871328727963666080e0, 1.3314166789178437745e+2, 1.9715909503065514427e+3,
                                  1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                  3.3430575583588128105e+4, 2.5090809287301226727e+3};
  static constexpr double B[8] = {1.0, 4.2313330701600911252e+1, 6.8718700749205790830e+2, 5.3941960214247511077e+3,
                                  2.1213794301586595867e+4, 3.9307895800092710610e+4, 2.8729085735721942674e+4,
                                  5.2264952788528545610e+3};
  static constexpr double C[8] = {1.42343711074968357734e0, 4.63033784615654529590e0, 5.76949722146069140550e0,
                                  3.64784832476320460504e0, 1.27045825245236838258e0, 2.41780725177450611770e-1,
                                  2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static constexpr double D[8] = {1.0, 2.05319162663775882187e0, 1.67638483018380384940e0, 6.89767334985100004550e-1,
                                  1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4,
                                  1.05075007164441684324e-9};
  static constexpr double E[8] = {6.65790464350110377720e0, 5.46378491116411436990e0, 1.78482653991729133580e0,
                                  2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                  2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr double F[8] = {1.0, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
                                  7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7,
                                  2.04426310338993978564e-15};
  const double q = p - 0.5;
  const bool central = std::fabs(q) <= 0.425;
  const double rc = 0.180625 - q * q;
  double tail_p = q < 0.0 ? p : 1.0 - p;
  tail_p = tail_p > DBL_MIN ? tail_p : DBL_MIN;
  const double rt = vm::sqrt_normal(vmax(-vm::log_normal(tail_p), DBL_MIN));
  const bool near = rt <= 5.0;
  const double u = central ? rc : (near ? rt - 1.6 : rt - 5.0);
  // Horner, written out: an inner loop would stop the outer loop vectorising.
  const auto pick = [&](const double (&a)[8], const double (&c)[8], const double (&e)[8], int k) {
    return central ? a[k] : (near ? c[k] : e[k]);
  };
  double num = pick(A, C, E, 7), den = pick(B, D, F, 7);
  num = num * u + pick(A, C, E, 6);
  den = den * u + pick(B, D, F, 6);
  num = num * u + pick(A, C, E, 5);
  den = den * u + pick(B, D, F, 5);
  num = num * u + pick(A, C, E, 4);
  den = den * u + pick(B, D, F, 4);
  num = num * u + pick(A, C, E, 3);
  den = den * u + pick(B, D, F, 3);
  num = num * u + pick(A, C, E, 2);
  den = den * u + pick(B, D, F, 2);
  num = num * u + pick(A, C, E, 1);
  den = den * u + pick(B, D, F, 1);
  num = num * u + pick(A, C, E, 0);
  den = den * u + pick(B, D, F, 0);
  const double v = num / den;
  return central ? q * v : (q < 0.0 ? -v : v);
}

// b(x, s), b_max - b(x, s) and b'(s) at once. One exponential serves both
// Phi and the vega: d2^2 = d1^2 - 2x (x <= 0), so |d1| <= |d2| and
// e^{-d2^2/2} = e^{-d1^2/2} e^x; the two Phi share a division.
struct BlackEval {
  double b, c, vega, up_phi_d1;  // up_phi_d1 = e^{x/2} Phi(d1), the larger term of b
};
MLT_SIMD_INLINE BlackEval black_eval(double x, double up, double down, double s) {
  const double h = x / s, t = 0.5 * s;
  const double d1 = h + t, d2 = h - t;
  double a1 = std::fabs(d1), a2 = std::fabs(d2);
  a1 = a1 < vm::kPhiClamp ? a1 : vm::kPhiClamp;
  a2 = a2 < vm::kPhiClamp ? a2 : vm::kPhiClamp;
  const double e1 = vm::gauss_exp(a1);
  const double e2 = e1 * (up * up);
  const double y1 = a1 > vm::kSqrt32 ? a1 : vm::kSqrt32, y2 = a2 > vm::kSqrt32 ? a2 : vm::kSqrt32;
  const double p1 = y1 * y1, p2 = y2 * y2, inv_p = 1.0 / (p1 * p2);
  double n1, m1, n2, m2;
  const bool central1 = vm::norm_tail_ratio(a1, p2 * inv_p, n1, m1);
  const bool central2 = vm::norm_tail_ratio(a2, p1 * inv_p, n2, m2);
  const double inv = 1.0 / (m1 * m2);
  const double r1 = n1 * m2 * inv, r2 = n2 * m1 * inv;
  const double t1 = central1 ? 0.5 - r1 : e1 * r1;  // Phi(-|d1|)
  const double t2 = central2 ? 0.5 - r2 : e2 * r2;  // Phi(-|d2|)
  const double phi_d1 = d1 < 0.0 ? t1 : 1.0 - t1, phi_md1 = d1 < 0.0 ? 1.0 - t1 : t1;
  const double phi_d2 = d2 < 0.0 ? t2 : 1.0 - t2;
  BlackEval out;
  out.up_phi_d1 = up * phi_d1;
  out.b = out.up_phi_d1 - down * phi_d2;
  out.c = up * phi_md1 + down * phi_d2;
  out.vega = kInvSqrt2Pi * up * e1;
  return out;
}

// Jäckel's segments (initial_guess() above) for one lane: b_c = b(s_c) at
// the inflection point s_c, the branch (`lower`: beta < b_c), the segment
// end s_side (s_l or s_u) with b_side = b(s_side) and 1 / b'(s_side), and
// whether beta lies in the outer segment beyond b_side. Flags come back as
// +1 / -1 doubles for the next loop (see IvLanes).
MLT_SIMD_INLINE void segments_simd(double x, double up, double down, double beta, double s_c, double& b_c,
                                   double& lower, double& s_side, double& b_side, double& d_side, double& outer) {
  const double b_max = up;
  // b(s_c): d1 = 0, d2 = -s_c, and e^{-s_c^2/2} = e^x = up^2.
  double num, den;
  const double sc_clamped = s_c < vm::kPhiClamp ? s_c : vm::kPhiClamp;
  const bool central_c = vm::norm_tail_ratio(sc_clamped, vm::far_argument(sc_clamped), num, den);
  const double tail_c = central_c ? 0.5 - num / den : up * up * (num / den);
  b_c = s_c > 0.0 ? 0.5 * up - down * tail_c : 0.0;
  const double v_c = kInvSqrt2Pi * up;  // b'(s_c)
  const bool is_lower = beta < b_c;
  lower = is_lower ? 1.0 : -1.0;
  s_side = is_lower ? s_c - b_c / v_c : s_c + (b_max - b_c) / v_c;
  const BlackEval side = black_eval(x, up, down, s_side);
  b_side = side.b;
  d_side = 1.0 / side.vega;
  outer = lower * (b_side - beta) > 0.0 ? 1.0 : -1.0;  // beyond b_side, away from b_c
}

// Jäckel's initial guess for one lane from segments_simd(): the segment is
// chosen by selects, and the lower or upper map shares one Phi and two
// exponentials. Returns NaN or a non-positive value where the guess failed.
MLT_SIMD_INLINE double initial_guess_simd(double x, double up, double beta, double s_c, double b_c, double lower_sign,
                                          double s_side, double b_side, double d_side, double outer_sign) {
  const double ax = -x, b_max = up;
  double num, den;
  const double v_c = kInvSqrt2Pi * up;  // b'(s_c)
  const bool lower = lower_sign > 0.0, outer = outer_sign > 0.0;
  const double d_c = 1.0 / v_c;

  // Lower map at s_l (z = |x| / (sqrt 3 s_l)) or upper map at s_u (z = s_u / 2).
  const double s = s_side, s2 = s * s;
  const double z = lower ? ax / (kSqrt3 * s) : 0.5 * s;
  const double zc = z < vm::kPhiClamp ? z : vm::kPhiClamp;
  const bool central_z = vm::norm_tail_ratio(zc, vm::far_argument(zc), num, den);
  const double gz = vm::gauss_exp(zc);
  const double rz = num / den;
  const double Phi = central_z ? 0.5 - rz : gz * rz;  // Phi(-z)
  // Phi e^{z^2/2}: finite where Phi underflows, so the maps' derivatives
  // below need no exp(2 z^2) (which overflows first).
  const double phi_scaled = central_z ? (0.5 - rz) / gz : rz;
  const double y = z * z, w = (x / s) * (x / s);
  const double ea = vm::exp_sum(lower ? 0.125 * s2 : 0.5 * w, 0.0);
  const double eb = vm::exp_sum(lower ? 1.5 * y + 0.25 * s2 : w + 0.125 * s2, 0.0);
  // Both maps, one kept (a select, not a branch, so the loop vectorises).
  const double f_lo = kTwoPiOverSqrt27 * ax * Phi * Phi * Phi;
  const double fp_lo = 2.0 * kPi * y * phi_scaled * phi_scaled * ea;
  const double fpp_lo = kPi / 6.0 * y / (s2 * s) * phi_scaled *
                        (8.0 * kSqrt3 * s * ax + (3.0 * s2 * (s2 - 8.0) - 8.0 * x * x) * phi_scaled * kSqrt2Pi) * eb;
  const double fpp_up = 1.25331413731550025121 * eb * w / s;  // sqrt(pi / 2)
  const double f_m = lower ? f_lo : Phi;
  const double fp_m = lower ? fp_lo : -0.5 * ea;
  const double fpp_m = lower ? fpp_lo : fpp_up;

  // One rational cubic for the segment: (x_l, x_r, y_l, y_r, d_l, d_r).
  const double xl = lower ? (outer ? 0.0 : b_side) : (outer ? b_side : b_c);
  const double xr = lower ? (outer ? b_side : b_c) : (outer ? b_max : b_side);
  const double yl = lower ? (outer ? 0.0 : s) : (outer ? f_m : s_c);
  const double yr = lower ? (outer ? f_m : s_c) : (outer ? 0.0 : s);
  const double dl = lower ? (outer ? 1.0 : d_side) : (outer ? fp_m : d_c);
  const double dr = lower ? (outer ? fp_m : d_c) : (outer ? -0.5 : d_side);
  const double second = outer ? fpp_m : 0.0;
  const double r = rc_fit(!lower, xl, xr, yl, yr, dl, dr, second, outer);
  const double interpolated = rc_interpolate(beta, xl, xr, yl, yr, dl, dr, r);

  // Outer segments: invert the map. Round-off for extreme |x| (or an
  // overflowing f'' in the upper map) leaves the quadratics of initial_guess().
  const bool upper_unusable = !lower & !(std::fabs(fpp_m) < 1e150);
  const double tq = lower ? beta / b_side : (beta - b_side) / (b_max - b_side);
  const double quadratic =
      lower ? (f_m * tq + b_side * (1.0 - tq)) * tq : (f_m * (1.0 - tq) + 0.5 * (b_max - b_side) * tq) * (1.0 - tq);
  const double f = ((interpolated > 0.0) & !upper_unusable) ? interpolated : quadratic;
  // Lower: |x| / (sqrt 3 |Phi^-1(cbrt(f / (2 pi |x| / sqrt 27)))|); upper: -2 Phi^-1(f).
  const double cube = vmax(f / (kTwoPiOverSqrt27 * ax), DBL_MIN);
  const double cbrt = vm::exp_moderate(vm::log_normal(cube) * (1.0 / 3.0));
  double p = lower ? cbrt : f;
  p = p > DBL_MIN ? (p < 0.5 ? p : 0.5) : DBL_MIN;  // both maps live in (0, 1/2]
  const double inv = inverse_norm_cdf_simd(p);
  const double s_outer = lower ? ax / (kSqrt3 * std::fabs(inv)) : -2.0 * inv;
  const double guess = outer ? (f > 0.0 ? s_outer : -1.0) : interpolated;
  // Stay on the branch's side of the inflection point, as the scalar bracket does.
  return lower ? vmin(guess, s_c) : vmax(guess, s_c);
}

// Lanes the fast functions do not cover go to implied_volatility().
constexpr double kMinBeta = 1e-280;  // normalised time value: keeps ln b and the maps normal
constexpr double kMaxAbsX = 600.0;   // |ln F/K|: e^{x/2} stays well inside exp_moderate's range

// One Householder(3) step of normalised_total_deviation() on the lane's
// objective; clears `ok` where the price underflows, the cancellation is too
// large, or the step leaves (0, 1e3).
MLT_SIMD_INLINE void householder_lane(double xc, double up, double down, bool lower, double target, double& s,
                                      double& step, double& f, bool& ok) {
  const BlackEval e = black_eval(xc, up, down, s);
  const double val = lower ? e.b : e.c;
  ok &= val >= DBL_MIN;
  // A deep out-of-the-money b is a difference of two nearly equal terms,
  // which magnifies the vector Phi's few-ulp error; past this factor the
  // lane is left to the scalar solver (no quote of the unit-test grids
  // comes near it: their worst batch repricing error is 3e-14).
  ok &= !lower | (e.up_phi_d1 <= 1024.0 * e.b);
  f = vm::log_normal(val >= DBL_MIN ? val : 1.0) - target;
  const double g1 = (lower ? e.vega : -e.vega) / val;
  const double inv_s = 1.0 / s;
  const double x2s3 = xc * xc * inv_s * inv_s * inv_s;
  const double r2 = x2s3 - 0.25 * s;
  const double r3 = r2 * r2 - 3.0 * x2s3 * inv_s - 0.25;
  const double g2 = g1 * r2 - g1 * g1;
  const double g3 = g1 * r3 - 3.0 * g1 * r2 * g1 + 2.0 * g1 * g1 * g1;
  const double inv_g1 = 1.0 / g1;
  const double newton = f * inv_g1, h2 = g2 * inv_g1, h3 = g3 * inv_g1;
  const double factor = (1.0 - 0.5 * h2 * newton) / (1.0 - newton * (h2 - h3 * newton / 6.0));
  step = ((factor > 0.5) & (factor < 2.0)) ? newton * factor : newton;
  const double next = s - step;
  ok &= (next > 0.0) & (next < 1e3);
  s = ((next > 0.0) & (next < 1e3)) ? next : s;
}

// Blocks of this many quotes are the unit of OpenMP work.
constexpr std::ptrdiff_t kIvBlock = 512;
// The vector path works on kIvLanes quotes at a time in structure-of-arrays
// scratch (about 20 KB, so it stays in L1 between the stages).
constexpr int kIvLanes = 128;

struct IvColumns {
  const OptionType* type;
  const double *price, *S, *K, *T, *r, *q;
  double* vol;
};

// Per-lane state between the stages. Every stage loop reads and writes
// doubles only; flags are +1 / -1 (or 1 / 0) doubles. GCC 12 does not
// vectorise a loop that loads the enum column, nor one in which it turns a
// compare on a select into a select between two bools (as it did with the
// whole solve in one loop, and with `beta < b_side` chosen by the branch); a
// flag read back from memory in the next stage is opaque to it.
struct IvLanes {
  alignas(64) double w[kIvLanes];       // +1 call, -1 put
  alignas(64) double x[kIvLanes];       // -|ln F/K| (x <= 0)
  alignas(64) double up[kIvLanes];      // e^{x/2} = b_max
  alignas(64) double down[kIvLanes];    // e^{-x/2}
  alignas(64) double beta[kIvLanes];    // normalised time value of the out-of-the-money call
  alignas(64) double t[kIvLanes];       // expiry (clamped on rejected lanes)
  alignas(64) double s_c[kIvLanes];     // inflection point sqrt(2 |x|)
  alignas(64) double b_c[kIvLanes];     // b(s_c)
  alignas(64) double lower[kIvLanes];   // +1 below the inflection point (beta < b_c), -1 above
  alignas(64) double s_side[kIvLanes];  // Jäckel's s_l (lower) or s_u (upper)
  alignas(64) double b_side[kIvLanes];  // b(s_side)
  alignas(64) double d_side[kIvLanes];  // 1 / b'(s_side)
  alignas(64) double outer[kIvLanes];   // +1 when beta lies beyond b_side (the lower/upper map segment)
  alignas(64) double s[kIvLanes];       // total deviation sigma sqrt(T)
  alignas(64) double target[kIvLanes];  // ln beta or ln(b_max - beta)
  alignas(64) double step[kIvLanes];    // the last Householder correction
  alignas(64) double f[kIvLanes];       // the objective before that step
  alignas(64) double ok[kIvLanes];      // 1 while the lane stays on the vector path, else 0
};

MLT_SIMD_INLINE double clamp(double v, double lo, double hi) {
  return vmin(vmax(v, lo), hi);  // NaN -> lo
}

// Stage 1: the normalisation of implied_volatility() (Black on the forward,
// reduced to an out-of-the-money call) and its validity checks, for lanes
// [0, n) of the block starting at `base`. Inputs are clamped into the fast
// functions' domain (rejected lanes too, so no lane computes with NaN or inf).
MLT_SIMD_INLINE void iv_normalise(const IvColumns& c, std::ptrdiff_t base, int n, IvLanes& L) {
  const double *price = c.price + base, *S = c.S + base, *K = c.K + base, *T = c.T + base, *r = c.r + base,
               *q = c.q + base;
#pragma omp simd
  for (int j = 0; j < n; ++j) {
    const double w = L.w[j], P = price[j];
    const double Sc = clamp(S[j], 1e-250, 1e250), Kc = clamp(K[j], 1e-250, 1e250), Tc = clamp(T[j], 1e-12, 100.0);
    const double rc = clamp(r[j], -1.0, 1.0), qc = clamp(q[j], -1.0, 1.0);
    const double Pc = clamp(P, DBL_MIN, DBL_MAX);  // a subnormal price goes to the scalar solver
    const bool inputs_ok = (Sc == S[j]) & (Kc == K[j]) & (Tc == T[j]) & (rc == r[j]) & (qc == q[j]) & (Pc == P);
    const double fwd_spot = Sc * vm::exp_moderate(-qc * Tc);  // S e^{-qT}
    const double discount = vm::exp_moderate(-rc * Tc);
    const double pv_strike = Kc * discount;
    // Pc > max(w (S e^{-qT} - K e^{-rT}), 0) as one compare (Pc > 0 already):
    // a compare on a max is split by GCC into a select between bools, which it
    // does not vectorise.
    const double lower_bound = w * (fwd_spot - pv_strike);
    const double upper_bound = w > 0.0 ? fwd_spot : pv_strike;
    const double forward = fwd_spot / discount;
    const double root_fk = vm::sqrt_normal(forward * Kc);
    const double x_signed = vm::log_normal(forward / Kc);
    const double beta = Pc / discount / root_fk - vmax(w * (forward - Kc), 0.0) / root_fk;
    const double x = -std::fabs(x_signed);
    const bool ok = inputs_ok & (Pc > lower_bound) & (Pc < upper_bound) & (beta >= kMinBeta) & (-x <= kMaxAbsX);
    const double xc = ok ? x : -1.0;
    const double up = vm::exp_moderate(0.5 * xc);
    L.x[j] = xc;
    L.up[j] = up;
    L.down[j] = 1.0 / up;
    L.beta[j] = ok ? vmin(beta, up * (1.0 - 1e-16)) : 0.1 * up;
    L.t[j] = Tc;
    L.ok[j] = ok ? 1.0 : 0.0;
  }
}

// Stage 2: which of Jäckel's four segments holds beta.
MLT_SIMD_INLINE void iv_segments(int n, IvLanes& L) {
#pragma omp simd
  for (int j = 0; j < n; ++j) {
    const double two_ax = -2.0 * L.x[j];
    const double s_c = two_ax >= DBL_MIN ? vm::sqrt_normal(two_ax) : 0.0;
    L.s_c[j] = s_c;
    segments_simd(L.x[j], L.up[j], L.down[j], L.beta[j], s_c, L.b_c[j], L.lower[j], L.s_side[j], L.b_side[j],
                  L.d_side[j], L.outer[j]);
  }
}

// Stage 3: Jäckel's initial guess and the lane's objective (see
// normalised_total_deviation(): ln b(s) - ln beta below s_c, ln(b_max - b(s))
// - ln(b_max - beta) above).
MLT_SIMD_INLINE void iv_guess(int n, IvLanes& L) {
#pragma omp simd
  for (int j = 0; j < n; ++j) {
    const double up = L.up[j], beta = L.beta[j];
    const double s = initial_guess_simd(L.x[j], up, beta, L.s_c[j], L.b_c[j], L.lower[j], L.s_side[j], L.b_side[j],
                                        L.d_side[j], L.outer[j]);
    const bool good = (L.ok[j] != 0.0) & (s > 0.0) & (s < 1e3);
    L.s[j] = good ? s : 1.0;
    L.ok[j] = good ? 1.0 : 0.0;
    L.target[j] = vm::log_normal(L.lower[j] > 0.0 ? beta : up - beta);
  }
}

// Stage 4: one Householder(3) step in every lane.
MLT_SIMD_INLINE void iv_step(int n, IvLanes& L) {
#pragma omp simd
  for (int j = 0; j < n; ++j) {
    double s = L.s[j], step, f;
    bool ok = L.ok[j] != 0.0;
    householder_lane(L.x[j], L.up[j], L.down[j], L.lower[j] > 0.0, L.target[j], s, step, f, ok);
    L.s[j] = s;
    L.step[j] = step;
    L.f[j] = f;
    L.ok[j] = ok ? 1.0 : 0.0;
  }
}

// Stage 5: the scalar solver's stopping rule (the last step was below
// kConvergedStep) and sigma = s / sqrt(T); NaN marks a lane for the scalar
// solver. Returns how many lanes are marked.
MLT_SIMD_INLINE std::ptrdiff_t iv_finish(int n, const IvLanes& L, double* vol) {
  std::ptrdiff_t pending = 0;
#pragma omp simd reduction(+ : pending)
  for (int j = 0; j < n; ++j) {
    const double s = L.s[j];
    const double v = s / vm::sqrt_normal(L.t[j]);
    const bool ok =
        (L.ok[j] != 0.0) & ((std::fabs(L.step[j]) <= kConvergedStep * s) | (L.f[j] == 0.0)) & (v > 0.0) & (v <= 10.0);
    vol[j] = ok ? v : std::numeric_limits<double>::quiet_NaN();
    pending += ok ? 0 : 1;
  }
  return pending;
}

// A plain function, as greeks_block() in black_scholes.cpp: the optimize
// pragma applies, and x86-64 gets AVX2+FMA and AVX-512 clones (the stages are
// forced inline, so each clone has its own vector code).
#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
// Returns how many quotes in [begin, end) need the scalar solver.
std::ptrdiff_t
implied_vol_block(const IvColumns& c, std::ptrdiff_t begin, std::ptrdiff_t end) {
  IvLanes L;
  std::ptrdiff_t pending = 0;
  for (std::ptrdiff_t base = begin; base < end; base += kIvLanes) {
    const int n = static_cast<int>(std::min<std::ptrdiff_t>(kIvLanes, end - base));
    // The option type as +/-1, outside the vector loops (the enum column has no vector type).
    for (int j = 0; j < n; ++j) L.w[j] = c.type[base + j] == OptionType::Call ? 1.0 : -1.0;
    iv_normalise(c, base, n, L);
    iv_segments(n, L);
    iv_guess(n, L);
    for (int k = 0; k < kBatchSteps; ++k) iv_step(n, L);
    pending += iv_finish(n, L, c.vol + base);
  }
  return pending;
}

}  // namespace

void ImpliedVolBatch::throw_if_failed() const {
  if (failures.empty()) return;
  const ImpliedVolFailure& first = failures.front();
  std::string message = first.message;
  if (failures.size() > 1) message += fmt::format(" (and {} more quotes failed)", failures.size() - 1);
  throw Error(ErrorKind::InvalidArgument, message, first.hint);
}

void implied_volatility_batch(const OptionBatch& options, const std::vector<Real>& prices, ImpliedVolBatch& out) {
  const std::size_t n = prices.size();
  for (const auto* v : {&options.spot, &options.strike, &options.expiry, &options.rate, &options.dividend})
    if (v->size() != n || options.type.size() != n)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("implied volatility batch: {} prices but option columns of other lengths", n),
                  "give type, spot, strike, expiry, rate and dividend for every price (volatility is ignored)");
  out.volatility.resize(n);
  out.failures.clear();
  out.scalar_solves = 0;
  const auto count = static_cast<std::ptrdiff_t>(n);
  const IvColumns cols{options.type.data(),   prices.data(),        options.spot.data(),
                       options.strike.data(), options.expiry.data(), options.rate.data(),
                       options.dividend.data(), out.volatility.data()};
  std::ptrdiff_t pending = 0;
  if (n < kParallelImpliedVol) {
    pending = implied_vol_block(cols, 0, count);
  } else {
    const std::ptrdiff_t blocks = (count + kIvBlock - 1) / kIvBlock;
#pragma omp parallel for schedule(static) reduction(+ : pending)
    for (std::ptrdiff_t b = 0; b < blocks; ++b)
      pending += implied_vol_block(cols, b * kIvBlock, std::min(count, (b + 1) * kIvBlock));
  }
  if (pending == 0) return;
  // The scalar solver for the lanes left over: hard regions, lanes that had
  // not converged, and invalid quotes (whose Error becomes the failure).
  std::vector<std::size_t> todo;
  todo.reserve(static_cast<std::size_t>(pending));
  for (std::size_t i = 0; i < n; ++i)
    if (std::isnan(out.volatility[i])) todo.push_back(i);
  std::vector<ImpliedVolFailure> failed(todo.size());
  const auto m = static_cast<std::ptrdiff_t>(todo.size());
#pragma omp parallel for schedule(dynamic, 16) if (m >= 256)
  for (std::ptrdiff_t j = 0; j < m; ++j) {
    const std::size_t i = todo[static_cast<std::size_t>(j)];
    try {
      const VanillaOption o{options.type[i], options.strike[i], options.expiry[i], ExerciseStyle::European};
      const MarketInputs mk{options.spot[i], options.rate[i], options.dividend[i], 0.0};
      out.volatility[i] = implied_volatility(o, prices[i], mk).volatility;
    } catch (const Error& e) {
      failed[static_cast<std::size_t>(j)] = {i, fmt::format("option {}: {}", i, e.message()), e.hint()};
    }
  }
  out.scalar_solves = todo.size();
  for (auto& f : failed)
    if (!f.message.empty()) out.failures.push_back(std::move(f));
}

}  // namespace mlt::options
