// The options actions (src/finance/options; requests in option_requests.h):
//
//   finance.option_price  (instant)  Black-Scholes-Merton price + Greeks, binomial
//                                    (CRR / Leisen-Reimer, American early-exercise
//                                    premium) or a small European Monte Carlo
//   finance.option_mc     (trial)    Monte Carlo: European, Asian (arithmetic,
//                                    geometric), barrier; std error, progress, cancel
//   finance.implied_vol   (instant)  implied volatility with no-arbitrage bounds
//   finance.option_payoff (instant)  chart data: payoff/profit at expiry and value today vs spot
//
// Seeds default to ctx.env.seed and are returned with every Monte Carlo result.
// Simulated paths are returned as chart data only; they never become datasets.
#pragma once

#include "actions/registry.h"

namespace mlt {

// Adds the four actions above. Throws Error{Conflict} when one is already registered.
void register_option_actions(ActionRegistry& registry);

}  // namespace mlt
