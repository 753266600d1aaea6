// Shared by the side-by-side benchmarks: process CPU time, best-of timings
// with one and with every thread, and running a Python peer (Debian's
// /usr/bin/python3 with pandas / scikit-learn) that prints one JSON object.
#pragma once

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "core/json.h"

namespace mlt::bench {

// Process CPU time (all threads) in ms: robust to other load on the machine.
inline double cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// Runs `/usr/bin/python3 <source dir>/bench/peers/<script> <args>` and parses
// its stdout. Returns a null Json when the peer did not run or printed no JSON
// (the caller skips the comparison with a message naming the package).
inline Json run_python_peer(const std::string& script, const std::string& args) {
  const std::string cmd = "/usr/bin/python3 " + std::string(MLT_SOURCE_DIR) + "/bench/peers/" + script + " " + args;
  std::string text;
  if (FILE* pipe = popen(cmd.c_str(), "r")) {
    char buf[4096];
    while (std::fgets(buf, sizeof buf, pipe)) text += buf;
    pclose(pipe);
  }
  try {
    return Json::parse(text);
  } catch (const std::exception&) {
    return Json();
  }
}

// Best wall and CPU time of `reps` runs of `run` with one OpenMP thread (the
// Python peers use one) and with every thread; the thread count is restored.
struct Timing {
  int threads = 1;
  double wall = INFINITY, cpu = INFINITY;
};
template <typename Run>
std::vector<Timing> best_times_one_and_all_threads(Run&& run, int reps = 5) {
  const int max_threads = omp_get_max_threads();
  std::vector<Timing> timings;
  for (int threads : {1, max_threads}) {
    if (!timings.empty() && threads == timings.back().threads) break;
    omp_set_num_threads(threads);
    Timing t{threads};
    for (int rep = 0; rep < reps; ++rep) {
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = cpu_ms();
      run();
      t.cpu = std::min(t.cpu, cpu_ms() - c0);
      t.wall = std::min(t.wall, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    timings.push_back(t);
  }
  omp_set_num_threads(max_threads);
  return timings;
}

}  // namespace mlt::bench
