// CSV import throughput on the bundled real files, in MB/s of file bytes:
// the full import (tokenise, parse dates and numbers, validate, SHA-256),
// and the tokeniser and the hash alone to show where the time goes.
#include <benchmark/benchmark.h>

#include <filesystem>
#include <string>

#include "core/sha256.h"
#include "data/csv_import.h"
#include "data/csv_reader.h"

namespace {

std::string bundled(const char* rel) {
  return mlt::CsvImporter::read_bytes(std::filesystem::path(MLT_SOURCE_DIR) / "data" / rel);
}

void import_file(benchmark::State& state, const char* rel) {
  const std::string content = bundled(rel);
  for (auto _ : state) {
    mlt::Dataset ds = mlt::CsvImporter::parse(content, rel, {}, 0);
    benchmark::DoNotOptimize(ds.rows());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(content.size()));
}

void BM_ImportSp500Daily(benchmark::State& state) {
  import_file(state, "market/sp500_daily_2000-2020.csv");
}
void BM_ImportUsdChf30Min(benchmark::State& state) {
  import_file(state, "intraday/usdchf_30min_1996-2001.csv");
}
void BM_ImportDow30Wide(benchmark::State& state) {
  import_file(state, "market/dowjones30_close_1991-2000.csv");
}
void BM_ImportFredLong(benchmark::State& state) {
  import_file(state, "macro/fred_core_series.csv");
}

void BM_TokeniseUsdChf30Min(benchmark::State& state) {
  const std::string content = bundled("intraday/usdchf_30min_1996-2001.csv");
  std::vector<std::string_view> fields;
  for (auto _ : state) {
    mlt::CsvReader reader(content, "usdchf", ',');
    std::size_t n = 0;
    while (reader.next(fields)) n += fields.size();
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(content.size()));
}

void BM_Sha256UsdChf30Min(benchmark::State& state) {
  const std::string content = bundled("intraday/usdchf_30min_1996-2001.csv");
  for (auto _ : state) benchmark::DoNotOptimize(mlt::sha256_hex(content));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(content.size()));
}

}  // namespace

BENCHMARK(BM_ImportSp500Daily)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportUsdChf30Min)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportDow30Wide)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ImportFredLong)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TokeniseUsdChf30Min)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Sha256UsdChf30Min)->Unit(benchmark::kMillisecond);
