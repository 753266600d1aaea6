#include "ml/model_registry.h"

#include <fmt/format.h>

#include "core/error.h"
#include "ml/adapters.h"

namespace mlt {

std::string_view family_name(Family family) {
  return family == Family::Trees ? "trees" : "linear";
}

Json ModelSpec::to_json() const {
  return Json{{"id", id},           {"family", family_name(family)}, {"task", task_name(task)}, {"library", library},
              {"summary", summary}, {"defaults", defaults}};
}

namespace {

Json xgb_defaults() {
  return Json{{"n_estimators", 100},     {"max_depth", 3},          {"learning_rate", 0.05}, {"subsample", 0.8},
              {"colsample_bytree", 0.8}, {"min_child_weight", 1.0}, {"reg_lambda", 1.0},     {"nthread", 2}};
}

std::vector<ModelSpec> build_table() {
  return {
      {.id = "xgboost_classifier",
       .family = Family::Trees,
       .task = Task::Classification,
       .library = "xgboost",
       .summary = "Gradient-boosted trees (XGBoost, hist), probability that the price rises.",
       .defaults = xgb_defaults(),
       .make = [](const Json& p, std::uint64_t s) { return make_xgboost_model(Task::Classification, p, s); }},
      {.id = "xgboost_regressor",
       .family = Family::Trees,
       .task = Task::Regression,
       .library = "xgboost",
       .summary = "Gradient-boosted trees (XGBoost, hist), forecast of the forward return.",
       .defaults = xgb_defaults(),
       .make = [](const Json& p, std::uint64_t s) { return make_xgboost_model(Task::Regression, p, s); }},
      {.id = "logistic_l2",
       .family = Family::Linear,
       .task = Task::Classification,
       .library = "liblinear",
       .summary = "L2-regularised logistic regression (LIBLINEAR), probability that the price rises.",
       .defaults = Json{{"C", 1.0}, {"eps", 0.01}, {"bias", 1.0}},
       .make = make_logistic_liblinear},
      {.id = "ridge",
       .family = Family::Linear,
       .task = Task::Regression,
       .library = "eigen",
       .summary = "Ridge regression in closed form (Eigen), forecast of the forward return.",
       .defaults = Json{{"alpha", 1.0}},
       .make = make_ridge_eigen},
  };
}

std::string ids_list() {
  std::string out;
  for (const auto& s : model_specs()) out += (out.empty() ? "" : ", ") + s.id;
  return out;
}

}  // namespace

const std::vector<ModelSpec>& model_specs() {
  static const std::vector<ModelSpec> table = build_table();
  return table;
}

const ModelSpec& find_model_spec(std::string_view id) {
  for (const auto& s : model_specs())
    if (s.id == id) return s;
  std::string close;
  for (const auto& s : model_specs())
    if (!id.empty() && (s.id.find(id) != std::string::npos || id.find(s.id) != std::string::npos)) close = s.id;
  throw Error(ErrorKind::NotFound, fmt::format("unknown model '{}'", id),
              close.empty() ? fmt::format("known models: {}", ids_list())
                            : fmt::format("did you mean '{}'? known models: {}", close, ids_list()));
}

Json effective_params(const ModelSpec& spec, const Json& overrides) {
  Json out = spec.defaults;
  if (overrides.is_null()) return out;
  if (!overrides.is_object())
    throw Error(ErrorKind::InvalidArgument, fmt::format("params for '{}' must be a JSON object", spec.id));
  for (const auto& [key, value] : overrides.items()) {
    if (!spec.defaults.contains(key)) {
      std::string keys;
      for (const auto& [k, v] : spec.defaults.items()) keys += (keys.empty() ? "" : ", ") + k;
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has no parameter '{}'", spec.id, key),
                  fmt::format("accepted parameters: {}", keys));
    }
    const Json& def = spec.defaults.at(key);
    const bool ok = def.is_number_integer() ? value.is_number_integer()
                    : def.is_number()       ? value.is_number()
                                            : value.type() == def.type();
    if (!ok)
      throw Error(ErrorKind::InvalidArgument,
                  fmt::format("parameter '{}' of '{}' must be {}, got {}", key, spec.id,
                              def.is_number_integer() ? "an integer" : def.type_name(), value.dump()));
    out[key] = value;
  }
  return out;
}

}  // namespace mlt
