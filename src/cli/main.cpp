// mltrainer: the one binary. Every subcommand maps mlt::Error once, here:
// one clear line on stderr and the kind's exit code (0 means success).
#include <fmt/format.h>

#include <iostream>

#include "cli/cli_app.h"
#include "core/error.h"
#include "core/log.h"

int main(int argc, char** argv) {
  mlt::cli::App app;
  CLI::App cli{"mltrainer — a research workbench for quantitative trading", "mltrainer"};
  cli.set_version_flag("--version", std::string("mltrainer ") + MLT_VERSION);
  cli.require_subcommand(1);
  // Global options may also follow the subcommand: `mltrainer serve --data-dir X`.
  cli.fallthrough();
  cli.add_option("--data-dir", app.options.data_dir, "Store folder (env MLTRAINER_DATA_DIR; default ./mltrainer-data)")
      ->envname("MLTRAINER_DATA_DIR");
  cli.add_option("--config", app.options.config_file, "Config file (default ./mltrainer.toml if present)");
  cli.add_option("--format", app.options.format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cli.add_option("--log-level", app.options.log_level, "Log level")
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "off"}));

  mlt::cli::add_run_commands(cli, app);
  mlt::cli::add_trial_commands(cli, app);
  mlt::cli::add_data_commands(cli, app);
  mlt::cli::add_fetch_commands(cli, app);
  mlt::cli::add_admin_commands(cli, app);
  mlt::cli::add_serve_command(cli, app);
  mlt::cli::add_chat_commands(cli, app);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  } catch (const mlt::Error& e) {
    std::cerr << fmt::format("mltrainer: {} error: {}", mlt::kind_name(e.kind()), e.message());
    if (!e.hint().empty()) std::cerr << fmt::format(" (hint: {})", e.hint());
    std::cerr << std::endl;
    return mlt::exit_code(e.kind());
  } catch (const std::exception& e) {
    std::cerr << "mltrainer: internal error: " << e.what() << " (this is a bug; please report it)" << std::endl;
    return 1;
  }
  return 0;
}
