#include "ml/search_space.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "core/error.h"

namespace mlt {
namespace {

// Explicit spaces: a few values per parameter that matter most, at scales
// that suit daily returns on standardised features (target std ~0.01).
const std::map<std::string, Json>& explicit_spaces() {
  static const std::map<std::string, Json> spaces = [] {
    const Json xgb{{"max_depth", {2, 3, 5}},
                   {"learning_rate", {0.02, 0.05, 0.1}},
                   {"n_estimators", {50, 100, 200}},
                   {"subsample", {0.6, 0.8}}};
    const Json forest{{"max_depth", {4, 6, 8}}, {"colsample_bynode", {0.3, 0.6}}, {"min_child_weight", {1.0, 5.0}}};
    const Json logistic{{"C", {0.001, 0.01, 0.1, 1.0, 10.0}}};
    const Json knn{{"k", {10, 25, 50, 100, 200}}};
    return std::map<std::string, Json>{
        {"xgboost_classifier", xgb},
        {"xgboost_regressor", xgb},
        {"random_forest_100", forest},
        {"random_forest_regressor_100", forest},
        {"ridge", Json{{"alpha", {0.1, 1.0, 10.0, 100.0, 1000.0, 10000.0}}}},
        {"lasso", Json{{"alpha", {1e-5, 3e-5, 1e-4, 3e-4, 1e-3}}}},
        {"elastic_net", Json{{"alpha", {5e-5, 2e-4, 1e-3}}, {"l1_ratio", {0.2, 0.5, 0.8}}}},
        {"logistic_l2", logistic},
        {"logistic_l1", logistic},
        // gamma 0 is 1/n_features; these bracket it for the 15 standard features.
        {"svc_rbf", Json{{"C", {0.1, 1.0, 10.0}}, {"gamma", {0.01, 0.03, 0.1}}}},
        {"knn_classifier", knn},
        {"knn_regressor", knn},
    };
  }();
  return spaces;
}

double round_significant(double x, int digits) {
  if (x == 0 || !std::isfinite(x)) return x;
  const double scale = std::pow(10.0, digits - 1 - static_cast<int>(std::floor(std::log10(std::fabs(x)))));
  return std::round(x * scale) / scale;
}

bool is_training_control(const std::string& name) {
  static const std::set<std::string> controls = {"nthread", "seed", "max_iter", "tol",
                                                 "eps",     "bias", "patience", "val_fraction"};
  return controls.count(name) > 0;
}

std::string valid_names(const ModelSpec& spec) {
  std::string out;
  for (const auto& [k, v] : spec.defaults.items()) out += (out.empty() ? "" : ", ") + k;
  return out.empty() ? "(none: the model has no parameters)" : out;
}

// A uniform double in [0, 1) from 53 random bits: the same on every standard library.
double unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

Json range_point(const ParamDomain& d, double u) {
  const double v =
      d.log ? std::exp(std::log(d.low) + u * (std::log(d.high) - std::log(d.low))) : d.low + u * (d.high - d.low);
  if (d.integer) return static_cast<std::int64_t>(std::clamp(std::round(v), d.low, d.high));
  return v;
}

// The grid points of one parameter.
std::vector<Json> grid_values(const ParamDomain& d) {
  if (d.values.size() > 0) return d.values;
  std::vector<Json> out;
  for (int i = 0; i < kGridPointsPerRange; ++i) {
    const Json v = range_point(d, static_cast<double>(i) / (kGridPointsPerRange - 1));
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

}  // namespace

Json ParamDomain::to_json() const {
  if (!values.empty()) return values;
  return Json{{"low", low}, {"high", high}, {"log", log}, {"int", integer}};
}

Json default_search_space(const ModelSpec& spec) {
  if (!spec.search_space.empty()) return spec.search_space;
  Json out = Json::object();
  for (const auto& [name, def] : spec.defaults.items()) {
    if (is_training_control(name)) continue;
    if (def.is_boolean()) {
      out[name] = Json::array({false, true});
    } else if (def.is_number_integer()) {
      const auto x = def.get<std::int64_t>();
      if (x < 1) continue;
      Json values = Json::array();
      for (std::int64_t v : {std::max<std::int64_t>(1, x / 2), x, 2 * x})
        if (std::find(values.begin(), values.end(), Json(v)) == values.end()) values.push_back(v);
      out[name] = values;
    } else if (def.is_number()) {
      const double x = def.get<double>();
      if (!(x > 0)) continue;
      Json values = Json::array();
      for (double f : {0.1, 1.0 / 3.0, 1.0, 3.0, 10.0}) {
        const double v = f == 1.0 ? x : round_significant(x * f, 4);
        if (x < 1 && v > 1) continue;
        values.push_back(v);
      }
      out[name] = values;
    }
  }
  return out;
}

std::vector<ParamDomain> parse_search_space(const ModelSpec& spec, const Json& space) {
  if (!space.is_object())
    throw Error(ErrorKind::InvalidArgument, fmt::format("the search space must be a JSON object, got {}", space.dump()),
                R"(e.g. {"alpha": [0.1, 1, 10]} or {"alpha": {"low": 0.001, "high": 1000, "log": true}})");
  std::vector<ParamDomain> out;
  for (const auto& [name, value] : space.items()) {
    if (!spec.defaults.contains(name))
      throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has no parameter '{}' to tune", spec.id, name),
                  fmt::format("valid parameters: {}", valid_names(spec)));
    const Json& def = spec.defaults.at(name);
    ParamDomain d;
    d.name = name;
    if (value.is_array()) {
      if (value.empty())
        throw Error(ErrorKind::InvalidArgument, fmt::format("the values to try for '{}' are an empty list", name),
                    "give at least one value, or leave the parameter out of the space");
      for (const auto& v : value) {
        effective_params(spec, Json{{name, v}});  // the registry's type rule, with its message
        d.values.push_back(v);
      }
    } else if (value.is_object()) {
      if (!def.is_number())
        throw Error(ErrorKind::InvalidArgument,
                    fmt::format("parameter '{}' of '{}' is a {}: a range needs a numeric parameter", name, spec.id,
                                def.type_name()),
                    fmt::format("list the values instead, e.g. {{\"{}\": [{}]}}", name, def.dump()));
      const Json& low = value.contains("low") ? value.at("low") : Json();
      const Json& high = value.contains("high") ? value.at("high") : Json();
      if (!low.is_number() || !high.is_number())
        throw Error(ErrorKind::InvalidArgument, fmt::format("the range of '{}' needs numeric 'low' and 'high'", name),
                    R"(e.g. {"low": 0.001, "high": 10, "log": true})");
      for (const auto& [key, v] : value.items())
        if (key != "low" && key != "high" && key != "log" && key != "int")
          throw Error(ErrorKind::InvalidArgument, fmt::format("the range of '{}' has an unknown key '{}'", name, key),
                      "a range has low, high and optionally log and int");
      d.low = low.get<double>();
      d.high = high.get<double>();
      d.log = value.value("log", false);
      d.integer = value.value("int", def.is_number_integer());
      if (!(d.low <= d.high))
        throw Error(ErrorKind::InvalidArgument,
                    fmt::format("the range of '{}' has low {} above high {}", name, d.low, d.high));
      if (d.log && !(d.low > 0))
        throw Error(ErrorKind::InvalidArgument, fmt::format("a log range of '{}' needs low > 0, got {}", name, d.low),
                    "use a positive low or log false");
      if (def.is_number_integer() && !d.integer)
        throw Error(ErrorKind::InvalidArgument,
                    fmt::format("parameter '{}' of '{}' is an integer; its range cannot be real", name, spec.id),
                    "drop \"int\": false");
    } else {
      throw Error(
          ErrorKind::InvalidArgument,
          fmt::format("the search space of '{}' must be a list of values or a range, got {}", name, value.dump()),
          R"(e.g. [0.1, 1, 10] or {"low": 0.001, "high": 10, "log": true})");
    }
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Json> grid_candidates(const std::vector<ParamDomain>& space, std::size_t max_candidates) {
  std::vector<std::vector<Json>> axes;
  std::size_t total = 1;
  for (const auto& d : space) {
    axes.push_back(grid_values(d));
    total = total > max_candidates ? total : total * axes.back().size();
  }
  if (total > max_candidates)
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("the grid has more than {} candidates (max_candidates)", max_candidates),
                "use method 'random' with n_iter, give fewer values per parameter, or raise max_candidates");
  std::vector<Json> out;
  std::vector<std::size_t> at(axes.size(), 0);
  for (std::size_t c = 0; c < total; ++c) {
    Json params = Json::object();
    for (std::size_t i = 0; i < axes.size(); ++i) params[space[i].name] = axes[i][at[i]];
    out.push_back(std::move(params));
    for (std::size_t i = axes.size(); i-- > 0;) {  // odometer: last axis fastest
      if (++at[i] < axes[i].size()) break;
      at[i] = 0;
    }
  }
  return out;
}

std::vector<Json> random_candidates(const std::vector<ParamDomain>& space, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x7475'6e65'7475'6e65ULL);  // decorrelated from the models' own use of the seed
  std::vector<Json> out;
  std::set<std::string> seen;
  // A small list-only space may hold fewer than n members: stop after enough repeats.
  for (std::size_t attempt = 0; out.size() < n && attempt < 50 * n + 50; ++attempt) {
    Json params = Json::object();
    for (const auto& d : space) {
      const double u = unit(rng);
      params[d.name] = d.values.empty()
                           ? range_point(d, u)
                           : d.values[std::min(d.values.size() - 1, static_cast<std::size_t>(u * d.values.size()))];
    }
    if (seen.insert(params.dump()).second) out.push_back(std::move(params));
  }
  return out;
}

void add_search_spaces(std::vector<ModelSpec>& table) {
  for (auto& spec : table) {
    const auto it = explicit_spaces().find(spec.id);
    if (it != explicit_spaces().end() && spec.search_space.empty()) spec.search_space = it->second;
  }
}

}  // namespace mlt
