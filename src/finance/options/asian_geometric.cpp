#include "finance/options/asian_geometric.h"

#include <cmath>
#include <fmt/format.h>

#include "core/error.h"
#include "finance/options/normal_distribution.h"

namespace mlt::options {

Real geometric_asian_price(OptionType type, Real strike, Time expiry, int fixings, const MarketInputs& market) {
  validate(VanillaOption{type, strike, expiry, ExerciseStyle::European}, market);
  if (fixings < 1 || fixings > 100000)
    throw Error(ErrorKind::InvalidArgument, fmt::format("fixings = {} is out of range", fixings),
                "use between 1 and 100000 averaging dates");
  const double n = fixings, T = expiry, v = market.volatility;
  const double mean = std::log(market.spot) + (market.rate - market.dividend - 0.5 * v * v) * (n + 1.0) * T / (2.0 * n);
  const double variance = v * v * T * (n + 1.0) * (2.0 * n + 1.0) / (6.0 * n * n);
  const double sd = std::sqrt(variance);
  const double w = omega(type);
  const double d1 = (mean - std::log(strike) + variance) / sd;
  const double d2 = d1 - sd;
  const double expected_g = std::exp(mean + 0.5 * variance);  // E[G]
  return std::exp(-market.rate * T) * w * (expected_g * norm_cdf(w * d1) - strike * norm_cdf(w * d2));
}

}  // namespace mlt::options
