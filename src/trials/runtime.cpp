#include "trials/runtime.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "actions/data_actions.h"
#include "actions/backtest_actions.h"
#include "actions/ml_actions.h"
#include "actions/option_actions.h"
#include "actions/portfolio_actions.h"
#include "actions/source_actions.h"
#include "core/error.h"
#include "data/bundled_data.h"
#include "data/dataset_repository.h"
#include "goals/goal_actions.h"
#include "goals/goal.h"
#include "goals/goal_store.h"
#include "memory/memory_actions.h"
#include "trials/system_actions.h"
#include "trials/trial_summary.h"

namespace mlt {

namespace fs = std::filesystem;

Json CallOutcome::to_json() const {
  Json j{{"decision", decision}, {"allowed", allowed}};
  if (trial_id) j["trial"] = Json{{"id", *trial_id}, {"state", "queued"}};
  else if (allowed) j["result"] = result;
  return j;
}

Runtime::Runtime(Config config, Env env) : config_(std::move(config)), env_(std::move(env)) {
  env_.seed = config_.seed;
  env_.file_roots.clear();
  for (const auto& root : config_.file_roots) env_.file_roots.push_back(fs::absolute(root));
  store_ = std::make_unique<Store>(config_.data_dir);
  audit_ = std::make_unique<AuditLog>(*store_, env_);
  gateway_ = std::make_unique<Gateway>(*store_, env_);
  trials_ = std::make_unique<TrialManager>(*store_, registry_, *audit_, env_, config_);
  register_data_actions(registry_);
  register_source_actions(registry_);
  register_ml_actions(registry_);
  register_option_actions(registry_);
  register_portfolio_actions(registry_);
  register_backtest_actions(registry_);
  register_memory_actions(registry_);
  register_goal_actions(registry_);
  register_system_actions(registry_, *this);
}

Runtime::~Runtime() { stop_workers(); }

CallOutcome Runtime::call(const std::string& name, const Json& args_in, const std::string& actor) {
  const Action& action = registry_.get(name);
  const Json args = args_in.is_null() ? Json::object() : args_in;
  registry_.validate(name, args);

  CallOutcome out;
  // The active goal's sources narrow the gateway's approved sources for every
  // dataset the call uses; its other constraints are checked next.
  const std::optional<goals::Goal> active_goal = goals::GoalStore(*store_, env_).active();
  Decision decision = active_goal ? gateway_->check(action, args, goals::gateway_constraints(*active_goal))
                                  : gateway_->check(action, args);
  if (decision.allowed) {
    // The active goal can only tighten the immutable rules.
    goals::GoalCheck goal = goals::check_active_goal(*store_, env_, action, args);
    if (goal.denial) decision = *goal.denial;
    for (auto& drift : goal.drift) decision.warnings.push_back("drift from the goal: " + drift);
  }
  out.allowed = decision.allowed;
  out.decision = decision.to_json();
  AuditEntry entry{actor, name, args, out.decision, Json::object()};
  if (!decision.allowed) {
    entry.result = Json{{"executed", false}};
    audit_->append(entry);
    return out;
  }
  try {
    // Unknown datasets fail now, with a hint, rather than later inside a trial.
    DatasetRepository datasets(*store_);
    for (const auto& dataset : dataset_names(action, args)) datasets.require(dataset);
    if (action.cost == Cost::Trial) {
      out.trial_id = trials_->submit(name, args, actor);
      entry.result = Json{{"trial_id", *out.trial_id}, {"state", "queued"}};
    } else {
      ActionContext ctx{*store_, env_, config_, actor, std::nullopt, {}, {}};
      out.result = action.run(args, ctx);
      entry.result = summarize_result(out.result);
    }
  } catch (const Error& e) {
    entry.result = Json{{"error", {{"kind", kind_name(e.kind())}, {"message", e.message()}}}};
    audit_->append(entry);
    throw;
  }
  audit_->append(entry);
  return out;
}

int Runtime::import_bundled_data(const fs::path& data_folder) {
  const bool done = store_->read([](SQLite::Database& db) {
    SQLite::Statement st(db, "SELECT value FROM settings WHERE key='bundled_data_imported'");
    return st.executeStep();
  });
  if (done) return 0;
  const fs::path folder = fs::absolute(data_folder);
  if (!fs::exists(folder / "manifest.json")) {
    spdlog::warn("no bundled data at {}: starting with an empty store", folder.string());
    return 0;
  }
  env_.file_roots.push_back(folder);
  int imported = 0;
  DatasetRepository datasets(*store_);
  for (const auto& file : read_bundled_manifest(folder)) {
    if (datasets.exists(file.name)) continue;
    const Json args{{"path", (folder / file.file).string()}, {"name", file.name}, {"description", file.description}};
    const CallOutcome outcome = call("data.import_csv", args, "system");
    if (!outcome.allowed)
      throw Error(ErrorKind::Denied, fmt::format("bundled file {} was refused: {}", file.file,
                                                 outcome.decision.value("reason", "")));
    ++imported;
  }
  store_->write([&](SQLite::Database& db) {
    SQLite::Statement st(db, "INSERT OR REPLACE INTO settings VALUES ('bundled_data_imported', ?)");
    st.bind(1, format_iso8601(env_.now()));
    st.exec();
  });
  return imported;
}

int Runtime::start_workers() { return trials_->start(config_.workers); }

void Runtime::stop_workers() {
  if (trials_) trials_->stop();
}

}  // namespace mlt
