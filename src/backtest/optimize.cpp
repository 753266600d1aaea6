#include "backtest/optimize.h"

#include <algorithm>
#include <cmath>
#include <exception>

#include <fmt/format.h>
#include <omp.h>

#include "backtest/signal.h"
#include "core/error.h"

namespace mlt {
namespace {

// fn(i) for i in [begin, end) on OpenMP threads; the first exception is
// rethrown here, since one escaping a parallel region would terminate.
// One indicator cache per OpenMP thread.
std::vector<IndicatorCache> thread_caches() { return std::vector<IndicatorCache>(static_cast<std::size_t>(omp_get_max_threads())); }
IndicatorCache& my_cache(std::vector<IndicatorCache>& caches) { return caches[static_cast<std::size_t>(omp_get_thread_num())]; }

template <class Fn>
void parallel_for(std::size_t begin, std::size_t end, const Fn& fn) {
  std::exception_ptr failure;
#pragma omp parallel for schedule(dynamic)
  for (std::ptrdiff_t k = static_cast<std::ptrdiff_t>(begin); k < static_cast<std::ptrdiff_t>(end); ++k) {
    try {
      fn(static_cast<std::size_t>(k));
    } catch (...) {
#pragma omp critical(mlt_parallel_for_failure)
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
}

}  // namespace

std::vector<GridPoint> grid_search(const PriceTable& prices, const std::vector<StrategySpec>& specs,
                                   const BacktestConfig& config, const SearchCallbacks& cb, std::size_t first_row,
                                   std::size_t last_row) {
  BacktestConfig quiet = config;
  quiet.record_trades = false;
  std::vector<GridPoint> out(specs.size());
  std::vector<IndicatorCache> caches = thread_caches();
  // Batches keep callbacks (progress, cancel) on this thread and off OpenMP's.
  const std::size_t batch = 32;
  for (std::size_t begin = 0; begin < specs.size(); begin += batch) {
    if (cb.check_cancelled) cb.check_cancelled();
    const std::size_t end = std::min(specs.size(), begin + batch);
    parallel_for(begin, end, [&](std::size_t i) {
      const BacktestResult r =
          run_backtest(prices, strategy_target_source(specs[i], prices, &my_cache(caches)), quiet, first_row, last_row);
      out[i] = GridPoint{specs[i], r.stats};
    });
    if (cb.progress)
      cb.progress(static_cast<double>(end) / static_cast<double>(specs.size()),
                  fmt::format("{}/{} parameter sets", end, specs.size()));
  }
  return out;
}

std::size_t best_point(const std::vector<GridPoint>& points, const std::string& objective) {
  if (points.empty()) throw Error(ErrorKind::InvalidArgument, "no grid points to choose from");
  std::size_t best = 0;
  double best_score = -INFINITY;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double s = points[i].stats.objective(objective);
    if (std::isfinite(s) && s > best_score) {
      best_score = s;
      best = i;
    }
  }
  return best;
}

WalkForwardResult walk_forward(const PriceTable& prices, const std::vector<StrategySpec>& specs,
                               const BacktestConfig& config, const WalkForwardSpec& wf, const SearchCallbacks& cb) {
  if (wf.train_bars < 2 || wf.test_bars < 2)
    throw Error(ErrorKind::InvalidArgument, "walk-forward: train_bars and test_bars must be at least 2");
  if (prices.rows() < wf.train_bars + wf.test_bars)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("walk-forward: {} rows, but one fold needs train_bars + test_bars = {}", prices.rows(),
                            wf.train_bars + wf.test_bars),
                "use shorter windows or a longer date range");
  if (specs.empty()) throw Error(ErrorKind::InvalidArgument, "walk-forward: the grid is empty");
  (void)PerformanceStats{}.objective(wf.objective);  // reject a bad objective before any work

  // Per-thread indicator caches: each moving average is computed once for all folds.
  std::vector<IndicatorCache> caches = thread_caches();

  WalkForwardResult out;
  const std::size_t n_folds = (prices.rows() - wf.train_bars + wf.test_bars - 1) / wf.test_bars;
  std::vector<std::vector<double>> stitched(prices.n_assets(), std::vector<double>(prices.rows(), 0.0));
  BacktestConfig quiet = config;
  quiet.record_trades = false;
  for (std::size_t f = 0; f < n_folds; ++f) {
    if (cb.check_cancelled) cb.check_cancelled();
    WalkForwardFold fold;
    fold.test_first = wf.train_bars + f * wf.test_bars;
    fold.test_last = std::min(prices.rows() - 1, fold.test_first + wf.test_bars - 1);
    fold.train_last = fold.test_first - 1;
    fold.train_first = wf.anchored ? 0 : fold.test_first - wf.train_bars;
    if (fold.test_last <= fold.test_first) break;  // a one-bar tail cannot earn a return
    std::vector<GridPoint> points(specs.size());
    parallel_for(0, specs.size(), [&](std::size_t i) {
      points[i] = GridPoint{specs[i], run_backtest(prices, strategy_target_source(specs[i], prices, &my_cache(caches)),
                                                   quiet, fold.train_first, fold.train_last)
                                          .stats};
    });
    const std::size_t best = best_point(points, wf.objective);
    fold.chosen = specs[best];
    fold.train_score = points[best].stats.objective(wf.objective);
    // Positions use the full history up to each bar (indicators are causal), so warm-up never eats the window.
    const std::vector<std::vector<double>> chosen = strategy_targets(specs[best], prices);
    fold.test = run_backtest(prices, chosen, quiet, fold.test_first - 1, fold.test_last).stats;
    // The test window trades the chosen targets, decided at closes test_first-1 .. test_last-1.
    for (std::size_t a = 0; a < prices.n_assets(); ++a)
      for (std::size_t r = fold.test_first - 1; r < fold.test_last; ++r) stitched[a][r] = chosen[a][r];
    out.folds.push_back(fold);
    if (cb.progress)
      cb.progress(static_cast<double>(f + 1) / static_cast<double>(n_folds),
                  fmt::format("fold {}/{}: {} chosen, train {} {:.3f}", f + 1, n_folds, fold.chosen.params.dump(),
                              wf.objective, fold.train_score));
  }
  out.out_of_sample = run_backtest(prices, stitched, config, wf.train_bars - 1, out.folds.back().test_last);
  return out;
}

}  // namespace mlt
