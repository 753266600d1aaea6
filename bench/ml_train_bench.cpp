// Benchmarks of the ml slice on the real S&P 500 file: the standard feature
// set over 2000-2020 (~5,100 bars), and one small XGBoost walk-forward
// (2010-2015, 30 trees, 3 folds, nthread 2) end to end.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <string>

#include "data/csv_import.h"
#include "features/feature_set.h"
#include "ml/train_pipeline.h"

namespace mlt {
namespace {

std::string sp500_csv(std::string_view from = {}, std::string_view to = {}) {
  std::ifstream in(std::string(MLT_SOURCE_DIR) + "/data/market/sp500_daily_2000-2020.csv", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::istringstream lines(ss.str());
  std::string line, out;
  std::getline(lines, line);
  out = line + "\n";
  while (std::getline(lines, line)) {
    const std::string_view date = std::string_view(line).substr(0, 10);
    if ((from.empty() || date >= from) && (to.empty() || date <= to)) out += line + "\n";
  }
  return out;
}

const Dataset& sp500(std::string_view from = {}, std::string_view to = {}) {
  static const Dataset full = CsvImporter::parse(sp500_csv(), "sp500_daily_2000-2020.csv", {}, 0);
  static const Dataset slice = CsvImporter::parse(sp500_csv("2010-01-01", "2015-12-31"), "sp500_2010_2015.csv", {}, 0);
  return from.empty() ? full : slice;
}

void BM_BarFeaturesSp500(benchmark::State& state) {
  const Bars& bars = sp500().bars();
  for (auto _ : state) {
    FeatureMatrix fm = bar_features(bars);
    benchmark::DoNotOptimize(fm.values.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}
BENCHMARK(BM_BarFeaturesSp500)->Unit(benchmark::kMillisecond);

void BM_XgboostWalkForwardSp500(benchmark::State& state) {
  const Dataset& ds = sp500("2010-01-01", "2015-12-31");
  TrainSpec spec;
  spec.model = "xgboost_classifier";
  spec.params = Json{{"n_estimators", 30}, {"nthread", 2}};
  spec.folds = 3;
  for (auto _ : state) {
    Json r = train_walk_forward(ds, spec);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_XgboostWalkForwardSp500)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace mlt
