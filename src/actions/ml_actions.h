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
//   ml.tune                (trial)   hyper-parameter search (grid / random) nested in the training folds,
//                                    candidate table stored in `results`, optionally saves the recommended model
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

// Adds ml.train, ml.compare, ml.results, ml.models, ml.versions, ml.predict, ml.cluster, ml.tune
// and one train.<id> per registered
// model. Throws Error{Conflict} when one of them is already registered.
void register_ml_actions(ActionRegistry& registry);

// ml.tune (ml_tune_action.cpp); called by register_ml_actions.
void register_ml_tune_action(ActionRegistry& registry);

// Parts of ml.train that ml.tune shares (defined in ml_actions.cpp).
struct FeatureChoice;
struct TrainSpec;
class Dataset;
// The feature set and checked macro panels named by args (feature_set, macro, macro_columns).
FeatureChoice ml_feature_choice(const Json& args, ActionContext& ctx);
// The JSON-schema properties of ml.train without model, name and save.
Json ml_train_properties();
// Fits spec on every labelled row of ds and stores it as the next version of
// `name`; summary supplies data.column, library_versions, metrics, result_id.
Json ml_save_model_version(ActionContext& ctx, const std::string& name, const Dataset& ds, const TrainSpec& spec,
                           const Json& summary);

}  // namespace mlt
