#include "ml/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "core/error.h"

namespace mlt {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_pair(std::span<const double> a, std::span<const double> b, const char* what) {
  if (a.empty() || a.size() != b.size())
    throw Error(ErrorKind::InvalidArgument,
                fmt::format("{}: need two non-empty vectors of equal length, got {} and {}", what, a.size(), b.size()));
}

}  // namespace

double accuracy(std::span<const double> y, std::span<const double> p, double threshold) {
  check_pair(y, p, "accuracy");
  std::size_t hit = 0;
  for (std::size_t i = 0; i < y.size(); ++i) hit += ((p[i] > threshold) == (y[i] > 0.5)) ? 1 : 0;
  return static_cast<double>(hit) / static_cast<double>(y.size());
}

double balanced_accuracy(std::span<const double> y, std::span<const double> p, double threshold) {
  check_pair(y, p, "balanced_accuracy");
  double tp = 0, tn = 0, pos = 0, neg = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const bool truth = y[i] > 0.5, said = p[i] > threshold;
    (truth ? pos : neg) += 1;
    if (truth && said) tp += 1;
    if (!truth && !said) tn += 1;
  }
  if (pos == 0 || neg == 0) return kNaN;
  return (tp / pos + tn / neg) / 2.0;
}

double f1_score(std::span<const double> y, std::span<const double> p, double threshold) {
  check_pair(y, p, "f1_score");
  double tp = 0, fp = 0, fn = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const bool truth = y[i] > 0.5, said = p[i] > threshold;
    if (truth && said) tp += 1;
    if (!truth && said) fp += 1;
    if (truth && !said) fn += 1;
  }
  return tp == 0 ? 0.0 : 2 * tp / (2 * tp + fp + fn);
}

double brier_score(std::span<const double> y, std::span<const double> p) {
  check_pair(y, p, "brier_score");
  double s = 0;
  for (std::size_t i = 0; i < y.size(); ++i) s += (p[i] - y[i]) * (p[i] - y[i]);
  return s / static_cast<double>(y.size());
}

std::vector<double> average_ranks(std::span<const double> x) {
  std::vector<std::size_t> idx(x.size());
  std::iota(idx.begin(), idx.end(), 0);
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
  std::vector<double> rank(x.size());
  for (std::size_t i = 0; i < idx.size();) {
    std::size_t j = i;
    while (j + 1 < idx.size() && x[idx[j + 1]] == x[idx[i]]) ++j;
    const double avg = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;  // positions i+1..j+1
    for (std::size_t k = i; k <= j; ++k) rank[idx[k]] = avg;
    i = j + 1;
  }
  return rank;
}

double roc_auc(std::span<const double> y, std::span<const double> score) {
  check_pair(y, score, "roc_auc");
  const auto rank = average_ranks(score);
  double n_pos = 0, rank_sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i)
    if (y[i] > 0.5) {
      n_pos += 1;
      rank_sum += rank[i];
    }
  const double n_neg = static_cast<double>(y.size()) - n_pos;
  if (n_pos == 0 || n_neg == 0) return kNaN;
  // U statistic of the positives, normalised by the number of pairs.
  return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg);
}

double log_loss(std::span<const double> y, std::span<const double> p) {
  check_pair(y, p, "log_loss");
  constexpr double eps = 1e-15;
  double sum = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double q = std::clamp(p[i], eps, 1.0 - eps);
    sum -= y[i] > 0.5 ? std::log(q) : std::log(1.0 - q);
  }
  return sum / static_cast<double>(y.size());
}

double rmse(std::span<const double> y, std::span<const double> pred) {
  check_pair(y, pred, "rmse");
  double ss = 0;
  for (std::size_t i = 0; i < y.size(); ++i) ss += (y[i] - pred[i]) * (y[i] - pred[i]);
  return std::sqrt(ss / static_cast<double>(y.size()));
}

double mae(std::span<const double> y, std::span<const double> pred) {
  check_pair(y, pred, "mae");
  double s = 0;
  for (std::size_t i = 0; i < y.size(); ++i) s += std::abs(y[i] - pred[i]);
  return s / static_cast<double>(y.size());
}

double r2(std::span<const double> y, std::span<const double> pred) {
  check_pair(y, pred, "r2");
  const double mean = std::accumulate(y.begin(), y.end(), 0.0) / static_cast<double>(y.size());
  double res = 0, tot = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    res += (y[i] - pred[i]) * (y[i] - pred[i]);
    tot += (y[i] - mean) * (y[i] - mean);
  }
  return tot > 0 ? 1.0 - res / tot : kNaN;
}

double pearson(std::span<const double> a, std::span<const double> b) {
  check_pair(a, b, "pearson");
  const auto n = static_cast<double>(a.size());
  const double ma = std::accumulate(a.begin(), a.end(), 0.0) / n;
  const double mb = std::accumulate(b.begin(), b.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : kNaN;
}

double spearman(std::span<const double> a, std::span<const double> b) {
  check_pair(a, b, "spearman");
  const auto ra = average_ranks(a), rb = average_ranks(b);
  return pearson(ra, rb);
}

double directional_accuracy(std::span<const double> y, std::span<const double> pred) {
  check_pair(y, pred, "directional_accuracy");
  std::size_t hit = 0;
  for (std::size_t i = 0; i < y.size(); ++i) hit += ((y[i] > 0) == (pred[i] > 0)) ? 1 : 0;
  return static_cast<double>(hit) / static_cast<double>(y.size());
}

}  // namespace mlt
