// The model registry: one declarative entry per trainable model. The action
// layer turns each entry into a `train.<id>` action and lists the table in
// `ml.models`; the pipeline makes models only through it.
//
//   const ModelSpec& spec = find_model_spec("xgboost_classifier");
//   Json params = effective_params(spec, Json{{"n_estimators", 30}});
//   auto model = spec.make(params, /*seed=*/42);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "ml/model.h"

namespace mlt {

enum class Family { Trees, Linear, Kernel, Neighbors, Bayes, Neural, Ensemble, Clustering };
// "trees" | "linear" | "kernel" | "neighbors" | "bayes" | "neural" | "ensemble" | "clustering"
std::string_view family_name(Family family);

struct ModelSpec {
  std::string id;  // stable, lower_snake: also the action suffix
  Family family;
  Task task;
  std::string library;  // "xgboost", "liblinear", "eigen", "opencv", "torch"; ensembles: "xgboost+eigen"...
  std::string summary;  // one sentence for lists and the LLM
  Json defaults;        // every accepted parameter with its default
  std::function<std::unique_ptr<Model>(const Json& params, std::uint64_t seed)> make;
  // What ml.tune searches (format in ml/search_space.h); empty = derived
  // from `defaults` by default_search_space().
  Json search_space = Json::object();

  // {id, family, task, library, summary, defaults}
  Json to_json() const;
};

// The table, in a fixed order: built once, on first use.
const std::vector<ModelSpec>& model_specs();
// A fresh copy of the table from its declarations (what model_specs() caches).
std::vector<ModelSpec> build_model_specs();

// Throws Error{NotFound} with the list of ids (and a close match) in the hint.
const ModelSpec& find_model_spec(std::string_view id);

// defaults overlaid with `overrides`. Throws Error{InvalidArgument} for a key
// the model does not accept or a value of the wrong JSON type (an integer
// default accepts integers only; a real default accepts any number).
Json effective_params(const ModelSpec& spec, const Json& overrides);

}  // namespace mlt
