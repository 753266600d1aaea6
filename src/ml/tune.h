// ml.tune: hyper-parameter search (grid or random over a search space,
// search_space.h) nested inside the training folds, as one trial.
//
//   TuneSpec spec{.base = train_spec, .method = "random", .n_iter = 20};
//   Json report = tune_on_set(set, spec, {.progress = report_progress});
//
// Nesting keeps the estimate honest: the outer splits are those of
// ml.train (make_cv_splits(rows, spec.base): scheme, folds, horizon purge,
// embargo; for a cross-sectional set make_date_splits, over dates). Inside each outer training set, `inner_folds` expanding
// walk-forward splits (same horizon purge; inner_splits()) score every
// candidate with train_on_splits(). The candidate with the best mean inner
// score is refitted on the whole outer training set and scored once on the
// outer test fold, which no candidate has seen. The mean of those outer
// scores estimates the skill of the search procedure itself.
//
// A candidate that throws is reported on its row (status "failed", error
// {kind, message, hint}) and drops out of the folds where it failed; the
// search goes on. cb.check_cancelled is called before every fit (it may
// throw Error{Cancelled}, which ends the search); cb.progress is called once
// per candidate x outer fold and once per outer refit. Runs on the calling
// thread; deterministic for a seed.
//
// Result: {model, task, method, metric, higher_is_better, target, horizon,
//   scheme, folds, inner_folds, seed, fixed_params, space, n_candidates,
//   candidates:[{rank, candidate, params, status, mean, std, fold_scores[],
//                times_chosen, error}]        (best first; failed rows last)
//   outer_folds:[{fold, train:[first,last], test:[first,last], n_train,
//                 n_test, candidate, params, inner_score, score, metrics,
//                 error}],
//   outer{mean, std} (the metric over outer folds), outer_metrics{name:{mean,std}},
//   most_chosen{candidate, params, times}, recommended{candidate, params,
//   mean, std} (best mean inner score over all folds, among candidates that
//   never failed; null when none), n_ok, n_failed, warnings[], duration_ms}
#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "features/cross_section.h"
#include "ml/train_pipeline.h"

namespace mlt {

struct TuneSpec {
  TrainSpec base;               // model, fixed params, target, horizon, outer scheme/folds, seed, features
  std::string method = "grid";  // "grid" | "random"
  Json space = Json::object();  // empty = default_search_space(model)
  int n_iter = 20;              // random: candidates drawn (distinct)
  int max_candidates = 100;     // a larger grid (or n_iter) is refused
  int inner_folds = 3;          // expanding walk-forward splits inside each outer training set
  std::string metric;           // empty = "auc" (direction) / "ic" (return); panels also cs_ic, cs_rank_ic, ...
};

// The inner splits of one outer split, as row indices of the full set: the
// expanding walk-forward of make_cv_splits over the outer training rows
// (inner_folds folds, purge gap = horizon rows of that set, so never less
// than the horizon in the full set). With `dates` (a cross-sectional set)
// the walk-forward runs over the dates of the outer training rows instead,
// each date expanded to all its rows, and the purge counts dates. Throws
// Error{InvalidArgument} when the outer training set is too small for them.
std::vector<IndexSplit> inner_splits(const IndexSplit& outer, const TuneSpec& spec,
                                     const CrossSectionIndex* dates = nullptr);

// The candidates spec describes (only the searched keys), checked against
// the model. Throws as parse_search_space / grid_candidates, and
// Error{InvalidArgument} for an unknown method or n_iter out of [1, max_candidates].
std::vector<Json> tune_candidates(const TuneSpec& spec);

// Throws Error{NotFound} for an unknown model; Error{InvalidArgument} for a
// model whose task does not fit the target, an unknown metric, inner_folds
// < 1, or the errors of make_cv_splits / inner_splits / tune_candidates.
Json tune_on_set(const TrainingSet& set, const TuneSpec& spec, const TrainCallbacks& cb = {});

}  // namespace mlt
