#include "finance/portfolio/frontier.h"

#include <cmath>

#include "core/error.h"
#include "finance/portfolio/bounds.h"

namespace mlt {

Frontier efficient_frontier(const PortfolioInputs& in, const PortfolioConstraints& constraints, int points,
                            double risk_free) {
  if (points < 2 || points > 200) throw Error(ErrorKind::InvalidArgument, "points must be 2..200");
  Frontier f;
  OptimizeSpec spec;
  spec.constraints = constraints;
  spec.risk_free = risk_free;
  spec.objective = PortfolioObjective::MinVariance;
  f.min_variance = optimize_portfolio(in, spec);
  spec.objective = PortfolioObjective::MaxSharpe;
  f.max_sharpe = optimize_portfolio(in, spec);

  const Bounds b = resolve_bounds(constraints, static_cast<std::size_t>(in.mean.size()));
  const double lo = f.min_variance.expected_return;
  double hi = return_range(in.mean, b, constraints.budget).second;
  if (std::isinf(hi)) hi = lo + 1.5 * (in.mean.maxCoeff() * constraints.budget - lo);
  spec.objective = PortfolioObjective::MeanVariance;
  for (int k = 0; k < points; ++k) {
    // Stay a hair inside the ends, where the feasible set collapses to a point.
    const double target = lo + (hi - lo) * (k == 0 ? 0.0 : (k == points - 1 ? 1.0 - 1e-9 : double(k) / (points - 1)));
    if (k == 0) {
      f.points.push_back(f.min_variance);
      continue;
    }
    spec.target_return = target;
    try {
      f.points.push_back(optimize_portfolio(in, spec));
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Unavailable) throw;
    }
  }
  return f;
}

}  // namespace mlt
