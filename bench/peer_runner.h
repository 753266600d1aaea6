// Shared by the side-by-side benchmarks: process CPU time, and running a
// Python peer (Debian's /usr/bin/python3 with pandas / scikit-learn) that
// prints one JSON object on stdout.
#pragma once

#include <cstdio>
#include <ctime>
#include <string>

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

}  // namespace mlt::bench
