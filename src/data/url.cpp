#include "data/url.h"

#include <algorithm>
#include <cctype>

namespace mlt {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

}  // namespace

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string query_string(const QueryParams& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += url_encode(k) + "=" + url_encode(v);
  }
  return out;
}

std::string join_url(std::string_view base, std::string_view path_and_query) {
  std::string out(base);
  while (!out.empty() && out.back() == '/') out.pop_back();
  if (path_and_query.empty() || path_and_query.front() != '/') out.push_back('/');
  out += path_and_query;
  return out;
}

std::string path_and_query(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::string(url);
  const auto path = url.find('/', scheme + 3);
  if (path == std::string_view::npos) {
    const auto query = url.find('?', scheme + 3);
    return query == std::string_view::npos ? "/" : "/" + std::string(url.substr(query));
  }
  return std::string(url.substr(path));
}

std::string remove_query_param(std::string_view url, std::string_view name) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return std::string(url);
  std::string out(url.substr(0, q));
  std::string_view rest = url.substr(q + 1);
  char sep = '?';
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const std::string_view key = pair.substr(0, pair.find('='));
    if (!iequals(key, name) && !pair.empty()) {
      out.push_back(sep);
      out += pair;
      sep = '&';
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

std::string query_param(std::string_view url, std::string_view name) {
  const auto q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = url.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    if (iequals(pair.substr(0, eq), name)) return eq == std::string_view::npos ? "" : std::string(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return {};
}

}  // namespace mlt
