// ml.compare: a leaderboard of several registry models trained on identical
// splits of one training set, as one trial.
//
//   CompareSpec spec{.models = {"xgboost_classifier", "logistic_l2"}, .base = train_spec};
//   Json board = compare_on_set(set, spec, {.progress = report});
//
// Every model runs train_on_set() with the same TrainSpec (scheme, folds,
// horizon, seed), so the folds are the same rows for every row of the
// table. Models run in parallel on at most `workers` threads, each model
// single-threaded (its `nthread` parameter, where it has one, is forced to
// 1, and OpenMP regions inside a model run on one thread) so the run
// respects one thread budget. A model that throws is reported
// on its row (status "failed", error {kind, message, hint}) and never stops
// the others. Cancellation (cb.check_cancelled throwing) is polled by the
// calling thread only; running models finish their current fold and the
// Error{Cancelled} is rethrown after every worker has stopped.
//
// Result: {metric, higher_is_better, task, scheme, folds, horizon, seed,
//   rows:[{rank, model, family, library, status, mean, std, duration_ms,
//          metrics{name:{mean,std}}, error}], n_ok, n_failed, duration_ms}
// Rows are sorted by the metric's mean (best first; failed rows and rows
// whose metric is undefined last, then by id), so the order is reproducible.
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "ml/train_pipeline.h"

namespace mlt {

struct CompareSpec {
  std::vector<std::string> models;  // registry ids; empty = every model of the target's task
  TrainSpec base;                   // model and params are ignored; the rest is shared
  Json params = Json::object();     // per-model overrides: {"<id>": {...}}
  std::string metric;               // empty = "auc" (classification) / "ic" (regression) / "silhouette" (clustering)
  int workers = 1;                  // parallel models (>= 1)
};

// Throws Error{InvalidArgument} for an unknown metric, a model of the wrong
// task, or workers < 1; Error{NotFound} for an unknown model id.
Json compare_on_set(const TrainingSet& set, const CompareSpec& spec, const TrainCallbacks& cb = {});

}  // namespace mlt
