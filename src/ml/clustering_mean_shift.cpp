// Mean shift with a flat kernel (Comaniciu & Meer 2002, as scikit-learn):
// each seed moves to the mean of the rows within `bandwidth` until it moves
// less than 1e-3 * bandwidth; the modes are kept in order of how many rows
// they hold, dropping any within `bandwidth` of a mode already kept; every
// row takes its nearest mode. Seeds are every row, or 1000 rows drawn with
// the seed on larger sets (each seed costs a pass over all rows per step).
// bandwidth 0 is estimated as scikit-learn's estimate_bandwidth(quantile
// 0.3): the mean distance from a row to its (0.3 n)-th nearest neighbour.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "ml/clustering_internal.h"

namespace mlt {
namespace {

constexpr std::size_t kMaxSeeds = 1000;

// At most `cap` distinct rows drawn with rng, in row order; every row when n <= cap.
std::vector<std::size_t> some_rows(std::size_t n, std::size_t cap, std::mt19937_64& rng) {
  std::vector<std::size_t> rows(n);
  std::iota(rows.begin(), rows.end(), std::size_t{0});
  if (n <= cap) return rows;
  for (std::size_t i = 0; i < cap; ++i) {  // partial Fisher-Yates, portable across standard libraries
    const std::size_t j = i + static_cast<std::size_t>(rng() % (n - i));
    std::swap(rows[i], rows[j]);
  }
  rows.resize(cap);
  std::sort(rows.begin(), rows.end());
  return rows;
}

double estimate_bandwidth(const Matrix& X, std::mt19937_64& rng) {
  const std::size_t nth = std::max<std::size_t>(1, static_cast<std::size_t>(0.3 * static_cast<double>(X.rows)));
  const auto rows = some_rows(X.rows, kMaxSeeds, rng);
  std::vector<double> d(X.rows);
  double total = 0;
  for (std::size_t r : rows) {
    for (std::size_t i = 0; i < X.rows; ++i) d[i] = sq_distance(X.row(r), X.row(i), X.cols);
    // The row itself is its own first neighbour, as in scikit-learn.
    std::nth_element(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(nth - 1), d.end());
    total += std::sqrt(d[nth - 1]);
  }
  return total / static_cast<double>(rows.size());
}

}  // namespace

MeanShiftFit mean_shift_rows(const Matrix& X, double bandwidth, int max_iter, std::mt19937_64& rng) {
  const std::size_t n = X.rows, d = X.cols;
  if (bandwidth <= 0) bandwidth = estimate_bandwidth(X, rng);
  if (!(bandwidth > 0)) bandwidth = 1.0;  // every row identical: one mode whatever the window
  const double bw2 = bandwidth * bandwidth;
  struct Mode {
    std::vector<double> at;
    std::size_t support = 0;  // rows within the bandwidth of the converged mode
    std::size_t seed = 0;
  };
  std::vector<Mode> modes;
  int steps = 0;
  for (std::size_t s : some_rows(n, kMaxSeeds, rng)) {
    std::vector<double> at(X.row(s), X.row(s) + d), next(d);
    std::size_t support = 1;  // the seed row itself
    for (int it = 1; it <= max_iter; ++it) {
      steps = std::max(steps, it);
      std::fill(next.begin(), next.end(), 0.0);
      std::size_t within = 0;
      for (std::size_t i = 0; i < n; ++i)
        if (sq_distance(X.row(i), at.data(), d) <= bw2) {
          ++within;
          for (std::size_t c = 0; c < d; ++c) next[c] += X(i, c);
        }
      if (within == 0) break;  // an empty window: stay at the last mean
      support = within;
      for (double& v : next) v /= static_cast<double>(within);
      const double moved = sq_distance(next.data(), at.data(), d);
      at.swap(next);
      if (moved < 1e-6 * bw2) break;
    }
    modes.push_back({std::move(at), support, s});
  }
  // Most supported modes first; ties by seed row keep the order reproducible.
  std::stable_sort(modes.begin(), modes.end(), [](const Mode& a, const Mode& b) { return a.support > b.support; });
  std::vector<const Mode*> kept;
  for (const auto& m : modes) {
    const bool near_kept = std::any_of(kept.begin(), kept.end(), [&](const Mode* k) {
      return sq_distance(k->at.data(), m.at.data(), d) <= bw2;
    });
    if (!near_kept) kept.push_back(&m);
  }
  MeanShiftFit out;
  out.bandwidth = bandwidth;
  out.result.iterations = steps;
  out.result.labels.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t best = 0;
    double bd = sq_distance(X.row(i), kept[0]->at.data(), d);
    for (std::size_t j = 1; j < kept.size(); ++j) {
      const double dj = sq_distance(X.row(i), kept[j]->at.data(), d);
      if (dj < bd) bd = dj, best = j;
    }
    out.result.labels[i] = static_cast<int>(best);
  }
  const auto remap = finish_clusters(X, out.result);
  out.modes = Matrix(static_cast<std::size_t>(out.result.n_clusters), d);
  for (std::size_t j = 0; j < kept.size() && j < remap.size(); ++j)
    if (remap[j] >= 0) std::copy_n(kept[j]->at.begin(), d, out.modes.data.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(remap[j]) * d));
  return out;
}

}  // namespace mlt
