// run_cli: runs the real `mltrainer` binary with arguments (no shell), in the
// project folder, and returns its exit code, stdout and stderr.
#pragma once

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_paths.h"

namespace mlt::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline CliResult run_cli(const std::vector<std::string>& args, const std::filesystem::path& scratch) {
  const auto out_path = scratch / "cli.out";
  const auto err_path = scratch / "cli.err";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::chdir(source_dir().c_str());
    const int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(out, STDOUT_FILENO);
    ::dup2(err, STDERR_FILENO);
    std::vector<char*> argv;
    const std::string bin = mltrainer_binary().string();
    argv.push_back(const_cast<char*>(bin.c_str()));
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return CliResult{WIFEXITED(status) ? WEXITSTATUS(status) : 128, slurp(out_path), slurp(err_path)};
}

}  // namespace mlt::test
