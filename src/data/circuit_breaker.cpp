#include "data/circuit_breaker.h"

#include <algorithm>

namespace mlt {

std::string_view breaker_state_name(BreakerState state) {
  switch (state) {
    case BreakerState::Closed: return "closed";
    case BreakerState::Open: return "open";
    case BreakerState::HalfOpen: return "half_open";
  }
  return "closed";
}

BreakerState CircuitBreaker::state_locked(TimestampMs now) const {
  if (!open_) return BreakerState::Closed;
  return now - opened_at_ >= settings_.open_ms ? BreakerState::HalfOpen : BreakerState::Open;
}

bool CircuitBreaker::allow(TimestampMs now) {
  std::lock_guard lock(mutex_);
  switch (state_locked(now)) {
    case BreakerState::Closed: return true;
    case BreakerState::Open: return false;
    case BreakerState::HalfOpen:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::record_success() {
  std::lock_guard lock(mutex_);
  failures_ = 0;
  open_ = false;
  probe_in_flight_ = false;
}

void CircuitBreaker::record_failure(TimestampMs now) {
  std::lock_guard lock(mutex_);
  ++failures_;
  // A failed probe re-opens at once; otherwise open at the threshold.
  if (probe_in_flight_ || failures_ >= settings_.failure_threshold) {
    open_ = true;
    opened_at_ = now;
  }
  probe_in_flight_ = false;
}

BreakerState CircuitBreaker::state(TimestampMs now) const {
  std::lock_guard lock(mutex_);
  return state_locked(now);
}

TimestampMs CircuitBreaker::retry_in(TimestampMs now) const {
  std::lock_guard lock(mutex_);
  if (state_locked(now) != BreakerState::Open) return 0;
  return std::max<TimestampMs>(0, opened_at_ + settings_.open_ms - now);
}

int CircuitBreaker::consecutive_failures() const {
  std::lock_guard lock(mutex_);
  return failures_;
}

Json CircuitBreaker::status(TimestampMs now) const {
  const TimestampMs wait = retry_in(now);
  std::lock_guard lock(mutex_);
  return Json{{"state", breaker_state_name(state_locked(now))},
              {"consecutive_failures", failures_},
              {"failure_threshold", settings_.failure_threshold},
              {"open_ms", settings_.open_ms},
              {"retry_in_ms", wait}};
}

void CircuitBreaker::configure(BreakerSettings settings) {
  std::lock_guard lock(mutex_);
  settings_ = settings;
}

}  // namespace mlt
