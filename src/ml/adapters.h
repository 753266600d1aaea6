// Factories for the library adapters behind the Model interface. `params`
// are the effective parameters (the registry has merged defaults and
// overrides and checked the keys); `seed` fixes every random choice.
//
//   xgboost:   n_estimators, max_depth, learning_rate, subsample,
//              colsample_bytree, min_child_weight, reg_lambda, nthread
//              (tree_method hist; deterministic for a seed and nthread)
//   liblinear: C, eps, bias (L2-regularised logistic regression, L2R_LR;
//              LIBLINEAR 2.30 has no instance weights, so unequal weights
//              are refused)
//   ridge:     alpha (closed form on standardised features, intercept not
//              penalised, solved with Eigen's LDLT)
#pragma once

#include <cstdint>
#include <memory>

#include "core/json.h"
#include "ml/model.h"

namespace mlt {

std::unique_ptr<Model> make_xgboost_model(Task task, const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_logistic_liblinear(const Json& params, std::uint64_t seed);
std::unique_ptr<Model> make_ridge_eigen(const Json& params, std::uint64_t seed);

// "1.7.4", "2.30", "3.4.0": recorded with every result.
std::string xgboost_version();
std::string liblinear_version();
std::string eigen_version();

}  // namespace mlt
