// Look-ahead canary. On daily data no honest feature set predicts the next
// move with accuracy above ~0.6 or an IC above ~0.1 out of sample; results
// far beyond that almost always mean a feature peeks at the future. The
// pipeline calls leakage_warning() for every fold and stores the text under
// "warnings" in the result, naming the features most correlated with the
// label in that test fold (a peeking feature tops that list).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/json.h"
#include "features/feature_matrix.h"

namespace mlt {

struct FeatureCorrelation {
  std::string feature;
  double correlation = 0.0;  // Pearson with the label over the rows examined
};

// Features ranked by |Pearson(feature, label)| over rows [begin, end),
// strongest first; at most top_k (NaN correlations rank last).
std::vector<FeatureCorrelation> rank_features_by_label_correlation(const FeatureMatrix& X,
                                                                   std::span<const double> label, std::size_t begin,
                                                                   std::size_t end, std::size_t top_k);

// Names of features whose |correlation| with the label over [begin, end)
// exceeds `threshold`: a single daily feature that explains that much of
// the future is a look-ahead signature.
std::vector<std::string> detect_lookahead_features(const FeatureMatrix& X, std::span<const double> label,
                                                   std::size_t begin, std::size_t end, double threshold = 0.5);

struct LeakageThresholds {
  double max_directional_accuracy = 0.8;
  double max_abs_ic = 0.5;
};

// A warning for fold `fold` (1-based) when its metrics ("accuracy" or
// "directional_accuracy", and "ic") break the thresholds, else nullopt.
std::optional<std::string> leakage_warning(int fold, const Json& metrics, const FeatureMatrix& X,
                                           std::span<const double> label, std::size_t test_begin, std::size_t test_end,
                                           const LeakageThresholds& limits = {});

}  // namespace mlt
