// Autonomous research loop. Two strategies, one report:
//  - offline (provider == nullptr): the objective is planned by the offline
//    planner, then a fixed, deterministic search runs —
//      1. compare the requested (or default) model families on the dataset,
//      2. retrain the best model at the other standard horizons (1, 5, 21 bars);
//  - provider-driven: the model is given the objective and the action
//    registry as tools and iterates (call, read results, call again) until it
//    answers without tool calls. Every token the provider reports in its
//    usage fields (input + output) counts against budget.max_tokens.
// Each step goes through Runtime::call (so gated and audited), trials are
// followed to the end, and the loop stops at the first exhausted budget
// (steps, wall time, tokens) or on cancel, ending with a written summary that
// cites trial ids and metrics (also audited as "research.summary").
// events.on_budget receives the usage after every step and while a trial runs.
//
//   ResearchReport r = run_research(runtime, "find the best model for next-day S&P 500 direction",
//                                   {.max_steps = 4}, events);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "agent/session.h"
#include "core/json.h"

namespace mlt::agent {

struct ResearchBudget {
  int max_steps = 6;                    // action calls
  int max_wall_ms = 15 * 60 * 1000;     // the whole loop
  long long max_tokens = 200000;        // model tokens (the offline strategy uses none)
};

struct ResearchStep {
  std::string action;
  Json args;
  std::optional<std::int64_t> trial_id;
  std::string state;   // succeeded | failed | cancelled | denied | error
  std::string model;   // best (compare) or trained model
  std::string metric;  // auc, ic, accuracy, ...
  std::optional<double> score;
  Json to_json() const;
};

struct ResearchReport {
  std::string objective;
  std::vector<ResearchStep> steps;
  // done | max_steps | wall_time | tokens | cancelled | question | provider_unavailable
  std::string stopped_by;
  std::string summary;
  long long tokens = 0;  // provider-reported input + output tokens
  long long wall_ms = 0;
  Json to_json() const;
};

// "token budget exhausted", "step budget exhausted", ... for a stopped_by value.
std::string stop_reason_text(const std::string& stopped_by);

// Usage so far, as sent to events.on_budget:
// {"steps","max_steps","wall_ms","max_wall_ms","tokens","max_tokens"}.
Json research_usage(int steps, long long wall_ms, long long tokens, const ResearchBudget& budget);

// Never throws for failed steps (they are reported); throws only for bugs.
// A provider that cannot be reached ends the loop with stopped_by
// "provider_unavailable" (the caller may retry offline when no step ran).
ResearchReport run_research(Runtime& runtime, const std::string& objective, const ResearchBudget& budget,
                            const SessionEvents& events, const std::string& actor = "research",
                            Provider* provider = nullptr);

}  // namespace mlt::agent
