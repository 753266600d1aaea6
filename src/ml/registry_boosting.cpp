// XGBoost entries. What distinguishes them is what a user picks them for:
// booster (gbtree / dart / gblinear), tree depth (stumps = additive model,
// deep = interactions), the loss (squared / pseudo-Huber / absolute) and
// bagging instead of boosting (random forest via num_parallel_tree), leaf-wise
// growth (lossguide) and hard-margin classification (hinge).
#include "ml/adapters.h"
#include "ml/registry_tables.h"

namespace mlt {
namespace {

Json tree_defaults(int depth) {
  return Json{{"n_estimators", 100},     {"max_depth", depth},      {"learning_rate", 0.05}, {"subsample", 0.8},
              {"colsample_bytree", 0.8}, {"min_child_weight", 1.0}, {"reg_lambda", 1.0},     {"nthread", 1}};
}

XgbVariant variant(std::string id, Task task, std::string booster = "gbtree", std::string objective = "",
                   int parallel_trees = 1, std::string grow_policy = "") {
  XgbVariant v;
  v.id = std::move(id);
  v.task = task;
  v.booster = std::move(booster);
  v.objective = std::move(objective);
  v.num_parallel_tree = parallel_trees;
  v.grow_policy = std::move(grow_policy);
  return v;
}

void add(std::vector<ModelSpec>& t, XgbVariant v, Family family, std::string summary, Json defaults) {
  const Task task = v.task;
  std::string id = v.id;
  t.push_back({.id = std::move(id),
               .family = family,
               .task = task,
               .library = "xgboost",
               .summary = std::move(summary),
               .defaults = std::move(defaults),
               .make = [v](const Json& p, std::uint64_t s) { return make_xgboost_model(v, p, s); }});
}

}  // namespace

void add_boosting_models(std::vector<ModelSpec>& t) {
  const auto C = Task::Classification, R = Task::Regression;
  add(t, variant("xgboost_classifier", C), Family::Trees,
      "Gradient-boosted trees (XGBoost gbtree, depth 3), probability that the price rises.", tree_defaults(3));
  add(t, variant("xgboost_regressor", R), Family::Trees,
      "Gradient-boosted trees (XGBoost gbtree, depth 3), forecast of the forward return.", tree_defaults(3));
  add(t, variant("xgboost_stumps_classifier", C), Family::Trees,
      "Boosted depth-1 stumps (XGBoost): an additive model without feature interactions.", tree_defaults(1));
  add(t, variant("xgboost_stumps_regressor", R), Family::Trees,
      "Boosted depth-1 stumps (XGBoost) for the forward return: additive, no interactions.", tree_defaults(1));
  add(t, variant("xgboost_deep_classifier", C), Family::Trees,
      "Boosted depth-8 trees (XGBoost): high-order feature interactions.", tree_defaults(8));
  add(t, variant("xgboost_deep_regressor", R), Family::Trees,
      "Boosted depth-8 trees (XGBoost) for the forward return: high-order interactions.", tree_defaults(8));
  Json dart = tree_defaults(3);
  dart["rate_drop"] = 0.1;
  dart["skip_drop"] = 0.5;
  add(t, variant("xgboost_dart_classifier", C, "dart"), Family::Trees,
      "DART boosting (XGBoost): trees dropped out while boosting, against over-specialisation.", dart);
  add(t, variant("xgboost_dart_regressor", R, "dart"), Family::Trees,
      "DART boosting (XGBoost) of the forward return: dropout of trees while boosting.", dart);
  const Json linear{{"n_estimators", 100}, {"learning_rate", 0.5}, {"reg_lambda", 1.0}, {"reg_alpha", 0.0},
                    {"nthread", 1}};
  add(t, variant("xgboost_gblinear_classifier", C, "gblinear"), Family::Linear,
      "Boosted linear model (XGBoost gblinear, coordinate descent, elastic-net penalty), logistic loss.", linear);
  add(t, variant("xgboost_gblinear_regressor", R, "gblinear"), Family::Linear,
      "Boosted linear model (XGBoost gblinear, coordinate descent, elastic-net penalty), squared loss.", linear);
  const Json forest{{"n_estimators", 1},      {"max_depth", 8},   {"learning_rate", 1.0},
                    {"subsample", 0.632},     {"colsample_bynode", 0.6}, {"min_child_weight", 1.0},
                    {"reg_lambda", 0.0},      {"nthread", 1}};
  add(t, variant("random_forest_100", C, "gbtree", "", 100), Family::Trees,
      "Random forest of 100 depth-8 trees (XGBoost num_parallel_tree, one round), class-1 probability.", forest);
  add(t, variant("random_forest_regressor_100", R, "gbtree", "", 100), Family::Trees,
      "Random forest of 100 depth-8 trees (XGBoost num_parallel_tree, one round), forward return.", forest);
  Json huber = tree_defaults(3);
  huber["huber_slope"] = 0.01;  // about one daily standard deviation of returns
  add(t, variant("xgboost_huber_regressor", R, "gbtree", "reg:pseudohubererror"), Family::Trees,
      "Boosted trees with the pseudo-Huber loss (XGBoost): robust to return outliers.", huber);
  add(t, variant("xgboost_mae_regressor", R, "gbtree", "reg:absoluteerror"), Family::Trees,
      "Boosted trees with the absolute-error loss (XGBoost): forecasts the conditional median.", tree_defaults(3));
  // Leaf-wise growth as LightGBM: the leaf with the largest loss reduction is
  // split next, up to max_leaves, with no depth limit (max_depth 0).
  Json lossguide = tree_defaults(0);
  lossguide["max_leaves"] = 31;
  lossguide["min_child_weight"] = 5.0;  // about 20 rows of logistic hessian: leaf-wise trees overfit single rows
  add(t, variant("xgboost_lossguide_classifier", C, "gbtree", "", 1, "lossguide"), Family::Trees,
      "Leaf-wise boosted trees (XGBoost hist, lossguide, 31 leaves, as LightGBM), probability that the price rises.",
      lossguide);
  lossguide["min_child_weight"] = 20.0;  // squared loss: hessian 1 per row
  add(t, variant("xgboost_lossguide_regressor", R, "gbtree", "", 1, "lossguide"), Family::Trees,
      "Leaf-wise boosted trees (XGBoost hist, lossguide, 31 leaves, as LightGBM), forecast of the forward return.",
      lossguide);
  add(t, variant("xgboost_hinge_classifier", C, "gbtree", "binary:hinge"), Family::Trees,
      "Boosted trees with the hinge loss (XGBoost binary:hinge): a hard up/down call, its probability is 0 or 1.",
      tree_defaults(3));
}

}  // namespace mlt
