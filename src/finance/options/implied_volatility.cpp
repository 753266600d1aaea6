#include "finance/options/implied_volatility.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "core/error.h"
#include "finance/options/black_scholes.h"
#include "finance/options/normal_distribution.h"

namespace mlt::options {

namespace {

constexpr int kMaxIterations = 100;

// b'(s) = e^{x/2} phi(x/s + s/2) = phi(0) exp(-x^2/(2 s^2) - s^2/8).
double vega_normalised(double x, double s) { return kInvSqrt2Pi * std::exp(-0.5 * x * x / (s * s) - 0.125 * s * s); }

// b_max - b(s) = e^{x/2} Phi(-d1) + e^{-x/2} Phi(d2): two positive terms, no cancellation near b_max.
double complement(double x, double s) {
  const double h = x / s, t = 0.5 * s;
  return std::exp(0.5 * x) * norm_cdf(-(h + t)) + std::exp(-0.5 * x) * norm_cdf(h - t);
}

// Halley's correction f / f' / (1 - f f'' / (2 f'^2)); falls back to Newton
// when the correction factor is not safely positive.
double halley_step(double f, double f1, double f2) {
  const double newton = f / f1;
  const double factor = 1.0 - 0.5 * newton * f2 / f1;
  return factor > 0.5 && factor < 2.0 ? newton / factor : newton;
}

struct Bracket {
  double lo = 0.0;
  double hi = std::numeric_limits<double>::infinity();
  // Keeps a Newton proposal inside the bracket; bisects (or doubles) otherwise.
  double clamp(double proposal) const {
    if (proposal > lo && proposal < hi) return proposal;
    return std::isfinite(hi) ? 0.5 * (lo + hi) : 2.0 * std::max(lo, 1e-3);
  }
};

}  // namespace

Real normalised_black_call(Real x, Real s) {
  if (s <= 0.0) return std::max(std::exp(0.5 * x) - std::exp(-0.5 * x), 0.0);
  const double h = x / s, t = 0.5 * s;
  return std::exp(0.5 * x) * norm_cdf(h + t) - std::exp(-0.5 * x) * norm_cdf(h - t);
}

Real normalised_total_deviation(Real x, Real beta, int* iterations) {
  const double b_max = std::exp(0.5 * x);
  const double s_c = std::sqrt(2.0 * std::fabs(x));
  const double b_c = s_c > 0.0 ? normalised_black_call(x, s_c) : 0.0;
  Bracket br;
  int it = 0;
  double last_step = std::numeric_limits<double>::infinity();
  double s;
  if (beta < b_c) {
    // Lower branch: g(s) = ln b(s) - ln beta is increasing and concave, so Newton
    // from the right lands left of the root and then climbs monotonically.
    br.hi = s_c;
    const double target = std::log(beta);
    s = std::clamp(std::fabs(x) / std::sqrt(2.0 * std::fabs(target)), 1e-3 * s_c, s_c);
    for (; it < kMaxIterations; ++it) {
      const double b = normalised_black_call(x, s);
      if (!(b > 0.0)) {  // underflow: s is far too small
        br.lo = s;
        s = br.clamp(2.0 * s);
        continue;
      }
      const double g = std::log(b) - target;
      (g < 0.0 ? br.lo : br.hi) = s;
      // Halley step: g' = b'/b, g'' = b''/b - g'^2 with b'' = b' (x^2/s^3 - s/4).
      const double g1 = vega_normalised(x, s) / b;
      const double g2 = g1 * (x * x / (s * s * s) - 0.25 * s) - g1 * g1;
      const double step = halley_step(g, g1, g2);
      // Converged, or at the noise floor of the price function (steps stop shrinking).
      const bool noise_floor = it > 2 && std::fabs(step) >= 0.5 * std::fabs(last_step) && std::fabs(step) < 1e-9 * s;
      last_step = step;
      if (std::fabs(step) <= 1e-15 * s || g == 0.0 || noise_floor) {
        s -= step;
        ++it;
        break;
      }
      s = br.clamp(s - step);
    }
  } else {
    // Upper branch: h(s) = ln(b_max - b(s)) - ln(b_max - beta) is decreasing;
    // the start comes from the x = 0 case, b_max - b = 2 Phi(-s/2).
    br.lo = s_c;
    const double target_c = b_max - beta;
    const double target = std::log(target_c);
    const double guess = -2.0 * inverse_norm_cdf(std::min(0.5, target_c / (b_max + 1.0 / b_max)));
    s = std::max(guess, s_c > 0.0 ? s_c : 1e-8);
    for (; it < kMaxIterations; ++it) {
      const double c = complement(x, s);
      if (!(c > 0.0)) {  // underflow: s is far too large
        br.hi = s;
        s = br.clamp(0.5 * s);
        continue;
      }
      const double h = std::log(c) - target;
      (h > 0.0 ? br.lo : br.hi) = s;
      // Halley step: h' = -b'/c, h'' = -b''/c - h'^2.
      const double h1 = -vega_normalised(x, s) / c;
      const double h2 = h1 * (x * x / (s * s * s) - 0.25 * s) - h1 * h1;
      const double step = halley_step(h, h1, h2);
      // Converged, or at the noise floor of the price function (steps stop shrinking).
      const bool noise_floor = it > 2 && std::fabs(step) >= 0.5 * std::fabs(last_step) && std::fabs(step) < 1e-9 * s;
      last_step = step;
      if (std::fabs(step) <= 1e-15 * s || h == 0.0 || noise_floor) {
        s -= step;
        ++it;
        break;
      }
      s = br.clamp(s - step);
    }
  }
  if (iterations) *iterations = it;
  return s;
}

PriceBounds no_arbitrage_bounds(const VanillaOption& option, const MarketInputs& market) {
  const double fwd_spot = market.spot * std::exp(-market.dividend * option.expiry);  // S e^{-qT}
  const double pv_strike = option.strike * std::exp(-market.rate * option.expiry);  // K e^{-rT}
  if (option.type == OptionType::Call) return {std::max(fwd_spot - pv_strike, 0.0), fwd_spot};
  return {std::max(pv_strike - fwd_spot, 0.0), pv_strike};
}

ImpliedVol implied_volatility(const VanillaOption& option, Real price, const MarketInputs& market) {
  validate_without_volatility(option, market);
  const PriceBounds bounds = no_arbitrage_bounds(option, market);
  if (!std::isfinite(price) || price <= bounds.lower || price >= bounds.upper)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} price {} is outside the no-arbitrage bounds ({:.10g}, {:.10g})",
                            type_name(option.type), price, bounds.lower, bounds.upper),
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
