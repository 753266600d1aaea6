#include "finance/options/black_scholes.h"

#include <fmt/format.h>
#include <algorithm>
#include <cfloat>
#include <cmath>

#include "core/error.h"
#include "finance/options/normal_distribution.h"

// GCC refuses to if-convert (so to vectorise) the kernel's clamps while
// floating-point traps are observable, and sqrt keeps a branch for errno.
// Nothing here reads FP exception flags or errno; rounding is unchanged.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC optimize("no-trapping-math", "no-math-errno")
#endif
#include "finance/options/vector_math.h"

namespace mlt::options {

namespace {

// One option, no validation: the shared kernel of the scalar and batch APIs.
// Written without branches on the option type (w = +/-1) so the batch loop
// vectorises. The discount factors are computed once and reused by every Greek.
inline void greeks_kernel(double w, double S, double K, double T, double r, double q, double vol, double& price,
                          double& delta, double& gamma, double& vega, double& theta, double& rho) {
  const double sqrt_t = std::sqrt(T);
  const double sd = vol * sqrt_t;
  const double dq = std::exp(-q * T);
  const double dr = std::exp(-r * T);
  const double d1 = (std::log(S / K) + (r - q) * T) / sd + 0.5 * sd;
  const double d2 = d1 - sd;
  const double nd1 = norm_cdf(w * d1);
  const double nd2 = norm_cdf(w * d2);
  const double pdf = norm_pdf(d1);
  const double sq = S * dq;
  const double kr = K * dr;
  price = w * (sq * nd1 - kr * nd2);
  delta = w * dq * nd1;
  gamma = dq * pdf / (S * sd);
  vega = sq * pdf * sqrt_t;
  theta = -sq * pdf * vol / (2.0 * sqrt_t) - w * r * kr * nd2 + w * q * sq * nd1;
  rho = w * kr * T * nd2;
}

}  // namespace

Greeks bsm_greeks(const VanillaOption& option, const MarketInputs& market) {
  validate(option, market);
  Greeks g;
  greeks_kernel(omega(option.type), market.spot, option.strike, option.expiry, market.rate, market.dividend,
                market.volatility, g.price, g.delta, g.gamma, g.vega, g.theta, g.rho);
  return g;
}

// The price alone, in the same operations as greeks_kernel (so it equals
// bsm_greeks().price bit for bit) without the density and the Greeks:
// implied_volatility() reprices with it on every solve.
Real bsm_price(const VanillaOption& option, const MarketInputs& market) {
  validate(option, market);
  const double w = omega(option.type), S = market.spot, K = option.strike, T = option.expiry;
  const double r = market.rate, q = market.dividend;
  const double sd = market.volatility * std::sqrt(T);
  const double dq = std::exp(-q * T);
  const double dr = std::exp(-r * T);
  const double d1 = (std::log(S / K) + (r - q) * T) / sd + 0.5 * sd;
  const double d2 = d1 - sd;
  return w * (S * dq * norm_cdf(w * d1) - K * dr * norm_cdf(w * d2));
}

void OptionBatch::reserve(std::size_t n) {
  type.reserve(n);
  for (auto* v : {&spot, &strike, &expiry, &rate, &dividend, &volatility}) v->reserve(n);
}

void OptionBatch::push_back(const VanillaOption& option, const MarketInputs& market) {
  type.push_back(option.type);
  spot.push_back(market.spot);
  strike.push_back(option.strike);
  expiry.push_back(option.expiry);
  rate.push_back(market.rate);
  dividend.push_back(market.dividend);
  volatility.push_back(market.volatility);
}

void GreeksBatch::resize(std::size_t n) {
  for (auto* v : {&price, &delta, &gamma, &vega, &theta, &rho}) v->resize(n);
}

namespace {

// greeks_kernel with the vectorisable exp/log/Phi of vector_math.h, and
// their work shared: e^{-d^2/2} is computed once, at whichever of d1, d2 is
// nearer zero (so it cannot underflow while the other is still
// representable); the other follows from d2^2 - d1^2 = -2 ln(F/K) as one
// factor e^{-|ln(F/K)|} = min(F/K, K/F) <= 1, and serves both the density
// and Phi's tail.
// The two Phi divide once between them. Results differ from the scalar API
// by a few ulps of these functions.
MLT_SIMD_INLINE void greeks_kernel_simd(double w, double S, double K, double T, double r, double q, double vol,
                                        double& price, double& delta, double& gamma, double& vega, double& theta,
                                        double& rho) {
  const double inv_sqrt_t = simd::rsqrt_normal(T);
  const double sqrt_t = simd::sqrt_from_rsqrt(T, inv_sqrt_t);
  const double sd = vol * sqrt_t;
  const double inv_s_sd = 1.0 / (S * sd);
  const double dq = simd::exp_moderate(-q * T);  // |qT|, |rT| <= 100 once validated
  const double dr = simd::exp_moderate(-r * T);
  const double x = simd::log_normal(S / K) + (r - q) * T;  // ln(F/K)
  const double d1 = x * (S * inv_s_sd) + 0.5 * sd;
  const double d2 = d1 - sd;
  double a1 = std::fabs(d1), a2 = std::fabs(d2);
  a1 = a1 < simd::kPhiClamp ? a1 : simd::kPhiClamp;
  a2 = a2 < simd::kPhiClamp ? a2 : simd::kPhiClamp;
  const bool d1_nearer = x < 0.0;
  const double sq = S * dq;
  const double kr = K * dr;
  // e^{-|x|} = min(F/K, K/F) = min(sq/kr, kr/sq): a division is cheaper than an exp.
  const double e_near = simd::gauss_exp(d1_nearer ? a1 : a2);
  const double e_far = e_near * ((d1_nearer ? sq : kr) / (d1_nearer ? kr : sq));
  const double e1 = d1_nearer ? e_near : e_far;
  const double e2 = d1_nearer ? e_far : e_near;
  // 1/y1^2 and 1/y2^2 from one division, then num/den of both from another.
  const double y1 = a1 > simd::kSqrt32 ? a1 : simd::kSqrt32, y2 = a2 > simd::kSqrt32 ? a2 : simd::kSqrt32;
  const double p1 = y1 * y1, p2 = y2 * y2, inv_p = 1.0 / (p1 * p2);
  double num1, den1, num2, den2;
  const bool central1 = simd::norm_tail_ratio(a1, p2 * inv_p, num1, den1);
  const bool central2 = simd::norm_tail_ratio(a2, p1 * inv_p, num2, den2);
  const double inv_den = 1.0 / (den1 * den2);
  const double r1 = num1 * den2 * inv_den, r2 = num2 * den1 * inv_den;
  const double tail1 = central1 ? 0.5 - r1 : e1 * r1;  // Phi(-|d1|)
  const double tail2 = central2 ? 0.5 - r2 : e2 * r2;
  const double nd1 = w * d1 < 0.0 ? tail1 : 1.0 - tail1;  // Phi(w d1)
  const double nd2 = w * d2 < 0.0 ? tail2 : 1.0 - tail2;
  const double pdf = kInvSqrt2Pi * e1;
  price = w * (sq * nd1 - kr * nd2);
  delta = w * dq * nd1;
  gamma = dq * pdf * inv_s_sd;
  vega = sq * pdf * sqrt_t;
  theta = -0.5 * sq * pdf * vol * inv_sqrt_t - w * r * kr * nd2 + w * q * sq * nd1;
  rho = w * kr * T * nd2;
}

// Inputs the fast kernel does not cover: S/K or T outside the normal range
// (the domain of log_normal and sqrt_normal), a total deviation so small
// that d1 is not finite, or S or K so extreme that S e^{-qT} or K e^{-rT}
// (|qT|, |rT| <= 100) could leave the normal range and spoil the ratio
// min(F/K, K/F). Those lanes take the exact scalar kernel.
MLT_SIMD_INLINE bool needs_exact_kernel(double S, double K, double T, double vol) {
  const double ratio = S / K;
  return !((ratio >= DBL_MIN) & (ratio <= DBL_MAX) & (T >= DBL_MIN) & (vol * vol * T >= 1e-300) & (S >= 1e-250) &
           (S <= 1e250) & (K >= 1e-250) & (K <= 1e250));
}

// The checks of validate() as one predicate, so the common all-valid batch is
// checked in a vectorised pass; any failure re-runs validate() for its message.
inline bool plain_valid(double S, double K, double T, double r, double q, double v) {
  // `&` not `&&`: no short-circuit branches, so the check vectorises.
  return (S > 0.0) & (S <= DBL_MAX) & (K > 0.0) & (K <= DBL_MAX) & (T > 0.0) & (T <= 100.0) & (r >= -1.0) & (r <= 1.0) &
         (q >= -1.0) & (q <= 1.0) & (v > 0.0) & (v <= 10.0);
}

struct BatchColumns {
  const OptionType* type;
  const double *S, *K, *T, *r, *q, *v;
  double *price, *delta, *gamma, *vega, *theta, *rho;
};

// Blocks of this many options are the unit of OpenMP work.
constexpr std::ptrdiff_t kBlock = 4096;

// A plain function (not the OpenMP-outlined body) so that the optimize pragma
// above applies to the loop GCC vectorises. On x86-64 it is also built for
// AVX2+FMA and AVX-512 and picked at load time (the build targets baseline
// SSE2, 2 doubles per vector). FMA contraction changes results by an ulp at
// most; vector_math.h is written to stay exact under it.
#if defined(__x86_64__) && defined(__linux__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
// Returns how many options in [begin, end) failed plain_valid(): checked in
// the same pass as the pricing, so each input is read once.
std::ptrdiff_t
greeks_block(const BatchColumns& c, std::ptrdiff_t begin, std::ptrdiff_t end) {
  std::ptrdiff_t exotic = 0, invalid = 0;
  const OptionType* type = c.type;
  const double *S = c.S, *K = c.K, *T = c.T, *r = c.r, *q = c.q, *v = c.v;
  double *price = c.price, *delta = c.delta, *gamma = c.gamma, *vega = c.vega, *theta = c.theta, *rho = c.rho;
#pragma omp simd reduction(+ : exotic, invalid)
  for (std::ptrdiff_t i = begin; i < end; ++i) {
    const double w = type[i] == OptionType::Call ? 1.0 : -1.0;
    greeks_kernel_simd(w, S[i], K[i], T[i], r[i], q[i], v[i], price[i], delta[i], gamma[i], vega[i], theta[i], rho[i]);
    exotic += needs_exact_kernel(S[i], K[i], T[i], v[i]);
    invalid += !plain_valid(S[i], K[i], T[i], r[i], q[i], v[i]);
  }
  if (exotic != 0)
    for (std::ptrdiff_t i = begin; i < end; ++i)
      if (needs_exact_kernel(S[i], K[i], T[i], v[i]))
        greeks_kernel(omega(type[i]), S[i], K[i], T[i], r[i], q[i], v[i], price[i], delta[i], gamma[i], vega[i],
                      theta[i], rho[i]);
  return invalid;
}

}  // namespace

void bsm_greeks_batch(const OptionBatch& in, GreeksBatch& out) {
  const std::size_t n = in.size();
  for (const auto* v : {&in.strike, &in.expiry, &in.rate, &in.dividend, &in.volatility})
    if (v->size() != n || in.type.size() != n)
      throw Error(ErrorKind::InvalidArgument, "option batch columns have different lengths",
                  "give spot, strike, expiry, rate, dividend, volatility and type for every option");
  const OptionType* type = in.type.data();
  const double *S = in.spot.data(), *K = in.strike.data(), *T = in.expiry.data();
  const double *r = in.rate.data(), *q = in.dividend.data(), *v = in.volatility.data();
  const auto count = static_cast<std::ptrdiff_t>(n);
  out.resize(n);
  double *price = out.price.data(), *delta = out.delta.data(), *gamma = out.gamma.data();
  double *vega = out.vega.data(), *theta = out.theta.data(), *rho = out.rho.data();
  const BatchColumns cols{type, S, K, T, r, q, v, price, delta, gamma, vega, theta, rho};
  std::ptrdiff_t invalid = 0;
  if (n < kParallelBatch) {
    invalid = greeks_block(cols, 0, count);
  } else {
    const std::ptrdiff_t blocks = (count + kBlock - 1) / kBlock;
#pragma omp parallel for schedule(static) reduction(+ : invalid)
    for (std::ptrdiff_t b = 0; b < blocks; ++b)
      invalid += greeks_block(cols, b * kBlock, std::min(count, (b + 1) * kBlock));
  }
  if (invalid == 0) return;
  // Rare: find the first bad option for the message (the outputs are discarded).
  for (std::size_t i = 0; i < n; ++i) {
    try {
      validate(VanillaOption{in.type[i], in.strike[i], in.expiry[i], ExerciseStyle::European},
               MarketInputs{in.spot[i], in.rate[i], in.dividend[i], in.volatility[i]});
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("option {}: {}", i, e.message()), e.hint());
    }
  }
}

}  // namespace mlt::options
