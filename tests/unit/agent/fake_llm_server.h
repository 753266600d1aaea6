// FakeLlmServer: a loopback HTTP server for provider tests. Each POST to a
// path pops the next scripted response: a status, headers and body chunks
// written one by one with chunked transfer encoding (so SSE framing can be
// split anywhere). Requests are recorded. Bounded: every response is
// scripted, and an unscripted request gets 500.
#pragma once

#include <httplib.h>

#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"

namespace mlt::test {

struct ScriptedResponse {
  int status = 200;
  std::string content_type = "text/event-stream";
  std::vector<std::pair<std::string, std::string>> headers = {};
  std::vector<std::string> chunks = {};
};

struct RecordedRequest {
  std::string path;
  std::multimap<std::string, std::string> headers;
  std::string body;
  Json json() const { return Json::parse(body, nullptr, false); }
  std::string header(const std::string& name) const {
    auto lower = [](std::string s) {
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    };
    for (const auto& [k, v] : headers)
      if (lower(k) == lower(name)) return v;
    return {};
  }
};

class FakeLlmServer {
 public:
  FakeLlmServer() {
    server_.Post(R"(/.*)", [this](const httplib::Request& req, httplib::Response& res) {
      ScriptedResponse r;
      {
        std::lock_guard lock(mutex_);
        requests_.push_back({req.path, {req.headers.begin(), req.headers.end()}, req.body});
        if (script_.empty()) {
          res.status = 500;
          res.set_content(R"({"type":"error","error":{"type":"api_error","message":"unscripted request"}})",
                          "application/json");
          return;
        }
        r = script_.front();
        script_.pop_front();
      }
      res.status = r.status;
      for (const auto& [k, v] : r.headers) res.set_header(k, v);
      auto chunks = std::make_shared<std::vector<std::string>>(r.chunks);
      res.set_chunked_content_provider(r.content_type, [chunks](std::size_t, httplib::DataSink& sink) {
        for (const auto& c : *chunks)
          if (!sink.write(c.data(), c.size())) return false;
        sink.done();
        return true;
      });
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // bind_to_any_port already listens: the kernel queues connections until the loop runs.
  }
  ~FakeLlmServer() {
    server_.stop();
    thread_.join();
  }
  void push(ScriptedResponse r) {
    std::lock_guard lock(mutex_);
    script_.push_back(std::move(r));
  }
  std::vector<RecordedRequest> requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::deque<ScriptedResponse> script_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace mlt::test
