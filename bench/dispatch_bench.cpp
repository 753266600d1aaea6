// Action dispatch and trial creation: what every call from every interface pays.
//   validate only      schema validation of one argument object
//   call (instant)     validate + gateway + handler + audit append (one SQLite write)
//   trial submit       one durable queued trial (goal < 1 ms)
#include <benchmark/benchmark.h>

#include <filesystem>

#include "trials/runtime.h"

namespace {

std::filesystem::path bench_dir() {
  auto dir = std::filesystem::temp_directory_path() / "mlt-bench-dispatch";
  std::filesystem::remove_all(dir);
  return dir;
}

mlt::Config bench_config() {
  mlt::Config cfg;
  cfg.data_dir = bench_dir();
  cfg.file_roots = {MLT_SOURCE_DIR};
  return cfg;
}

mlt::Runtime& runtime() {
  static mlt::Runtime rt(bench_config(), mlt::Env{});
  return rt;
}

void BM_ValidateArguments(benchmark::State& state) {
  auto& reg = runtime().registry();
  const mlt::Json args{{"name", "sp500_daily"}, {"head", 5}, {"tail", 5}};
  for (auto _ : state) reg.validate("data.show", args);
  state.SetLabel("data.show schema");
}
BENCHMARK(BM_ValidateArguments)->Unit(benchmark::kMicrosecond);

void BM_CallInstantAction(benchmark::State& state) {
  auto& rt = runtime();
  for (auto _ : state) benchmark::DoNotOptimize(rt.call("compliance.rules", mlt::Json::object(), "bench"));
  state.SetLabel("validate + gateway + run + audit");
}
BENCHMARK(BM_CallInstantAction)->Unit(benchmark::kMicrosecond);

void BM_SubmitTrial(benchmark::State& state) {
  auto& rt = runtime();
  const mlt::Json args{{"dataset", "sp500_daily"}, {"folds", 3}};
  for (auto _ : state) benchmark::DoNotOptimize(rt.trials().submit("ml.train", args, "bench"));
  state.SetLabel("durable queued trial (goal < 1 ms)");
}
BENCHMARK(BM_SubmitTrial)->Unit(benchmark::kMicrosecond);

}  // namespace
