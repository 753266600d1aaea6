// HttpTransport: one HTTP GET, no retries, no policy — the seam between
// mlTrainer's source clients and the network. CurlTransport is the real one
// (libcurl: TLS, proxies via the usual *_proxy variables, gzip/deflate);
// tests use it against local fake servers or substitute their own.
//
// perform() never throws for network trouble: it reports a TransportFailure
// and leaves policy (retry, breaker, error wording) to HttpClient.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/time.h"

namespace mlt {

struct HttpRequest {
  std::string url;                                           // may carry a key: never log it unredacted
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. {"Authorization", "Bearer …"}
};

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased; last value wins
  std::string body;                            // decoded (gzip/deflate undone)
  std::string header(std::string_view name) const;
};

struct HttpLimits {
  TimestampMs connect_timeout_ms = 5'000;
  TimestampMs total_timeout_ms = 60'000;
  std::size_t max_response_bytes = 64u << 20;  // decoded body; larger answers are refused
};

enum class TransportFailure {
  None,
  Timeout,    // connect or total timeout
  Connect,    // refused, unreachable, DNS
  Truncated,  // the connection ended before the announced body arrived
  TooLarge,   // body over HttpLimits::max_response_bytes
  Other,      // TLS and anything else curl reports
};

struct TransportResult {
  TransportFailure failure = TransportFailure::None;
  std::string detail;  // curl's words, for the error message
  HttpResponse response;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual TransportResult perform(const HttpRequest& request, const HttpLimits& limits) = 0;
};

// libcurl, one easy handle per request (requests are few and slow; reuse
// would buy nothing worth the shared state). Thread-safe.
class CurlTransport final : public HttpTransport {
 public:
  CurlTransport();
  TransportResult perform(const HttpRequest& request, const HttpLimits& limits) override;
};

// The process-wide CurlTransport.
HttpTransport& default_transport();

}  // namespace mlt
