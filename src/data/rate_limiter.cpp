#include "data/rate_limiter.h"

#include <algorithm>

namespace mlt {

TimestampMs RateLimiter::reserve(TimestampMs now) {
  std::lock_guard lock(mutex_);
  if (requests_ <= 0) return 0;
  const auto budget = static_cast<std::size_t>(requests_);
  // Only the last `budget` bookings decide when the window next frees up.
  while (slots_.size() > budget) slots_.pop_front();
  TimestampMs slot = now;
  if (slots_.size() >= budget) slot = std::max(slot, slots_[slots_.size() - budget] + window_ms_);
  if (!slots_.empty()) slot = std::max(slot, slots_.back());  // first come, first served
  slots_.push_back(slot);
  return slot - now;
}

void RateLimiter::configure(int requests, TimestampMs window_ms) {
  std::lock_guard lock(mutex_);
  requests_ = requests;
  window_ms_ = window_ms;
}

Json RateLimiter::status(TimestampMs now) const {
  std::lock_guard lock(mutex_);
  const auto used = std::count_if(slots_.begin(), slots_.end(),
                                  [&](TimestampMs t) { return t > now - window_ms_; });
  return Json{{"requests", requests_}, {"window_ms", window_ms_}, {"used_in_window", used}};
}

}  // namespace mlt
