// HttpClient: GET with the policy every external source needs — a rate
// limiter and circuit breaker per source (SourceChannel), retries with
// exponential backoff and full jitter on 429, 5xx, timeouts and dropped
// connections, Retry-After honoured, connect/total timeouts, a response size
// limit and gzip (HttpTransport). Every URL it logs or puts in an error
// message passes through redact(), so keys never leave it.
//
// Time is injectable: tests pass a clock and a sleeper that advances it, so
// backoff and rate-limit waits cost no real time. The sleeper may throw
// (Error{Cancelled}) to abandon a wait.
//
//   HttpClient http(source_channel("polygon"), default_transport(), {}, {});
//   HttpResponse r = http.get({.url = url, .headers = {{"Authorization", "Bearer " + key}}});
//   // r.status is < 500 and != 429; 4xx bodies are for the caller to explain.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"
#include "data/http_transport.h"
#include "data/source_channel.h"

namespace mlt {

struct RetryPolicy {
  int max_attempts = 4;                   // first try included
  TimestampMs base_delay_ms = 1'000;      // delay before retry n is up to base * 2^(n-1) ...
  TimestampMs max_delay_ms = 20'000;      // ... capped here
  TimestampMs max_retry_after_ms = 120'000;  // a longer Retry-After ends the fetch with a clear error
};

// Delay before retry `attempt` (1 = first retry): full jitter in
// [0, min(max, base * 2^(attempt-1))] from unit_random in [0,1); a server's
// Retry-After, when given, is the floor.
TimestampMs backoff_delay_ms(const RetryPolicy& policy, int attempt, std::optional<TimestampMs> retry_after_ms,
                             double unit_random);
// Retry-After as delay-seconds ("2") in ms; nullopt for dates or junk.
std::optional<TimestampMs> parse_retry_after(std::string_view value);

struct HttpClientOptions {
  HttpLimits limits{};
  RetryPolicy retry{};
};

struct HttpHooks {
  std::function<TimestampMs()> clock;          // default: system clock
  std::function<void(TimestampMs ms)> sleep;   // default: this_thread::sleep_for
  std::function<double()> random;              // default: a per-client PRNG in [0,1)
};

class HttpClient {
 public:
  HttpClient(SourceChannel& channel, HttpTransport& transport, HttpClientOptions options = {}, HttpHooks hooks = {});

  // Sends the request under the channel's limits. Returns the first answer
  // that is neither 429 nor 5xx. Throws Error{Unavailable} when the breaker is
  // open, retries are exhausted or Retry-After exceeds the policy's maximum;
  // Error{DataError} when the body exceeds the size limit. Messages name the
  // source, the redacted URL and the last status or network error.
  HttpResponse get(const HttpRequest& request);

  // Attempts made by the last get() (for tests and result summaries).
  int last_attempts() const { return last_attempts_; }
  const std::string& source() const { return channel_.name; }
  TimestampMs now() const { return hooks_.clock(); }

 private:
  SourceChannel& channel_;
  HttpTransport& transport_;
  HttpClientOptions options_;
  HttpHooks hooks_;
  int last_attempts_ = 0;
};

}  // namespace mlt
