#include "ml/cluster_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <vector>

#include "ml/clustering_internal.h"

namespace mlt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Rows that are not noise, with their cluster renumbered 0..k-1 (in label order).
struct Groups {
  std::vector<std::size_t> rows;
  std::vector<std::size_t> group;  // parallel to rows
  std::vector<double> size;        // per group
};

Groups groups_of(std::span<const double> labels, bool keep_noise) {
  std::map<long long, std::size_t> index;
  for (double l : labels)
    if (keep_noise || l >= 0) index.emplace(std::llround(l), 0);
  std::size_t next = 0;
  for (auto& [label, g] : index) g = next++;
  Groups out;
  out.size.assign(index.size(), 0.0);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (!keep_noise && labels[i] < 0) continue;
    const std::size_t g = index.at(std::llround(labels[i]));
    out.rows.push_back(i);
    out.group.push_back(g);
    out.size[g] += 1;
  }
  return out;
}

Matrix centroids(const Matrix& X, const Groups& g) {
  Matrix c(g.size.size(), X.cols);
  for (std::size_t r = 0; r < g.rows.size(); ++r)
    for (std::size_t j = 0; j < X.cols; ++j) c(g.group[r], j) += X(g.rows[r], j) / g.size[g.group[r]];
  return c;
}

Json number(double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); }

}  // namespace

double silhouette_score(const Matrix& X, std::span<const double> labels) {
  const Groups g = groups_of(labels, false);
  const std::size_t n = g.rows.size(), k = g.size.size();
  if (k < 2 || k + 1 > n) return kNaN;
  double total = 0;
  std::vector<double> sum(k);
  for (std::size_t r = 0; r < n; ++r) {
    std::fill(sum.begin(), sum.end(), 0.0);
    for (std::size_t q = 0; q < n; ++q)
      sum[g.group[q]] += std::sqrt(sq_distance(X.row(g.rows[r]), X.row(g.rows[q]), X.cols));
    const std::size_t own = g.group[r];
    if (g.size[own] < 2) continue;  // a singleton scores 0
    const double a = sum[own] / (g.size[own] - 1);
    double b = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < k; ++c)
      if (c != own) b = std::min(b, sum[c] / g.size[c]);
    const double m = std::max(a, b);
    if (m > 0) total += (b - a) / m;
  }
  return total / static_cast<double>(n);
}

double calinski_harabasz_score(const Matrix& X, std::span<const double> labels) {
  const Groups g = groups_of(labels, false);
  const std::size_t n = g.rows.size(), k = g.size.size();
  if (k < 2 || n <= k) return kNaN;
  const Matrix c = centroids(X, g);
  std::vector<double> mean(X.cols, 0.0);
  for (std::size_t r : g.rows)
    for (std::size_t j = 0; j < X.cols; ++j) mean[j] += X(r, j) / static_cast<double>(n);
  double within = 0, between = 0;
  for (std::size_t r = 0; r < n; ++r) within += sq_distance(X.row(g.rows[r]), c.row(g.group[r]), X.cols);
  for (std::size_t q = 0; q < k; ++q) between += g.size[q] * sq_distance(c.row(q), mean.data(), X.cols);
  if (!(within > 0)) return kNaN;
  return (between / static_cast<double>(k - 1)) / (within / static_cast<double>(n - k));
}

double davies_bouldin_score(const Matrix& X, std::span<const double> labels) {
  const Groups g = groups_of(labels, false);
  const std::size_t k = g.size.size();
  if (k < 2) return kNaN;
  const Matrix c = centroids(X, g);
  std::vector<double> spread(k, 0.0);
  for (std::size_t r = 0; r < g.rows.size(); ++r)
    spread[g.group[r]] += std::sqrt(sq_distance(X.row(g.rows[r]), c.row(g.group[r]), X.cols)) / g.size[g.group[r]];
  double total = 0;
  for (std::size_t i = 0; i < k; ++i) {
    double worst = 0;
    for (std::size_t j = 0; j < k; ++j) {
      const double d = std::sqrt(sq_distance(c.row(i), c.row(j), X.cols));
      if (j != i && d > 0) worst = std::max(worst, (spread[i] + spread[j]) / d);  // coincident centres: skipped, as scikit-learn
    }
    total += worst;
  }
  return total / static_cast<double>(k);
}

double anova_f(std::span<const double> values, std::span<const double> labels) {
  const Groups g = groups_of(labels, true);
  const std::size_t n = g.rows.size(), k = g.size.size();
  if (k < 2 || n <= k || values.size() != labels.size()) return kNaN;
  std::vector<double> mean(k, 0.0);
  double grand = 0;
  for (std::size_t r = 0; r < n; ++r) {
    mean[g.group[r]] += values[g.rows[r]] / g.size[g.group[r]];
    grand += values[g.rows[r]] / static_cast<double>(n);
  }
  double between = 0, within = 0;
  for (std::size_t q = 0; q < k; ++q) between += g.size[q] * (mean[q] - grand) * (mean[q] - grand);
  for (std::size_t r = 0; r < n; ++r) within += std::pow(values[g.rows[r]] - mean[g.group[r]], 2);
  if (!(within > 0)) return kNaN;
  return (between / static_cast<double>(k - 1)) / (within / static_cast<double>(n - k));
}

Json clustering_fold_metrics(const Matrix& X, std::span<const double> labels, std::span<const double> forward_return) {
  // Evenly spaced rows keep the O(n^2) silhouette bounded and deterministic.
  Matrix sample = X;
  std::vector<double> sample_labels(labels.begin(), labels.end());
  if (X.rows > kSilhouetteMaxRows) {
    sample = Matrix(kSilhouetteMaxRows, X.cols);
    sample_labels.resize(kSilhouetteMaxRows);
    for (std::size_t i = 0; i < kSilhouetteMaxRows; ++i) {
      const std::size_t r = i * X.rows / kSilhouetteMaxRows;
      std::copy_n(X.row(r), X.cols, sample.data.begin() + static_cast<std::ptrdiff_t>(i * X.cols));
      sample_labels[i] = labels[r];
    }
  }
  std::vector<long long> clusters;
  double noise = 0;
  for (double l : labels) {
    if (l < 0) noise += 1;
    else clusters.push_back(std::llround(l));
  }
  std::sort(clusters.begin(), clusters.end());
  const auto distinct = std::unique(clusters.begin(), clusters.end()) - clusters.begin();
  return Json{{"silhouette", number(silhouette_score(sample, sample_labels))},
              {"calinski_harabasz", number(calinski_harabasz_score(X, labels))},
              {"davies_bouldin", number(davies_bouldin_score(X, labels))},
              {"n_clusters", distinct},
              {"noise_share", labels.empty() ? Json(nullptr) : Json(noise / static_cast<double>(labels.size()))},
              {"regime_f", number(anova_f(forward_return, labels))}};
}

}  // namespace mlt
