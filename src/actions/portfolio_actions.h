// The portfolio and risk actions (finance/portfolio, finance/risk).
//
//   portfolio.optimize   (instant) weights for min_variance | mean_variance | max_sharpe | risk_parity | hrp
//                                  from a stored dataset's returns, with sample or Ledoit-Wolf covariance,
//                                  bounds and a budget; stored in `results`
//   portfolio.frontier   (instant) the efficient frontier as chart points plus the min-variance and
//                                  max-Sharpe portfolios; stored
//   risk.var             (instant) VaR and CVaR (historical, normal, cornish_fisher, monte_carlo) of a
//                                  weighted portfolio at a confidence and horizon; stored
//   risk.stress          (instant) replay historical crisis windows in the data on a portfolio; stored
//   risk.drawdown        (instant) drawdown analysis (max, duration, recovery, episodes) with charts; stored
#pragma once

#include "actions/registry.h"

namespace mlt {

// Adds the five actions above. Throws Error{Conflict} when one is already registered.
void register_portfolio_actions(ActionRegistry& registry);

}  // namespace mlt
