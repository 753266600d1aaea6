// Compliance gateway v1: immutable rules compiled into the binary. Every
// action call passes check() before it runs; the decision is audited by the
// caller. No configuration, flag or environment variable can switch a rule
// off — the rule table is a constexpr array and Gateway has no setters.
//
// Rules:
//   approved_sources   every dataset an action uses comes from polygon, fred or user_file
//   no_synthetic_data  no argument asks for generated, simulated or random data as input
//   provenance         every dataset argument names a stored dataset whose content still
//                      matches its provenance SHA-256; every file argument resolves inside
//                      the allowed folders
//   no_secrets         no argument carries an API key or other credential
//
// v2 additions (data sources):
//   - the active goal's constraints may narrow the approved sources (tighten
//     only: a goal can forbid fred, never approve a new source); a fetch or a
//     dataset from a source the goal excludes is denied under approved_sources;
//   - before training or backtesting (actions ml.*, train.*, backtest.*), the
//     datasets used are checked for implausible data (data/data_quality.h:
//     >50% one-period moves, zero-volume runs, stale repeated values); findings
//     are Decision::warnings — the call proceeds and the warnings are audited
//     and shown with the result.
// Tampered datasets are refused under provenance (v1); the caller audits the
// refusal like every decision.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/env.h"
#include "core/json.h"
#include "data/provenance.h"

namespace mlt {

class Store;
struct Action;

struct ComplianceRule {
  std::string_view id;
  std::string_view description;
};

inline constexpr std::array<ComplianceRule, 4> kComplianceRules = {{
    {"approved_sources", "Data must come from an approved source: polygon, fred or user_file."},
    {"no_synthetic_data", "Generated, simulated or random data is never used as input data."},
    {"provenance", "Every data input carries provenance whose SHA-256 matches its content."},
    {"no_secrets", "Arguments never carry API keys or other credentials."},
}};

struct Decision {
  bool allowed = true;
  std::string rule;    // the rule that denied, or "all" when allowed
  std::string reason;  // why, in words a user understands
  std::string hint;    // what to do instead (denials only)
  std::vector<std::string> warnings;  // allowed, but worth a look (implausible data)
  Json to_json() const;
};

// Constraints an active goal puts on data (goals are parsed elsewhere).
// Empty allowed_sources = every approved source.
struct GoalConstraints {
  std::vector<Source> allowed_sources;
};

// The source an action talks to, from its name (data.fetch_polygon → polygon,
// data.fetch_fred / data.search_fred / data.vintages → fred), or nullopt.
std::optional<Source> action_source(std::string_view action_name);

class Gateway {
 public:
  Gateway(Store& store, const Env& env) : store_(store), env_(env) {}
  Decision check(const Action& action, const Json& args) const;
  Decision check(const Action& action, const Json& args, const GoalConstraints& goal) const;

 private:
  Store& store_;
  const Env& env_;
};

}  // namespace mlt
