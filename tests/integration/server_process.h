// ServerProcess: starts the real `mltrainer serve` binary for black-box
// tests and stops it afterwards.
//
//   mlt::test::TempDir work;
//   mlt::test::ServerProcess server(work.path());   // waits for GET /health
//   auto cli = server.client();
//   auto res = cli.Get("/api/datasets");
//
// The server runs in the project source folder (so ./data, the bundled real
// data, is imported on first start) with --data-dir WORK/data, --port 0 and
// --host 127.0.0.1; its port is read from the "mltrainer listening on" line
// on its stdout. stderr goes to WORK/server.log, shown when start-up fails.
// Every wait is bounded; the destructor sends SIGTERM, then SIGKILL after
// a grace period. Restarting on the same WORK folder reuses the store.
#pragma once

#include <fcntl.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "support/test_paths.h"

namespace mlt::test {

class ServerProcess {
 public:
  explicit ServerProcess(std::filesystem::path work_dir,
                         std::chrono::seconds startup_timeout = std::chrono::seconds(120))
      : work_dir_(std::move(work_dir)) {
    std::filesystem::create_directories(work_dir_);
    spawn();
    try {
      port_ = read_port(startup_timeout);
      drain_ = std::thread([this] { drain_stdout(); });
      wait_healthy(startup_timeout);
    } catch (...) {
      kill_now();
      throw;
    }
  }

  ~ServerProcess() { terminate(); }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::filesystem::path data_dir() const { return work_dir_ / "data"; }

  // A client for this server; reads time out after `read_timeout`.
  httplib::Client client(std::chrono::seconds read_timeout = std::chrono::seconds(60)) const {
    httplib::Client cli("127.0.0.1", port_);
    cli.set_connection_timeout(5, 0);
    cli.set_read_timeout(read_timeout.count(), 0);
    cli.set_write_timeout(30, 0);
    return cli;
  }

  // SIGKILL now (a crash, as far as the store is concerned), then reap.
  void kill_now() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    reap(std::chrono::seconds(30));
  }

  // SIGTERM, and SIGKILL if the process has not exited after `grace`.
  // Returns the wait status, or -1 if the process was already gone.
  int terminate(std::chrono::seconds grace = std::chrono::seconds(20)) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    if (reap(grace)) return status_;
    ::kill(pid_, SIGKILL);
    reap(std::chrono::seconds(30));
    return status_;
  }

  // Everything the server printed to stdout (after the listening line) and stderr.
  std::string output() const {
    std::lock_guard lock(out_mutex_);
    return stdout_ + "\n--- stderr ---\n" + read_file(log_path());
  }

 private:
  std::filesystem::path log_path() const { return work_dir_ / "server.log"; }

  static std::string read_file(const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  void spawn() {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error("pipe() failed");
    const std::string binary = mltrainer_binary().string();
    const std::string data = data_dir().string();
    const std::string log = log_path().string();
    const std::string src = source_dir().string();
    // --data-dir is a global option, so it goes before the subcommand (that
    // form works whether or not the CLI also accepts it after "serve").
    std::vector<std::string> args = {binary, "--data-dir", data, "serve", "--host", "127.0.0.1", "--port", "0"};
    // Prepare argv before fork: the child only calls async-signal-safe functions.
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork() failed");
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a crashed test run
      ::dup2(fds[1], STDOUT_FILENO);
      int err = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (err >= 0) ::dup2(err, STDERR_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      if (::chdir(src.c_str()) != 0) ::_exit(126);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    out_fd_ = fds[0];
  }

  // Reads stdout lines until "mltrainer listening on http://HOST:PORT".
  int read_port(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string buffer;
    const std::string marker = "mltrainer listening on http://";
    while (true) {
      std::size_t nl;
      while ((nl = buffer.find('\n')) != std::string::npos) {
        std::string line = buffer.substr(0, nl);
        buffer.erase(0, nl + 1);
        std::lock_guard lock(out_mutex_);
        stdout_ += line + "\n";
        if (auto at = line.find(marker); at != std::string::npos) {
          auto colon = line.rfind(':');
          return std::stoi(line.substr(colon + 1));
        }
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) fail("the server did not print its listening line in time");
      pollfd p{out_fd_, POLLIN, 0};
      int ready = ::poll(&p, 1, static_cast<int>(left.count()));
      if (ready < 0 && errno == EINTR) continue;
      if (ready <= 0) continue;
      char chunk[4096];
      ssize_t n = ::read(out_fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) fail("the server exited before it was listening");
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // Keeps the pipe empty so the server can never block on stdout.
  void drain_stdout() {
    char chunk[4096];
    while (true) {
      ssize_t n = ::read(out_fd_, chunk, sizeof chunk);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      std::lock_guard lock(out_mutex_);
      stdout_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  void wait_healthy(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      httplib::Client cli("127.0.0.1", port_);
      cli.set_connection_timeout(1, 0);
      cli.set_read_timeout(5, 0);
      if (auto res = cli.Get("/health"); res && res->status == 200) return;
      if (exited()) fail("the server exited while starting");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    fail("GET /health did not answer 200 in time");
  }

  bool exited() {
    if (pid_ <= 0) return true;
    int st = 0;
    if (::waitpid(pid_, &st, WNOHANG) == pid_) {
      status_ = st;
      pid_ = -1;
      return true;
    }
    return false;
  }

  // Waits up to `timeout` for the child to exit; then closes our pipe end.
  bool reap(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!exited()) {
      if (std::chrono::steady_clock::now() >= deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (drain_.joinable()) drain_.join();  // EOF follows the exit
    if (out_fd_ >= 0) ::close(out_fd_);
    out_fd_ = -1;
    return true;
  }

  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + "\n--- server output ---\n" + output());
  }

  std::filesystem::path work_dir_;
  pid_t pid_ = -1;
  int status_ = 0;
  int out_fd_ = -1;
  int port_ = 0;
  std::thread drain_;
  mutable std::mutex out_mutex_;
  std::string stdout_;
};

}  // namespace mlt::test
