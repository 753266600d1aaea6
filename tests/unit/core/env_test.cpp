#include "core/env.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "support/test_paths.h"

namespace mlt {

TEST(Env, ResolvesFilesInsideTheRoots) {
  Env env;
  env.file_roots = {test::source_dir()};
  const auto p = env.resolve_user_file("data/market/sp500_daily_2000-2020.csv");
  EXPECT_TRUE(std::filesystem::exists(p));
  EXPECT_EQ(p, std::filesystem::weakly_canonical(test::data_file("market/sp500_daily_2000-2020.csv")));
}

TEST(Env, RefusesTraversalAndOutsidePaths) {
  Env env;
  env.file_roots = {test::source_dir() / "data"};
  for (const char* bad : {"../../etc/passwd", "/etc/passwd", "market/../../CMakeLists.txt"}) {
    try {
      env.resolve_user_file(bad);
      FAIL() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::Denied) << bad;
    }
  }
}

TEST(Env, RefusesSymlinksThatLeaveTheRoot) {
  test::TempDir dir;
  std::filesystem::create_symlink("/etc/passwd", dir.path() / "innocent.csv");
  Env env;
  env.file_roots = {dir.path()};
  EXPECT_THROW(env.resolve_user_file("innocent.csv"), Error);
}

TEST(Env, MissingFileIsNotFound) {
  Env env;
  env.file_roots = {test::source_dir()};
  try {
    env.resolve_user_file("data/market/nope.csv");
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::NotFound);
  }
}

TEST(Env, InjectedClock) {
  Env env;
  env.clock = [] { return TimestampMs{1234}; };
  EXPECT_EQ(env.now(), 1234);
}

}  // namespace mlt
