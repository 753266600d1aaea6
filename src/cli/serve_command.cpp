// `mltrainer serve`: imports the bundled data on first start, runs the trial
// workers, and serves the web page and JSON API until SIGINT/SIGTERM.
#include <fmt/format.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <atomic>
#include <thread>

#include "cli/cli_app.h"
#include "core/error.h"
#include "server/server.h"

namespace mlt::cli {
namespace {

// Waits for SIGINT/SIGTERM on a thread of its own (signals are blocked in
// every other thread), so stopping never runs inside a signal handler.
class ShutdownOnSignal {
 public:
  explicit ShutdownOnSignal(Server& server) {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
    thread_ = std::thread([this, &server] {
      int sig = 0;
      sigwait(&set_, &sig);
      if (sig != 0 && !done_) {
        std::cerr << "mltrainer: stopping (signal " << sig << ")" << std::endl;
        server.stop();
      }
    });
  }
  ~ShutdownOnSignal() {
    done_ = true;
    pthread_kill(thread_.native_handle(), SIGTERM);  // wake sigwait
    thread_.join();
  }

 private:
  sigset_t set_{};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace

void add_serve_command(CLI::App& cli, App& app) {
  auto* serve = cli.add_subcommand("serve", "Serve the web app and JSON API (default http://127.0.0.1:8501)");
  static std::string host;
  static int port = -1;
  static std::string bundled = "data";
  static bool no_bundled = false;
  static std::string web_dir;
  serve->add_option("--host", host, "Address to bind (default 127.0.0.1; config [server] host)");
  serve->add_option("--port", port, "Port (default 8501; 0 picks a free port)")->check(CLI::Range(0, 65535));
  serve->add_option("--bundled-data", bundled, "Folder with the bundled real data and its manifest.json");
  serve->add_flag("--no-bundled-data", no_bundled, "Do not import the bundled data on first start");
  serve
      ->add_option("--web-dir", web_dir,
                   "Serve the web UI from this folder (e.g. web/dist) instead of the embedded copy")
      ->check(CLI::ExistingDirectory);
  serve->callback([&app] {
    Runtime& rt = app.runtime();
    if (!no_bundled && std::filesystem::exists(std::filesystem::path(bundled) / "manifest.json")) {
      const int n = rt.import_bundled_data(bundled);
      if (n > 0) std::cout << fmt::format("imported {} bundled datasets from {}/\n", n, bundled);
    }
    Server server(rt, ServerOptions{.web_dir = web_dir});
    ShutdownOnSignal shutdown(server);
    int recovered = 0;
    try {
      recovered = rt.start_workers();
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::Conflict)
        throw Error(ErrorKind::Conflict, "another mltrainer server is already using this data folder",
                    fmt::format("stop it, or pass another --data-dir (now {})", rt.config().data_dir.string()));
      throw;
    }
    if (recovered > 0) std::cout << fmt::format("recovered {} interrupted trial(s)\n", recovered);
    std::cout << fmt::format("store: {}  workers: {}\n", rt.store().path().string(), rt.config().workers);
    std::cout.flush();
    server.listen(host.empty() ? rt.config().host : host, port >= 0 ? port : rt.config().port);
    rt.stop_workers();
  });
}

}  // namespace mlt::cli
