#include "ml/model.h"

#include <fmt/format.h>

#include <cmath>

#include "core/error.h"

namespace mlt {

std::string_view task_name(Task task) {
  switch (task) {
    case Task::Classification: return "classification";
    case Task::Regression: return "regression";
    case Task::Clustering: return "clustering";
  }
  return "unknown";
}

std::vector<double> Model::predict_proba(const Matrix& X) const {
  switch (task()) {
    case Task::Classification: return predict(X);
    case Task::Regression:
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' is a regressor and gives no probabilities", name()),
                  "use predict() for regression values");
    case Task::Clustering: break;
  }
  throw Error(ErrorKind::InvalidArgument,
              fmt::format("model '{}' is a clustering model and gives no probabilities", name()),
              "use predict() for the cluster label of each row");
}

void check_fit_inputs(const Matrix& X, std::span<const double> y, std::span<const double> weights, Task task) {
  if (X.rows == 0 || X.cols == 0) throw Error(ErrorKind::InvalidArgument, "cannot fit a model on an empty matrix");
  // Clustering is unsupervised: its labels are optional and never read.
  if (y.size() != X.rows && !(task == Task::Clustering && y.empty()))
    throw Error(ErrorKind::InvalidArgument, fmt::format("{} labels for {} rows", y.size(), X.rows));
  if (!weights.empty() && weights.size() != X.rows)
    throw Error(ErrorKind::InvalidArgument, fmt::format("{} weights for {} rows", weights.size(), X.rows));
  for (double v : y) {
    if (!std::isfinite(v)) throw Error(ErrorKind::InvalidArgument, "labels must be finite");
    if (task == Task::Classification && v != 0.0 && v != 1.0)
      throw Error(ErrorKind::InvalidArgument, fmt::format("classification label {} is not 0 or 1", v));
  }
}

}  // namespace mlt
