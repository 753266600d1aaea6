// `mltrainer trials list|show|cancel|watch`.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "cli/cli_app.h"
#include "cli/text_output.h"
#include "core/error.h"

namespace mlt::cli {

Json watch_trial(App& app, std::int64_t id, bool quiet) {
  TrialManager& trials = app.runtime().trials();
  const bool tty = ::isatty(STDERR_FILENO) != 0;
  std::int64_t last_event = 0;
  while (true) {
    for (const auto& e : trials.events(id, last_event)) {
      last_event = e.id;
      if (quiet) continue;
      const std::string msg = e.kind == "state" ? fmt::format("{}: {}", state_name(e.state), e.message) : e.message;
      if (tty) std::cerr << '\r' << progress_bar(e.fraction, fmt::format("trial {} {}", id, msg)) << "\033[K" << std::flush;
      else std::cerr << fmt::format("trial {} {:3.0f}% {}\n", id, e.fraction * 100, msg);
    }
    const TrialRecord rec = trials.get(id);
    if (is_terminal(rec.state)) {
      if (!quiet && tty) std::cerr << '\n';
      if (rec.state == TrialState::Succeeded) return rec.to_json();
      const Json& err = rec.error;
      const auto fallback = rec.state == TrialState::Cancelled ? ErrorKind::Cancelled : ErrorKind::Internal;
      const ErrorKind kind = parse_kind(err.is_object() ? err.value("kind", "") : "").value_or(fallback);
      throw Error(kind,
                  fmt::format("trial {} {}: {}", id, state_name(rec.state),
                              err.is_object() ? err.value("message", "") : std::string()),
                  err.is_object() ? err.value("hint", "") : std::string());
    }
    trials.wait_for_event(id, last_event, 250);
  }
}

void add_trial_commands(CLI::App& cli, App& app) {
  auto* trials = cli.add_subcommand("trials", "Background trials: list, show, cancel, watch");
  trials->require_subcommand(1);

  static int limit = 20;
  static std::string state;
  auto* list = trials->add_subcommand("list", "Recent trials, newest first");
  list->add_option("--limit", limit, "How many")->check(CLI::Range(1, 1000));
  list->add_option("--state", state, "Only this state")
      ->check(CLI::IsMember({"queued", "running", "succeeded", "failed", "cancelled"}));
  list->callback([&app] {
    Json args{{"limit", limit}};
    if (!state.empty()) args["state"] = state;
    const Json out = run_action(app, "trials.list", args, true);
    app.print(out, [](const Json& j) {
      std::vector<std::vector<std::string>> rows;
      for (const auto& t : j["trials"])
        rows.push_back({std::to_string(t["id"].get<std::int64_t>()), t["action"].get<std::string>(),
                        t["state"].get<std::string>(), fmt::format("{:.0f}%", t["progress"].get<double>() * 100),
                        t["created_at"].get<std::string>(), t["message"].get<std::string>()});
      print_table({"id", "action", "state", "progress", "created", "message"}, rows);
    });
  });

  static std::int64_t id = 0;
  auto* show = trials->add_subcommand("show", "One trial with its result or error");
  show->add_option("id", id, "Trial id")->required();
  show->callback([&app] { app.print(run_action(app, "trials.show", {{"id", id}}, true), print_generic); });

  auto* cancel = trials->add_subcommand("cancel", "Cancel a queued or running trial");
  cancel->add_option("id", id, "Trial id")->required();
  cancel->callback([&app] { app.print(run_action(app, "trials.cancel", {{"id", id}}, true), print_generic); });

  auto* watch = trials->add_subcommand("watch", "Follow a trial's progress until it ends");
  watch->add_option("id", id, "Trial id")->required();
  watch->callback([&app] {
    Runtime& rt = app.runtime();
    rt.trials().get(id);  // NotFound before drawing anything
    try {
      rt.start_workers();  // nobody else runs trials on this store: run it here
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::Conflict) throw;
    }
    app.print(watch_trial(app, id, app.json()), print_generic);
  });
}

}  // namespace mlt::cli
