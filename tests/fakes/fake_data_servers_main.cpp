// Runs the fake Polygon and FRED servers until interrupted, printing how to
// point mltrainer at them:
//   eval "$(build/release/tests/fakes/mlt_fake_data_servers)" & ...
// prints export lines for POLYGON_BASE_URL, POLYGON_API_KEY, FRED_BASE_URL, FRED_API_KEY.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "fakes/fake_fred_server.h"
#include "fakes/fake_polygon_server.h"

namespace {
volatile std::sig_atomic_t g_stop = 0;
}

int main() {
  std::signal(SIGINT, [](int) { g_stop = 1; });
  std::signal(SIGTERM, [](int) { g_stop = 1; });
  mlt::test::FakePolygonServer polygon;
  mlt::test::FakeFredServer fred;
  std::printf("export POLYGON_BASE_URL=%s\nexport POLYGON_API_KEY=%s\nexport FRED_BASE_URL=%s\nexport FRED_API_KEY=%s\n",
              polygon.base_url().c_str(), mlt::test::kFakePolygonKey, fred.base_url().c_str(),
              mlt::test::kFakeFredKey);
  std::fflush(stdout);
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return 0;
}
