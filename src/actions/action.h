// Action: one declared capability. The CLI, HTTP API, LLM tool list, MCP
// tool list and docs/actions.md are all generated from the table of these.
//
//   const Action kImportCsv{
//       .name = "data.import_csv",
//       .summary = "Import a CSV of prices or series that you own.",
//       .schema = R"({"type":"object","required":["path"], ...})",
//       .example = R"({"path":"data/market/aapl_daily_2013-2018.csv","name":"AAPL"})",
//       .cost = Cost::Instant,
//       .run = import_csv,
//       .path_args = {"path"},
//   };
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/env.h"
#include "core/json.h"

namespace mlt {

class Store;

enum class Cost { Instant, Trial };
std::string_view cost_name(Cost cost);

// What a handler may touch. For trial actions, report() streams progress and
// check_cancelled() throws Error{Cancelled} once the user cancelled.
struct ActionContext {
  Store& store;
  const Env& env;
  const Config& config;
  std::string actor = "cli";
  std::optional<std::int64_t> trial_id;
  std::function<void(double fraction, const std::string& message)> on_progress;
  std::function<bool()> is_cancelled;

  void report(double fraction, const std::string& message) const {
    if (on_progress) on_progress(fraction, message);
  }
  void check_cancelled() const;
};

using ActionHandler = std::function<Json(const Json& args, ActionContext& ctx)>;

struct Action;
// The stored-dataset names a call refers to: each dataset_args value that is
// a string, and each string element of one that is an array (e.g. "macro").
std::vector<std::string> dataset_names(const Action& action, const Json& args);

struct Action {
  std::string name;      // "module.verb", e.g. "data.import_csv"
  std::string summary;   // one sentence, shown in lists and to the LLM
  std::string schema;    // JSON Schema (draft 7) of the arguments object
  std::string example;   // a valid arguments object
  Cost cost = Cost::Instant;
  ActionHandler run;
  // Argument names whose values name stored datasets / user files: the
  // compliance gateway checks their provenance before the handler runs.
  std::vector<std::string> dataset_args = {};
  std::vector<std::string> path_args = {};
  // Safe to re-run from the start after a crash (trials are re-queued).
  bool idempotent = true;
  // Longer description for docs (optional).
  std::string details = {};
};

}  // namespace mlt
