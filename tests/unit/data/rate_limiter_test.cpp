// RateLimiter and CircuitBreaker: the per-source policies, on a fake clock.
#include "data/rate_limiter.h"

#include <gtest/gtest.h>

#include "data/circuit_breaker.h"

namespace mlt {
namespace {

TEST(RateLimiterTest, FreeTierAllowsFivePerMinuteThenWaitsForTheWindow) {
  RateLimiter limiter(5, 60'000);
  const TimestampMs t0 = 1'000'000;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.reserve(t0 + i), 0);
  EXPECT_EQ(limiter.reserve(t0 + 10), 60'000 - 10);  // the 6th waits for the 1st to leave the window
  EXPECT_EQ(limiter.reserve(t0 + 10), 60'000 + 1 - 10);
  EXPECT_EQ(limiter.reserve(t0 + 200'000), 0);  // long after: free again
  EXPECT_EQ(limiter.status(t0 + 200'000)["requests"], 5);
}

TEST(RateLimiterTest, ZeroDisablesLimiting) {
  RateLimiter limiter(0, 60'000);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(limiter.reserve(0), 0);
}

TEST(CircuitBreakerTest, OpensAfterThresholdProbesOnceAndClosesOnSuccess) {
  CircuitBreaker breaker({3, 10'000});
  TimestampMs now = 0;
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(breaker.allow(now));
    breaker.record_failure(now);
  }
  EXPECT_EQ(breaker.state(now), BreakerState::Open);
  EXPECT_FALSE(breaker.allow(now + 5'000));
  EXPECT_EQ(breaker.retry_in(now + 5'000), 5'000);
  now += 10'000;
  EXPECT_EQ(breaker.state(now), BreakerState::HalfOpen);
  EXPECT_TRUE(breaker.allow(now));   // the probe
  EXPECT_FALSE(breaker.allow(now));  // only one at a time
  breaker.record_success();
  EXPECT_EQ(breaker.state(now), BreakerState::Closed);
  EXPECT_EQ(breaker.status(now)["state"], "closed");
}

TEST(CircuitBreakerTest, FailedProbeReopens) {
  CircuitBreaker breaker({2, 1'000});
  breaker.record_failure(0);
  breaker.record_failure(0);
  ASSERT_TRUE(breaker.allow(1'000));
  breaker.record_failure(1'000);
  EXPECT_EQ(breaker.state(1'500), BreakerState::Open);
  EXPECT_EQ(breaker.status(1'500)["state"], "open");
}

}  // namespace
}  // namespace mlt
