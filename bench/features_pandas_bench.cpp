// The close-only Alpha158 feature set over the real Dow-30 closes (30 stocks,
// 1991-2000, ~2,530 bars, 105 columns per stock): mlTrainer's
// src/features/alpha158.cpp vs a pandas implementation of the same formulas
// (bench/peers/alpha158_close.py), side by side in one run. The table reports
// wall and CPU time, the ratio, and the largest difference between the two
// sets of values (absolute, and relative to the value's magnitude).
#include <benchmark/benchmark.h>

#include <omp.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <unistd.h>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "data/csv_import.h"
#include "features/alpha158.h"
#include "peer_runner.h"

namespace mlt {
namespace {

const std::string kDowFile = std::string(MLT_SOURCE_DIR) + "/data/market/dowjones30_close_1991-2000.csv";

const Panel& dow30() {
  static const Dataset ds = CsvImporter::parse(CsvImporter::read_bytes(kDowFile), kDowFile, {}, 0);
  return ds.panel();
}

// Every stock's feature columns (NaN during warm-up), stocks in parallel.
std::vector<FeatureColumns> panel_features(const Panel& p) {
  std::vector<FeatureColumns> out(p.columns.size());
#pragma omp parallel for schedule(dynamic)
  for (std::size_t s = 0; s < p.columns.size(); ++s) out[s] = alpha158_close_columns(p.ts, p.values[s]);
  return out;
}

void BM_Alpha158CloseDow30(benchmark::State& state) {
  const Panel& p = dow30();
  omp_set_num_threads(1);
  for (auto _ : state) {
    auto f = panel_features(p);
    benchmark::DoNotOptimize(f.data());
  }
  omp_set_num_threads(omp_get_num_procs());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(p.columns.size() * p.size()));
}
BENCHMARK(BM_Alpha158CloseDow30)->Unit(benchmark::kMillisecond);

struct Agreement {
  std::size_t compared = 0, nan_mismatch = 0;
  double max_abs = 0, max_rel = 0;
  std::string worst;
};

// Our values against the peer's (stocks x names x rows, float64).
Agreement compare(const std::vector<FeatureColumns>& ours, const Json& peer, const std::string& bin) {
  Agreement a;
  const auto names = peer["names"].get<std::vector<std::string>>();
  const auto rows = peer["rows"].get<std::size_t>();
  std::vector<double> theirs(ours.size() * names.size() * rows);
  std::ifstream in(bin, std::ios::binary);
  in.read(reinterpret_cast<char*>(theirs.data()), static_cast<std::streamsize>(theirs.size() * sizeof(double)));
  if (!in) return a;
  for (std::size_t s = 0; s < ours.size(); ++s) {
    std::map<std::string, const std::vector<double>*> by_name;
    for (std::size_t c = 0; c < ours[s].names.size(); ++c) by_name[ours[s].names[c]] = &ours[s].columns[c];
    for (std::size_t k = 0; k < names.size(); ++k) {
      const auto it = by_name.find(names[k]);
      if (it == by_name.end()) continue;
      for (std::size_t r = 0; r < rows; ++r) {
        const double x = (*it->second)[r], y = theirs[(s * names.size() + k) * rows + r];
        if (std::isnan(x) || std::isnan(y)) {
          a.nan_mismatch += std::isnan(x) != std::isnan(y) ? 1 : 0;
          continue;
        }
        ++a.compared;
        const double d = std::fabs(x - y), rel = d / std::max(std::fabs(x), 1e-300);
        if (d > a.max_abs) a.max_abs = d;
        if (rel > a.max_rel && std::fabs(x) > 1e-6) {
          a.max_rel = rel;
          a.worst = names[k];
        }
      }
    }
  }
  return a;
}

void BM_Alpha158CloseDow30VsPandas(benchmark::State& state) {
  const Panel& p = dow30();
  const std::string bin = fmt::format("/tmp/mlt_alpha158_peer_{}.bin", getpid());
  for (auto _ : state) {
    std::vector<FeatureColumns> ours;
    const auto timings = bench::best_times_one_and_all_threads([&] { ours = panel_features(p); });
    const Json peer = bench::run_python_peer("alpha158_close.py", fmt::format("{} {} 3", kDowFile, bin));
    if (peer.is_null()) {
      state.SkipWithError("the pandas peer did not run (needs /usr/bin/python3 with pandas)");
      return;
    }
    const Agreement a = compare(ours, peer, bin);
    std::remove(bin.c_str());
    const double pandas_ms = peer["ms"].get<double>(), pandas_cpu = peer["cpu_ms"].get<double>();
    fmt::print("\nAlpha158 (close-only, 105 columns), Dow-30 closes 1991-2000 ({} stocks x {} bars)\n",
               p.columns.size(), p.size());
    fmt::print("{:>8} {:>6} {:>13} {:>10} {:>7}  (pandas {}, numpy {})\n", "threads", "time", "mlTrainer ms",
               "pandas ms", "ratio", peer.value("pandas", "?"), peer.value("numpy", "?"));
    for (const bench::Timing& t : timings) {
      fmt::print("{:>8} {:>6} {:>13.2f} {:>10.2f} {:>6.1f}x\n", t.threads, "wall", t.wall, pandas_ms, pandas_ms / t.wall);
      fmt::print("{:>8} {:>6} {:>13.2f} {:>10.2f} {:>6.1f}x\n", t.threads, "cpu", t.cpu, pandas_cpu, pandas_cpu / t.cpu);
    }
    fmt::print("values: {} compared, {} NaN mismatches, max |diff| {:.2e}, max relative diff {:.2e} ({})\n",
               a.compared, a.nan_mismatch, a.max_abs, a.max_rel, a.worst.empty() ? "-" : a.worst);
    fmt::print("(pandas runs one thread; its rolling kernels use running sums, ours recompute every window, so values\n"
               " agree to rounding; cpu = process CPU time of all threads, robust to a busy machine)\n\n");
    state.counters["mlt_ms_1thread"] = timings.front().wall;
    state.counters["pandas_ms"] = pandas_ms;
    state.counters["max_rel_diff"] = a.max_rel;
  }
  omp_set_num_threads(omp_get_num_procs());
}
BENCHMARK(BM_Alpha158CloseDow30VsPandas)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace mlt
