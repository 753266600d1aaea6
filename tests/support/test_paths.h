// Paths for tests: the project's bundled real data and a fresh temp folder.
#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace mlt::test {

inline std::filesystem::path source_dir() { return MLT_SOURCE_DIR; }
// A bundled real data file, e.g. data_file("market/sp500_daily_2000-2020.csv").
inline std::filesystem::path data_file(const std::string& rel) { return source_dir() / "data" / rel; }
inline std::filesystem::path mltrainer_binary() { return MLT_BINARY; }

// A temporary folder removed when the object dies.
class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("mlt-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace mlt::test
