// Conversation memory at scale: 1,000,000 generated chat messages stored
// through MemoryStore::record_batch (topics, TF-IDF keywords, FTS5 index,
// 10,000 messages per transaction), then a few thousand BM25 searches with
// filters (topic, date range, minimum importance) timed one by one.
// Goals: search p99 < 5 ms, peak RSS < 1 GiB. The message text is generated
// chat (tickers, model families, concepts, verbs and filler words drawn with
// a fixed seed); no market data is involved.
//
//   build/release/bench/mlt_memory_bench                    # 1,000,000 messages
//   MLT_MEMORY_BENCH_MESSAGES=100000 MLT_MEMORY_BENCH_SEARCHES=500 build/release/bench/mlt_memory_bench
//   MLT_MEMORY_BENCH_DIR=/tmp/memdb build/release/bench/mlt_memory_bench  # keep (or reuse) the store
//
// Built as its own program (not part of mlt_bench) so that peak RSS is the
// memory store's alone.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "core/env.h"
#include "memory/memory_store.h"
#include "store/store.h"

#include <SQLiteCpp/Database.h>

namespace {

using mlt::memory::MemoryStore;

constexpr mlt::TimestampMs kStart = 1'672'531'200'000;  // 2023-01-01
constexpr mlt::TimestampMs kStepMs = 60'000;            // one message a minute: 1M span ~1.9 years

long long peak_rss_kib() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atoll(line.c_str() + 6);
  return 0;
}

// This thread's CPU time: on a shared machine wall time also counts waiting
// for a core, so both are reported.
double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

long long messages_wanted() {
  const char* v = std::getenv("MLT_MEMORY_BENCH_MESSAGES");
  return v ? std::max(1000LL, std::atoll(v)) : 1'000'000LL;
}

// Word lists of chat about quant research; filler words follow a Zipf law,
// as words in real text do.
const std::vector<std::string> kTickers = {"AAPL", "MSFT", "GOOG", "AMZN", "TSLA", "NVDA", "SPX", "IBM", "KO", "JPM"};
const std::vector<std::string> kFamilies = {"xgboost", "random forest", "logistic regression", "ridge", "lstm",
                                            "lightgbm", "svm", "transformer"};
const std::vector<std::string> kConcepts = {"momentum", "volatility", "mean reversion", "drawdown", "sharpe ratio",
                                            "overfitting", "regime", "liquidity"};
const std::vector<std::string> kVerbs = {"train", "compare", "backtest", "describe", "tune", "predict", "fetch", "show"};

struct ChatGenerator {
  std::mt19937_64 rng{20240628};
  std::vector<std::string> filler;
  std::vector<double> cdf;

  ChatGenerator() {
    const char* syll[] = {"ka", "lo", "mi", "ter", "van", "or", "pex", "si", "dra", "qu", "ne", "bol", "tri", "fan"};
    for (int i = 0; i < 6000; ++i) {
      std::string w;
      int x = i;
      do {
        w += syll[x % 14];
        x /= 14;
      } while (x > 0);
      if (w.size() < 4) w += "es";
      filler.push_back(w);
    }
    double sum = 0;
    for (std::size_t i = 0; i < filler.size(); ++i) cdf.push_back(sum += 1.0 / static_cast<double>(i + 1));
    for (auto& c : cdf) c /= sum;
  }
  template <class T>
  const T& pick(const std::vector<T>& v) {
    return v[rng() % v.size()];
  }
  const std::string& word() {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return filler[static_cast<std::size_t>(std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin())];
  }
  std::string message() {
    std::string s = fmt::format("{} {} on {}", pick(kVerbs), pick(kFamilies), pick(kTickers));
    if (rng() % 2) s += fmt::format(" looking at {}", pick(kConcepts));
    const int n = 6 + static_cast<int>(rng() % 24);
    for (int i = 0; i < n; ++i) s += " " + word();
    return s;
  }
};

struct Corpus {
  std::filesystem::path dir;
  std::unique_ptr<mlt::Store> store;
  mlt::TimestampMs clock = kStart;
  mlt::Env env;
  std::unique_ptr<MemoryStore> memory;
  long long messages = 0;
  double insert_s = 0;
  long long rss_after_insert_kib = 0;

  Corpus() {
    // MLT_MEMORY_BENCH_DIR: build the store there and keep it; a store already
    // there is reused as is (to re-run the searches after a change).
    const char* keep = std::getenv("MLT_MEMORY_BENCH_DIR");
    dir = keep ? std::filesystem::path(keep)
               : std::filesystem::temp_directory_path() / fmt::format("mlt-memory-bench-{}", ::getpid());
    if (!keep) std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    store = std::make_unique<mlt::Store>(dir);
    env.clock = [this] { return clock += kStepMs; };
    memory = std::make_unique<MemoryStore>(*store, env);
    const auto [stored, last_ts] = store->read([](SQLite::Database& db) {
      SQLite::Statement st(db, "SELECT coalesce(max(id), 0), coalesce(max(ts), 0) FROM messages");
      st.executeStep();
      return std::pair{static_cast<long long>(st.getColumn(0).getInt64()), st.getColumn(1).getInt64()};
    });
    if (stored > 0) {
      // The clock goes on from the last stored message, as after building
      // the store in this run: importance decay (and so the min_importance
      // filter) sees the same ages whether the store is new or reused.
      messages = stored;
      clock = std::max<mlt::TimestampMs>(clock, last_ts);
      return;
    }
    ChatGenerator gen;
    const char* roles[] = {"user", "assistant", "action", "result"};
    const long long want = messages_wanted();
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t conversation = memory->new_conversation("bench");
    std::vector<mlt::memory::MessageInput> batch;
    for (long long i = 0; i < want; ++i) {
      if (i % 40 == 0 && i > 0) conversation = memory->new_conversation("bench");
      batch.push_back({.conversation_id = conversation, .role = roles[i % 4], .content = gen.message()});
      if (batch.size() == 10000 || i + 1 == want) {
        memory->record_batch(batch);
        batch.clear();
      }
    }
    insert_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    messages = want;
    rss_after_insert_kib = peak_rss_kib();
  }
  ~Corpus() {
    memory.reset();
    store.reset();
    if (!std::getenv("MLT_MEMORY_BENCH_DIR")) std::filesystem::remove_all(dir);
  }
};

Corpus& corpus() {
  static Corpus c;
  return c;
}

void BM_MemoryInsert(benchmark::State& state) {
  Corpus& c = corpus();  // built once; this reports how long that took
  for (auto _ : state) benchmark::DoNotOptimize(c.messages);
  state.counters["messages"] = static_cast<double>(c.messages);
  state.counters["msgs_per_s"] = static_cast<double>(c.messages) / c.insert_s;
  state.counters["insert_s"] = c.insert_s;
  state.counters["db_MiB"] = static_cast<double>(std::filesystem::file_size(c.dir / "mltrainer.db")) / (1 << 20);
  state.counters["peak_rss_MiB"] = static_cast<double>(c.rss_after_insert_kib) / 1024;
}
BENCHMARK(BM_MemoryInsert)->Iterations(1)->Unit(benchmark::kMillisecond);

// Each iteration runs `searches` queries and reports their latency
// percentiles (per query, not per iteration).
void search_bench(benchmark::State& state, int mode) {
  Corpus& c = corpus();
  ChatGenerator gen;
  gen.rng.seed(7 + static_cast<std::uint64_t>(mode));
  const char* n = std::getenv("MLT_MEMORY_BENCH_SEARCHES");
  const int searches = n ? std::max(10, std::atoi(n)) : 3000;
  std::vector<double> ms, cpu;
  std::size_t hits = 0;
  const mlt::TimestampMs span = static_cast<mlt::TimestampMs>(c.messages) * kStepMs;
  for (auto _ : state) {
    ms.clear();
    cpu.clear();
    for (int i = 0; i < searches; ++i) {
      mlt::memory::SearchQuery q;
      // One or two words: a model family, ticker or concept, or a filler word.
      q.text = (gen.rng() % 2) ? gen.pick(kFamilies) : gen.word();
      if (gen.rng() % 2) q.text += " " + gen.pick(kConcepts);
      q.limit = 10;
      if (mode == 1 || mode == 3) q.topic = gen.pick(kTickers);
      if (mode == 2 || mode == 3) {
        const auto from = kStart + static_cast<mlt::TimestampMs>(gen.rng() % static_cast<std::uint64_t>(span));
        q.since = from;
        q.until = from + 30LL * 24 * 3600 * 1000;  // a 30-day window
      }
      if (mode == 3) q.min_importance = 0.1;
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = thread_cpu_ms();
      hits += c.memory->search(q).size();
      cpu.push_back(thread_cpu_ms() - c0);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
  }
  std::sort(ms.begin(), ms.end());
  std::sort(cpu.begin(), cpu.end());
  auto pct = [](const std::vector<double>& v, double p) {
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
  };
  state.counters["p50_ms"] = pct(ms, 0.50);
  state.counters["p95_ms"] = pct(ms, 0.95);
  state.counters["p99_ms"] = pct(ms, 0.99);
  state.counters["max_ms"] = ms.back();
  state.counters["cpu_p50_ms"] = pct(cpu, 0.50);
  state.counters["cpu_p99_ms"] = pct(cpu, 0.99);
  state.counters["hits_per_q"] = static_cast<double>(hits) / static_cast<double>(ms.size());
  state.counters["peak_rss_MiB"] = static_cast<double>(peak_rss_kib()) / 1024;
  state.SetLabel(fmt::format("{} searches over {} messages", ms.size(), c.messages));
}

void BM_MemorySearchText(benchmark::State& state) { search_bench(state, 0); }
void BM_MemorySearchTopic(benchmark::State& state) { search_bench(state, 1); }
void BM_MemorySearchDateRange(benchmark::State& state) { search_bench(state, 2); }
void BM_MemorySearchAllFilters(benchmark::State& state) { search_bench(state, 3); }
BENCHMARK(BM_MemorySearchText)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MemorySearchTopic)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MemorySearchDateRange)->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MemorySearchAllFilters)->Iterations(1)->Unit(benchmark::kMillisecond);

}  // namespace
