// The fault matrix: every failure the fake servers can produce, at the
// first page and in the middle of a multi-page fetch, ends in a clear
// mlt::Error — never a crash — and leaves the store unchanged.
#include <gtest/gtest.h>

#include "core/error.h"
#include "data/source_fetch.h"
#include "fakes/fake_fred_server.h"
#include "fakes/fake_polygon_server.h"
#include "source_test_env.h"

namespace mlt {
namespace {

using test::Fault;

struct Case {
  const char* name;
  std::vector<Fault> script;  // per request, in order
  ErrorKind kind;
  const char* says;           // a phrase the message must contain
};

// 3 attempts per request (fast_options), so three faults in a row exhaust a request.
const std::vector<Case> kCases = {
    {"429 on every try", {Fault::RateLimited, Fault::RateLimited, Fault::RateLimited}, ErrorKind::Unavailable, "HTTP 429"},
    {"500 on every try", {Fault::ServerError, Fault::ServerError, Fault::ServerError}, ErrorKind::Unavailable, "HTTP 500"},
    {"503 html", {Fault::Unavailable, Fault::Unavailable, Fault::Unavailable}, ErrorKind::Unavailable, "HTTP 503"},
    {"slow", {Fault::Slow, Fault::Slow, Fault::Slow}, ErrorKind::Unavailable, "timed out"},
    {"truncated", {Fault::Truncated, Fault::Truncated, Fault::Truncated}, ErrorKind::Unavailable, "connection closed"},
    {"garbage body", {Fault::Garbage}, ErrorKind::DataError, "not valid JSON"},
    {"bad key", {Fault::Unauthorized}, ErrorKind::Denied, "API key"},
};

class FaultMatrixTest : public ::testing::TestWithParam<std::tuple<Case, bool>> {
 protected:
  std::int64_t rows_in(const char* table) {
    return store_->read([&](SQLite::Database& db) {
      return db.execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt64();
    });
  }
  HttpClient client(SourceChannel& channel) {
    HttpClientOptions o = test::fast_options();
    o.limits.total_timeout_ms = 150;
    return HttpClient(channel, default_transport(), o, time_.hooks());
  }
  std::unique_ptr<Store> store_ = Store::in_memory();
  test::FakeTime time_;
};

TEST_P(FaultMatrixTest, PolygonFailsCleanlyAndStoresNothing) {
  const auto& [c, mid_fetch] = GetParam();
  test::FakePolygonServer server;
  server.set_slow_ms(300);
  std::vector<Fault> script = c.script;
  if (mid_fetch) script.insert(script.begin(), Fault::None);  // page 1 arrives, page 2 fails
  server.script(script);
  test::TestChannel channel(1000, 100);
  HttpClient http = client(channel.channel);
  PolygonSource polygon(http, SourceEndpoint{server.base_url(), test::kFakePolygonKey});
  AggsQuery q;
  q.ticker = "AAPL";
  q.from = "2015-01-01";
  q.to = "2015-12-31";
  q.limit = 100;
  try {
    run_fetch(*store_, polygon_plan(polygon, q, true), {.name = "aapl"}, {nullptr, nullptr, [this] { return time_.now; }});
    FAIL() << "no error for " << c.name;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), c.kind) << c.name << ": " << e.message();
    EXPECT_NE(e.message().find(c.says), std::string::npos) << c.name << ": " << e.message();
    EXPECT_FALSE(e.hint().empty()) << c.name;
    EXPECT_EQ(e.message().find(test::kFakePolygonKey), std::string::npos);
  }
  EXPECT_EQ(rows_in("datasets"), 0);
  EXPECT_EQ(rows_in("fetch_cache"), 0);
}

TEST_P(FaultMatrixTest, FredFailsCleanlyAndStoresNothing) {
  const auto& [c, mid_fetch] = GetParam();
  test::FakeFredServer server;
  server.set_slow_ms(300);
  std::vector<Fault> script = c.script;
  if (mid_fetch) script.insert(script.begin(), Fault::None);
  server.script(script);
  test::TestChannel channel(1000, 100);
  HttpClient http = client(channel.channel);
  FredSource fred(http, SourceEndpoint{server.base_url(), test::kFakeFredKey});
  FredQuery q;
  q.series_id = "CPIAUCSL";
  q.page_limit = 300;
  try {
    run_fetch(*store_, fred_plan(fred, q, true), {.name = "cpi"}, {nullptr, nullptr, [this] { return time_.now; }});
    FAIL() << "no error for " << c.name;
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), c.kind) << c.name << ": " << e.message();
    EXPECT_FALSE(e.hint().empty()) << c.name;
    EXPECT_EQ(e.message().find(test::kFakeFredKey), std::string::npos) << e.message();
  }
  EXPECT_EQ(rows_in("datasets"), 0);
  EXPECT_EQ(rows_in("fetch_cache"), 0);
}

INSTANTIATE_TEST_SUITE_P(Faults, FaultMatrixTest, ::testing::Combine(::testing::ValuesIn(kCases), ::testing::Bool()),
                         [](const auto& param_info) {
                           std::string n = std::get<0>(param_info.param).name;
                           for (char& ch : n)
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n + (std::get<1>(param_info.param) ? "_mid_fetch" : "_first_page");
                         });

TEST(BreakerAcrossFetchesTest, OpensAfterRepeatedFailuresThenClosesOnARecoveredService) {
  std::unique_ptr<Store> store = Store::in_memory();
  test::FakePolygonServer server;
  test::FakeTime time;
  test::TestChannel channel(1000, 3);
  HttpClient http(channel.channel, default_transport(), test::fast_options(), time.hooks());
  PolygonSource polygon(http, SourceEndpoint{server.base_url(), test::kFakePolygonKey});
  AggsQuery q;
  q.ticker = "AAPL";
  q.from = "2015-01-01";
  q.to = "2015-03-31";
  const FetchHooks hooks{nullptr, nullptr, [&] { return time.now; }};
  server.script(std::vector<Fault>(3, Fault::ServerError));
  EXPECT_THROW(run_fetch(*store, polygon_plan(polygon, q, true), {.name = "a"}, hooks), Error);
  EXPECT_EQ(channel.channel.status(time.now)["breaker"]["state"], "open");
  try {
    run_fetch(*store, polygon_plan(polygon, q, true), {.name = "a"}, hooks);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.message().find("circuit breaker is open"), std::string::npos);
  }
  time.now += 31'000;
  EXPECT_EQ(run_fetch(*store, polygon_plan(polygon, q, true), {.name = "a"}, hooks)["rows"], 61);
  EXPECT_EQ(channel.channel.status(time.now)["breaker"]["state"], "closed");
}

}  // namespace
}  // namespace mlt
