// The efficient frontier: minimum-variance portfolios for target returns
// from the global minimum-variance portfolio's return up to the highest
// return the bounds allow (with unbounded weights: up to the best asset's
// mean, times 1.5 beyond the minimum-variance return).
#pragma once

#include <vector>

#include "finance/portfolio/optimizer.h"

namespace mlt {

struct Frontier {
  std::vector<PortfolioResult> points;  // ascending target return
  PortfolioResult min_variance;
  PortfolioResult max_sharpe;
};

// `points` in [2, 200]. Throws as optimize_portfolio; a target the solver
// cannot meet is skipped rather than failing the whole frontier.
Frontier efficient_frontier(const PortfolioInputs& in, const PortfolioConstraints& constraints, int points,
                            double risk_free = 0.0);

}  // namespace mlt
