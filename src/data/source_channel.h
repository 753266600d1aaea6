// SourceChannel: the state one external source shares across every request
// of the process — its rate limiter and circuit breaker — so two trials
// fetching from Polygon together still respect its 5 requests per minute,
// and a breaker opened by one is seen by the next. Visible through status().
//
//   SourceChannel& polygon = source_channel("polygon");   // created on first use
//   Json all = source_channels_status(now);               // for data.source_status
#pragma once

#include <string>
#include <string_view>

#include "core/json.h"
#include "data/circuit_breaker.h"
#include "data/rate_limiter.h"

namespace mlt {

struct ChannelSettings {
  int requests_per_window = 5;
  TimestampMs window_ms = 60'000;
  BreakerSettings breaker{};
};

// Defaults per source: polygon 5/min (free tier), fred 120/min; anything else 60/min.
ChannelSettings default_channel_settings(std::string_view source);

struct SourceChannel {
  explicit SourceChannel(std::string source_name, const ChannelSettings& settings = {})
      : name(std::move(source_name)),
        limiter(settings.requests_per_window, settings.window_ms),
        breaker(settings.breaker) {}
  std::string name;
  RateLimiter limiter;
  CircuitBreaker breaker;

  Json status(TimestampMs now) const {
    return Json{{"source", name}, {"rate_limit", limiter.status(now)}, {"breaker", breaker.status(now)}};
  }
};

// The process-wide channel of a source, created with default_channel_settings()
// on first use. The reference stays valid for the life of the process.
SourceChannel& source_channel(std::string_view source);
// Array of every created channel's status, sorted by source.
Json source_channels_status(TimestampMs now);

}  // namespace mlt
