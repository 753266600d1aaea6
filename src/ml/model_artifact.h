// ModelArtifact: a trained model that can be stored, reloaded and used to
// predict later (the model registry's unit; the action layer versions it in
// the `models` table).
//
//   Json validation = train_on_set(set, spec);            // walk-forward metrics
//   ModelArtifact a = fit_artifact(set, spec, "standard");  // refit on ALL labelled rows
//   std::string bytes = a.bytes();                          // canonical JSON text
//   ModelArtifact b = ModelArtifact::from_bytes(bytes);
//   std::vector<double> p = b.predict(features);           // same numbers as a.predict
//
// Why refit on every labelled row: walk-forward validation measures how the
// recipe generalises; the model one deploys should then use all the history
// that has a label. Its metrics are the validation metrics of that recipe,
// never in-sample scores. The scaler is fitted on those same rows only.
//
// Reproducibility: bytes() is a deterministic function of the data, spec and
// seed (the fit is deterministic and JSON keys are sorted), so the same
// command gives the same sha256(). Not thread-safe per instance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "features/feature_matrix.h"
#include "ml/model.h"
#include "ml/train_pipeline.h"

namespace mlt {

struct ModelArtifact {
  std::string model;  // registry id
  Task task = Task::Classification;
  Json params;  // effective parameters (without the seed)
  std::uint64_t seed = 0;
  std::string target;  // direction | return | regime
  int horizon = 1;
  std::string feature_set;  // name of the feature recipe, e.g. "standard"
  std::vector<std::string> feature_names;
  std::vector<double> scaler_mean, scaler_scale;
  std::string fitted_from, fitted_to;  // dates of the first and last training row
  std::size_t n_train = 0;
  std::string model_bytes;  // Model::save()

  // Canonical JSON text of every field above: what is stored and hashed.
  std::string bytes() const;
  std::string sha256() const;
  // Throws Error{InvalidArgument} for bytes that are not an artifact, and
  // Error{NotFound} when the model id is no longer registered.
  static ModelArtifact from_bytes(const std::string& bytes);

  // Predictions for every row of X (class-1 probability or value). Throws
  // Error{InvalidArgument} when X's feature names differ from the saved ones.
  std::vector<double> predict(const FeatureMatrix& X) const;
};

// Fits spec.model (with spec.params and spec.seed) on every labelled row of
// `set` after a scaler fitted on the same rows. Errors as train_on_set.
ModelArtifact fit_artifact(const TrainingSet& set, const TrainSpec& spec, const std::string& feature_set);

// The training task a target needs: direction and excess_direction ->
// classification, return and excess_return -> regression, regime ->
// clustering (fitted without labels; the forward return only scores the
// regimes). Throws Error{InvalidArgument} for any other target.
Task task_for_target(const std::string& target);
// The single-series target of a task: "direction" | "return" | "regime".
std::string default_target(Task task);

}  // namespace mlt
