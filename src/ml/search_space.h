// Search spaces for ml.tune (tune.h): which values of a model's parameters
// to try.
//
// A space is a JSON object with one key per parameter the model accepts:
//   {"alpha": [0.1, 1, 10]}                                  values to try
//   {"alpha": {"low": 1e-3, "high": 1e3, "log": true}}       a range
//   {"k": {"low": 5, "high": 200, "log": true, "int": true}}
// "log" defaults to false; "int" defaults to the type of the parameter's
// default (an integer parameter cannot take a real range). Grid search takes
// the cartesian product of the lists, a range contributing
// kGridPointsPerRange evenly (log: geometrically) spaced points; random
// search draws each parameter independently, uniformly from a list or from
// a range (log-uniform when "log").
//
//   const ModelSpec& ridge = find_model_spec("ridge");
//   auto dims = parse_search_space(ridge, default_search_space(ridge));
//   auto grid = grid_candidates(dims, 100);   // [{"alpha":0.1}, {"alpha":1.0}, ...]
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/json.h"
#include "ml/model_registry.h"

namespace mlt {

inline constexpr int kGridPointsPerRange = 5;

struct ParamDomain {
  std::string name;
  std::vector<Json> values;  // a list; empty for a range
  double low = 0, high = 0;  // a range
  bool log = false;
  bool integer = false;
  Json to_json() const;  // the list, or {low, high, log, int}
};

// The model's registered space (ModelSpec::search_space) when it has one;
// otherwise one derived from its defaults:
//   reals x > 0: {x/10, x/3, x, 3x, 10x} (4 significant digits), without the
//     values above 1 when 0 < x < 1 (such defaults are fractions or rates);
//   integers x >= 1: {x/2, x, 2x}, at least 1; booleans: {false, true};
//   strings, zeros, negatives, arrays, objects and the training controls
//   (nthread, seed, max_iter, tol, eps, bias, patience, val_fraction) keep
//   their default, since tuning them trades speed for nothing or is meaningless.
// May be empty (a model with nothing to tune, e.g. ols).
Json default_search_space(const ModelSpec& spec);

// Checked against the model, in key order. Throws Error{InvalidArgument}
// for a parameter the model does not have (the hint lists the valid ones),
// an empty list, a list value of the wrong type, a range on a non-numeric
// parameter, low > high, a log range with low <= 0, or a real range on an
// integer parameter.
std::vector<ParamDomain> parse_search_space(const ModelSpec& spec, const Json& space);

// Cartesian product, the last parameter varying fastest. Throws
// Error{InvalidArgument} when it has more than max_candidates members (the
// hint suggests random search).
std::vector<Json> grid_candidates(const std::vector<ParamDomain>& space, std::size_t max_candidates);

// n distinct draws (fewer when the space has fewer members), deterministic
// for a seed.
std::vector<Json> random_candidates(const std::vector<ParamDomain>& space, std::size_t n, std::uint64_t seed);

// Sets ModelSpec::search_space for the most used models (xgboost, random
// forest, ridge/lasso/elastic net, logistic, RBF SVC, k-NN); called once
// while the registry table is built.
void add_search_spaces(std::vector<ModelSpec>& table);

}  // namespace mlt
