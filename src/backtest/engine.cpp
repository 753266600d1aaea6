#include "backtest/engine.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/error.h"

namespace mlt {
namespace {

double finite_or_zero(double x) { return std::isfinite(x) ? x : 0.0; }

// Simple return between two prices; 0 when either is missing.
double price_return(double from, double to) {
  return (std::isfinite(from) && std::isfinite(to) && from > 0) ? to / from - 1.0 : 0.0;
}

// Opens, flips and closes round trips as the held weight of one asset changes.
class TradeRecorder {
 public:
  TradeRecorder(std::string asset, std::vector<Trade>& out) : asset_(std::move(asset)), out_(out) {}

  void on_fill(double old_w, double new_w, TimestampMs ts, double price) {
    const int old_side = side(old_w), new_side = side(new_w);
    if (old_side == new_side) return;
    if (old_side != 0) close(ts, price);
    if (new_side != 0) {
      open_ = Trade{};
      open_.asset = asset_;
      open_.side = new_side;
      open_.entry_ts = ts;
      open_.entry_price = price;
      bars_ = 0;
      has_open_ = true;
    }
  }
  void on_bar() {
    if (has_open_) ++bars_;
  }
  void finish(double last_price) {
    if (!has_open_) return;
    open_.exit_price = last_price;
    open_.bars = bars_;
    open_.ret = open_.side * price_return(open_.entry_price, last_price);
    out_.push_back(open_);
    has_open_ = false;
  }

 private:
  static int side(double w) { return w > 0 ? 1 : (w < 0 ? -1 : 0); }
  void close(TimestampMs ts, double price) {
    open_.exit_ts = ts;
    open_.exit_price = price;
    open_.bars = bars_;
    open_.ret = open_.side * price_return(open_.entry_price, price);
    out_.push_back(open_);
    has_open_ = false;
  }
  std::string asset_;
  std::vector<Trade>& out_;
  Trade open_;
  std::size_t bars_ = 0;
  bool has_open_ = false;
};

void check_column(const std::vector<double>& col, const PriceTable& prices) {
  if (col.size() != prices.rows())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("backtest: a target column has {} rows, prices have {}", col.size(), prices.rows()),
                "align the signal to the dataset's timestamps");
}

void check_config(const PriceTable& prices, const BacktestConfig& config) {
  if (!(config.commission_bps >= 0) || !(config.slippage_bps >= 0))
    throw Error(ErrorKind::InvalidArgument, "backtest: commission_bps and slippage_bps must be >= 0");
  if (config.periods_per_year <= 0) throw Error(ErrorKind::InvalidArgument, "backtest: periods_per_year must be > 0");
  if (config.execution == Execution::NextOpen && !prices.has_open())
    throw Error(ErrorKind::InvalidArgument, "backtest: next_open execution needs opening prices",
                "panels hold closes only; use execution next_close");
}

}  // namespace

Execution parse_execution(const std::string& name) {
  if (name == "next_open") return Execution::NextOpen;
  if (name == "next_close") return Execution::NextClose;
  throw Error(ErrorKind::InvalidArgument, "unknown execution '" + name + "'", "use next_open or next_close");
}

const char* execution_name(Execution e) { return e == Execution::NextOpen ? "next_open" : "next_close"; }

BacktestResult run_backtest(const PriceTable& prices, const std::vector<std::vector<double>>& targets,
                            const BacktestConfig& config, std::size_t first_row, std::size_t last_row) {
  if (targets.size() != prices.n_assets())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("backtest: {} target columns for {} assets", targets.size(), prices.n_assets()));
  for (const auto& col : targets) check_column(col, prices);
  return run_backtest(
      prices, [&](std::size_t a, std::vector<double>& out) { out = targets[a]; }, config, first_row, last_row);
}

BacktestResult run_backtest(const PriceTable& prices, const TargetSource& source, const BacktestConfig& config,
                            std::size_t first_row, std::size_t last_row) {
  check_config(prices, config);
  std::vector<double> column;
  auto targets_of = [&](std::size_t a) -> const std::vector<double>& {
    source(a, column);
    check_column(column, prices);
    return column;
  };
  if (last_row >= prices.rows()) last_row = prices.rows() - 1;
  if (first_row >= last_row)
    throw Error(ErrorKind::InvalidArgument, "backtest: the window needs at least two bars");
  const std::size_t n_assets = prices.n_assets(), n = last_row - first_row + 1;
  const double unit_cost = (config.commission_bps + config.slippage_bps) / 1e4;
  const bool at_open = config.execution == Execution::NextOpen;

  BacktestResult out;
  out.ts.assign(prices.ts.begin() + static_cast<std::ptrdiff_t>(first_row),
                prices.ts.begin() + static_cast<std::ptrdiff_t>(last_row) + 1);
  out.returns.assign(n, 0.0);
  out.equity.assign(n, 1.0);
  out.exposure.assign(n, 0.0);
  out.turnover.assign(n, 0.0);
  std::vector<double> costs(n, 0.0), before(n, 0.0), after(n, 0.0);
  // Asset-major accumulation: contiguous loops the compiler can vectorise.
  // Bar i (row s = first_row + i) holds w_old = target[s-2] (flat at i = 1,
  // the window starts in cash) and fills w_new = target[s-1].
  const bool have_returns = prices.close_returns.size() == n_assets;
  const std::vector<std::vector<double>> computed = have_returns ? std::vector<std::vector<double>>{}
                                                                 : simple_returns(prices.close);
  const auto& close_returns = have_returns ? prices.close_returns : computed;
  std::vector<double> w(n, 0.0);  // w[i] = weight filled at bar i (w[0] = 0: cash)
  for (std::size_t a = 0; a < n_assets; ++a) {
    const double* tg = targets_of(a).data() + first_row;
    for (std::size_t i = 1; i < n; ++i) w[i] = finite_or_zero(tg[i - 1]);
    if (at_open) {
      const double* c = prices.close[a].data() + first_row;
      const double* o = prices.open[a].data() + first_row;
      for (std::size_t i = 1; i < n; ++i) {
        before[i] += w[i - 1] * price_return(c[i - 1], o[i]);
        after[i] += w[i] * price_return(o[i], c[i]);
        out.exposure[i] += std::fabs(w[i]);
      }
    } else {
      const double* r = close_returns[a].data() + first_row;
      for (std::size_t i = 1; i < n; ++i) {
        before[i] += w[i - 1] * r[i];
        out.exposure[i] += std::fabs(w[i - 1]);
      }
    }
    for (std::size_t i = 1; i < n; ++i) out.turnover[i] += std::fabs(w[i] - w[i - 1]);
  }
  for (std::size_t i = 1; i < n; ++i) {
    costs[i] = out.turnover[i] * unit_cost;
    const double growth = (1.0 + before[i]) * (1.0 - costs[i]) * (1.0 + after[i]);
    out.equity[i] = out.equity[i - 1] * growth;
    out.returns[i] = growth - 1.0;
  }
  std::vector<TradeRecorder> recorders;
  if (config.record_trades) {
    for (std::size_t a = 0; a < n_assets; ++a) {
      recorders.emplace_back(prices.assets[a], out.trades);
      const std::vector<double>& tg = targets_of(a);
      double w_old = 0;
      for (std::size_t i = 1; i < n; ++i) {
        const std::size_t s = first_row + i;
        const double w_new = finite_or_zero(tg[s - 1]);
        recorders[a].on_bar();
        recorders[a].on_fill(w_old, w_new, prices.ts[s], at_open ? prices.open[a][s] : prices.close[a][s]);
        w_old = w_new;
      }
      recorders[a].finish(prices.close[a][last_row]);
    }
    std::stable_sort(out.trades.begin(), out.trades.end(),
                     [](const Trade& x, const Trade& y) { return x.entry_ts < y.entry_ts; });
  }
  out.stats = compute_performance(out.returns, out.equity, out.exposure, out.turnover, costs, out.trades,
                                  config.periods_per_year);
  return out;
}

}  // namespace mlt
