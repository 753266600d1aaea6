// Options engines on their own (Google Benchmark; the side-by-side comparison
// with QuantLib is tests/quantlib/options_vs_quantlib, a C++17 executable).
//   bsm_greeks_batch   price + 5 Greeks, struct-of-arrays, items/s
//   implied_vol        one solve, across moneyness
//   lr_american        Leisen-Reimer American put, 801 steps
//   mc_asian           arithmetic Asian, 12 fixings, 100k paths, control variate
#include <benchmark/benchmark.h>

#include "finance/options/binomial_tree.h"
#include "finance/options/black_scholes.h"
#include "finance/options/implied_volatility.h"
#include "finance/options/monte_carlo.h"

namespace {

using namespace mlt::options;

void BM_BsmGreeksBatch(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  OptionBatch batch;
  batch.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    batch.push_back(VanillaOption{i % 2 ? OptionType::Put : OptionType::Call, 80.0 + static_cast<double>(i % 41),
                                  0.1 + 0.01 * static_cast<double>(i % 97)},
                    MarketInputs{100.0, 0.03, 0.01, 0.1 + 0.005 * static_cast<double>(i % 61)});
  GreeksBatch out;
  for (auto _ : state) {
    bsm_greeks_batch(batch, out);
    benchmark::DoNotOptimize(out.price.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_BsmGreeksBatch)->Arg(1000)->Arg(1'000'000)->UseRealTime();

void BM_ImpliedVol(benchmark::State& state) {
  const VanillaOption call{OptionType::Call, static_cast<double>(state.range(0)), 0.5};
  const MarketInputs m{100.0, 0.03, 0.01, 0.25};
  const double price = bsm_price(call, m);
  for (auto _ : state) benchmark::DoNotOptimize(implied_volatility(call, price, m).volatility);
}
BENCHMARK(BM_ImpliedVol)->Arg(60)->Arg(100)->Arg(160);

void BM_LeisenReimerAmerican(benchmark::State& state) {
  const VanillaOption put{OptionType::Put, 105.0, 1.0, ExerciseStyle::American};
  const MarketInputs m{100.0, 0.05, 0.01, 0.3};
  for (auto _ : state) benchmark::DoNotOptimize(binomial_price(put, m, TreeMethod::LeisenReimer, 801).price);
}
BENCHMARK(BM_LeisenReimerAmerican);

void BM_MonteCarloAsian(benchmark::State& state) {
  const PathOption asian{OptionType::Call, 100.0, 1.0, PathPayoff::AsianArithmetic, 12};
  McSettings s;
  s.paths = 100000;
  for (auto _ : state) benchmark::DoNotOptimize(monte_carlo_price(asian, MarketInputs{100.0, 0.05, 0.0, 0.2}, s).price);
}
BENCHMARK(BM_MonteCarloAsian)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
