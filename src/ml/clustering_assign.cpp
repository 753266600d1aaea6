// Labelling rows a clustering has not seen, and its JSON form. Doubles go
// through nlohmann::json, which prints them with round-trip precision, so a
// reloaded rule labels every row exactly as the original.
#include <fmt/format.h>

#include <limits>

#include "core/error.h"
#include "ml/clustering_internal.h"

namespace mlt {
namespace {

const char* rule_name(ClusterAssigner::Rule rule) {
  switch (rule) {
    case ClusterAssigner::Rule::NearestCentre: return "nearest_centre";
    case ClusterAssigner::Rule::NearestCoreWithinEps: return "nearest_core_within_eps";
    case ClusterAssigner::Rule::NearestRow: return "nearest_row";
    case ClusterAssigner::Rule::MostProbableComponent: return "most_probable_component";
  }
  return "unknown";
}

ClusterAssigner::Rule rule_from(const std::string& name) {
  for (auto r : {ClusterAssigner::Rule::NearestCentre, ClusterAssigner::Rule::NearestCoreWithinEps,
                 ClusterAssigner::Rule::NearestRow, ClusterAssigner::Rule::MostProbableComponent})
    if (name == rule_name(r)) return r;
  throw Error(ErrorKind::InvalidArgument, fmt::format("unknown cluster assignment rule '{}'", name),
              "the saved clustering model is damaged; train it again");
}

Json matrix_json(const Matrix& m) { return Json{{"rows", m.rows}, {"cols", m.cols}, {"data", m.data}}; }

Matrix matrix_from(const Json& j) {
  Matrix m;
  m.rows = j.at("rows").get<std::size_t>();
  m.cols = j.at("cols").get<std::size_t>();
  m.data = j.at("data").get<std::vector<double>>();
  if (m.data.size() != m.rows * m.cols)
    throw Error(ErrorKind::InvalidArgument, "a saved clustering matrix has the wrong size",
                "the saved clustering model is damaged; train it again");
  return m;
}

}  // namespace

std::vector<int> ClusterAssigner::assign(const Matrix& X) const {
  std::vector<int> out(X.rows, -1);
  if (rule == Rule::MostProbableComponent) {
    const Matrix joint = gmm_log_joint(X, mixture);
    for (std::size_t i = 0; i < X.rows; ++i) {
      double best = -std::numeric_limits<double>::infinity();
      for (std::size_t j = 0; j < component_label.size(); ++j)
        if (component_label[j] >= 0 && joint(i, j) > best) best = joint(i, j), out[i] = component_label[j];
    }
    return out;
  }
  for (std::size_t i = 0; i < X.rows; ++i) {
    double bd = std::numeric_limits<double>::infinity();
    for (std::size_t p = 0; p < points.rows; ++p) {
      const double d = sq_distance(X.row(i), points.row(p), X.cols);
      if (d < bd) bd = d, out[i] = point_labels[p];
    }
    if (rule == Rule::NearestCoreWithinEps && !(bd <= eps * eps)) out[i] = -1;  // noise, as in DBSCAN
  }
  return out;
}

Json ClusterAssigner::to_json() const {
  Json j{{"rule", rule_name(rule)}};
  if (rule == Rule::MostProbableComponent) {
    j["mixture"] = {{"covariance", mixture.covariance},
                    {"weights", mixture.weights},
                    {"means", matrix_json(mixture.means)},
                    {"cov", mixture.cov}};
    j["component_label"] = component_label;
  } else {
    j["points"] = matrix_json(points);
    j["point_labels"] = point_labels;
    j["eps"] = eps;
  }
  return j;
}

ClusterAssigner ClusterAssigner::from_json(const Json& j) {
  ClusterAssigner a;
  try {
    a.rule = rule_from(j.at("rule").get<std::string>());
    if (a.rule == Rule::MostProbableComponent) {
      const Json& m = j.at("mixture");
      a.mixture.covariance = m.at("covariance").get<std::string>();
      a.mixture.weights = m.at("weights").get<std::vector<double>>();
      a.mixture.means = matrix_from(m.at("means"));
      a.mixture.cov = m.at("cov").get<std::vector<std::vector<double>>>();
      a.component_label = j.at("component_label").get<std::vector<int>>();
      if (a.mixture.weights.size() != a.mixture.means.rows || a.mixture.cov.size() != a.mixture.means.rows ||
          a.component_label.size() != a.mixture.means.rows)
        throw Error(ErrorKind::InvalidArgument, "a saved Gaussian mixture has inconsistent sizes",
                    "the saved clustering model is damaged; train it again");
    } else {
      a.points = matrix_from(j.at("points"));
      a.point_labels = j.at("point_labels").get<std::vector<int>>();
      a.eps = j.at("eps").get<double>();
      if (a.point_labels.size() != a.points.rows)
        throw Error(ErrorKind::InvalidArgument, "a saved clustering has one label per point missing",
                    "the saved clustering model is damaged; train it again");
    }
  } catch (const Json::exception& e) {
    throw Error(ErrorKind::InvalidArgument, fmt::format("saved clustering model is incomplete: {}", e.what()),
                "train the model again");
  }
  return a;
}

}  // namespace mlt
