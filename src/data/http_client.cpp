#include "data/http_client.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>

#include "core/env.h"
#include "core/error.h"
#include "core/secrets.h"

namespace mlt {
namespace {

std::string_view failure_name(TransportFailure f) {
  switch (f) {
    case TransportFailure::None: return "ok";
    case TransportFailure::Timeout: return "timed out";
    case TransportFailure::Connect: return "could not connect";
    case TransportFailure::Truncated: return "connection closed before the whole response arrived";
    case TransportFailure::TooLarge: return "response too large";
    case TransportFailure::Other: return "network error";
  }
  return "network error";
}

bool retryable_status(int status) { return status == 429 || (status >= 500 && status <= 599); }

}  // namespace

TimestampMs backoff_delay_ms(const RetryPolicy& policy, int attempt, std::optional<TimestampMs> retry_after_ms,
                             double unit_random) {
  const double exp = std::ldexp(static_cast<double>(policy.base_delay_ms), std::clamp(attempt - 1, 0, 30));
  const double cap = std::min(exp, static_cast<double>(policy.max_delay_ms));
  const auto jittered = static_cast<TimestampMs>(cap * std::clamp(unit_random, 0.0, 1.0));
  return std::max(jittered, retry_after_ms.value_or(0));
}

std::optional<TimestampMs> parse_retry_after(std::string_view value) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  long long seconds = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (ec != std::errc() || end != value.data() + value.size() || seconds < 0) return std::nullopt;
  return static_cast<TimestampMs>(seconds) * 1000;
}

HttpClient::HttpClient(SourceChannel& channel, HttpTransport& transport, HttpClientOptions options, HttpHooks hooks)
    : channel_(channel), transport_(transport), options_(options), hooks_(std::move(hooks)) {
  if (!hooks_.clock) hooks_.clock = Env::system_clock_ms;
  if (!hooks_.sleep)
    hooks_.sleep = [](TimestampMs ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); };
  if (!hooks_.random) {
    auto rng = std::make_shared<std::mt19937_64>(std::random_device{}());
    hooks_.random = [rng] { return std::uniform_real_distribution<double>(0.0, 1.0)(*rng); };
  }
}

HttpResponse HttpClient::get(const HttpRequest& request) {
  const std::string shown_url = redact(request.url);
  const std::string& source = channel_.name;
  std::string last_problem;
  last_attempts_ = 0;
  const int attempts = std::max(1, options_.retry.max_attempts);
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (!channel_.breaker.allow(hooks_.clock())) {
      const TimestampMs wait = channel_.breaker.retry_in(hooks_.clock());
      throw Error(ErrorKind::Unavailable,
                  fmt::format("{} is unavailable: its circuit breaker is open after {} consecutive failures{}", source,
                              channel_.breaker.consecutive_failures(),
                              last_problem.empty() ? "" : " (last: " + last_problem + ")"),
                  fmt::format("the next attempt is allowed in {} s; meanwhile use cached data (offline: true), the "
                              "bundled datasets or your own files",
                              (wait + 999) / 1000));
    }
    if (const TimestampMs wait = channel_.limiter.reserve(hooks_.clock()); wait > 0) {
      spdlog::debug("{}: rate limit, waiting {} ms", source, wait);
      hooks_.sleep(wait);
    }
    ++last_attempts_;
    spdlog::debug("{}: GET {} (attempt {})", source, shown_url, attempt);
    TransportResult result = transport_.perform(request, options_.limits);

    std::optional<TimestampMs> retry_after;
    if (result.failure == TransportFailure::TooLarge) {
      channel_.breaker.record_success();  // the service answered; the answer is just too big
      throw Error(ErrorKind::DataError,
                  fmt::format("{} sent more than {} MiB for {}", source, options_.limits.max_response_bytes >> 20,
                              shown_url),
                  "ask for a shorter date range or a coarser timespan");
    }
    if (result.failure != TransportFailure::None) {
      channel_.breaker.record_failure(hooks_.clock());
      last_problem = fmt::format("{}: {}", failure_name(result.failure), redact(result.detail));
    } else if (retryable_status(result.response.status)) {
      if (result.response.status == 429) channel_.breaker.record_success();  // alive, just busy
      else channel_.breaker.record_failure(hooks_.clock());
      last_problem = fmt::format("HTTP {}", result.response.status);
      retry_after = parse_retry_after(result.response.header("retry-after"));
      if (retry_after && *retry_after > options_.retry.max_retry_after_ms)
        throw Error(ErrorKind::Unavailable,
                    fmt::format("{} is rate-limiting: it asks to wait {} s before the next request", source,
                                *retry_after / 1000),
                    "try again later; the free Polygon tier allows 5 requests per minute");
    } else {
      channel_.breaker.record_success();
      return std::move(result.response);
    }
    if (attempt == attempts) break;
    const TimestampMs delay = backoff_delay_ms(options_.retry, attempt, retry_after, hooks_.random());
    spdlog::info("{}: {} for {}; retry {} of {} in {} ms", source, last_problem, shown_url, attempt, attempts - 1,
                 delay);
    hooks_.sleep(delay);
  }
  throw Error(ErrorKind::Unavailable,
              fmt::format("{} did not answer {} after {} attempts (last: {})", source, shown_url, last_attempts_,
                          last_problem),
              last_problem.rfind("HTTP 429", 0) == 0
                  ? "the source is rate-limiting; wait a minute and try again, or use cached data (offline: true)"
                  : "the service may be down or unreachable; try again later, or use cached data (offline: true)");
}

}  // namespace mlt
