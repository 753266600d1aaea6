// Model: the one interface every learning library is adapted to.
//
// Contract:
//  - fit(X, y, w) trains from scratch (a second fit discards the first).
//    Classification labels are 0/1; clustering ignores y (empty or one value
//    per row). Weights are optional (empty = equal),
//    and an adapter that cannot honour unequal weights throws
//    Error{InvalidArgument}. Bad shapes throw Error{InvalidArgument}; a
//    library failure throws Error{Internal} with the library's message.
//  - predict(X): the class-1 probability for classifiers, the value for
//    regressors, the cluster label (0, 1, ...; -1 = noise) for clustering.
//    predict_proba is the same for classifiers and throws
//    Error{InvalidArgument} for regressors and clustering.
//  - feature_importance(): one non-negative score per input column, or an
//    empty vector where the model defines none.
//  - save()/load(): a self-contained byte string (JSON text for all current
//    adapters); load() into a model made by the same factory restores it.
//  - Determinism: the same data, params and seed give the same model.
//  - Not thread-safe: use one instance per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "ml/matrix.h"

namespace mlt {

enum class Task { Classification, Regression, Clustering };
std::string_view task_name(Task task);  // "classification" | "regression" | "clustering"

class Model {
 public:
  virtual ~Model() = default;

  virtual void fit(const Matrix& X, std::span<const double> y, std::span<const double> weights = {}) = 0;
  virtual std::vector<double> predict(const Matrix& X) const = 0;
  virtual std::vector<double> predict_proba(const Matrix& X) const;
  virtual std::vector<double> feature_importance() const { return {}; }

  virtual std::string save() const = 0;
  virtual void load(const std::string& bytes) = 0;

  virtual std::string name() const = 0;
  virtual Task task() const = 0;
  // The effective parameters (defaults merged with overrides, plus the seed).
  virtual Json params() const = 0;
};

// `params` plus {"seed": seed}: what params() reports for an adapter that
// keeps its effective parameters and its seed apart.
inline Json params_with_seed(Json params, std::uint64_t seed) {
  params["seed"] = seed;
  return params;
}

// Throws Error{InvalidArgument} unless X has y.size() rows (clustering: or y
// is empty), weights are empty or match, and (for classification) every
// label is 0 or 1.
void check_fit_inputs(const Matrix& X, std::span<const double> y, std::span<const double> weights, Task task);

}  // namespace mlt
