#include "finance/options/black_scholes.h"

#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "finance/options/normal_distribution.h"

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

Real bsm_price(const VanillaOption& option, const MarketInputs& market) { return bsm_greeks(option, market).price; }

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

void bsm_greeks_batch(const OptionBatch& in, GreeksBatch& out) {
  const std::size_t n = in.size();
  for (const auto* v : {&in.strike, &in.expiry, &in.rate, &in.dividend, &in.volatility})
    if (v->size() != n || in.type.size() != n)
      throw Error(ErrorKind::InvalidArgument, "option batch columns have different lengths",
                  "give spot, strike, expiry, rate, dividend, volatility and type for every option");
  for (std::size_t i = 0; i < n; ++i) {
    try {
      validate(VanillaOption{in.type[i], in.strike[i], in.expiry[i], ExerciseStyle::European},
               MarketInputs{in.spot[i], in.rate[i], in.dividend[i], in.volatility[i]});
    } catch (const Error& e) {
      throw Error(e.kind(), fmt::format("option {}: {}", i, e.message()), e.hint());
    }
  }
  out.resize(n);
  const OptionType* type = in.type.data();
  const double *S = in.spot.data(), *K = in.strike.data(), *T = in.expiry.data();
  const double *r = in.rate.data(), *q = in.dividend.data(), *v = in.volatility.data();
  double *price = out.price.data(), *delta = out.delta.data(), *gamma = out.gamma.data();
  double *vega = out.vega.data(), *theta = out.theta.data(), *rho = out.rho.data();
  const auto count = static_cast<std::ptrdiff_t>(n);
#pragma omp parallel for simd schedule(static) if (n >= kParallelBatch)
  for (std::ptrdiff_t i = 0; i < count; ++i) {
    const double w = type[i] == OptionType::Call ? 1.0 : -1.0;
    greeks_kernel(w, S[i], K[i], T[i], r[i], q[i], v[i], price[i], delta[i], gamma[i], vega[i], theta[i], rho[i]);
  }
}

}  // namespace mlt::options
