#include "core/env.h"

#include <fmt/format.h>

#include <chrono>

#include "core/error.h"

namespace mlt {

namespace fs = std::filesystem;

TimestampMs Env::system_clock_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

namespace {
bool is_within(const fs::path& child, const fs::path& root) {
  auto r = root.begin();
  auto c = child.begin();
  for (; r != root.end(); ++r, ++c) {
    if (r->empty()) continue;  // trailing separator
    if (c == child.end() || *r != *c) return false;
  }
  return true;
}
}  // namespace

fs::path Env::resolve_user_file(const std::string& name) const {
  if (name.empty()) throw Error(ErrorKind::InvalidArgument, "file name is empty", "give the path of a CSV file");
  if (name.find('\0') != std::string::npos)
    throw Error(ErrorKind::InvalidArgument, "file name contains a NUL byte");
  const fs::path given(name);
  std::error_code ec;
  for (const auto& root : file_roots) {
    const fs::path canon_root = fs::weakly_canonical(root, ec);
    const fs::path candidate = fs::weakly_canonical(given.is_absolute() ? given : root / given, ec);
    if (ec || !is_within(candidate, canon_root)) continue;
    if (!fs::exists(candidate))
      throw Error(ErrorKind::NotFound, fmt::format("file '{}' does not exist", name),
                  fmt::format("paths are relative to {}", canon_root.string()));
    if (!fs::is_regular_file(candidate))
      throw Error(ErrorKind::InvalidArgument, fmt::format("'{}' is not a regular file", name));
    return candidate;
  }
  std::string roots;
  for (const auto& r : file_roots) roots += (roots.empty() ? "" : ", ") + r.string();
  throw Error(ErrorKind::Denied, fmt::format("file '{}' is outside the allowed folders", name),
              fmt::format("use a path inside {} (or add a folder to [files] roots in mltrainer.toml)", roots));
}

}  // namespace mlt
