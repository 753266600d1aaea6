// Shared state of one mltrainer invocation: the global options every
// subcommand takes, and the Runtime they open lazily.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

#include "core/json.h"
#include "trials/runtime.h"

namespace mlt::cli {

struct GlobalOptions {
  std::string data_dir;      // --data-dir, else MLTRAINER_DATA_DIR, else config, else ./mltrainer-data
  std::string config_file;   // --config
  std::string format = "text";  // --format text|json
  std::string log_level = "warn";
};

class App {
 public:
  GlobalOptions options;

  // Opens the store (creating it) and registers every action.
  Runtime& runtime();
  bool json() const { return options.format == "json"; }
  // Prints a result: JSON (pretty) in json format, else the text renderer.
  void print(const Json& value, const std::function<void(const Json&)>& text_renderer = nullptr) const;

 private:
  std::unique_ptr<Runtime> runtime_;
};

// Each file registers its subcommands on the CLI11 app.
void add_run_commands(CLI::App& cli, App& app);
void add_trial_commands(CLI::App& cli, App& app);
void add_data_commands(CLI::App& cli, App& app);
void add_fetch_commands(CLI::App& cli, App& app);  // extends `data`: fetch, search-fred, vintages, sources
void add_admin_commands(CLI::App& cli, App& app);
void add_serve_command(CLI::App& cli, App& app);
void add_chat_commands(CLI::App& cli, App& app);  // `plan "TEXT"` and `chat`

// Runs an action through the runtime and, for trial actions, follows it to
// the end (running it in this process when no server owns the store).
// Returns the final result; throws mlt::Error on failure or denial.
Json run_action(App& app, const std::string& action, const Json& args, bool wait);

// Follows a trial until it ends, drawing a progress bar on stderr.
// Returns the final record as JSON; throws Error if it failed or was cancelled.
Json watch_trial(App& app, std::int64_t id, bool quiet);

}  // namespace mlt::cli
