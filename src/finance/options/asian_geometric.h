// Closed form for a discretely monitored geometric-average-price Asian option
// under Black-Scholes-Merton (Kemna-Vorst for discrete fixings): the average
// of ln S over the fixings t_k = k T / n, k = 1..n, is normal with
//   mean     ln S + (r - q - sigma^2/2) (n + 1) T / (2 n)
//   variance sigma^2 T (n + 1)(2 n + 1) / (6 n^2)
// and the payoff is max(omega (G - K), 0) paid at T. It is the control variate
// for the arithmetic average (monte_carlo.h) and is checked against QuantLib's
// AnalyticDiscreteGeometricAveragePriceAsianEngine. Throws Error{InvalidArgument}
// for invalid inputs or fixings outside [1, 100000]. C++17-clean.
#pragma once

#include "finance/options/option_types.h"

namespace mlt::options {

Real geometric_asian_price(OptionType type, Real strike, Time expiry, int fixings, const MarketInputs& market);

}  // namespace mlt::options
