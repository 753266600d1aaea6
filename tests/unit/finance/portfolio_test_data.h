// Real Dow-30 daily returns 1991-2000 (bundled file) for the portfolio tests.
#pragma once

#include "finance/portfolio/optimizer.h"
#include "unit/features/real_data.h"

namespace mlt::test {

inline const AssetReturns& dow30_returns() {
  static const AssetReturns r = asset_returns(dow30());
  return r;
}

inline const PortfolioInputs& dow30_inputs() {
  static const PortfolioInputs in = portfolio_inputs(dow30_returns(), CovarianceMethod::Sample);
  return in;
}

}  // namespace mlt::test
