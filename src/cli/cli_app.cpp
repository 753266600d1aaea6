#include "cli/cli_app.h"

#include <fmt/format.h>

#include <iostream>

#include "core/config.h"
#include "core/log.h"

namespace mlt::cli {

Runtime& App::runtime() {
  if (!runtime_) {
    init_logging(options.log_level);
    std::optional<std::filesystem::path> cfg_path;
    if (!options.config_file.empty()) cfg_path = options.config_file;
    Config cfg = load_config(cfg_path);
    if (!options.data_dir.empty()) cfg.data_dir = options.data_dir;
    runtime_ = std::make_unique<Runtime>(std::move(cfg), Env{});
  }
  return *runtime_;
}

void App::print(const Json& value, const std::function<void(const Json&)>& text_renderer) const {
  if (json() || !text_renderer) {
    std::cout << value.dump(2) << '\n';
  } else {
    text_renderer(value);
  }
  std::cout.flush();
}

}  // namespace mlt::cli
