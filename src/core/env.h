// Env: every touch of the outside world that tests need to control — the
// clock, where relative user files are resolved, and the random seed.
// Pass it down explicitly; FakeClock-style tests set `clock` to a lambda.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <vector>

#include "core/time.h"

namespace mlt {

struct Env {
  // Wall clock in ms since the epoch (UTC).
  std::function<TimestampMs()> clock = system_clock_ms;
  // Folders that user file names may resolve into. Relative names resolve
  // against the first; anything that escapes every root is refused.
  std::vector<std::filesystem::path> file_roots = {std::filesystem::current_path()};
  // Default seed for anything random (models, splits); recorded with results.
  std::uint64_t seed = 42;

  TimestampMs now() const { return clock(); }

  // Resolves a user-supplied file name inside file_roots, following symlinks.
  // Throws Error{Denied} for traversal ("../../etc/passwd") or absolute paths
  // outside the roots, Error{NotFound} when the file does not exist.
  std::filesystem::path resolve_user_file(const std::string& name) const;

  static TimestampMs system_clock_ms();
};

}  // namespace mlt
