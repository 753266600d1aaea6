// HttpServer: the only place that knows cpp-httplib. Routes register
// handlers written against http_types.h; every handler is wrapped once:
//
//   mlt::Error        → status http_status(kind), body {"error":{kind,message,hint}}
//   std::exception    → 500 {"error":{"kind":"internal","message":"internal error ..."}}
//                       (the detail goes to the log, never to the client)
//   library errors    → the same JSON shape (404 unknown route, 413 body too
//                       large, 400 unparsable request)
//
// Streamed responses (HttpResponse::stream) are sent chunked and end when
// the generator returns false, the client disconnects, or stop() is called.
//
// Thread-safety: register routes before bind(); stop() may be called from
// any thread (it only touches atomics and closes the listening socket).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>

#include "server/http_types.h"

namespace mlt {

struct HttpServerOptions {
  // Each open connection (including an SSE stream or an idle keep-alive
  // socket) holds one thread, so the pool is sized above the number of
  // streams a few browser tabs keep open.
  int threads = 16;
  std::size_t max_body_bytes = std::size_t{1} << 20;  // 1 MiB → larger bodies get 413
  int read_timeout_s = 30;
  int write_timeout_s = 30;
  int keep_alive_timeout_s = 5;
};

class HttpServer {
 public:
  explicit HttpServer(HttpServerOptions options = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // `pattern` is an ECMAScript regex matched against the whole path; its
  // groups arrive in HttpRequest::captures.
  void get(const std::string& pattern, HttpHandler handler);
  void post(const std::string& pattern, HttpHandler handler);

  // Binds host:port (port 0 = any free port) and returns the bound port.
  // Throws Error{Unavailable} when the address cannot be bound.
  int bind(const std::string& host, int port);
  // Serves until stop(); blocks. Returns at once if stop() came first.
  void serve();
  void stop();
  int port() const { return port_.load(); }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> port_{0};
  std::atomic<bool> stop_requested_{false};
};

}  // namespace mlt
