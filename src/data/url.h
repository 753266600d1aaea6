// Small URL helpers for the source clients: percent-encoding, joining a
// configured base URL with a path, and re-basing a server-given link
// (Polygon's next_url) onto the configured base so a key is only ever sent
// to the host the user configured.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mlt {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// RFC 3986 unreserved characters stay; everything else becomes %XX.
std::string url_encode(std::string_view text);
// "a=1&b=x%20y" from the pairs, in the given order.
std::string query_string(const QueryParams& params);
// base "http://h:1/prefix/" + "/v2/x?y" -> "http://h:1/prefix/v2/x?y" (exactly one slash).
std::string join_url(std::string_view base, std::string_view path_and_query);
// "https://api.polygon.io/v2/x?cursor=c" -> "/v2/x?cursor=c"; a relative link is returned as is.
std::string path_and_query(std::string_view url);
// The URL without every query parameter named `name` (case-insensitive).
std::string remove_query_param(std::string_view url, std::string_view name);
// Value of a query parameter, or "" (not decoded).
std::string query_param(std::string_view url, std::string_view name);

}  // namespace mlt
