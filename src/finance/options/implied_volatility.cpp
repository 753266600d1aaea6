#include "finance/options/implied_volatility.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/error.h"
#include "finance/options/black_scholes.h"
#include "finance/options/normal_distribution.h"
#include "finance/options/rational_cubic.h"

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
  explicit Moneyness(double log_moneyness)
      : x(log_moneyness), up(std::exp(0.5 * log_moneyness)), down(std::exp(-0.5 * log_moneyness)) {}
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
  const PriceBounds bounds = no_arbitrage_bounds(option, market);
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
  const double discount = std::exp(-market.rate * T);
  const double forward = market.spot * std::exp((market.rate - market.dividend) * T);
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

}  // namespace mlt::options
