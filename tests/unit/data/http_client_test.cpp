// HttpClient against the fake Polygon server over real loopback HTTP:
// retries, Retry-After, timeouts, truncation, size limit, breaker, gzip.
#include "data/http_client.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "fakes/fake_polygon_server.h"
#include "source_test_env.h"

namespace mlt {
namespace {

class HttpClientTest : public ::testing::Test {
 protected:
  HttpResponse get(const std::string& path) {
    return client_.get({server_.base_url() + path, {{"Authorization", std::string("Bearer ") + test::kFakePolygonKey}}});
  }
  static inline const std::string kPath = "/v2/aggs/ticker/AAPL/range/1/day/2015-01-01/2015-01-31";
  test::FakePolygonServer server_;
  test::FakeTime time_;
  test::TestChannel channel_{1000, 3};
  HttpClient client_{channel_.channel, default_transport(), test::fast_options(), time_.hooks()};
};

TEST(BackoffTest, ExponentialWithJitterCappedAndRetryAfterIsTheFloor) {
  RetryPolicy p{.max_attempts = 5, .base_delay_ms = 100, .max_delay_ms = 1000};
  EXPECT_EQ(backoff_delay_ms(p, 1, std::nullopt, 1.0), 100);
  EXPECT_EQ(backoff_delay_ms(p, 3, std::nullopt, 1.0), 400);
  EXPECT_EQ(backoff_delay_ms(p, 10, std::nullopt, 1.0), 1000);
  EXPECT_EQ(backoff_delay_ms(p, 3, std::nullopt, 0.5), 200);
  EXPECT_EQ(backoff_delay_ms(p, 1, 2000, 0.5), 2000);
  EXPECT_EQ(parse_retry_after("3"), 3000);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), std::nullopt);
}

TEST_F(HttpClientTest, RetriesA429AfterItsRetryAfter) {
  server_.script({test::Fault::RateLimited});
  const HttpResponse r = get(kPath);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(client_.last_attempts(), 2);
  ASSERT_EQ(time_.sleeps.size(), 1u);
  EXPECT_GE(time_.sleeps[0], 1000);  // Retry-After: 1
}

TEST_F(HttpClientTest, RetriesServerErrorsTimeoutsAndTruncationThenSucceeds) {
  for (auto fault : {test::Fault::ServerError, test::Fault::Unavailable, test::Fault::Slow, test::Fault::Truncated}) {
    SCOPED_TRACE(static_cast<int>(fault));
    HttpClientOptions o = test::fast_options();
    o.limits.total_timeout_ms = 150;
    server_.set_slow_ms(400);
    HttpClient client(channel_.channel, default_transport(), o, time_.hooks());
    server_.script({fault});
    const HttpResponse r = client.get({server_.base_url() + kPath, {{"Authorization", std::string("Bearer ") + test::kFakePolygonKey}}});
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(client.last_attempts(), 2);
    EXPECT_NE(r.body.find("\"results\""), std::string::npos);
  }
}

TEST_F(HttpClientTest, ExhaustedRetriesAreUnavailableWithTheLastProblemAndNoKey) {
  server_.script({test::Fault::ServerError, test::Fault::ServerError, test::Fault::ServerError});
  try {
    client_.get({server_.base_url() + kPath + "?apiKey=" + test::kFakePolygonKey, {}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
    EXPECT_NE(e.message().find("after 3 attempts"), std::string::npos) << e.message();
    EXPECT_NE(e.message().find("HTTP 500"), std::string::npos);
    EXPECT_EQ(e.message().find(test::kFakePolygonKey), std::string::npos);
    EXPECT_FALSE(e.hint().empty());
  }
}

TEST_F(HttpClientTest, BreakerOpensFailsFastThenProbesAndCloses) {
  server_.script({test::Fault::ServerError, test::Fault::ServerError, test::Fault::ServerError});
  EXPECT_THROW(get(kPath), Error);
  EXPECT_EQ(channel_.channel.breaker.state(time_.now), BreakerState::Open);
  const int before = server_.requests();
  try {
    get(kPath);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
    EXPECT_NE(e.message().find("circuit breaker is open"), std::string::npos);
  }
  EXPECT_EQ(server_.requests(), before);  // failed fast: nothing was sent
  time_.now += 30'000;
  EXPECT_EQ(channel_.channel.breaker.state(time_.now), BreakerState::HalfOpen);
  EXPECT_EQ(get(kPath).status, 200);
  EXPECT_EQ(channel_.channel.breaker.state(time_.now), BreakerState::Closed);
}

TEST_F(HttpClientTest, ResponsesOverTheSizeLimitAreRefused) {
  HttpClientOptions o = test::fast_options();
  o.limits.max_response_bytes = 1000;
  HttpClient client(channel_.channel, default_transport(), o, time_.hooks());
  try {
    client.get({server_.base_url() + "/v2/aggs/ticker/AAPL/range/1/day/2013-01-01/2018-12-31",
                {{"Authorization", std::string("Bearer ") + test::kFakePolygonKey}}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::DataError);
    EXPECT_EQ(client.last_attempts(), 1);
  }
}

TEST_F(HttpClientTest, AsksForGzipAndHandsBackDecodedJson) {
  const HttpResponse r = get("/v2/aggs/ticker/AAPL/range/1/day/2013-01-01/2018-12-31");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(server_.log().back().accept_encoding.find("gzip"), std::string::npos);
  EXPECT_EQ(r.body.front(), '{');
  EXPECT_GT(r.body.size(), 50'000u);
}

TEST_F(HttpClientTest, RateLimiterMakesTheSixthRequestWait) {
  test::TestChannel free_tier(5, 5);
  HttpClient client(free_tier.channel, default_transport(), test::fast_options(), time_.hooks());
  for (int i = 0; i < 6; ++i)
    client.get({server_.base_url() + kPath, {{"Authorization", std::string("Bearer ") + test::kFakePolygonKey}}});
  ASSERT_EQ(time_.sleeps.size(), 1u);
  EXPECT_EQ(time_.sleeps[0], 60'000);
}

TEST_F(HttpClientTest, UnreachableHostIsUnavailable) {
  HttpClient client(channel_.channel, default_transport(), test::fast_options(), time_.hooks());
  try {
    client.get({"http://127.0.0.1:1/v2/aggs", {}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Unavailable);
    EXPECT_NE(e.message().find("could not connect"), std::string::npos) << e.message();
  }
}

}  // namespace
}  // namespace mlt
