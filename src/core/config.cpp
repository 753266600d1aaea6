#include "core/config.h"

#include <fmt/format.h>

#include <cstdlib>
#include <thread>
#include <toml++/toml.h>

#include "core/error.h"
#include "core/secrets.h"

namespace mlt {

std::optional<std::string> process_getenv(const std::string& name) {
  const char* v = std::getenv(name.c_str());
  if (v == nullptr) return std::nullopt;
  return std::string(v);
}

namespace {

void read_service(const toml::table& root, const char* section, ServiceConfig& out) {
  const auto* t = root[section].as_table();
  if (t == nullptr) return;
  if (auto v = (*t)["api_key"].value<std::string>()) out.api_key = *v;
  if (auto v = (*t)["base_url"].value<std::string>()) out.base_url = *v;
  if (auto v = (*t)["model"].value<std::string>()) out.model = *v;
}

int parse_int(const std::string& text, const char* name, int lo, int hi) {
  try {
    size_t used = 0;
    const int v = std::stoi(text, &used);
    if (used == text.size() && v >= lo && v <= hi) return v;
  } catch (const std::exception&) {
  }
  throw Error(ErrorKind::InvalidArgument, fmt::format("{}='{}' is not a whole number in {}..{}", name, text, lo, hi));
}

void apply_file(const std::filesystem::path& path, Config& cfg) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{}:{}:{}: {}", path.string(), e.source().begin.line, e.source().begin.column,
                            e.description()),
                "fix the line named above in the config file");
  }
  if (auto v = root["store"]["data_dir"].value<std::string>()) cfg.data_dir = *v;
  if (auto v = root["server"]["host"].value<std::string>()) cfg.host = *v;
  if (auto v = root["server"]["port"].value<int64_t>()) cfg.port = static_cast<int>(*v);
  if (auto v = root["trials"]["workers"].value<int64_t>()) cfg.workers = static_cast<int>(*v);
  if (auto v = root["run"]["seed"].value<int64_t>()) cfg.seed = static_cast<std::uint64_t>(*v);
  if (const auto* roots = root["files"]["roots"].as_array()) {
    cfg.file_roots.clear();
    for (const auto& r : *roots)
      if (auto s = r.value<std::string>()) cfg.file_roots.emplace_back(*s);
  }
  read_service(root, "anthropic", cfg.anthropic);
  read_service(root, "openai", cfg.openai);
  read_service(root, "polygon", cfg.polygon);
  read_service(root, "fred", cfg.fred);
}

void apply_env(const GetEnv& getenv, Config& cfg) {
  if (auto v = getenv("MLTRAINER_DATA_DIR"); v && !v->empty()) cfg.data_dir = *v;
  if (auto v = getenv("MLTRAINER_HOST"); v && !v->empty()) cfg.host = *v;
  if (auto v = getenv("MLTRAINER_PORT"); v && !v->empty()) cfg.port = parse_int(*v, "MLTRAINER_PORT", 0, 65535);
  if (auto v = getenv("MLTRAINER_WORKERS"); v && !v->empty())
    cfg.workers = parse_int(*v, "MLTRAINER_WORKERS", 0, 1024);
  if (auto v = getenv("MLTRAINER_SEED"); v && !v->empty())
    cfg.seed = static_cast<std::uint64_t>(parse_int(*v, "MLTRAINER_SEED", 0, 2147483647));
  struct Pair {
    const char* key;
    const char* url;
    ServiceConfig* svc;
  };
  for (const Pair& p : {Pair{"ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL", &cfg.anthropic},
                        Pair{"OPENAI_API_KEY", "OPENAI_BASE_URL", &cfg.openai},
                        Pair{"POLYGON_API_KEY", "POLYGON_BASE_URL", &cfg.polygon},
                        Pair{"FRED_API_KEY", "FRED_BASE_URL", &cfg.fred}}) {
    if (auto v = getenv(p.key); v && !v->empty()) p.svc->api_key = *v;
    if (auto v = getenv(p.url); v && !v->empty()) p.svc->base_url = *v;
  }
}

Json service_json(const ServiceConfig& s) {
  return Json{{"api_key", s.api_key.empty() ? "" : std::string(kRedacted)},
              {"base_url", redact(s.base_url)},
              {"model", s.model}};
}

}  // namespace

Config load_config(const std::optional<std::filesystem::path>& path, const GetEnv& getenv) {
  Config cfg;
  if (path) {
    if (!std::filesystem::exists(*path))
      throw Error(ErrorKind::NotFound, fmt::format("config file '{}' does not exist", path->string()));
    apply_file(*path, cfg);
    cfg.source_file = *path;
  } else if (std::filesystem::exists("mltrainer.toml")) {
    apply_file("mltrainer.toml", cfg);
    cfg.source_file = "mltrainer.toml";
  }
  apply_env(getenv, cfg);
  if (cfg.port < 0 || cfg.port > 65535)
    throw Error(ErrorKind::InvalidArgument, fmt::format("server port {} is out of range", cfg.port));
  if (cfg.workers <= 0) cfg.workers = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (const auto* svc : {&cfg.anthropic, &cfg.openai, &cfg.polygon, &cfg.fred}) register_secret(svc->api_key);
  return cfg;
}

Json Config::to_redacted_json() const {
  Json roots = Json::array();
  for (const auto& r : file_roots) roots.push_back(r.string());
  return Json{{"data_dir", data_dir.string()}, {"host", host},          {"port", port},
              {"workers", workers},             {"file_roots", roots},  {"seed", seed},
              {"anthropic", service_json(anthropic)}, {"openai", service_json(openai)},
              {"polygon", service_json(polygon)},     {"fred", service_json(fred)},
              {"config_file", source_file ? source_file->string() : ""}};
}

}  // namespace mlt
