// The one translation unit that includes httplib.h (see http_server.h).
#include "server/http_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <exception>
#include <utility>

namespace mlt {

namespace {

HttpRequest to_request(const httplib::Request& req) {
  HttpRequest out;
  out.method = req.method;
  out.path = req.path;
  for (std::size_t i = 1; i < req.matches.size(); ++i) out.captures.push_back(req.matches[i].str());
  for (const auto& [k, v] : req.params) out.query.emplace(k, v);
  for (const auto& [k, v] : req.headers) out.headers.emplace(k, v);
  out.body = req.body;
  return out;
}

void write_json(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, Json::error_handler_t::replace), "application/json");
}

// Turns a generator into httplib's chunked provider. The generator may
// block briefly (SSE waits for events), so the provider is re-entered in a
// loop by httplib until it calls sink.done() or returns false.
httplib::ContentProviderWithoutLength to_provider(StreamGenerator generator, std::string route) {
  return [generator = std::move(generator), route = std::move(route)](std::size_t, httplib::DataSink& sink) {
    bool client_gone = false;
    ChunkWriter write = [&](std::string_view chunk) {
      if (client_gone) return false;
      if (!sink.write(chunk.data(), chunk.size())) client_gone = true;
      return !client_gone;
    };
    bool more = false;
    try {
      more = generator(write);
    } catch (const Error& e) {
      spdlog::warn("stream {} ended by error: {}", route, e.message());
      return false;
    } catch (const std::exception& e) {
      spdlog::error("stream {} ended by internal error: {}", route, e.what());
      return false;
    }
    if (client_gone) return false;  // cancels the connection; nothing left to say
    if (!more) sink.done();
    return true;
  };
}

void apply(const HttpResponse& out, httplib::Response& res, const std::string& route) {
  res.status = out.status;
  for (const auto& [k, v] : out.headers) res.set_header(k, v);
  if (out.stream) {
    res.set_chunked_content_provider(out.content_type, to_provider(out.stream, route));
  } else {
    res.set_content(out.body, out.content_type);
  }
}

// The single error edge for every route.
httplib::Server::Handler wrap(HttpHandler handler) {
  return [handler = std::move(handler)](const httplib::Request& req, httplib::Response& res) {
    const std::string route = req.method + " " + req.path;
    try {
      apply(handler(to_request(req)), res, route);
    } catch (const Error& e) {
      if (http_status(e.kind()) >= 500) spdlog::error("{}: {}", route, e.message());
      write_json(res, http_status(e.kind()), error_json(e.kind(), e.message(), e.hint()));
    } catch (const std::exception& e) {
      // Internal detail (SQL, paths) stays in the log, not in the response.
      spdlog::error("{}: unexpected exception: {}", route, e.what());
      write_json(res, 500,
                 error_json(ErrorKind::Internal, "internal error while handling the request",
                            "see the server log for details"));
    }
  };
}

// Fills a JSON body for errors httplib produced itself (no route, body too
// large, unparsable request). Responses our handlers made already have one.
httplib::Server::HandlerResponse library_error(const httplib::Request& req, httplib::Response& res,
                                              std::size_t max_body) {
  if (!res.body.empty() || res.content_provider_) return httplib::Server::HandlerResponse::Unhandled;
  switch (res.status) {
    case 404:
      write_json(res, 404,
                 error_json(ErrorKind::NotFound, fmt::format("no route for {} {}", req.method, req.path),
                            "GET /api/actions lists the API; GET / is the web chat, GET /status the status page"));
      break;
    case 413:
      write_json(res, 413,
                 error_json(ErrorKind::InvalidArgument,
                            fmt::format("request body is larger than the limit of {} bytes", max_body),
                            "send large inputs as files and pass their path"));
      break;
    default:
      write_json(res, res.status,
                 error_json(res.status >= 500 ? ErrorKind::Internal : ErrorKind::InvalidArgument,
                            fmt::format("HTTP {} for {} {}", res.status, req.method, req.path)));
  }
  return httplib::Server::HandlerResponse::Handled;
}

}  // namespace

struct HttpServer::Impl {
  httplib::Server server;
};

HttpServer::HttpServer(HttpServerOptions options) : impl_(std::make_unique<Impl>()) {
  auto& svr = impl_->server;
  const int threads = options.threads > 0 ? options.threads : 1;
  svr.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  svr.set_payload_max_length(options.max_body_bytes);
  svr.set_read_timeout(options.read_timeout_s, 0);
  svr.set_write_timeout(options.write_timeout_s, 0);
  svr.set_keep_alive_timeout(options.keep_alive_timeout_s);
  const std::size_t max_body = options.max_body_bytes;
  // Explicit type: httplib overloads set_error_handler on two std::functions.
  httplib::Server::HandlerWithResponse on_error = [max_body](const httplib::Request& req, httplib::Response& res) {
    return library_error(req, res, max_body);
  };
  svr.set_error_handler(std::move(on_error));
  // Last resort: wrap() already catches everything a handler throws.
  svr.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
    spdlog::error("{} {}: exception escaped the route wrapper", req.method, req.path);
    write_json(res, 500, error_json(ErrorKind::Internal, "internal error while handling the request"));
  });
  svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    spdlog::debug("{} {} -> {}", req.method, req.path, res.status);
  });
}

HttpServer::~HttpServer() { stop(); }

void HttpServer::get(const std::string& pattern, HttpHandler handler) { impl_->server.Get(pattern, wrap(std::move(handler))); }

void HttpServer::post(const std::string& pattern, HttpHandler handler) {
  impl_->server.Post(pattern, wrap(std::move(handler)));
}

int HttpServer::bind(const std::string& host, int port) {
  if (port < 0 || port > 65535)
    throw Error(ErrorKind::InvalidArgument, fmt::format("port must be in [0, 65535], got {}", port));
  auto& svr = impl_->server;
  int bound = port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound <= 0)
    throw Error(ErrorKind::Unavailable, fmt::format("cannot listen on {}:{}", host, port),
                port == 0 ? "check the host address" : "is another process using the port? try --port 0");
  port_ = bound;
  return bound;
}

void HttpServer::serve() {
  if (stop_requested_) return;
  impl_->server.listen_after_bind();
}

void HttpServer::stop() {
  stop_requested_ = true;
  impl_->server.stop();
}

}  // namespace mlt
