// Small HTTP helpers for the black-box tests: JSON requests with bounded
// timeouts and an SSE reader. All traffic goes to 127.0.0.1.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace mlt::test {

struct JsonResponse {
  int status = 0;  // 0 when the request itself failed (connection, timeout)
  Json body;       // null when the body was not JSON
  std::string raw;
  std::string content_type;
};

inline JsonResponse to_json_response(const httplib::Result& res) {
  JsonResponse out;
  if (!res) {
    out.raw = "request failed: " + httplib::to_string(res.error());
    return out;
  }
  out.status = res->status;
  out.raw = res->body;
  out.content_type = res->get_header_value("Content-Type");
  out.body = Json::parse(res->body, nullptr, false);
  if (out.body.is_discarded()) out.body = nullptr;
  return out;
}

inline JsonResponse get_json(httplib::Client& cli, const std::string& path) { return to_json_response(cli.Get(path)); }

inline JsonResponse post_text(httplib::Client& cli, const std::string& path, const std::string& body) {
  return to_json_response(cli.Post(path, body, "application/json"));
}

inline JsonResponse post_json(httplib::Client& cli, const std::string& path, const Json& body) {
  return post_text(cli, path, body.dump());
}

// True if any object inside `j` has "name" == name (data.list's exact
// nesting is the data module's business; the name is what users see).
inline bool has_named(const Json& j, const std::string& name) {
  if (j.is_object()) {
    if (auto it = j.find("name"); it != j.end() && it->is_string() && *it == name) return true;
    for (const auto& [k, v] : j.items())
      if (has_named(v, name)) return true;
  } else if (j.is_array()) {
    for (const auto& v : j)
      if (has_named(v, name)) return true;
  }
  return false;
}

struct SseEvent {
  std::string id;
  std::string event;
  std::string data;
};

struct SseResult {
  int status = 0;
  std::string content_type;
  std::vector<SseEvent> events;
  int comments = 0;
  bool timed_out = false;
};

// Incremental parser for the text/event-stream format.
class SseParser {
 public:
  void feed(const char* data, std::size_t len, SseResult& out) {
    buffer_.append(data, len);
    std::size_t nl;
    while ((nl = buffer_.find('\n')) != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) {
        if (has_fields_) out.events.push_back(current_);
        current_ = {};
        has_fields_ = false;
        data_lines_ = 0;
        continue;
      }
      if (line[0] == ':') {
        ++out.comments;
        continue;
      }
      auto colon = line.find(':');
      std::string field = line.substr(0, colon);
      std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
      if (!value.empty() && value[0] == ' ') value.erase(0, 1);
      has_fields_ = true;
      if (field == "id") current_.id = value;
      else if (field == "event") current_.event = value;
      else if (field == "data") current_.data += (data_lines_++ ? "\n" : "") + value;
    }
  }

 private:
  std::string buffer_;
  SseEvent current_;
  bool has_fields_ = false;
  int data_lines_ = 0;
};

// Reads an SSE stream until the server ends it, `stop(event)` returns true,
// or `timeout` passes (then timed_out is set).
inline SseResult follow_sse(int port, const std::string& path, std::chrono::seconds timeout,
                            const std::string& last_event_id = {},
                            const std::function<bool(const SseEvent&)>& stop = nullptr) {
  SseResult out;
  SseParser parser;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  httplib::Client cli("127.0.0.1", port);
  cli.set_connection_timeout(5, 0);
  cli.set_read_timeout(30, 0);  // above the server's 15 s ping interval
  httplib::Headers headers = {{"Accept", "text/event-stream"}};
  if (!last_event_id.empty()) headers.emplace("Last-Event-ID", last_event_id);
  auto res = cli.Get(
      path, headers,
      [&](const httplib::Response& r) {
        out.status = r.status;
        out.content_type = r.get_header_value("Content-Type");
        return true;
      },
      [&](const char* data, std::size_t len) {
        const std::size_t before = out.events.size();
        parser.feed(data, len, out);
        for (std::size_t i = before; i < out.events.size(); ++i)
          if (stop && stop(out.events[i])) return false;
        if (std::chrono::steady_clock::now() > deadline) {
          out.timed_out = true;
          return false;
        }
        return true;
      });
  if (!res && res.error() == httplib::Error::Read) out.timed_out = true;
  return out;
}

// A metric is either a number or {"mean": number, ...} (mean over folds).
inline std::optional<double> metric_value(const Json& metrics, const std::string& name) {
  if (!metrics.is_object() || !metrics.contains(name)) return std::nullopt;
  const Json& m = metrics[name];
  if (m.is_number()) return m.get<double>();
  if (m.is_object() && m.contains("mean") && m["mean"].is_number()) return m["mean"].get<double>();
  return std::nullopt;
}

}  // namespace mlt::test
