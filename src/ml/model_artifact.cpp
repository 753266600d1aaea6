#include "ml/model_artifact.h"

#include <fmt/format.h>

#include "core/error.h"
#include "core/sha256.h"
#include "core/time.h"
#include "ml/model_registry.h"
#include "ml/scaler.h"

namespace mlt {
namespace {

Matrix as_matrix(const FeatureMatrix& X) {
  Matrix m(X.rows(), X.cols());
  m.data = X.values;
  return m;
}

}  // namespace

Task task_for_target(const std::string& target) {
  if (target == "direction" || target == "excess_direction") return Task::Classification;
  if (target == "return" || target == "excess_return") return Task::Regression;
  if (target == "regime") return Task::Clustering;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown target '{}'", target),
              "use 'direction' (classification), 'return' (regression) or 'regime' (clustering); with "
              "cross_section 'excess_direction' or 'excess_return'");
}

std::string default_target(Task task) {
  switch (task) {
    case Task::Classification: return "direction";
    case Task::Regression: return "return";
    case Task::Clustering: return "regime";
  }
  return "direction";
}

std::string ModelArtifact::bytes() const {
  // nlohmann::json objects are std::map-backed, so keys are sorted and the
  // dump is canonical; doubles print with round-trip precision.
  const Json j{{"format", "mltrainer-model/1"},
               {"model", model},
               {"task", task_name(task)},
               {"params", params},
               {"seed", seed},
               {"target", target},
               {"horizon", horizon},
               {"feature_set", feature_set},
               {"feature_names", feature_names},
               {"scaler", {{"mean", scaler_mean}, {"scale", scaler_scale}}},
               {"fitted", {{"from", fitted_from}, {"to", fitted_to}, {"rows", n_train}}},
               {"model_bytes", model_bytes}};
  return j.dump();
}

std::string ModelArtifact::sha256() const { return sha256_hex(bytes()); }

ModelArtifact ModelArtifact::from_bytes(const std::string& text) {
  Json j;
  try {
    j = Json::parse(text);
  } catch (const std::exception& e) {
    throw Error(ErrorKind::InvalidArgument, fmt::format("stored model is not valid JSON: {}", e.what()),
                "the artifact is damaged; train the model again");
  }
  if (!j.is_object() || j.value("format", "") != "mltrainer-model/1")
    throw Error(ErrorKind::InvalidArgument, "stored bytes are not an mlTrainer model artifact",
                "train the model again with ml.train");
  ModelArtifact a;
  try {
    a.model = j.at("model").get<std::string>();
    a.task = task_for_target(j.at("target").get<std::string>());
    a.params = j.at("params");
    a.seed = j.at("seed").get<std::uint64_t>();
    a.target = j.at("target").get<std::string>();
    a.horizon = j.at("horizon").get<int>();
    a.feature_set = j.at("feature_set").get<std::string>();
    a.feature_names = j.at("feature_names").get<std::vector<std::string>>();
    a.scaler_mean = j.at("scaler").at("mean").get<std::vector<double>>();
    a.scaler_scale = j.at("scaler").at("scale").get<std::vector<double>>();
    a.fitted_from = j.at("fitted").at("from").get<std::string>();
    a.fitted_to = j.at("fitted").at("to").get<std::string>();
    a.n_train = j.at("fitted").at("rows").get<std::size_t>();
    a.model_bytes = j.at("model_bytes").get<std::string>();
  } catch (const Json::exception& e) {
    throw Error(ErrorKind::InvalidArgument, fmt::format("stored model artifact is incomplete: {}", e.what()),
                "train the model again with ml.train");
  }
  find_model_spec(a.model);  // NotFound with the known ids when it was removed
  return a;
}

std::vector<double> ModelArtifact::predict(const FeatureMatrix& X) const {
  if (X.names != feature_names)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("model '{}' was trained on {} features ({}), the input has {}", model,
                            feature_names.size(), feature_set, X.names.size()),
                "predict with the feature set the model was trained on");
  if (X.rows() == 0) return {};
  StandardScaler scaler;
  scaler.restore(scaler_mean, scaler_scale);
  auto m = find_model_spec(model).make(params, seed);
  m->load(model_bytes);
  return m->predict(scaler.transform(as_matrix(X)));
}

ModelArtifact fit_artifact(const TrainingSet& set, const TrainSpec& spec, const std::string& feature_set) {
  const ModelSpec& ms = find_model_spec(spec.model);
  const Task task = task_for_target(spec.target);
  if (ms.task != task)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("model '{}' does {}, but target '{}' needs {}", spec.model, task_name(ms.task),
                            spec.target, task_name(task)));
  if (set.X.rows() < kMinTrainRows)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{} labelled rows are too few to fit a model (need {})", set.X.rows(), kMinTrainRows));
  ModelArtifact a;
  a.model = spec.model;
  a.task = task;
  a.params = effective_params(ms, spec.params);
  a.seed = spec.seed;
  a.target = spec.target;
  a.horizon = spec.horizon;
  a.feature_set = feature_set;
  a.feature_names = set.X.names;
  a.fitted_from = format_date(set.X.ts.front());
  a.fitted_to = format_date(set.X.ts.back());
  a.n_train = set.X.rows();
  StandardScaler scaler;
  const Matrix train = scaler.fit_transform(as_matrix(set.X));
  a.scaler_mean = scaler.mean();
  a.scaler_scale = scaler.scale();
  auto model = ms.make(a.params, spec.seed);
  // Clustering ignores its labels; the forward return is passed only to keep one call.
  model->fit(train, task == Task::Classification ? set.direction : set.forward_return);
  a.model_bytes = model->save();
  return a;
}

}  // namespace mlt
