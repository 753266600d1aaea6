// Internal to src/ml: input checks and portable randomness shared by the
// models implemented here without a library (extra trees, Bernoulli naive
// Bayes, nearest centroid, distance-weighted k-NN, Gaussian process).
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/json.h"
#include "ml/matrix.h"

namespace mlt::native {

inline void require_finite(const Matrix& X, const std::string& id) {
  for (double v : X.data)
    if (!std::isfinite(v))
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: the features hold a missing or infinite value", id),
                  "drop or fill the missing rows before training");
}

// Sample weights as given, or all ones; negative or non-finite weights, or
// no positive weight at all, are refused.
inline std::vector<double> sample_weights(std::span<const double> weights, std::size_t rows, const std::string& id) {
  if (weights.empty()) return std::vector<double>(rows, 1.0);
  double total = 0;
  for (double w : weights) {
    if (!std::isfinite(w) || w < 0)
      throw Error(ErrorKind::InvalidArgument, fmt::format("{}: sample weights must be finite and >= 0", id));
    total += w;
  }
  if (!(total > 0)) throw Error(ErrorKind::InvalidArgument, fmt::format("{}: every sample weight is zero", id));
  return {weights.begin(), weights.end()};
}

inline void require_fitted(bool fitted, const std::string& id) {
  if (!fitted)
    throw Error(ErrorKind::InvalidArgument, fmt::format("model '{}' has not been fitted", id), "call fit() first");
}

inline void require_width(std::size_t expected, std::size_t got) {
  if (expected != got)
    throw Error(ErrorKind::InvalidArgument, fmt::format("model has {} features, input has {}", expected, got));
}

// Uniform in [0, 1) from the top 53 bits: unlike std::uniform_real_distribution
// the sequence is the same under libstdc++ and libc++.
inline double uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

inline double sigmoid(double z) {
  return 1.0 / (1.0 + std::exp(-z));
}

// v scaled to sum to 1; left as it is when its sum is not positive.
inline void normalise_sum(std::vector<double>& v) {
  double total = 0;
  for (double x : v) total += x;
  if (total > 0)
    for (double& x : v) x /= total;
}

// dst += weight * src / sum(src), nothing when that sum is not positive:
// one tree's importances added as a share to its ensemble's.
inline void add_share(std::vector<double>& dst, const std::vector<double>& src, double weight = 1.0) {
  double total = 0;
  for (double x : src) total += x;
  if (total > 0)
    for (std::size_t i = 0; i < dst.size(); ++i) dst[i] += weight * src[i] / total;
}

// A saved model's JSON, checked to belong to model `id`.
inline Json parse_saved(const std::string& bytes, const std::string& id) {
  Json j = parse_json(bytes, id + " model");
  if (!j.is_object() || j.value("model", std::string()) != id)
    throw Error(ErrorKind::InvalidArgument, fmt::format("bytes are not a saved '{}' model", id));
  return j;
}

}  // namespace mlt::native
