// The ml module's actions.
//
//   ml.train               (trial)   walk-forward train one registry model on a stored dataset,
//                                    store the summary in `results`, return it with result_id
//   train.<model id>       (trial)   the same with the model fixed, one per model_specs() entry
//   ml.compare             (trial)   leaderboard: several models on identical splits, in parallel
//                                    on ctx.config.workers threads, per-model progress, failures on their row
//   ml.results             (instant) list stored ml results, or one full summary by id
//   ml.models              (instant) the model registry: id, family, task, library, summary, defaults
//   ml.versions            (instant) saved model versions (`models` table): params, seed, hashes, metrics
//   ml.predict             (instant) a saved name+version scores a dataset's latest rows or a date range
//   ml.cluster             (trial)   market regimes: clustering of causal return/volatility features
//
// ml.train / train.<id> also fit the model on every labelled row after
// validation and save it as the next version of `name` (ml/model_artifact.h).
//
// Training runs ml::train_walk_forward (ml/train_pipeline.h) with progress
// sent to ctx.report ("fold 2/5: auc 0.512") and ctx.check_cancelled()
// called between folds. The seed defaults to ctx.config.seed; the target
// defaults to "direction" for classifiers and "return" for regressors.
#pragma once

#include "actions/registry.h"

namespace mlt {

// Adds ml.train, ml.compare, ml.results, ml.models, ml.versions, ml.predict, ml.cluster
// and one train.<id> per registered
// model. Throws Error{Conflict} when one of them is already registered.
void register_ml_actions(ActionRegistry& registry);

}  // namespace mlt
