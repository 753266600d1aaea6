// Autonomous research loop, offline strategy: the objective is planned by
// the offline planner, then a fixed, deterministic search runs —
//   1. compare the requested (or default) model families on the dataset,
//   2. retrain the best model at the other standard horizons (1, 5, 21 bars),
// each step through Runtime::call (so gated and audited) as a trial,
// stopping at the first exhausted budget (steps, wall time) or on cancel,
// and ending with a written summary that cites trial ids and metrics (also
// audited as "research.summary").
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
  std::string stopped_by;  // done | max_steps | wall_time | cancelled | question
  std::string summary;
  Json to_json() const;
};

// Never throws for failed steps (they are reported); throws only for bugs.
ResearchReport run_research(Runtime& runtime, const std::string& objective, const ResearchBudget& budget,
                            const SessionEvents& events, const std::string& actor = "research");

}  // namespace mlt::agent
