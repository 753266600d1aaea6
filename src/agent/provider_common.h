// Shared pieces of the HTTP providers (internal): tool-name mapping, retry
// delays, API error bodies turned into mlt::Error.
#pragma once

#include <string>

#include "agent/http_stream.h"
#include "agent/provider.h"
#include "core/error.h"

namespace mlt::agent {

// Milliseconds to wait before attempt `attempt` (1-based), from retry-after when present.
int retry_delay_ms(const RetryPolicy& policy, int attempt, const HttpResult& result);
// Sleeps in small steps; throws Error{Cancelled} when cancelled.
void wait_or_cancel(int ms, const std::function<bool()>& cancelled);
// "{service} returned 401 authentication_error: invalid x-api-key" as an Error of the right kind.
Error api_error(const std::string& service, const HttpResult& result, const std::string& key_env);
// Parses a tool call's accumulated JSON arguments; sets parse_error when not an object.
void finish_arguments(ToolCall& call);
// Joins base URL and path without doubling "/v1".
std::string join_url(std::string base, const std::string& path);

}  // namespace mlt::agent
