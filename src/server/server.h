// Server: the HTTP face of one Runtime — JSON API, SSE progress streams, the
// web chat (embedded at build time) and a small status page.
//
//   mlt::Server server(runtime);
//   server.listen("127.0.0.1", 0);   // blocks; prints "mltrainer listening on http://127.0.0.1:PORT"
//   ...from a signal handler or another thread: server.stop();
//
// Routes (all JSON unless noted; errors are {"error":{kind,message,hint}}):
//   GET  /health                    {"status":"ok","version","schema_version"}
//   GET  /                          the web chat (index.html; ETag, 304 on If-None-Match)
//   GET  /assets/{file}             its scripts and styles (ETag, cached as immutable)
//   GET  /status                    HTML status page (datasets and trials)
//   GET  /api/actions               {"actions":[{name,summary,cost,schema,example}]}
//   POST /api/actions/{name}        body = arguments object; 200 (instant), 202 (trial),
//                                   403 denial {"decision","error"}, 400/404 errors, 413 > 1 MiB
//   GET  /api/trials?limit&state    {"trials":[...]}
//   GET  /api/trials/{id}           the trial record
//   GET  /api/trials/{id}/events    SSE: replay + live events, "end" when terminal;
//                                   honours Last-Event-ID
//   POST /api/trials/{id}/cancel    the record after cancel (409 when finished)
//   GET  /api/datasets              result of the data.list action
//   GET  /api/audit?limit=N         {"records":[...]} newest first
//   GET  /api/audit/verify          the audit chain report
//
// HTTP threads only parse, format and run instant actions; trial actions
// are queued by Runtime::call and run on the trial workers.
#pragma once

#include <memory>
#include <string>

namespace mlt {

class Runtime;
class HttpServer;

struct ServerOptions {
  // Serve the web UI from this folder (e.g. web/dist) on every request instead
  // of the copy embedded in the binary; empty (the default) = embedded.
  std::string web_dir;
};

class Server {
 public:
  explicit Server(Runtime& runtime, ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds (port 0 = a free port), prints the "listening on" line to stdout,
  // flushes, and serves until stop(). Throws Error{Unavailable} if the
  // address cannot be bound, Error{InvalidArgument} for a bad port.
  void listen(const std::string& host, int port);
  // Ends listen() soon: in-flight requests finish, SSE streams close.
  // Safe to call from a signal handler and before or after listen().
  void stop();
  // The bound port once listen() has bound, else 0.
  int bound_port() const;

 private:
  Runtime& runtime_;
  std::unique_ptr<HttpServer> http_;
};

}  // namespace mlt
