#include "server/http_types.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace mlt {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// Strict integer parse: the whole text must be digits (with optional sign).
std::optional<long long> to_int(std::string_view text) {
  long long value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string> HttpRequest::query_param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> HttpRequest::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (iequals(key, name)) return value;
  return std::nullopt;
}

HttpResponse HttpResponse::json(const Json& value, int status) {
  HttpResponse res;
  res.status = status;
  // Replacing invalid UTF-8 keeps a stray byte in some message from turning
  // a good response into a 500.
  res.body = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  return res;
}

HttpResponse HttpResponse::html(std::string page) {
  HttpResponse res;
  res.content_type = "text/html; charset=utf-8";
  res.body = std::move(page);
  return res;
}

Json error_json(ErrorKind kind, const std::string& message, const std::string& hint) {
  return Json{{"error", {{"kind", kind_name(kind)}, {"message", message}, {"hint", hint}}}};
}

std::optional<long long> query_int(const HttpRequest& req, const std::string& name, long long min, long long max) {
  auto text = req.query_param(name);
  if (!text) return std::nullopt;
  auto value = to_int(*text);
  if (!value || *value < min || *value > max)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("query parameter '{}' must be an integer in [{}, {}], got '{}'", name, min, max, *text));
  return value;
}

std::int64_t parse_id(const std::string& text, std::string_view what) {
  auto value = to_int(text);
  if (!value || *value <= 0)
    throw Error(ErrorKind::InvalidArgument, fmt::format("{} id must be a positive integer, got '{}'", what, text));
  return *value;
}

}  // namespace mlt
