// FakeServer: a cpp-httplib server on 127.0.0.1 (a free port) for tests,
// with scripted faults, used by FakePolygonServer and FakeFredServer.
//
// Faults are consumed one per request, in order: script({Fault::None,
// Fault::ServerError}) serves the first request normally and fails the
// second (e.g. page 2 of a multi-page fetch). With the script empty, every
// request is served normally. Every request is logged (method, path with
// query, Authorization header) so tests can check what the client sent.
#pragma once

#include <httplib.h>

#include <atomic>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mlt::test {

enum class Fault {
  None,
  RateLimited,   // 429 with Retry-After: 1 and the source's error body
  ServerError,   // 500
  Unavailable,   // 503
  Slow,          // waits slow_ms, then answers normally (for client timeouts)
  Truncated,     // announces a Content-Length, sends half, closes the connection
  Garbage,       // 200 with an HTML page (a proxy's error page)
  Unauthorized,  // the source's bad-key answer
};

struct LoggedRequest {
  std::string path;           // with the query string
  std::string authorization;  // header value, may be empty
  std::string accept_encoding;
};

class FakeServer {
 public:
  FakeServer();
  virtual ~FakeServer();
  FakeServer(const FakeServer&) = delete;
  FakeServer& operator=(const FakeServer&) = delete;

  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  void script(std::vector<Fault> faults);
  void set_slow_ms(int ms) { slow_ms_ = ms; }
  int requests() const { return requests_.load(); }
  std::vector<LoggedRequest> log() const;

 protected:
  // Subclasses register routes on server_ in their constructor, then call
  // start(); their destructor calls stop(), so no handler runs on a half-destroyed object.
  void start();
  void stop();
  // Wraps a handler: logs, applies the next scripted fault, else calls it.
  httplib::Server::Handler wrap(httplib::Server::Handler handler);
  // Bodies for the source's own error shapes.
  virtual std::string rate_limited_body() const = 0;
  virtual void unauthorized(httplib::Response& res) const = 0;

  httplib::Server server_;

 private:
  Fault next_fault();
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::deque<Fault> faults_;
  std::vector<LoggedRequest> log_;
  std::atomic<int> requests_{0};
  std::atomic<int> slow_ms_{300};
};

// Rows of a bundled CSV file as string cells (header first); for the fakes' data.
std::vector<std::vector<std::string>> read_bundled_csv(const std::string& relative_path);

}  // namespace mlt::test
