// Shared set-up for the source tests: a fake clock whose sleeper advances
// it (no real waiting), HTTP clients with small timeouts, and fresh
// channels per test so one test's breaker never leaks into another.
#pragma once

#include <memory>
#include <vector>

#include "data/http_client.h"
#include "data/source_channel.h"

namespace mlt::test {

struct FakeTime {
  TimestampMs now = 1'700'000'000'000;  // 2023-11-14
  std::vector<TimestampMs> sleeps;
  HttpHooks hooks() {
    return HttpHooks{[this] { return now; },
                     [this](TimestampMs ms) {
                       sleeps.push_back(ms);
                       now += ms;
                     },
                     [] { return 0.5; }};
  }
  TimestampMs slept() const {
    TimestampMs total = 0;
    for (auto s : sleeps) total += s;
    return total;
  }
};

inline HttpClientOptions fast_options() {
  HttpClientOptions o;
  o.limits.connect_timeout_ms = 1000;
  o.limits.total_timeout_ms = 2000;
  o.retry.max_attempts = 3;
  o.retry.base_delay_ms = 100;
  o.retry.max_delay_ms = 400;
  return o;
}

struct TestChannel {
  explicit TestChannel(int requests = 1000, int failure_threshold = 5)
      : channel("test", ChannelSettings{requests, 60'000, BreakerSettings{failure_threshold, 30'000}}) {}
  SourceChannel channel;
};

}  // namespace mlt::test
