#include "ml/leakage.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ml/metrics.h"

namespace mlt {

std::vector<FeatureCorrelation> rank_features_by_label_correlation(const FeatureMatrix& X,
                                                                   std::span<const double> label, std::size_t begin,
                                                                   std::size_t end, std::size_t top_k) {
  std::vector<FeatureCorrelation> out;
  if (end <= begin + 1) return out;
  const auto y = label.subspan(begin, end - begin);
  for (std::size_t c = 0; c < X.cols(); ++c) {
    std::vector<double> col(end - begin);
    for (std::size_t r = begin; r < end; ++r) col[r - begin] = X.at(r, c);
    out.push_back({X.names[c], pearson(col, y)});
  }
  auto strength = [](double v) { return std::isfinite(v) ? std::abs(v) : -1.0; };
  std::stable_sort(out.begin(), out.end(),
                   [&](const auto& a, const auto& b) { return strength(a.correlation) > strength(b.correlation); });
  if (out.size() > top_k) out.resize(top_k);
  return out;
}

std::vector<std::string> detect_lookahead_features(const FeatureMatrix& X, std::span<const double> label,
                                                   std::size_t begin, std::size_t end, double threshold) {
  std::vector<std::string> out;
  for (const auto& fc : rank_features_by_label_correlation(X, label, begin, end, X.cols()))
    if (std::isfinite(fc.correlation) && std::abs(fc.correlation) > threshold) out.push_back(fc.feature);
  return out;
}

std::optional<std::string> leakage_warning(int fold, const Json& metrics, const FeatureMatrix& X,
                                           std::span<const double> label, std::size_t test_begin, std::size_t test_end,
                                           const LeakageThresholds& limits) {
  auto number = [&](const char* key) {
    const auto it = metrics.find(key);
    return it != metrics.end() && it->is_number() ? it->get<double>() : std::nan("");
  };
  const double acc = metrics.contains("accuracy") ? number("accuracy") : number("directional_accuracy");
  const double ic = number("ic");
  const bool acc_bad = std::isfinite(acc) && acc > limits.max_directional_accuracy;
  const bool ic_bad = std::isfinite(ic) && std::abs(ic) > limits.max_abs_ic;
  if (!acc_bad && !ic_bad) return std::nullopt;
  std::string suspects;
  for (const auto& fc : rank_features_by_label_correlation(X, label, test_begin, test_end, 3))
    suspects += fmt::format("{}{} ({:.2f})", suspects.empty() ? "" : ", ", fc.feature, fc.correlation);
  return fmt::format(
      "possible look-ahead: fold {} has out-of-sample {} {:.3f}, implausible for daily data "
      "(limits: accuracy {}, |IC| {}); features most correlated with the label in the test fold: {}",
      fold, acc_bad ? "directional accuracy" : "IC", acc_bad ? acc : ic, limits.max_directional_accuracy,
      limits.max_abs_ic, suspects);
}

}  // namespace mlt
