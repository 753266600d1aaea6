// RateLimiter: at most `requests` calls per sliding `window_ms`, per source
// (Polygon's free tier: 5 per minute; FRED: about 120 per minute).
//
// reserve(now) books the earliest slot that keeps the window's budget and
// returns how long the caller must wait before sending (0 = send now). Slots
// are booked first-come first-served, so concurrent callers queue fairly and
// a caller that is cancelled while waiting simply wastes its slot. Booking
// instead of polling means a fake clock that never advances cannot spin.
//
// Thread-safe. requests <= 0 disables limiting.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>

#include "core/json.h"
#include "core/time.h"

namespace mlt {

class RateLimiter {
 public:
  RateLimiter(int requests, TimestampMs window_ms) : requests_(requests), window_ms_(window_ms) {}

  // Books a slot; returns the wait in ms before the request may be sent.
  TimestampMs reserve(TimestampMs now);
  // Changes the budget (e.g. a paid plan); keeps the booked slots.
  void configure(int requests, TimestampMs window_ms);
  // {requests, window_ms, used_in_window} as of `now`.
  Json status(TimestampMs now) const;

 private:
  mutable std::mutex mutex_;
  int requests_;
  TimestampMs window_ms_;
  std::deque<TimestampMs> slots_;  // booked send times, ascending
};

}  // namespace mlt
