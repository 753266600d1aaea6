// Runtime: everything one mltrainer process serves from — config, env,
// store, action registry, audit log, compliance gateway and trial manager —
// and call(), the one path every action call takes from every interface:
//
//   validate against the schema → compliance gateway → audit → run inline
//   (instant actions) or queue as a trial (trial actions).
#pragma once

#include <memory>
#include <string>

#include "actions/registry.h"
#include "audit/audit_log.h"
#include "compliance/gateway.h"
#include "core/config.h"
#include "core/env.h"
#include "store/store.h"
#include "trials/trial_manager.h"

namespace mlt {

struct CallOutcome {
  bool allowed = true;
  Json decision;                         // {allowed, rule, reason}
  std::optional<std::int64_t> trial_id;  // set for trial actions
  Json result;                           // handler result for instant actions
  // {"action", "decision", "result"} or {"action", "decision", "trial": {...}}
  Json to_json() const;
};

class Runtime {
 public:
  // Opens the store in config.data_dir and registers every built-in action.
  // Workers are not started: call start_workers() in long-running processes.
  Runtime(Config config, Env env);
  ~Runtime();

  // Throws Error{InvalidArgument} (schema), Error{NotFound} (unknown action)
  // or whatever the handler throws. A compliance denial is not an exception:
  // the outcome has allowed=false and the decision explains why.
  CallOutcome call(const std::string& action, const Json& args, const std::string& actor);

  // Imports the bundled real data (data/manifest.json) into an empty store.
  // Returns the number of datasets imported.
  int import_bundled_data(const std::filesystem::path& data_folder);

  int start_workers();  // returns the number of interrupted trials recovered
  void stop_workers();

  const Config& config() const { return config_; }
  const Env& env() const { return env_; }
  Store& store() { return *store_; }
  ActionRegistry& registry() { return registry_; }
  AuditLog& audit() { return *audit_; }
  Gateway& gateway() { return *gateway_; }
  TrialManager& trials() { return *trials_; }

 private:
  Config config_;
  Env env_;
  std::unique_ptr<Store> store_;
  ActionRegistry registry_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Gateway> gateway_;
  std::unique_ptr<TrialManager> trials_;
};

}  // namespace mlt
