#include "fakes/fake_server.h"

#include <chrono>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_paths.h"

namespace mlt::test {

FakeServer::FakeServer() = default;

FakeServer::~FakeServer() { stop(); }

void FakeServer::stop() {
  server_.stop();
  if (thread_.joinable()) thread_.join();  // waits for the worker pool, so handlers are done
}

void FakeServer::start() {
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ <= 0) throw std::runtime_error("fake server: cannot bind a port on 127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  for (int i = 0; i < 500 && !server_.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
}

void FakeServer::script(std::vector<Fault> faults) {
  std::lock_guard lock(mutex_);
  faults_.assign(faults.begin(), faults.end());
}

std::vector<LoggedRequest> FakeServer::log() const {
  std::lock_guard lock(mutex_);
  return log_;
}

Fault FakeServer::next_fault() {
  std::lock_guard lock(mutex_);
  if (faults_.empty()) return Fault::None;
  const Fault f = faults_.front();
  faults_.pop_front();
  return f;
}

httplib::Server::Handler FakeServer::wrap(httplib::Server::Handler handler) {
  return [this, handler](const httplib::Request& req, httplib::Response& res) {
    ++requests_;
    {
      std::string query;
      for (const auto& [k, v] : req.params) query += (query.empty() ? "?" : "&") + k + "=" + v;
      std::lock_guard lock(mutex_);
      log_.push_back({req.path + query, req.get_header_value("Authorization"), req.get_header_value("Accept-Encoding")});
    }
    switch (next_fault()) {
      case Fault::None: break;
      case Fault::RateLimited:
        res.status = 429;
        res.set_header("Retry-After", "1");
        res.set_content(rate_limited_body(), "application/json");
        return;
      case Fault::ServerError:
        res.status = 500;
        res.set_content(R"({"status":"ERROR","error":"Internal Server Error"})", "application/json");
        return;
      case Fault::Unavailable:
        res.status = 503;
        res.set_content("<html><body>503 Service Temporarily Unavailable</body></html>", "text/html");
        return;
      case Fault::Slow:
        std::this_thread::sleep_for(std::chrono::milliseconds(slow_ms_.load()));
        break;
      case Fault::Truncated: {
        httplib::Response full;
        handler(req, full);
        auto body = std::make_shared<std::string>(full.body);
        res.status = 200;
        // Promise the whole body, deliver half, then give up: the client sees a short read.
        res.set_content_provider(body->size(), "application/json",
                                 [body](size_t offset, size_t, httplib::DataSink& sink) {
                                   if (offset == 0) sink.write(body->data(), body->size() / 2);
                                   return false;
                                 });
        return;
      }
      case Fault::Garbage:
        res.status = 200;
        res.set_content("<html><head><title>Gateway</title></head><body>upstream error</body></html>", "text/html");
        return;
      case Fault::Unauthorized:
        unauthorized(res);
        return;
    }
    handler(req, res);
  };
}

std::vector<std::vector<std::string>> read_bundled_csv(const std::string& relative_path) {
  std::ifstream in(data_file(relative_path));
  if (!in) throw std::runtime_error("fake server: cannot read bundled data " + relative_path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    rows.push_back(std::move(cells));
  }
  return rows;
}

}  // namespace mlt::test
