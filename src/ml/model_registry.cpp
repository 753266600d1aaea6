#include "ml/model_registry.h"

#include <fmt/format.h>

#include "core/error.h"
#include "ml/adapters.h"
#include "ml/registry_tables.h"
#include "ml/search_space.h"
#include "ml_torch/torch_models.h"

namespace mlt {

std::string_view family_name(Family family) {
  switch (family) {
    case Family::Trees: return "trees";
    case Family::Linear: return "linear";
    case Family::Kernel: return "kernel";
    case Family::Neighbors: return "neighbors";
    case Family::Bayes: return "bayes";
    case Family::Neural: return "neural";
    case Family::Ensemble: return "ensemble";
    case Family::Clustering: return "clustering";
  }
  return "unknown";
}

Json ModelSpec::to_json() const {
  return Json{{"id", id},           {"family", family_name(family)}, {"task", task_name(task)}, {"library", library},
              {"summary", summary}, {"defaults", defaults}};
}

std::vector<ModelSpec> build_model_specs() {
  std::vector<ModelSpec> t;
  add_boosting_models(t);
  add_linear_models(t);
  add_opencv_models(t);
  add_native_models(t);
  add_torch_models(t);  // src/ml_torch: linked into mlt_ml, see src/ml/CMakeLists.txt
  add_clustering_models(t);
  add_ensemble_models(t);
  add_search_spaces(t);  // ml.tune: explicit spaces of the most used models
  return t;
}

Json library_versions() {
  return Json{{"xgboost", xgboost_version()},
              {"liblinear", liblinear_version()},
              {"eigen", eigen_version()},
              {"opencv", opencv_version()},
              {"torch", torch_version()}};
}

namespace {

std::string ids_list() {
  std::string out;
  for (const auto& s : model_specs()) out += (out.empty() ? "" : ", ") + s.id;
  return out;
}

}  // namespace

const std::vector<ModelSpec>& model_specs() {
  static const std::vector<ModelSpec> table = build_model_specs();
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
