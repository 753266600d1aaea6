// Config: mltrainer.toml, then environment variables on top (environment
// wins). Secrets read here are registered for redaction at once, so no later
// log line or stored URL can carry them.
//
//   [store]     data_dir = "./mltrainer-data"        MLTRAINER_DATA_DIR
//   [server]    host = "127.0.0.1", port = 8501      MLTRAINER_HOST, MLTRAINER_PORT
//   [trials]    workers = <cores>                    MLTRAINER_WORKERS
//   [files]     roots = ["."]                        (user files must live inside)
//   [run]       seed = 42                            MLTRAINER_SEED
//   [anthropic] api_key, base_url, model             ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL
//   [openai]    api_key, base_url, model             OPENAI_API_KEY, OPENAI_BASE_URL
//   [polygon]   api_key, base_url                    POLYGON_API_KEY, POLYGON_BASE_URL
//   [fred]      api_key, base_url                    FRED_API_KEY, FRED_BASE_URL
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/json.h"

namespace mlt {

struct ServiceConfig {
  std::string api_key;  // secret: never log, never store
  std::string base_url;
  std::string model;
};

struct Config {
  std::filesystem::path data_dir = "mltrainer-data";
  std::string host = "127.0.0.1";
  int port = 8501;
  int workers = 0;  // 0 = number of cores
  std::vector<std::filesystem::path> file_roots = {"."};
  std::uint64_t seed = 42;
  ServiceConfig anthropic, openai, polygon, fred;
  std::optional<std::filesystem::path> source_file;  // the toml that was read, if any

  // Config as JSON with every secret shown as "***" (or "" when unset).
  Json to_redacted_json() const;
};

// Reads a variable from the process environment (injectable for tests).
using GetEnv = std::function<std::optional<std::string>(const std::string&)>;
std::optional<std::string> process_getenv(const std::string& name);

// Loads `path` if given (must exist), else ./mltrainer.toml if present, then
// applies environment overrides. Throws Error{InvalidArgument} on a malformed
// file or value, naming the key.
Config load_config(const std::optional<std::filesystem::path>& path, const GetEnv& getenv = process_getenv);

}  // namespace mlt
