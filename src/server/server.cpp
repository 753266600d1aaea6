#include "server/server.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "server/http_server.h"
#include "server/routes.h"
#include "trials/runtime.h"

namespace mlt {

Server::Server(Runtime& runtime, ServerOptions options) : runtime_(runtime), http_(std::make_unique<HttpServer>()) {
  add_meta_routes(*http_, runtime_);
  add_web_routes(*http_, options.web_dir);
  add_action_routes(*http_, runtime_);
  add_trial_routes(*http_, runtime_);
  add_audit_routes(*http_, runtime_);
  add_chat_routes(*http_, runtime_);
}

Server::~Server() = default;

void Server::listen(const std::string& host, int port) {
  const int bound = http_->bind(host, port);
  // Tests and scripts parse this exact line to learn the port, so it goes to
  // stdout (logs go to stderr) and is flushed before serving starts.
  std::string where = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  std::fputs(fmt::format("mltrainer listening on http://{}:{}\n", where, bound).c_str(), stdout);
  std::fflush(stdout);
  http_->serve();
  spdlog::info("server on port {} stopped", bound);
}

void Server::stop() { http_->stop(); }

int Server::bound_port() const { return http_->port(); }

}  // namespace mlt
