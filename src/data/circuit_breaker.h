// CircuitBreaker: stops calling a source that keeps failing, so a dead
// service costs one clear error instead of minutes of retries.
//
//   closed ──(failure_threshold consecutive failures)──> open
//   open ──(open_ms elapsed)──> half_open: exactly one probe request is let through
//   half_open ──probe succeeds──> closed      half_open ──probe fails──> open again
//
// A "failure" is a transport failure or a 5xx answer (the caller decides);
// 4xx answers such as a bad key are the caller's fault and count as success
// for the breaker. Thread-safe; time comes from the caller (injectable clock).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/json.h"
#include "core/time.h"

namespace mlt {

enum class BreakerState { Closed, Open, HalfOpen };
std::string_view breaker_state_name(BreakerState state);  // "closed", "open", "half_open"

struct BreakerSettings {
  int failure_threshold = 5;   // consecutive failures that open the breaker
  TimestampMs open_ms = 30'000;  // how long it stays open before a probe
};

class CircuitBreaker {
 public:
  explicit CircuitBreaker(BreakerSettings settings = {}) : settings_(settings) {}

  // True if a request may be sent now. In half_open, true for one caller only
  // until that probe reports success or failure.
  bool allow(TimestampMs now);
  void record_success();
  void record_failure(TimestampMs now);

  BreakerState state(TimestampMs now) const;
  // ms until the next probe is allowed (0 unless open).
  TimestampMs retry_in(TimestampMs now) const;
  int consecutive_failures() const;
  // {state, consecutive_failures, failure_threshold, open_ms, retry_in_ms}
  Json status(TimestampMs now) const;
  void configure(BreakerSettings settings);

 private:
  BreakerState state_locked(TimestampMs now) const;
  mutable std::mutex mutex_;
  BreakerSettings settings_;
  int failures_ = 0;
  bool open_ = false;
  bool probe_in_flight_ = false;
  TimestampMs opened_at_ = 0;
};

}  // namespace mlt
