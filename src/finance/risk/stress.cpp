#include "finance/risk/stress.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {
namespace {

StressWindow window(const char* name, const char* description, const char* from, const char* to) {
  return StressWindow{name, description, *parse_timestamp(from), *parse_timestamp(to)};
}

}  // namespace

const std::vector<StressWindow>& historical_stress_windows() {
  static const std::vector<StressWindow> windows = {
      window("dotcom_2000_2002", "Dot-com bust: S&P 500 peak 2000-03-24 to trough 2002-10-09", "2000-03-24",
             "2002-10-09"),
      window("gfc_2007_2009", "Global financial crisis: S&P 500 peak 2007-10-09 to trough 2009-03-09", "2007-10-09",
             "2009-03-09"),
      window("aug_2011", "US downgrade and euro crisis: 2011-07-22 to 2011-10-03", "2011-07-22", "2011-10-03"),
      window("selloff_2015_2016", "China devaluation and oil slump: 2015-05-21 to 2016-02-11", "2015-05-21",
             "2016-02-11"),
      window("covid_2020", "COVID-19 crash: S&P 500 peak 2020-02-19 to trough 2020-03-23", "2020-02-19", "2020-03-23"),
      window("asian_crisis_1997", "Asian crisis: 1997-10-07 to 1997-10-27 (Dow-30 era)", "1997-10-07", "1997-10-27"),
      window("ltcm_1998", "Russian default and LTCM: 1998-07-17 to 1998-08-31 (Dow-30 era)", "1998-07-17",
             "1998-08-31"),
  };
  return windows;
}

const StressWindow& find_stress_window(const std::string& name) {
  std::string names;
  for (const auto& w : historical_stress_windows()) {
    if (w.name == name) return w;
    names += (names.empty() ? "" : ", ") + w.name;
  }
  throw Error(ErrorKind::NotFound, "unknown stress window '" + name + "'", "built-in windows: " + names);
}

Json StressOutcome::to_json(double portfolio_value) const {
  Json j{{"name", window.name},
         {"description", window.description},
         {"from", format_date(window.from)},
         {"to", format_date(window.to)},
         {"covered", covered}};
  if (!covered) {
    j["reason"] = "the data does not span this window";
    return j;
  }
  Json contrib = Json::object();
  for (const auto& [asset, c] : contributions) contrib[asset] = c;
  j.update(Json{{"days", days},
                {"total_return", total_return},
                {"pnl", total_return * portfolio_value},
                {"max_drawdown", max_drawdown},
                {"worst_day", worst_day},
                {"worst_day_date", format_date(worst_day_ts)},
                {"contributions", contrib}});
  return j;
}

std::vector<StressOutcome> stress_test(const AssetReturns& returns, const Eigen::VectorXd& weights,
                                       const std::vector<StressWindow>& windows) {
  const Eigen::VectorXd daily = portfolio_returns(returns, weights);
  std::vector<StressOutcome> out;
  for (const auto& w : windows) {
    if (w.from > w.to) throw Error(ErrorKind::InvalidArgument, "stress window '" + w.name + "' ends before it starts");
    StressOutcome o;
    o.window = w;
    // Covered when a return ends on/before `from` (so its close is known) and one reaches `to`.
    o.covered = !returns.ts.empty() && returns.ts.front() <= w.from && returns.ts.back() >= w.to;
    if (o.covered) {
      Eigen::VectorXd growth = Eigen::VectorXd::Ones(static_cast<Eigen::Index>(returns.n_assets()));
      double equity = 1, peak = 1;
      o.worst_day = INFINITY;
      for (std::size_t t = 0; t < returns.rows(); ++t) {
        if (returns.ts[t] <= w.from || returns.ts[t] > w.to) continue;
        const double r = daily[static_cast<Eigen::Index>(t)];
        equity *= 1 + r;
        peak = std::max(peak, equity);
        o.max_drawdown = std::min(o.max_drawdown, equity / peak - 1);
        if (r < o.worst_day) {
          o.worst_day = r;
          o.worst_day_ts = returns.ts[t];
        }
        growth.array() *= 1.0 + returns.values.row(static_cast<Eigen::Index>(t)).transpose().array();
        ++o.days;
      }
      o.covered = o.days > 0;
      o.total_return = equity - 1;
      for (std::size_t i = 0; i < returns.n_assets(); ++i)
        o.contributions.emplace_back(returns.assets[i],
                                     weights[static_cast<Eigen::Index>(i)] * (growth[static_cast<Eigen::Index>(i)] - 1));
    }
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace mlt
