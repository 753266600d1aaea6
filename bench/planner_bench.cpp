// Offline planner: time to turn one message into a plan (target < 100 µs),
// on the bundled datasets' names and the real action registry.
#include <benchmark/benchmark.h>

#include "actions/data_actions.h"
#include "actions/ml_actions.h"
#include "actions/registry.h"
#include "agent/planner.h"

namespace {

const char* const kMessages[] = {
    "train xgboost and a random forest on the S&P 500 daily data to predict next-day direction and compare them",
    "Analyze AAPL momentum with ML models",
    "describe goog. train a random forest on it. then show results",
    "trian xgboots on sp500 with a 5-day horizon since 2010",
    "price a call option with spot 100 strike 105 vol 20% rate 5% expiring in 1 year",
    "optimise a portfolio of MSFT, IBM and KO for max sharpe",
    "what did we find about volatility",
    "show trial 12",
};

struct Fixture {
  mlt::ActionRegistry registry;
  mlt::agent::PlannerContext context;
  Fixture() {
    mlt::register_data_actions(registry);
    mlt::register_ml_actions(registry);
    for (const char* n : {"sp500_daily", "aapl_daily", "goog_daily", "dow30_close", "fred_core", "us_macro_quarterly",
                          "usdchf_30min"})
      context.datasets.push_back({n, {}});
    context.datasets[3].columns = {"MSFT", "IBM", "KO", "GE", "JPM", "INTC", "AXP"};
  }
};

void BM_PlanMessage(benchmark::State& state) {
  static Fixture f;
  const mlt::agent::OfflinePlanner planner(f.registry);
  const char* msg = kMessages[state.range(0)];
  for (auto _ : state) benchmark::DoNotOptimize(planner.plan(msg, f.context));
  state.SetLabel(std::string(msg).substr(0, 48));
}
BENCHMARK(BM_PlanMessage)->DenseRange(0, 7)->Unit(benchmark::kMicrosecond);

void BM_PlanHugeMessage(benchmark::State& state) {
  static Fixture f;
  const mlt::agent::OfflinePlanner planner(f.registry);
  std::string huge;
  while (huge.size() < 1'000'000) huge += "train xgboost on sp500 and describe aapl; ";
  for (auto _ : state) benchmark::DoNotOptimize(planner.plan(huge, f.context));
  state.SetLabel("1 MB message (analysed: first 16 KiB)");
}
BENCHMARK(BM_PlanHugeMessage)->Unit(benchmark::kMicrosecond);

}  // namespace

namespace {

// Fresh misspellings every iteration, so fuzzy correction is never served
// from the planner's per-thread memo: the cost of a first-seen typo.
void BM_PlanColdTypos(benchmark::State& state) {
  static Fixture f;
  const mlt::agent::OfflinePlanner planner(f.registry);
  std::uint32_t seed = 12345;
  auto word = [&seed] {
    std::string w;
    for (int i = 0; i < 7; ++i) {
      seed = seed * 1664525u + 1013904223u;
      w += static_cast<char>('a' + (seed >> 24) % 26);
    }
    return w;
  };
  for (auto _ : state) {
    const std::string msg = "train " + word() + " on sp500 " + word() + " next-day " + word();
    benchmark::DoNotOptimize(planner.plan(msg, f.context));
  }
  state.SetLabel("three unseen 7-letter words");
}
BENCHMARK(BM_PlanColdTypos)->Unit(benchmark::kMicrosecond);

}  // namespace
