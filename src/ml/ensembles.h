// Ensembles composed from other registry models (by id, with parameter
// overrides), behind the same Model interface so they train, validate,
// compare and save like any other entry.
//
//   EnsembleRecipe r{.kind = EnsembleKind::Stacking, .id = "stacking_xgb_logistic", .task = Task::Classification,
//                    .members = {{"xgboost_classifier", {}}, {"lda", {}}}, .meta = {"logistic_l2", {}}};
//   auto m = make_ensemble(r, params, seed);
//
// Kinds (all fitted on the rows given to fit() only; the pipeline passes the
// training fold, so nothing here sees test rows):
//  - Voting: every member fitted on all rows; prediction = weighted mean of
//    the members' predictions (soft voting: class-1 probabilities).
//  - Stacking: out-of-fold meta-learner. The rows are cut into oof_folds + 1
//    consecutive blocks; block k (k >= 1) is predicted by members fitted on
//    blocks [0, k) minus the last `purge` rows (walk-forward, so an
//    out-of-fold prediction never uses later data and overlapping labels of
//    horizon <= purge cannot leak). The meta-learner is fitted on those
//    standardised predictions; the members are then refitted on all rows.
//  - Bagging: n_estimators copies of one member, each on a bootstrap sample
//    (rows drawn with replacement, std::mt19937_64 seeded by `seed`);
//    prediction = mean.
//  - HardVoting (classification): every member fitted on all rows; each
//    votes for class 1 when its probability is > 0.5; prediction = weighted
//    share of class-1 votes (with equal weights and three members: 0, 1/3,
//    2/3 or 1 — a vote share, not a calibrated probability).
//  - RandomSubspace: n_estimators copies of one member, each on all rows but
//    a random subset of max_features * p columns (drawn without replacement,
//    std::mt19937_64 seeded by `seed`); prediction = mean.
//  - Blending: members fitted on the first (1 - holdout) share of the rows
//    minus `purge`, the meta-learner on their standardised predictions for
//    the last `holdout` share (the end of the training slice); members are
//    not refitted (that is what distinguishes it from stacking).
// Parameters: see registry_ensembles.cpp (every entry declares its own).
// `nthread` is passed to every member that accepts it. Weights, when given,
// are passed to the members (which may refuse unequal weights).
// Errors: Error{InvalidArgument} for too few rows for the folds/holdout or
// bad parameters; members' errors propagate. Deterministic for a seed.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/model.h"

namespace mlt {

enum class EnsembleKind { Voting, Stacking, Bagging, Blending, HardVoting, RandomSubspace };

struct EnsembleMember {
  std::string id;                   // a registry id
  Json overrides = Json::object();  // over that model's defaults
};

struct EnsembleRecipe {
  EnsembleKind kind = EnsembleKind::Voting;
  std::string id;  // registry id of the ensemble (Model::name())
  Task task = Task::Classification;
  std::vector<EnsembleMember> members;  // Bagging, RandomSubspace: exactly one (the repeated model)
  EnsembleMember meta;                  // Stacking / Blending: the meta-learner
};

std::unique_ptr<Model> make_ensemble(const EnsembleRecipe& recipe, const Json& params, std::uint64_t seed);

}  // namespace mlt
