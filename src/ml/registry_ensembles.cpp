// Ensemble entries: registry models composed from other registry models
// (ml/ensembles.h). Each differs in how it combines (soft or hard voting,
// out-of-fold stacking, bootstrap bagging, random subspaces, holdout
// blending) and in which members it combines; the summary names them so a
// user knows what runs.
#include <fmt/format.h>

#include "ml/ensembles.h"
#include "ml/registry_tables.h"

namespace mlt {
namespace {

// `library` lists the member libraries ("xgboost+liblinear"); it is spelled
// out here because looking members up while the table is built would recurse.
void add(std::vector<ModelSpec>& t, EnsembleRecipe r, std::string library, std::string summary, Json defaults) {
  const std::string id = r.id;
  const Task task = r.task;
  t.push_back({.id = id,
               .family = Family::Ensemble,
               .task = task,
               .library = std::move(library),
               .summary = std::move(summary),
               .defaults = std::move(defaults),
               .make = [r](const Json& p, std::uint64_t s) { return make_ensemble(r, p, s); }});
}

EnsembleRecipe recipe(EnsembleKind kind, std::string id, Task task, std::vector<std::string> members,
                      std::string meta = "") {
  EnsembleRecipe r{.kind = kind, .id = std::move(id), .task = task, .members = {}, .meta = {std::move(meta), {}}};
  for (auto& m : members) r.members.push_back({std::move(m), Json::object()});
  return r;
}

}  // namespace

void add_ensemble_models(std::vector<ModelSpec>& t) {
  const auto C = Task::Classification, R = Task::Regression;
  using K = EnsembleKind;
  // purge 20 rows: out-of-fold / holdout predictions stay clean for label horizons up to 20 bars.
  const Json voting{{"weights", {1.0, 1.0, 1.0}}, {"nthread", 1}};
  const Json stacking{{"oof_folds", 4}, {"purge", 20}, {"nthread", 1}};
  const Json bagging{{"n_estimators", 25}, {"max_samples", 1.0}};
  const Json blending{{"holdout", 0.2}, {"purge", 20}, {"nthread", 1}};

  add(t, recipe(K::Voting, "voting_trees_linear", C, {"xgboost_classifier", "random_forest_100", "logistic_l2"}),
      "xgboost+liblinear",
      "Soft voting: weighted mean probability of boosted trees, a random forest and L2 logistic regression.", voting);
  add(t, recipe(K::Voting, "voting_trees_linear_regressor", R, {"xgboost_regressor", "random_forest_regressor_100", "ridge"}),
      "xgboost+eigen", "Averaging ensemble of boosted trees, a random forest and ridge for the forward return.", voting);
  add(t, recipe(K::Stacking, "stacking_xgb_logistic", C, {"xgboost_classifier", "xgboost_stumps_classifier", "lda"},
                "logistic_l2"),
      "xgboost+eigen+liblinear",
      "Stacking: logistic regression on walk-forward out-of-fold probabilities of boosted trees, boosted stumps "
      "and LDA (folds inside the training rows only).",
      stacking);
  add(t, recipe(K::Stacking, "stacking_xgb_ridge_regressor", R, {"xgboost_regressor", "xgboost_stumps_regressor", "ridge"},
                "ridge"),
      "xgboost+eigen",
      "Stacking for the forward return: ridge on walk-forward out-of-fold forecasts of boosted trees, stumps and "
      "ridge.",
      stacking);
  add(t, recipe(K::Bagging, "bagging_decision_tree_25", C, {"decision_tree_classifier"}), "opencv",
      "Bagging: 25 depth-5 decision trees on seeded bootstrap samples, mean class-1 vote.", bagging);
  add(t, recipe(K::Bagging, "bagging_decision_tree_regressor_25", R, {"decision_tree_regressor"}), "opencv",
      "Bagging: 25 depth-5 regression trees on seeded bootstrap samples, mean forecast of the forward return.",
      bagging);
  add(t, recipe(K::HardVoting, "voting_hard", C, {"xgboost_classifier", "logistic_l2", "gaussian_nb"}),
      "xgboost+liblinear+eigen",
      "Hard (majority) voting of boosted trees, L2 logistic regression and Gaussian naive Bayes: the share of "
      "up votes.",
      voting);
  // Decision trees, not ridge: a tree on a column subset changes its splits,
  // which is what makes random subspaces diverse (Ho 1998).
  add(t, recipe(K::RandomSubspace, "random_subspace_25", C, {"decision_tree_classifier"}), "opencv",
      "Random subspaces: 25 depth-5 decision trees, each on all rows but a seeded random half of the features, "
      "mean class-1 vote.",
      Json{{"n_estimators", 25}, {"max_features", 0.5}});
  add(t, recipe(K::Blending, "blending_xgb_logistic", C, {"xgboost_classifier", "lda"}, "logistic_l2"),
      "xgboost+eigen+liblinear",
      "Blending: boosted trees and LDA fitted on the start of the training slice, logistic regression on their "
      "probabilities over the last 20% (holdout).",
      blending);
  add(t, recipe(K::Blending, "blending_xgb_ridge_regressor", R, {"xgboost_regressor", "ridge"}, "ridge"),
      "xgboost+eigen",
      "Blending for the forward return: boosted trees and ridge fitted on the start of the training slice, ridge "
      "on their forecasts over the last 20% (holdout).",
      blending);
}

}  // namespace mlt
