// The server's own request/response types. Route handlers see only these;
// cpp-httplib stays inside http_server.cpp, so swapping the HTTP library
// touches one file.
//
// A handler returns an HttpResponse. For a streamed body (SSE) it sets
// `stream`: a generator called repeatedly with a writer; it returns true to
// be called again and false when the stream is complete. The writer returns
// false once the client has gone, and the generator must then return false.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/json.h"

namespace mlt {

struct HttpRequest {
  std::string method;
  std::string path;
  std::vector<std::string> captures;           // regex groups of the route pattern, [0] = first group
  std::multimap<std::string, std::string> query;
  std::multimap<std::string, std::string> headers;  // as received; header() looks up case-insensitively
  std::string body;

  std::optional<std::string> query_param(const std::string& name) const;
  std::optional<std::string> header(const std::string& name) const;
};

using ChunkWriter = std::function<bool(std::string_view chunk)>;
using StreamGenerator = std::function<bool(const ChunkWriter& write)>;

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  StreamGenerator stream;  // when set, `body` is ignored and the response is chunked

  static HttpResponse json(const Json& value, int status = 200);
  static HttpResponse html(std::string page);
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

// {"error":{"kind","message","hint"}} — the one JSON shape of every error.
Json error_json(ErrorKind kind, const std::string& message, const std::string& hint = {});

// Query parameter helpers that throw Error{InvalidArgument} naming the parameter.
std::optional<long long> query_int(const HttpRequest& req, const std::string& name, long long min, long long max);
// Parses a path capture as a positive integer id; throws Error{InvalidArgument}.
std::int64_t parse_id(const std::string& text, std::string_view what);

}  // namespace mlt
