// A streaming HTTP POST over libcurl for the LLM providers: the body of a
// 2xx response is handed over chunk by chunk as it arrives (SSE), any other
// status is collected whole so its JSON error can be read.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace mlt::agent {

struct HttpPost {
  std::string url;
  std::vector<std::string> headers;  // "name: value"
  std::string body;
  long connect_timeout_ms = 5000;
  long idle_timeout_s = 120;  // abort when fewer than 1 byte/s arrives for this long
};

struct HttpResult {
  long status = 0;                            // 0 = no response (connection failed)
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;                           // non-2xx bodies only
  std::string transport_error;                // curl's message when status == 0
};

// on_chunk returns false to stop reading. `cancelled` is polled ~10×/s.
// Never throws for HTTP or network failures: they are in the result.
HttpResult post_streaming(const HttpPost& request, const std::function<bool(std::string_view)>& on_chunk,
                          const std::function<bool()>& cancelled);

}  // namespace mlt::agent
