// Moving-average-crossover grid over the real Dow-30 closes (30 stocks,
// 1991-2000, ~2,530 bars): mlTrainer's backtester vs a vectorised
// pandas/numpy peer (bench/peers/ma_grid.py) with the same rules, run side by
// side; the table also reports the largest Sharpe difference between them.
#include <benchmark/benchmark.h>

#include <chrono>
#include <ctime>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>

#include <fmt/format.h>
#include <omp.h>

#include "backtest/optimize.h"
#include "core/json.h"
#include "data/csv_import.h"
#include "peer_runner.h"

namespace mlt {
namespace {

const std::string kDowFile = std::string(MLT_SOURCE_DIR) + "/data/market/dowjones30_close_1991-2000.csv";
const char* kFasts = "5,10,15,20,25,30,35,40,45,50";
const char* kSlows = "60,80,100,120,140,160,180,200,220,240,260";
constexpr double kCostBps = 3.0;  // 1 bps commission + 2 bps slippage

const PriceTable& dow30() {
  static const PriceTable p = price_table(CsvImporter::parse(CsvImporter::read_bytes(kDowFile), kDowFile, {}, 0));
  return p;
}

std::vector<StrategySpec> grid() {
  auto ints = [](const std::string& csv) {
    Json a = Json::array();
    std::size_t pos = 0;
    while (pos < csv.size()) {
      const std::size_t comma = csv.find(',', pos);
      a.push_back(std::stoi(csv.substr(pos, comma - pos)));
      pos = comma == std::string::npos ? csv.size() : comma + 1;
    }
    return a;
  };
  return expand_grid("ma_crossover", Json{{"fast", ints(kFasts)}, {"slow", ints(kSlows)}});
}

BacktestConfig config() {
  BacktestConfig c;
  c.execution = Execution::NextClose;  // the panel has closes only
  c.commission_bps = 1.0;
  c.slippage_bps = 2.0;
  return c;
}

void BM_MaGridDow30(benchmark::State& state) {
  const auto specs = grid();
  for (auto _ : state) {
    auto points = grid_search(dow30(), specs, config());
    benchmark::DoNotOptimize(points.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(specs.size()));
}
BENCHMARK(BM_MaGridDow30)->Unit(benchmark::kMillisecond);

// One side-by-side run: best of 5 for mlTrainer, best of 3 inside the peer.
void BM_MaGridDow30VsPandas(benchmark::State& state) {
  const auto specs = grid();
  for (auto _ : state) {
    // Best of 5 with one thread (pandas uses one) and with every OpenMP thread.
    std::vector<GridPoint> points;
    const auto timings = bench::best_times_one_and_all_threads([&] { points = grid_search(dow30(), specs, config()); });
    const Json peer = bench::run_python_peer(
        "ma_grid.py", fmt::format("{} {} {} {} 3", kDowFile, kCostBps, kFasts, kSlows));
    if (peer.is_null()) {
      state.SkipWithError("the pandas peer did not run (needs /usr/bin/python3 with pandas)");
      return;
    }
    std::map<std::pair<int, int>, double> ours;
    for (const auto& p : points) ours[{p.spec.params["fast"].get<int>(), p.spec.params["slow"].get<int>()}] = p.stats.sharpe;
    double max_diff = 0;
    std::size_t matched = 0;
    for (const auto& r : peer["results"]) {
      const auto it = ours.find({r["fast"].get<int>(), r["slow"].get<int>()});
      if (it == ours.end()) continue;
      ++matched;
      max_diff = std::max(max_diff, std::fabs(it->second - r["sharpe"].get<double>()));
    }
    const double pandas_ms = peer["ms"].get<double>(), pandas_cpu = peer.value("cpu_ms", pandas_ms);
    fmt::print("\nMA-crossover grid, Dow-30 closes 1991-2000 ({} stocks x {} bars), next-close fills, {} bps costs\n",
               dow30().n_assets(), dow30().rows(), kCostBps);
    fmt::print("{:>10} {:>8} {:>6} {:>13} {:>10} {:>7} {:>15}  (pandas {}, numpy {})\n", "grid size", "threads", "time",
               "mlTrainer ms", "pandas ms", "ratio", "max |d Sharpe|", peer.value("pandas", "?"), peer.value("numpy", "?"));
    for (const bench::Timing& t : timings) {
      fmt::print("{:>10} {:>8} {:>6} {:>13.2f} {:>10.2f} {:>6.1f}x {:>15.2e}\n", specs.size(), t.threads, "wall", t.wall,
                 pandas_ms, pandas_ms / t.wall, max_diff);
      fmt::print("{:>10} {:>8} {:>6} {:>13.2f} {:>10.2f} {:>6.1f}x\n", specs.size(), t.threads, "cpu", t.cpu, pandas_cpu,
                 pandas_cpu / t.cpu);
    }
    fmt::print("({} of {} parameter sets compared; cpu = process CPU time of all threads, robust to a busy machine)\n\n",
               matched, specs.size());
    const bench::Timing& one = timings.front();
    state.counters["grid"] = static_cast<double>(specs.size());
    state.counters["mlt_ms_1thread"] = one.wall;
    state.counters["pandas_ms"] = pandas_ms;
    state.counters["ratio_1thread"] = pandas_ms / one.wall;
    state.counters["cpu_ratio_1thread"] = pandas_cpu / one.cpu;
    state.counters["max_dSharpe"] = max_diff;
  }
}
BENCHMARK(BM_MaGridDow30VsPandas)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mlt
