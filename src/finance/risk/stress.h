// Historical stress tests: replay real market windows on a portfolio.
//
//   auto outcomes = stress_test(returns, weights, historical_stress_windows());
//
// A window is replayed from the close of `from` to the close of `to` with the
// portfolio's weights rebalanced daily. Windows outside the data are reported
// as not covered rather than guessed. The built-in windows are the S&P 500's
// peak-to-trough closes (bundled file 2000-2020) plus two crises inside the
// Dow-30 file (1991-2000).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "core/json.h"
#include "finance/portfolio/asset_returns.h"

namespace mlt {

struct StressWindow {
  std::string name, description;
  TimestampMs from = 0, to = 0;
};

// dotcom_2000_2002, gfc_2007_2009, aug_2011, selloff_2015_2016, covid_2020,
// asian_crisis_1997, ltcm_1998.
const std::vector<StressWindow>& historical_stress_windows();
// Throws Error{NotFound} listing the names.
const StressWindow& find_stress_window(const std::string& name);

struct StressOutcome {
  StressWindow window;
  bool covered = false;
  std::size_t days = 0;
  double total_return = 0;  // compounded over the window
  double max_drawdown = 0;  // inside the window, from its start
  double worst_day = 0;
  TimestampMs worst_day_ts = 0;
  std::vector<std::pair<std::string, double>> contributions;  // weight * asset's compounded return
  Json to_json(double portfolio_value) const;
};

// Throws Error{InvalidArgument} for a weight count mismatch or from > to.
std::vector<StressOutcome> stress_test(const AssetReturns& returns, const Eigen::VectorXd& weights,
                                       const std::vector<StressWindow>& windows);

}  // namespace mlt
